# Makefile: the two commands of the README: "make run" and "make check"
#
# Copyright 2026 The tcpchat authors
# SPDX-License-Identifier: GPL-3.0-or-later

BUILDDIR ?= build
ADDRESS  ?= 127.0.0.1:10000

# What building and running need on Debian 12 (the tests need more: see .ci/run).
PACKAGES = make gcc libc6-dev pkg-config meson ninja-build libgtk-4-dev

.PHONY: all run check deps build clean

all: build

# Installs missing packages (as root, or through sudo), builds, and starts
# the server and a client side by side.
run: deps build
	@echo "Starting tcpchat-server on $(ADDRESS) and a tcpchat-client connected to it"
	./$(BUILDDIR)/src/server/tcpchat-server --listen $(ADDRESS) & \
	server=$$!; \
	./$(BUILDDIR)/src/client/tcpchat-client --connect $(ADDRESS); \
	kill $$server 2>/dev/null; wait $$server 2>/dev/null; true

check:
	tests/run-all.sh

deps:
	@missing=$$(for p in $(PACKAGES); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; \
	  done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing:" $$missing; \
	  if [ "$$(id -u)" = 0 ]; then sudo=; else sudo=sudo; fi; \
	  $$sudo apt-get update && $$sudo apt-get install -y --no-install-recommends $$missing; \
	fi

build:
	@if [ -f $(BUILDDIR)/build.ninja ]; then :; else meson setup $(BUILDDIR); fi
	meson compile -C $(BUILDDIR)

clean:
	rm -rf $(BUILDDIR) build-asan
