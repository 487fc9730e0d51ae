#!/bin/sh
# run-fuzz.sh: builds the libFuzzer targets with clang, ASan and UBSan, and runs each for a bounded time
#
# Copyright 2026 The tcpchat authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: tests/run-fuzz.sh [SECONDS]     (default 30 seconds per target)
#
# The committed corpus in tests/fuzz/corpus/TARGET is read, never written:
# new inputs go to BUILDDIR/fuzz-work/TARGET. A crash leaves its input in
# BUILDDIR/fuzz-artifacts/TARGET/; copy it into the committed corpus (with a
# name saying what it found) so the normal test run replays it for ever.
# Environment: TCPCHAT_FUZZ_BUILDDIR (default: build-fuzz in the source tree).

set -eu

seconds=${1:-30}
case $seconds in
  ''|*[!0-9]*) echo "run-fuzz.sh: SECONDS must be a whole number, not \"$seconds\"" >&2; exit 2 ;;
esac

srcdir=$(cd "$(dirname "$0")/.." && pwd)
builddir=${TCPCHAT_FUZZ_BUILDDIR:-$srcdir/build-fuzz}
targets="line-framer display-safe hex-parse decoder delimiter-framer fixed-framer length-framer raw-framer escapes framing-spec rules recording hex-pattern message-analysis"

if ! command -v clang >/dev/null 2>&1; then
  echo "run-fuzz.sh: clang is needed for libFuzzer (apt install clang libclang-rt-14-dev)" >&2
  exit 2
fi

if [ ! -f "$builddir/build.ninja" ]; then
  CC=clang meson setup "$builddir" "$srcdir" \
    -Dgui=disabled \
    -Db_sanitize=address,undefined \
    -Db_lundef=false \
    -Dbuildtype=debugoptimized
fi

for target in $targets; do
  ninja -C "$builddir" "tests/fuzz/fuzz-$target"
done

# One target per core at a time: each runs for a fixed time, so batches of
# that many finish together. Each target's output goes to its own log,
# shown when the batch ends, so parallel runs do not interleave.
jobs=$(nproc 2>/dev/null || echo 1)
logs=$builddir/fuzz-logs
mkdir -p "$logs"

fuzz_one () {
  target=$1
  exe=$builddir/tests/fuzz/fuzz-$target
  work=$builddir/fuzz-work/$target
  artifacts=$builddir/fuzz-artifacts/$target
  mkdir -p "$work" "$artifacts"

  if ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
     UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
     "$exe" \
       -max_total_time="$seconds" \
       -timeout=10 \
       -rss_limit_mb=2048 \
       -max_len=70000 \
       -print_final_stats=1 \
       -artifact_prefix="$artifacts/" \
       "$work" "$srcdir/tests/fuzz/corpus/$target" >"$logs/$target.log" 2>&1; then
    echo ok >"$logs/$target.result"
  else
    echo failed >"$logs/$target.result"
  fi
}

report_one () {
  target=$1
  if [ "$(cat "$logs/$target.result")" = ok ]; then
    grep -E '^stat::(number_of_executed_units|peak_rss_mb|new_units_added)' "$logs/$target.log" || true
    echo "== fuzz-$target: no failure"
    return 0
  fi
  tail -n 60 "$logs/$target.log"
  echo "== fuzz-$target: FAILED; reproducer(s):" >&2
  ls -1 "$builddir/fuzz-artifacts/$target" >&2 || true
  return 1
}

status=0
batch=
for target in $targets; do
  echo "== fuzz-$target for $seconds s"
  rm -f "$logs/$target.result"
  fuzz_one "$target" &
  batch="$batch $target"
  if [ "$(echo $batch | wc -w)" -ge "$jobs" ]; then
    wait
    for done_target in $batch; do
      report_one "$done_target" || status=1
    done
    batch=
  fi
done
wait
for done_target in $batch; do
  report_one "$done_target" || status=1
done

exit $status
