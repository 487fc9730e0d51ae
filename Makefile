# Makefile: shortcuts for ./quickstart.sh and meson
#
# Copyright 2026 The tcpchat authors
# SPDX-License-Identifier: GPL-3.0-or-later

BUILDDIR ?= build

.PHONY: all run check build clean

all: build

run:
	./quickstart.sh demo

check:
	./quickstart.sh check

build:
	@if [ -f $(BUILDDIR)/build.ninja ]; then :; else meson setup $(BUILDDIR); fi
	meson compile -C $(BUILDDIR)

clean:
	rm -rf $(BUILDDIR) build-asan
