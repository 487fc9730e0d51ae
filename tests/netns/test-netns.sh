#!/bin/bash
# test-netns.sh: connect errors that loopback cannot give, in a private network namespace
#
# Copyright 2026 The tcpchat authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Each case runs the headless client inside a network namespace of its own
# (unshare -n), whose only links are its loopback and a veth pair: nothing
# leaves the namespace. Needs root (or the capability to make namespaces);
# without it the cases are skipped, except in CI, where that is a failure.
set -u

client=${TCPCHAT_CLIENT:?TCPCHAT_CLIENT is the tcpchat-client binary}

echo "1..2"

if ! unshare -n true 2>/dev/null || ! command -v ip >/dev/null; then
  for n in 1 2; do
    if [ "${CI:-}" = true ]; then
      echo "not ok $n - cannot make a network namespace here (needs root, unshare and ip)"
    else
      echo "ok $n # SKIP cannot make a network namespace here (needs root, unshare and ip)"
    fi
  done
  [ "${CI:-}" = true ] && exit 1
  exit 0
fi

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

# No route to the host: refused by the kernel at once.
check 1 "unreachable network gives a plain message" \
  "ip route add unreachable 198.51.100.0/24" \
  198.51.100.7:9 "is unreachable"

# A neighbour that never answers: the connect timeout, not a hang.
check 2 "silent host times out after the connect timeout" \
  "ip link add v0 type veth peer name v1 && ip addr add 192.0.2.1/24 dev v0 &&
   ip link set v0 up && ip link set v1 up" \
  192.0.2.2:9 "Timed out: 192.0.2.2:9 did not answer within 1.0 s"

exit $status
