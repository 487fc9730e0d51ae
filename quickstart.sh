#!/bin/bash
# quickstart.sh: the README's two commands, on a fresh Debian 12 machine
#
# Copyright 2026 The tcpchat authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   ./quickstart.sh demo    install what is missing, build, open a server window
#                           listening on 127.0.0.1:10000 and a client window
#                           connected to it
#   ./quickstart.sh check   install what is missing, build, run every test
#                           (also under AddressSanitizer and UBSan)
#
# Packages are installed with apt-get, through sudo when not run as root.
set -euo pipefail

cd "$(dirname "$0")"

# What building and running the programs need.
build_packages=(
  gcc libc6-dev pkg-config meson ninja-build gettext libgtk-4-dev libgnutls28-dev
  glib-networking
  desktop-file-utils appstream iproute2
)
# What the test suites need on top.
test_packages=(
  clang libclang-rt-14-dev
  xvfb xauth x11-utils xdotool imagemagick dbus-daemon at-spi2-core
  python3 python3-gi gir1.2-gtk-4.0 gir1.2-atspi-2.0 libgl1-mesa-dri
  netcat-openbsd socat ncat openssl valgrind iproute2 util-linux tcpdump
  fonts-noto-cjk
)

address=${ADDRESS:-127.0.0.1:10000}
builddir=${BUILDDIR:-build}

install_missing () {
  local missing=() sudo=
  for package in "$@"; do
    dpkg-query -W -f='${Status}\n' "$package" 2>/dev/null | grep -q '^install ok installed' ||
      missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0

  echo "Installing: ${missing[*]}"
  [ "$(id -u)" = 0 ] || sudo=sudo
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update
  $sudo apt-get install -y --no-install-recommends "${missing[@]}"
}

build () {
  if [ ! -f "$builddir/build.ninja" ]; then
    meson setup "$builddir"
  fi
  meson compile -C "$builddir"
}

# Waits, at most 10 s, until something listens on the address. It asks the
# kernel (ss) rather than connecting: a probe connection would show up in the
# server's log as a client that came and went.
wait_for_listener () {
  local port=${address##*:}
  for _ in $(seq 100); do
    if ss -Hltn "sport = :$port" | grep -q .; then
      return 0
    fi
    sleep 0.1
  done
  echo "quickstart: nothing listens on $address after 10 s" >&2
  return 1
}

demo () {
  install_missing "${build_packages[@]}"
  build

  echo "Opening tcpchat-server on $address and a tcpchat-client connected to it"
  "$builddir/src/server/tcpchat-server" --listen "$address" &
  # Global: the EXIT trap runs after this function has returned. The demo
  # ends with the client's exit status, not the stopped server's.
  server_pid=$!
  trap 'status=$?; kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null || true; exit $status' EXIT

  wait_for_listener
  "$builddir/src/client/tcpchat-client" --connect "$address"
}

check () {
  install_missing "${build_packages[@]}" "${test_packages[@]}"
  BUILDDIR=$builddir tests/run-all.sh
}

case "${1:-demo}" in
  demo) demo ;;
  check) check ;;
  *)
    echo "usage: $0 [demo|check]" >&2
    exit 2
    ;;
esac
