#!/usr/bin/python3
# tls-relay.py: relay throughput, 1 sender x 10 receivers, over TLS and plain TCP, and ncat --ssl --broker
#
# Copyright 2026 The tcpchat authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: bench/tls-relay.py SERVER [LINES]
#
# tcpchat-server --headless --relay (plain, then --tls) and ncat --ssl
# --broker, with the same peers for all three (socat receivers, an ncat
# sender; TLS but for plain TCP), so that only the server differs. The time is from the sender's start until every
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
TIMEOUT = 60.0


def wait(condition, what):
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit("timed out waiting for %s (%s)" % (what, getattr(condition, "last", "")))
        time.sleep(0.002)


def sizes_reach(paths, size):
    def reached():
        sizes = [os.path.getsize(p) for p in paths]
        reached.last = "%s of %d" % (sizes, size)
        return all(s >= size for s in sizes)
    return reached


def receivers(port, tls, tmp, name):
    """RECEIVERS socat processes writing what they get to files. Not ncat:
    it reads 8 KiB after each wake-up, and what remains of a 16 KiB TLS
    record waits in OpenSSL for more bytes that never come."""
    procs, outs = [], []
    address = ("OPENSSL:127.0.0.1:%s,verify=0" if tls else "TCP:127.0.0.1:%s") % port
    for i in range(RECEIVERS):
        path = os.path.join(tmp, "%s%d" % (name, i))
        outs.append(path)
        procs.append(subprocess.Popen(["socat", "-u", address, "-"],
                                      stdin=subprocess.DEVNULL, stdout=open(path, "wb"),
                                      stderr=subprocess.DEVNULL))
    return procs, outs


def ncat_sender(port, tls, payload):
    """An ncat sending the payload. An ncat that ends at the end of its input
    loses what the other side had not read yet: its input stays open."""
    return subprocess.Popen(["sh", "-c", '(cat "$0"; sleep %d) | ncat %s --send-only 127.0.0.1 %s'
                             % (TIMEOUT, "--ssl" if tls else "", port), payload],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


def run_tcpchat(server, payload, lines, tls, tmp):
    env = dict(os.environ, XDG_DATA_HOME=tmp)
    log = open(os.path.join(tmp, "server.log"), "w+")
    srv = subprocess.Popen([server, "--headless", "--relay", "--listen", "127.0.0.1:0"] +
                           (["--tls", "--tls-self-signed"] if tls else []),
                           stdout=log, stdin=subprocess.PIPE, env=env)
    procs, groups = [srv], []
    try:
        def log_text():
            log.flush()
            with open(log.name) as f:
                return f.read()
        wait(lambda: "listening on" in log_text(), "the server")
        port = re.search(r"listening on 127\.0\.0\.1:(\d+)", log_text()).group(1)
        peers, outs = receivers(port, tls, tmp, "recv")
        procs += peers
        wait(lambda: log_text().count("] connected") == RECEIVERS, "the receivers")
        start = time.monotonic()
        groups.append(ncat_sender(port, tls, payload))
        wait(lambda: log_text().count("] connected") == RECEIVERS + 1, "the sender")
        sport = re.findall(r"\[127\.0\.0\.1:(\d+)\] connected", log_text())[-1]
        prefix = len("[127.0.0.1:%s] " % sport)
        wait(sizes_reach(outs, lines * (len(LINE) + prefix)), "the receivers' bytes")
        return time.monotonic() - start
    finally:
        stop(procs, groups)


def stop(procs, groups):
    for p in groups:
        os.killpg(p.pid, signal.SIGTERM)
        p.wait()
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
    procs, groups = [srv], []
    try:
        def err_text():
            err.flush()
            with open(err.name) as f:
                return f.read()
        wait(lambda: "Listening on" in err_text(), "ncat")
        peers, outs = receivers(port, True, tmp, "ncat")
        procs += peers
        wait(lambda: len(re.findall(r"Connection from 127\.0\.0\.1:\d+", err_text())) ==
             RECEIVERS, "ncat's receivers")
        start = time.monotonic()
        groups.append(ncat_sender(port, True, payload))
        wait(sizes_reach(outs, lines * len(LINE)), "ncat's receivers' bytes")
        return time.monotonic() - start
    finally:
        stop(procs, groups)


def main():
    server = sys.argv[1]
    lines = int(sys.argv[2]) if len(sys.argv) > 2 else 100000
    runs = int(os.environ.get("RUNS", "3"))
    tmp = tempfile.mkdtemp(prefix="tcpchat-tls-bench-")
    try:
        payload = os.path.join(tmp, "payload")
        with open(payload, "wb") as f:
            f.write(LINE * lines)
        delivered = lines * len(LINE) * RECEIVERS / 1e6
        times = {"plain": [], "tls": [], "ncat --ssl --broker": []}
        for _ in range(runs):
            times["plain"].append(run_tcpchat(server, payload, lines, False, tmp))
            times["tls"].append(run_tcpchat(server, payload, lines, True, tmp))
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
