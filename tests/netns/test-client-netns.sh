#!/bin/bash
# test-client-netns.sh: the client window's connect errors, in a private network namespace
#
# Copyright 2026 The tcpchat authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs each case of the in-process window test (test-client-netns, given as
# the first argument) in a network namespace of its own (unshare -n), set up
# as test-netns.sh sets it up for the headless client. The X display stays
# reachable from inside: Xvfb also listens on its socket file in
# /tmp/.X11-unix, which libxcb falls back to when the abstract socket (per
# network namespace) is not there. Needs root (or the capability to make
# namespaces): see netns_require.
set -u

binary=${1:?usage: test-client-netns.sh TEST-CLIENT-NETNS-BINARY}

# shellcheck source=netns-common.sh
. "$(dirname "$0")/netns-common.sh"
netns_require 2

status=0

# check N CASE SETUP: runs /client-netns/CASE in a fresh namespace set up by
# SETUP; passes the test's own results on, with its messages as comments.
check () {
  local n=$1 name=$2 setup=$3 output code reason
  output=$(TCPCHAT_NETNS_SETUP=$name timeout 60 unshare -n sh -c "ip link set lo up && $setup &&
    exec \"\$0\" --tap -p /client-netns/$name -p /client-netns/display" "$binary" </dev/null 2>&1)
  code=$?
  if [ "$code" = 0 ] && grep -Eq "^ok [0-9]+ /client-netns/[a-z-]+ # SKIP" <<<"$output"; then
    reason=$(grep -Eo '# SKIP.*' <<<"$output" | head -n 1 | cut -c8-)
    echo "ok $n # SKIP /client-netns/$name: $reason"
  elif [ "$code" = 0 ] && grep -Eq "^ok [0-9]+ /client-netns/$name\$" <<<"$output"; then
    echo "ok $n - /client-netns/$name"
    grep -E '^# [a-z]' <<<"$output" | grep -Ev '^# (random seed|Start of|End of)'
  else
    echo "not ok $n - /client-netns/$name"
    echo "# exit status $code (expected 0), output:"
    sed 's/^/#   /' <<<"$output"
    status=1
  fi
}

check 1 unreachable "$NETNS_UNREACHABLE"
check 2 silent "$NETNS_SILENT"

exit $status
