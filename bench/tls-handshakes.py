#!/usr/bin/python3
# tls-handshakes.py: new TLS handshakes per second on the server, tcpchat against ncat --ssl
#
# Copyright 2026 The tcpchat authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: bench/tls-handshakes.py SERVER [SECONDS]
#
# openssl s_time -new opens one connection after another for SECONDS
# (default 5), each a full handshake (TLS 1.3, no resumption) and an
# immediate close, against tcpchat-server --headless --tls and ncat --ssl
# --broker, both with the test certificate (ECDSA P-256, tests/tls/certs),
# taking turns RUNS times (default 3). Printed: the medians of handshakes
# per second and of the server's CPU time per handshake (from /proc), the
# figure other load on the machine moves least.

import os
import re
import socket
import statistics
import subprocess
import sys
import time

CERTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "tls", "certs")
TIMEOUT = 30.0


def proc_cpu(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_listening(port):
    """Seen listening in /proc/net/tcp, without a connection of our own."""
    wanted = ":%04X" % port
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        with open("/proc/net/tcp") as table:
            if any(row.split()[1].endswith(wanted) and row.split()[3] == "0A"
                   for row in table.readlines()[1:]):
                return
        time.sleep(0.02)
    raise SystemExit("nothing listens on %d" % port)


def s_time(port, seconds, server_pid):
    before = proc_cpu(server_pid)
    out = subprocess.run(["openssl", "s_time", "-connect", "127.0.0.1:%d" % port, "-new",
                          "-tls1_3", "-time", str(seconds)],
                         capture_output=True, timeout=seconds + TIMEOUT).stdout.decode()
    cpu = proc_cpu(server_pid) - before
    match = re.search(r"(\d+) connections in ([\d.]+)s;", out)
    if match is None:
        raise SystemExit("openssl s_time said:\n" + out)
    count, real = int(match.group(1)), float(match.group(2))
    return count / real, cpu / count


def run(args, port, seconds):
    server = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        wait_listening(port)
        return s_time(port, seconds, server.pid)
    finally:
        server.terminate()
        server.wait()


def main():
    server = sys.argv[1]
    seconds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    runs = int(os.environ.get("RUNS", "3"))
    cert, key = os.path.join(CERTS, "server.pem"), os.path.join(CERTS, "server-key.pem")
    results = {"tcpchat": [], "ncat --ssl --broker": []}
    for _ in range(runs):
        port = free_port()
        results["tcpchat"].append(run([server, "--headless", "--listen", "127.0.0.1:%d" % port,
                                       "--tls", "--tls-cert", cert, "--tls-key", key,
                                       "--max-clients", "10000"], port, seconds))
        port = free_port()
        results["ncat --ssl --broker"].append(run(["ncat", "--ssl", "--ssl-cert", cert,
                                                   "--ssl-key", key, "--broker", "--listen",
                                                   "127.0.0.1", str(port)], port, seconds))
    print("openssl s_time -new -tls1_3, %d s, medians of %d; load average %.2f %.2f %.2f:"
          % ((seconds, runs) + os.getloadavg()))
    for name, values in results.items():
        print("  %-20s %8.0f handshakes/s  %7.0f us server CPU per handshake"
              % (name, statistics.median(v[0] for v in values),
                 1e6 * statistics.median(v[1] for v in values)))


if __name__ == "__main__":
    main()
