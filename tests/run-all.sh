#!/bin/bash
# run-all.sh: build tcpchat and run every test suite, plainly and under ASan/UBSan
#
# Copyright 2026 The tcpchat authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: tests/run-all.sh [--quick]   (--quick skips the sanitizer build,
# fuzzing and valgrind)
# Ends with one line "N passed, N failed" (a build that fails counts as one
# failure); exits non-zero if anything failed.
#
# Environment: BUILDDIR (default build), ASAN_BUILDDIR (default build-asan),
# MESON_ARGS (extra options for both, e.g. -Dgui=disabled).
set -euo pipefail

cd "$(dirname "$0")/.."
top=$PWD
quick=0
[ "${1:-}" = "--quick" ] && quick=1

# GTK under Xvfb, reproducibly, without an accessibility bus of its own.
export GDK_BACKEND=x11
export GSK_RENDERER=cairo
export GTK_A11Y=none
export NO_AT_BRIDGE=1
export G_SLICE=always-malloc

builddir=${BUILDDIR:-build}
asan_builddir=${ASAN_BUILDDIR:-build-asan}
read -r -a meson_args <<<"${MESON_ARGS:-}"
logs=()
status=0
build_failures=0

configure () {
  local dir=$1
  shift
  if [ -f "$dir/build.ninja" ]; then
    meson setup --reconfigure "$dir" "$@" >/dev/null || meson setup --wipe "$dir" "$@"
  else
    meson setup "$dir" "$@"
  fi
}

# meson test inside a private D-Bus session and X server.
meson_test () {
  dbus-run-session -- \
    xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" \
    meson test "$@"
}

# Runs a selection of tests; a test that fails is run once more, alone, and
# the count below reports it as flaky if it then passes (RETRY_FAILED=0 turns
# that off). Both runs' output stays in the logs.
run_tests () {
  local dir=$1 logbase=$2
  shift 2
  local json="$top/$dir/meson-logs/$logbase.json"
  local retry_json="$top/$dir/meson-logs/$logbase-retry.json"
  local failed_names=()
  logs+=("$json")
  rm -f "$json" "$retry_json"
  meson_test -C "$dir" --print-errorlogs --logbase "$logbase" "$@" && return 0

  if [ ! -f "$json" ]; then
    # meson itself failed before running anything: count it.
    build_failures=$((build_failures + 1))
    return 0
  fi
  [ "${RETRY_FAILED:-1}" = 1 ] || return 0
  mapfile -t failed_names < <(/usr/bin/python3 - "$json" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    if line.strip():
        test = json.loads(line)
        if test.get("result") not in ("OK", "EXPECTEDFAIL", "SKIP"):
            print(test["name"].split(" / ", 1)[-1])
PY
)
  [ ${#failed_names[@]} -gt 0 ] || return 0
  echo "== running again, one at a time: ${failed_names[*]}"
  meson_test -C "$dir" --print-errorlogs --num-processes 1 --logbase "$logbase-retry" \
    "$@" "${failed_names[@]}" || true
}

# Configures and builds; a failure is counted and reported, not fatal.
build () {
  local dir=$1
  shift
  if configure "$dir" "${meson_args[@]}" "$@" && meson compile -C "$dir"; then
    return 0
  fi
  echo "BUILD FAILED: $dir" >&2
  build_failures=$((build_failures + 1))
  status=1
  return 1
}

echo "== build (debugoptimized)"
if build "$builddir"; then
  echo "== tests"
  run_tests "$builddir" testlog
fi

if [ "$quick" = 0 ]; then
  echo "== build with AddressSanitizer and UndefinedBehaviorSanitizer"
  if build "$asan_builddir" -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug; then

    export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
    suppressions="$top/tests/lsan.supp"

    echo "== tests under sanitizers: protocol, integration, headless (leaks checked)"
    # GIO keeps the modules it scans for ever, and LeakSanitizer sometimes
    # takes them for a leak; its suppressions cannot see into Debian's GLib
    # (no frame pointers). These suites need no GIO module: an empty
    # module directory means none is scanned.
    no_modules=$(mktemp -d)
    GIO_MODULE_DIR=$no_modules \
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
    LSAN_OPTIONS="suppressions=$suppressions:print_suppressions=0" \
      run_tests "$asan_builddir" testlog-asan --timeout-multiplier 3 \
        --suite unit --suite integration --suite headless
    rmdir "$no_modules"

    # The acceptance test drives the same windows as the gui suite, from
    # outside and at a person's pace: under the sanitizers it would find
    # nothing the gui suite does not, in a fifth of this stage's time.
    echo "== tests under sanitizers: everything else but acceptance (GTK: leaks not checked)"
    ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 \
      run_tests "$asan_builddir" testlog-asan-gui --timeout-multiplier 3 \
        --no-suite unit --no-suite integration --no-suite headless --no-suite acceptance
  fi
fi

# Steps outside meson test, each counted as one test.
extra_passed=0
extra_failed=0
failed_steps=()
step () {
  local name=$1
  shift
  echo "== $name"
  if "$@"; then
    extra_passed=$((extra_passed + 1))
  else
    echo "FAILED: $name" >&2
    failed_steps+=("$name")
    extra_failed=$((extra_failed + 1))
    status=1
  fi
}

if [ "$quick" = 0 ]; then
  step "fuzzing with libFuzzer (${FUZZ_SECONDS:-15} s per target)" \
    env TCPCHAT_FUZZ_BUILDDIR="$top/build-fuzz" tests/run-fuzz.sh "${FUZZ_SECONDS:-15}"
  step "valgrind over the headless suites" \
    env TCPCHAT_VALGRIND_BUILDDIR="$top/$builddir" tests/run-valgrind.sh
fi

# Count tests (not subtests) from meson's JSON logs. Each failure is named,
# with the end of its output, on stderr: a log cut short still says what failed.
summary=$(/usr/bin/python3 - "${logs[@]}" <<'PY'
import json, os, sys

def results(path):
    tests = {}
    with open(path) as f:
        for line in f:
            if line.strip():
                test = json.loads(line)
                tests[test["name"]] = test
    return tests

def show_tail(title, test):
    print("== %s: %s (%s)" % (title, test["name"], test.get("result")), file=sys.stderr)
    for out in (test.get("stdout") or "").splitlines()[-40:]:
        print("   | " + out, file=sys.stderr)

passed = failed = skipped = 0
for path in sys.argv[1:]:
    if not os.path.exists(path):
        continue  # no test selected in that run
    retry_path = path[:-len(".json")] + "-retry.json"
    retried = results(retry_path) if os.path.exists(retry_path) else {}
    for name, test in results(path).items():
        result = test.get("result")
        if result in ("OK", "EXPECTEDFAIL"):
            passed += 1
        elif result == "SKIP":
            skipped += 1
        elif retried.get(name, {}).get("result") == "OK":
            passed += 1
            show_tail("FLAKY, passed when run again", test)
        else:
            failed += 1
            show_tail("FAILED", retried.get(name, test))
print("%d %d %d" % (passed, failed, skipped))
PY
)
read -r passed failed skipped <<<"$summary"
passed=$((passed + extra_passed))
failed=$((failed + build_failures + extra_failed))

for name in "${failed_steps[@]}"; do
  echo "== FAILED: $name (see its output above)" >&2
done
[ "$skipped" -gt 0 ] && echo "($skipped skipped)"
[ "$failed" -gt 0 ] && status=1
echo "$passed passed, $failed failed"
exit $status
