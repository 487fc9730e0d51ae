#!/bin/bash
# run.sh: runs the relay, latency and scale benchmarks on tcpchat-server and the epoll baseline
#
# Copyright 2026 The tcpchat authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: bench/run.sh --server PATH --baseline PATH --load PATH [all|relay|latency|strangers|scale]
#
# Each benchmark runs RUNS times (default 3) against a fresh server of each
# kind, the two kinds taking turns, and the medians are printed against the
# targets of issue 6. Every raw result line is kept in $BENCH_OUT (default
# a temporary file) for a closer look. Only 127.0.0.1 is used.

set -u

server=
baseline=
load=
what=all
runs=${RUNS:-3}

while [ $# -gt 0 ]; do
  case "$1" in
    --server) server=$2; shift 2 ;;
    --baseline) baseline=$2; shift 2 ;;
    --load) load=$2; shift 2 ;;
    all|relay|latency|strangers|scale) what=$1; shift ;;
    *) echo "usage: $0 --server PATH --baseline PATH --load PATH [all|relay|latency|strangers|scale]" >&2
       exit 2 ;;
  esac
done

for bin in "$server" "$baseline" "$load"; do
  if [ ! -x "$bin" ]; then
    echo "run.sh: not an executable: '$bin'" >&2
    exit 2
  fi
done

# 10,000 clients need more descriptors than the usual soft limit.
ulimit -n "$(ulimit -Hn)" 2>/dev/null

out=${BENCH_OUT:-$(mktemp /tmp/tcpchat-bench.XXXXXX)}
: > "$out"
server_pid=
failures=0

stop_server () {
  if [ -n "$server_pid" ]; then
    kill -TERM "$server_pid" 2>/dev/null
    for _ in $(seq 50); do
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$server_pid" 2>/dev/null
    wait "$server_pid" 2>/dev/null
    server_pid=
  fi
}
trap stop_server EXIT

# start_server KIND: starts a fresh server on a free loopback port; sets
# $server_pid and $port. Its output goes to /dev/null: the figures are the
# relay's, not the terminal's.
start_server () {
  port=$("$load" --mode free-port --connect 127.0.0.1:0) || return 1
  case "$1" in
    tcpchat)
      "$server" --headless --relay --listen "127.0.0.1:$port" --max-clients 20000 \
        < /dev/null > /dev/null 2>&1 &
      ;;
    epoll)
      "$baseline" --listen "127.0.0.1:$port" < /dev/null > /dev/null 2>&1 &
      ;;
  esac
  server_pid=$!

  # Ready once it accepts a connection; at most 5 s.
  for _ in $(seq 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      sleep 0.05
      return 0
    fi
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.05
  done
  echo "run.sh: the $1 server did not start" >&2
  return 1
}

# bench KIND LABEL ARGS...: one run against a fresh server.
bench () {
  local kind=$1 label=$2 line
  shift 2
  start_server "$kind" || { failures=$((failures + 1)); return; }
  # A run that misses its goal (lines lost, clients not accepted in time)
  # still reports its figures; only a run without figures is a failure.
  if ! line=$(timeout 60 "$load" --connect "127.0.0.1:$port" --pid "$server_pid" "$@"); then
    echo "run.sh: $kind $label: ${line:-no result}" >&2
    [ -n "$line" ] || failures=$((failures + 1))
  fi
  stop_server
  [ -n "$line" ] && echo "server=$kind bench=$label $line" >> "$out"
}

# median KIND LABEL KEY: the median of KEY over the runs.
median () {
  grep "server=$1 bench=$2 " "$out" \
    | tr ' ' '\n' | sed -n "s/^$3=//p" | tr -d '%' | sort -g \
    | awk '{ v[NR] = $1 } END { if (NR == 0) print "n/a"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

all_yes () {
  if grep "server=$1 bench=$2 " "$out" | grep -q "in_order=no"; then
    echo no
  elif grep -q "server=$1 bench=$2 " "$out"; then
    echo yes
  else
    echo n/a
  fi
}

ratio () {
  awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 > 0 && a != "n/a") printf "%.2f", a / b; else print "n/a" }'
}

verdict () {
  awk -v c="$1" 'BEGIN { print (c ? "MET" : "NOT MET") }'
}

echo "tcpchat benchmarks: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), kernel $(uname -r), $runs runs each"
echo "raw results: $out"
echo

if [ "$what" = all ] || [ "$what" = relay ]; then
  for shape in "1 10" "5 50"; do
    set -- $shape
    for _ in $(seq "$runs"); do
      for kind in epoll tcpchat; do
        bench "$kind" "relay-$1x$2" --mode relay --senders "$1" --receivers "$2" \
          --duration 1.5 --warmup 0.5
      done
    done
  done

  echo "Relay throughput (100-byte lines, flood, deliveries to every connection; medians)"
  printf "  %-6s %-8s %11s %8s %8s %11s %12s %11s\n" shape server lines/s MB/s in-order server-cpu \
    server-ns/line loadgen-cpu
  for shape in 1x10 5x50; do
    for kind in epoll tcpchat; do
      printf "  %-6s %-8s %11s %8s %8s %10s%% %12s %10s%%\n" "$shape" "$kind" \
        "$(median $kind relay-$shape lines_per_s)" "$(median $kind relay-$shape mb_per_s)" \
        "$(all_yes $kind relay-$shape)" "$(median $kind relay-$shape server_cpu)" \
        "$(median $kind relay-$shape server_ns_per_line)" "$(median $kind relay-$shape loadgen_cpu)"
    done
    r=$(ratio "$(median tcpchat relay-$shape lines_per_s)" "$(median epoll relay-$shape lines_per_s)")
    ok=$(awk -v r="$r" 'BEGIN { print (r != "n/a" && r >= 0.5) }')
    [ "$(all_yes tcpchat relay-$shape)" = yes ] || ok=0
    echo "  $shape: tcpchat/baseline = $r (target >= 0.50, all in order): $(verdict "$ok")"
  done
  echo
fi

if [ "$what" = all ] || [ "$what" = latency ]; then
  for _ in $(seq "$runs"); do
    for kind in epoll tcpchat; do
      bench "$kind" latency --mode latency --senders 5 --receivers 50 --rate 1000 \
        --duration 2 --warmup 0.5
    done
  done

  echo "Latency (5 senders x 1,000 lines/s, 50 receivers; medians of the runs' percentiles)"
  printf "  %-8s %9s %9s %10s %9s %8s %11s\n" server p50-ms p99-ms p99.9-ms max-ms in-order server-cpu
  for kind in epoll tcpchat; do
    printf "  %-8s %9s %9s %10s %9s %8s %10s%%\n" "$kind" \
      "$(median $kind latency p50_ms)" "$(median $kind latency p99_ms)" \
      "$(median $kind latency p999_ms)" "$(median $kind latency max_ms)" \
      "$(all_yes $kind latency)" "$(median $kind latency server_cpu)"
  done
  p99=$(median tcpchat latency p99_ms)
  r=$(ratio "$p99" "$(median epoll latency p99_ms)")
  ok=$(awk -v p="$p99" -v r="$r" 'BEGIN { print (p != "n/a" && p < 5 && r != "n/a" && r <= 1.5) }')
  echo "  tcpchat p99 = $p99 ms, $r x baseline (target < 5 ms and <= 1.5x): $(verdict "$ok")"
  echo
fi

if [ "$what" = all ] || [ "$what" = strangers ]; then
  for _ in $(seq "$runs"); do
    for kind in epoll tcpchat; do
      bench "$kind" stranger --mode latency --senders 5 --receivers 20 --rate 1000 \
        --duration 12 --warmup 0.5 --never-readers 1
      bench "$kind" strangers-5s --mode latency --senders 5 --receivers 20 --rate 1000 \
        --duration 20 --warmup 0.5 --never-reader-every 5
    done
  done

  echo "Members that never read (5 senders x 1,000 lines/s, 20 receivers; one such member"
  echo "from the start, or a new one every 5 s; the others' delay, medians of the runs)"
  printf "  %-13s %-8s %9s %9s %9s %8s %9s\n" room server p50-ms p99-ms max-ms in-order strangers
  for label in stranger strangers-5s; do
    for kind in epoll tcpchat; do
      printf "  %-13s %-8s %9s %9s %9s %8s %9s\n" "$label" "$kind" \
        "$(median $kind $label p50_ms)" "$(median $kind $label p99_ms)" \
        "$(median $kind $label max_ms)" "$(all_yes $kind $label)" \
        "$(median $kind $label never_readers)"
    done
    p99=$(median tcpchat $label p99_ms)
    max=$(median tcpchat $label max_ms)
    met=$(awk -v p="$p99" -v m="$max" 'BEGIN { print (p != "n/a" && p < 1000 && m < 1500) }')
    [ "$(all_yes tcpchat $label)" = yes ] || met=0
    echo "  $label: tcpchat p99 = $p99 ms, max = $max ms (target p99 < 1,000 ms, max < 1,500 ms, every line to every honest member): $(verdict "$met")"
  done
  echo
fi

if [ "$what" = all ] || [ "$what" = scale ]; then
  for _ in $(seq "$runs"); do
    for kind in epoll tcpchat; do
      bench "$kind" scale --mode scale --clients 10000 --deadline 8
    done
  done

  echo "Scale (10,000 idle clients, at most 8 s to accept them; medians)"
  printf "  %-8s %9s %10s %8s %13s %11s\n" server accepted accepts/s RSS-MB bytes/client fan-out-ms
  for kind in epoll tcpchat; do
    printf "  %-8s %9s %10s %8s %13s %11s\n" "$kind" "$(median $kind scale accepted)" \
      "$(median $kind scale accepts_per_s)" "$(median $kind scale rss_total_mb)" \
      "$(median $kind scale bytes_per_client)" "$(median $kind scale fanout_ms)"
  done
  echo "  (fan-out: one line from one client until all 9,999 others have it)"
  a=$(median tcpchat scale accepts_per_s)
  m=$(median tcpchat scale rss_total_mb)
  b=$(median tcpchat scale bytes_per_client)
  n=$(median tcpchat scale accepted)
  ok=$(awk -v a="$a" -v m="$m" -v b="$b" -v n="$n" \
         'BEGIN { print (n == 10000 && a >= 5000 && m < 100 && b < 10240) }')
  echo "  tcpchat: $a accepts/s (target >= 5,000), $m MB, $b bytes/client (target < 10 KB): $(verdict "$ok")"
  echo
fi

if [ "$failures" -gt 0 ]; then
  echo "$failures run(s) failed; see above and $out" >&2
  exit 1
fi
