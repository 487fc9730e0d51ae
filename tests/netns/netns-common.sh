# shellcheck shell=bash disable=SC2034
# netns-common.sh: what the network namespace tests share (sourced)
#
# Copyright 2026 The tcpchat authors
# SPDX-License-Identifier: GPL-3.0-or-later

# No route to the host: refused by the kernel at once.
NETNS_UNREACHABLE="ip route add unreachable 198.51.100.0/24"

# A neighbour that never answers (192.0.2.2 on a veth pair): the connect
# timeout, not a hang.
NETNS_SILENT="ip link add v0 type veth peer name v1 && ip addr add 192.0.2.1/24 dev v0 &&
   ip link set v0 up && ip link set v1 up"

# netns_require N: prints the TAP plan for N cases; if no namespace can be
# made here (needs root, unshare and ip), reports them skipped and exits,
# except in CI, where that is a failure.
netns_require () {
  local count=$1 n
  echo "1..$count"
  if unshare -n true 2>/dev/null && command -v ip >/dev/null; then
    return 0
  fi
  for n in $(seq "$count"); do
    if [ "${CI:-}" = true ]; then
      echo "not ok $n - cannot make a network namespace here (needs root, unshare and ip)"
    else
      echo "ok $n # SKIP cannot make a network namespace here (needs root, unshare and ip)"
    fi
  done
  [ "${CI:-}" = true ] && exit 1
  exit 0
}
