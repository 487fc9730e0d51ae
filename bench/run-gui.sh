#!/bin/bash
# run-gui.sh: runs the GUI ingest, many-clients and start-up benchmarks under Xvfb
#
# Copyright 2026 The tcpchat authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: bench/run-gui.sh --ingest PATH --startup PATH [all|gui|flood|hex|startup]
#
# Each figure is the median of RUNS runs (default 5; CLIENTS_RUNS, default 3,
# for the 1,000 clients; FLOOD_RUNS, default 3, for 20 clients flooding the
# server window; STARTUP_RUNS, default 10, for start-up), each in a
# fresh process. Without a display it starts itself again under
# xvfb-run. Raw result lines go to $BENCH_OUT (default a temporary file).

set -u

ingest=
startup=
what=all
runs=${RUNS:-5}
clients_runs=${CLIENTS_RUNS:-3}
flood_runs=${FLOOD_RUNS:-3}
startup_runs=${STARTUP_RUNS:-10}
hex_runs=${HEX_RUNS:-1}

while [ $# -gt 0 ]; do
  case "$1" in
    --ingest) ingest=$2; shift 2 ;;
    --startup) startup=$2; shift 2 ;;
    all|gui|flood|hex|startup) what=$1; shift ;;
    *) echo "usage: $0 --ingest PATH --startup PATH [all|gui|flood|hex|startup]" >&2
       exit 2 ;;
  esac
done

for bin in "$ingest" "$startup"; do
  if [ ! -x "$bin" ]; then
    echo "run-gui.sh: not an executable: '$bin'" >&2
    exit 2
  fi
done

if [ -z "${DISPLAY:-}" ] && [ -z "${RUN_GUI_UNDER_XVFB:-}" ]; then
  export RUN_GUI_UNDER_XVFB=1
  exec xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" \
    "$0" --ingest "$ingest" --startup "$startup" "$what"
fi

export GDK_BACKEND=x11 GSK_RENDERER=cairo GTK_A11Y=none
# The windows start from their defaults, not from what a person or an
# earlier run left in the user's settings (a TLS server, raw framing).
export GSETTINGS_BACKEND=memory
# A session bus, as a desktop has, when there is none.
if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ] && [ -z "${RUN_GUI_UNDER_DBUS:-}" ] \
   && command -v dbus-run-session > /dev/null; then
  export RUN_GUI_UNDER_DBUS=1
  exec dbus-run-session -- "$0" --ingest "$ingest" --startup "$startup" "$what"
fi

ulimit -n "$(ulimit -Hn)" 2>/dev/null

out=${BENCH_OUT:-$(mktemp /tmp/tcpchat-bench-gui.XXXXXX)}
: > "$out"
failures=0

# one LABEL TIMEOUT COMMAND...: one run; its line goes to $out.
one () {
  local label=$1 limit=$2 line
  shift 2
  if ! line=$(timeout "$limit" "$@" 2> >(grep -v '^$' >&2)); then
    echo "run-gui.sh: $label: ${line:-no result}" >&2
    [ -n "$line" ] || failures=$((failures + 1))
  fi
  [ -n "$line" ] && echo "bench=$label $line" >> "$out"
}

median () {
  grep "bench=$1 " "$out" \
    | tr ' ' '\n' | sed -n "s/^$2=//p" | sort -g \
    | awk '{ v[NR] = $1 } END { if (NR == 0) print "n/a"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

maximum () {
  grep "bench=$1 " "$out" | tr ' ' '\n' | sed -n "s/^$2=//p" | sort -g | tail -1
}

all_yes () {
  if grep "bench=$1 " "$out" | grep -q "in_order=no\|timed_out=yes"; then
    echo no
  elif grep -q "bench=$1 " "$out"; then
    echo yes
  else
    echo n/a
  fi
}

verdict () {
  awk -v c="$1" 'BEGIN { print (c ? "MET" : "NOT MET") }'
}

echo "tcpchat GUI benchmarks: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg), $runs runs each"
echo "raw results: $out"
echo

if [ "$what" = all ] || [ "$what" = gui ]; then
  for _ in $(seq "$runs"); do
    for mode in server client; do
      one "ingest-$mode" 90 "$ingest" --mode "$mode" --lines 100000
    done
  done

  echo "GUI ingest (100,000 lines 'line 000000' flooded into the window; medians)"
  printf "  %-7s %10s %9s %9s %10s %12s %12s %9s %8s\n" window ingest-ms model-ms stall-ms \
    frames peak-RSS-MB growth-B/line peak-B/ln complete
  for mode in server client; do
    l=ingest-$mode
    printf "  %-7s %10s %9s %9s %10s %12s %12s %9s %8s\n" "$mode" \
      "$(median $l ingest_ms)" "$(median $l model_ms)" "$(median $l stall_ms)" \
      "$(median $l frames)" "$(awk -v k="$(median $l peak_rss_kb)" 'BEGIN { printf "%.1f", k / 1024 }')" \
      "$(median $l bytes_per_line)" "$(median $l peak_bytes_per_line)" "$(all_yes $l)"
    t=$(median $l ingest_ms); b=$(median $l bytes_per_line); s=$(median $l stall_ms)
    ok=$(awk -v t="$t" -v b="$b" -v s="$s" 'BEGIN { print (t != "n/a" && t < 500 && b < 300 && s < 50) }')
    [ "$(all_yes $l)" = yes ] || ok=0
    echo "  $mode: $t ms (target < 500), $b B/line (target < 300), stall $s ms (target < 50), worst run's stall $(maximum $l stall_ms) ms: $(verdict "$ok")"
  done
  echo

  for _ in $(seq "$clients_runs"); do
    one clients 120 "$ingest" --mode clients --clients 1000
  done
  echo "Server window with 1,000 clients (each connects and sends one line; then one typed line to all)"
  printf "  %10s %11s %11s %17s %10s %16s %10s\n" connect-ms logged-ms stall-ms fanout-ms \
    stall-ms bytes/client complete
  printf "  %10s %11s %11s %17s %10s %16s %10s\n" \
    "$(median clients connect_ms)" "$(median clients logged_ms)" "$(median clients stall_connect_ms)" \
    "$(median clients fanout_ms)" "$(median clients stall_fanout_ms)" \
    "$(median clients bytes_per_client)" "$(all_yes clients)"
  s=$(median clients stall_connect_ms); f=$(median clients stall_fanout_ms)
  ok=$(awk -v s="$s" -v f="$f" 'BEGIN { print (s != "n/a" && s < 50 && f < 50) }')
  [ "$(all_yes clients)" = yes ] || ok=0
  echo "  responsive (longest stall < 50 ms while they connect and while the line goes out): $(verdict "$ok")"
  echo
fi

if [ "$what" = all ] || [ "$what" = gui ] || [ "$what" = flood ]; then
  for _ in $(seq "$flood_runs"); do
    one flood 120 "$ingest" --mode flood --clients 20 --seconds 5
  done
  echo "Server window flooded by 20 clients for 5 s (no relay), a line typed every 250 ms; medians"
  printf "  %8s %14s %10s %17s %14s %10s %9s\n" frames frame-gap-ms stall-ms typed-median-ms \
    typed-max-ms in-MB/s complete
  printf "  %8s %14s %10s %17s %14s %10s %9s\n" \
    "$(median flood frames)" "$(median flood frame_gap_ms)" "$(median flood stall_ms)" \
    "$(median flood typed_median_ms)" "$(median flood typed_max_ms)" "$(median flood in_mb_s)" \
    "$(all_yes flood)"
  g=$(median flood frame_gap_ms); t=$(median flood typed_max_ms)
  ok=$(awk -v g="$g" -v t="$t" 'BEGIN { print (g != "n/a" && g < 100 && t < 100) }')
  [ "$(all_yes flood)" = yes ] || ok=0
  echo "  longest frame gap $g ms (target < 100), slowest typed line $t ms (target < 100); worst run's gap $(maximum flood frame_gap_ms) ms: $(verdict "$ok")"
  echo
fi

if [ "$what" = all ] || [ "$what" = hex ]; then
  for _ in $(seq "$hex_runs"); do
    one hex 300 "$ingest" --mode hex --megabytes 100
  done
  echo "Client window, 100 MB of random bytes in raw framing, shown as hex (HEX_RUNS=$hex_runs; medians)"
  printf "  %8s %9s %9s %8s %10s %9s %12s %12s %9s\n" read-ms idle-ms stall-ms frames \
    messages held-MB log-bound-MB peak-RSS-MB complete
  printf "  %8s %9s %9s %8s %10s %9s %12s %12s %9s\n" \
    "$(median hex read_ms)" "$(median hex idle_ms)" "$(median hex stall_ms)" "$(median hex frames)" \
    "$(median hex messages_held)" "$(median hex held_mb)" "$(median hex max_mb)" \
    "$(awk -v k="$(median hex peak_rss_kb)" 'BEGIN { printf "%.1f", k / 1024 }')" "$(all_yes hex)"
  s=$(median hex stall_ms); h=$(median hex held_mb); m=$(median hex max_mb)
  ok=$(awk -v s="$s" -v h="$h" -v m="$m" 'BEGIN { print (s != "n/a" && s < 50 && h <= m) }')
  [ "$(all_yes hex)" = yes ] || ok=0
  echo "  longest stall $s ms (target < 50), log $h MB within its bound of $m MB: $(verdict "$ok")"
  echo
fi

if [ "$what" = all ] || [ "$what" = startup ]; then
  for _ in $(seq "$startup_runs"); do
    for window in server client; do
      one "startup-$window" 30 "$startup" --window "$window"
    done
  done
  echo "Start-up (launch to the end of the first frame's paint; medians of $startup_runs)"
  printf "  %-7s %9s %10s %15s %9s\n" window exec-ms window-ms first-frame-ms max-ms
  for window in server client; do
    l=startup-$window
    printf "  %-7s %9s %10s %15s %9s\n" "$window" "$(median $l exec_ms)" "$(median $l window_ms)" \
      "$(median $l first_frame_ms)" "$(maximum $l first_frame_ms)"
    t=$(median $l first_frame_ms)
    echo "  $window: $t ms (target < 300): $(verdict "$(awk -v t="$t" 'BEGIN { print (t != "n/a" && t < 300) }')")"
  done
  echo
fi

if [ "$failures" -gt 0 ]; then
  echo "$failures run(s) failed; see above and $out" >&2
  exit 1
fi
