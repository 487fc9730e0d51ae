#!/bin/sh
# test-install.sh: `meson install --destdir` puts every desktop file in place
#
# Copyright 2026 The tcpchat authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-install.sh MESON BUILD_DIR PREFIX DATADIR BINDIR
set -eu

meson=$1
build_dir=$2
prefix=$3
datadir=$4
bindir=$5

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

echo "1..1"
"$meson" install -C "$build_dir" --no-rebuild --quiet --destdir "$stage" >"$stage.log" 2>&1 || {
  cat "$stage.log" >&2
  rm -f "$stage.log"
  echo "not ok 1 - meson install failed"
  exit 1
}
rm -f "$stage.log"

root="$stage$prefix"
missing=
for file in \
  "$bindir/tcpchat-server" \
  "$bindir/tcpchat-client" \
  "$datadir/applications/io.github.tcpchat.Server.desktop" \
  "$datadir/applications/io.github.tcpchat.Client.desktop" \
  "$datadir/metainfo/io.github.tcpchat.Server.metainfo.xml" \
  "$datadir/metainfo/io.github.tcpchat.Client.metainfo.xml" \
  "$datadir/icons/hicolor/scalable/apps/io.github.tcpchat.Server.svg" \
  "$datadir/icons/hicolor/scalable/apps/io.github.tcpchat.Client.svg" \
  "$datadir/icons/hicolor/symbolic/apps/io.github.tcpchat.Server-symbolic.svg" \
  "$datadir/icons/hicolor/symbolic/apps/io.github.tcpchat.Client-symbolic.svg" \
  "$datadir/glib-2.0/schemas/io.github.tcpchat.gschema.xml"
do
  if [ ! -s "$root/$file" ]; then
    echo "# missing: $prefix/$file"
    missing=yes
  fi
done

for exe in tcpchat-server tcpchat-client; do
  if [ ! -x "$root/$bindir/$exe" ]; then
    echo "# not executable: $prefix/$bindir/$exe"
    missing=yes
  fi
done

# The installed schema compiles on its own.
if command -v glib-compile-schemas >/dev/null 2>&1; then
  glib-compile-schemas --strict --dry-run "$root/$datadir/glib-2.0/schemas" || missing=yes
fi

if [ -n "$missing" ]; then
  echo "not ok 1 - installed files"
  exit 1
fi
echo "ok 1 - installed files"
