#!/usr/bin/python3
# tls-relay.py: relay throughput, 1 sender x 10 receivers, over TLS and plain TCP, and ncat --ssl --broker
#
# Copyright 2026 The tcpchat authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: bench/tls-relay.py SERVER CLIENT [LINES]
#
# Every peer is a real process: tcpchat-server --headless --relay with
# tcpchat-client --headless peers (--tls --tls-insecure for TLS), and ncat's
# broker with ncat peers. The time is from the sender's start until every
# receiver's output file holds all it should; each mode runs RUNS times
# (default 3), taking turns, and the median is printed in MB/s delivered
# (the sum over receivers of the payload's size, without relay prefixes).

import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

RECEIVERS = 10
LINE = b"x" * 99 + b"\n"
TIMEOUT = 120.0


def wait(condition, what):
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit("timed out waiting for " + what)
        time.sleep(0.002)


def sizes_reach(paths, size):
    return lambda: all(os.path.getsize(p) >= size for p in paths)


def run_tcpchat(server, client, payload, lines, tls, tmp):
    tls_server = ["--tls", "--tls-self-signed"] if tls else []
    tls_client = ["--tls", "--tls-insecure"] if tls else []
    env = dict(os.environ, XDG_DATA_HOME=tmp)
    log = open(os.path.join(tmp, "server.log"), "w+")
    srv = subprocess.Popen([server, "--headless", "--relay", "--listen", "127.0.0.1:0"] +
                           tls_server, stdout=log, stdin=subprocess.PIPE, env=env)
    procs = [srv]
    try:
        def log_text():
            log.flush()
            with open(log.name) as f:
                return f.read()
        wait(lambda: "listening on" in log_text(), "the server")
        port = re.search(r"listening on 127\.0\.0\.1:(\d+)", log_text()).group(1)
        outs = []
        for i in range(RECEIVERS):
            path = os.path.join(tmp, "recv%d" % i)
            outs.append(path)
            procs.append(subprocess.Popen([client, "--headless", "--quiet", "--connect",
                                           "127.0.0.1:" + port] + tls_client,
                                          stdin=subprocess.PIPE, stdout=open(path, "wb"),
                                          stderr=subprocess.DEVNULL, env=env))
        wait(lambda: log_text().count("] connected") == RECEIVERS, "the receivers")
        start = time.monotonic()
        sender = subprocess.Popen([client, "--headless", "--quiet", "--connect",
                                   "127.0.0.1:" + port] + tls_client,
                                  stdin=open(payload, "rb"), stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL, env=env)
        procs.append(sender)
        wait(lambda: log_text().count("] connected") == RECEIVERS + 1, "the sender")
        sport = re.findall(r"\[127\.0\.0\.1:(\d+)\] connected", log_text())[-1]
        prefix = len("[127.0.0.1:%s] " % sport)
        wait(sizes_reach(outs, lines * (len(LINE) + prefix)), "the receivers' bytes")
        return time.monotonic() - start
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait()


def run_ncat(payload, lines, tmp):
    err = open(os.path.join(tmp, "ncat.err"), "w+")
    # ncat reports port 0 as it is: pick a free one just before.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = str(sock.getsockname()[1])
    srv = subprocess.Popen(["ncat", "-v", "--ssl", "--broker", "--listen", "127.0.0.1", port],
                           stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err)
    procs = [srv]
    groups = []
    try:
        def err_text():
            err.flush()
            with open(err.name) as f:
                return f.read()
        wait(lambda: "Listening on" in err_text(), "ncat")
        outs = []
        for i in range(RECEIVERS):
            path = os.path.join(tmp, "ncat%d" % i)
            outs.append(path)
            procs.append(subprocess.Popen(["ncat", "--ssl", "--recv-only", "127.0.0.1", port],
                                          stdin=subprocess.DEVNULL, stdout=open(path, "wb")))
        wait(lambda: len(re.findall(r"Connection from 127\.0\.0\.1:\d+", err_text())) ==
             RECEIVERS, "ncat's receivers")
        start = time.monotonic()
        # An ncat that ends at the end of its input loses what the broker
        # had not read yet: its input stays open until the end.
        sender = subprocess.Popen(["sh", "-c", '(cat "$0"; sleep %d) | ncat --ssl --send-only '
                                   '127.0.0.1 %s' % (TIMEOUT, port), payload],
                                  stdout=subprocess.DEVNULL, start_new_session=True)
        groups.append(sender)
        wait(sizes_reach(outs, lines * len(LINE)), "ncat's receivers' bytes")
        return time.monotonic() - start
    finally:
        for p in groups:
            os.killpg(p.pid, signal.SIGTERM)
            p.wait()
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait()


def main():
    server, client = sys.argv[1], sys.argv[2]
    lines = int(sys.argv[3]) if len(sys.argv) > 3 else 100000
    runs = int(os.environ.get("RUNS", "3"))
    tmp = tempfile.mkdtemp(prefix="tcpchat-tls-bench-")
    try:
        payload = os.path.join(tmp, "payload")
        with open(payload, "wb") as f:
            f.write(LINE * lines)
        delivered = lines * len(LINE) * RECEIVERS / 1e6
        times = {"plain": [], "tls": [], "ncat --ssl --broker": []}
        for _ in range(runs):
            times["plain"].append(run_tcpchat(server, client, payload, lines, False, tmp))
            times["tls"].append(run_tcpchat(server, client, payload, lines, True, tmp))
            if shutil.which("ncat"):
                times["ncat --ssl --broker"].append(run_ncat(payload, lines, tmp))
        print("1 x %d, %d lines of %d bytes, medians of %d:" % (RECEIVERS, lines, len(LINE), runs))
        for name, values in times.items():
            if values:
                median = statistics.median(values)
                print("  %-20s %7.3f s  %7.1f MB/s" % (name, median, delivered / median))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
