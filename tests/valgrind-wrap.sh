#!/bin/sh
# valgrind-wrap.sh: runs one test program under valgrind for tests/run-valgrind.sh
#
# Copyright 2026 The tcpchat authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage (as meson test's wrapper): valgrind-wrap.sh PROGRAM [ARG...]
#
# The headless suite's programs only drive tcpchat-server and
# tcpchat-client, which they start under valgrind themselves (they see
# TCPCHAT_TESTS_VALGRIND): valgrind around the drivers would check nothing
# of ours and take as long again. Every other test program runs under it.

case ${1##*/} in
  test-headless|test-automation)
    exec "$@"
    ;;
esac

exec valgrind --quiet --error-exitcode=1 --leak-check=full \
  --errors-for-leak-kinds=definite --show-leak-kinds=definite \
  --track-origins=yes --num-callers=30 \
  --suppressions="$(dirname "$0")/valgrind.supp" "$@"
