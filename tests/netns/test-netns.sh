#!/bin/bash
# test-netns.sh: connect errors that loopback cannot give, in a private network namespace
#
# Copyright 2026 The tcpchat authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Each case runs the headless client inside a network namespace of its own
# (unshare -n), whose only links are its loopback and a veth pair: nothing
# leaves the namespace. Needs root (or the capability to make namespaces):
# see netns_require.
set -u

client=${TCPCHAT_CLIENT:?TCPCHAT_CLIENT is the tcpchat-client binary}

# shellcheck source=netns-common.sh
. "$(dirname "$0")/netns-common.sh"
netns_require 2

status=0

# check N NAME SETUP ADDRESS EXPECTED: runs the client in a fresh namespace
# set up by SETUP and expects exit status 1 and EXPECTED on stderr.
check () {
  local n=$1 name=$2 setup=$3 address=$4 expected=$5 output code
  output=$(timeout 20 unshare -n sh -c "ip link set lo up && $setup &&
    exec \"\$0\" --headless --timeout 1 --connect $address </dev/null 2>&1 >/dev/null" "$client")
  code=$?
  if [ "$code" = 1 ] && grep -q -- "$expected" <<<"$output"; then
    echo "ok $n - $name"
  else
    echo "not ok $n - $name"
    echo "# exit status $code (expected 1), stderr:"
    sed 's/^/#   /' <<<"$output"
    status=1
  fi
}

check 1 "unreachable network gives a plain message" \
  "$NETNS_UNREACHABLE" 198.51.100.7:9 "is unreachable"
check 2 "silent host times out after the connect timeout" \
  "$NETNS_SILENT" 192.0.2.2:9 "Timed out: 192.0.2.2:9 did not answer within 1.0 s"

exit $status
