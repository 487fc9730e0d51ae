#!/bin/sh
# run-valgrind.sh: runs the headless test suites under valgrind's leak and memory checker
#
# Copyright 2026 The tcpchat authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: tests/run-valgrind.sh [SUITE...]    (default: unit integration headless hostile fuzz)
#
# Any invalid read or write, use of uninitialised memory, or definite leak
# fails the test. The hostile tests see TCPCHAT_TESTS_VALGRIND and cut their
# volumes down (a million lines become twenty thousand) and skip resident
# memory limits, which valgrind's own memory would distort. The headless
# suite runs tcpchat-server and tcpchat-client themselves under
# valgrind: an error or a definite leak there makes them exit with 99.
# Environment: TCPCHAT_VALGRIND_BUILDDIR (default: build-valgrind in the
# source tree, configured without the GUI).

set -eu

srcdir=$(cd "$(dirname "$0")/.." && pwd)
builddir=${TCPCHAT_VALGRIND_BUILDDIR:-$srcdir/build-valgrind}
suites=${*:-unit integration headless hostile fuzz}

if ! command -v valgrind >/dev/null 2>&1; then
  echo "run-valgrind.sh: valgrind is not installed (apt install valgrind)" >&2
  exit 2
fi

if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir" "$srcdir" -Dgui=disabled -Dbuildtype=debug
fi
ninja -C "$builddir"

suite_args=
for suite in $suites; do
  suite_args="$suite_args --suite $suite"
done

# GLib's slice allocator would hide leaks and reuse from valgrind;
# MALLOC_PERTURB_ only gets in valgrind's way. GIO keeps the modules it
# scans for ever, which a leak checker may count; these suites need none.
# One run for all suites, so that meson keeps both cores busy; the headless
# suite's tests, the longest, start first (their priority).
no_modules=$(mktemp -d)
trap 'rmdir "$no_modules"' EXIT
# shellcheck disable=SC2086
env G_SLICE=always-malloc TCPCHAT_TESTS_VALGRIND=1 MALLOC_PERTURB_=0 GIO_MODULE_DIR="$no_modules" \
  meson test -C "$builddir" --no-rebuild --print-errorlogs --logbase testlog-valgrind \
    --timeout-multiplier 10 --wrap="$srcdir/tests/valgrind-wrap.sh" $suite_args
