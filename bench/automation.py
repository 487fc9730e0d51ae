#!/usr/bin/python3
# automation.py: periodic send's rate and jitter at 1,000 messages a second, and send-file
# against nc over loopback
#
# Copyright 2026 The tcpchat authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: automation.py CLIENT [--count N] [--size MIB] [--runs N]
#
# Periodic: tcpchat-client --every 1 --count N sends to a Python receiver
# that stamps each line as it arrives; the achieved rate is (N - 1) over the
# time between the first and the last, the jitter how far each arrival is
# from its slot (first arrival + i ms), and the drift the last one's.
# Send-file: the same file of MIB mebibytes of random bytes sent by
# `nc -N` and by tcpchat-client --send-file to `nc -l` writing to
# /dev/null; the median of --runs runs of each.

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def periodic(client, count):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]
    stamps = []

    def receive():
        conn, _ = listener.accept()
        buffer = b""
        while True:
            data = conn.recv(65536)
            now = time.monotonic()
            if not data:
                break
            buffer += data
            while b"\n" in buffer:
                _, buffer = buffer.split(b"\n", 1)
                stamps.append(now)
        conn.close()

    thread = threading.Thread(target=receive)
    thread.start()
    subprocess.run([client, "--headless", "--quiet", "--connect", "127.0.0.1:%d" % port,
                    "--message", "tick", "--every", "1", "--count", str(count)],
                   stdin=subprocess.DEVNULL, check=True, timeout=count / 100 + 60)
    thread.join(60)
    listener.close()

    if len(stamps) != count:
        sys.exit("periodic: %d of %d messages arrived" % (len(stamps), count))
    first = stamps[0]
    late = [(t - (first + i / 1000.0)) * 1000.0 for i, t in enumerate(stamps)]
    rate = (count - 1) / (stamps[-1] - first)
    deltas = [(b - a) * 1000.0 for a, b in zip(stamps, stamps[1:])]
    late_sorted = sorted(abs(x) for x in late)
    print("periodic send, --every 1 --count %d:" % count)
    print("  achieved rate      %.1f messages/s" % rate)
    print("  drift at the end   %+.3f ms" % late[-1])
    print("  jitter |arrival - slot|: median %.3f ms, p99 %.3f ms, max %.3f ms"
          % (statistics.median(late_sorted), late_sorted[int(len(late_sorted) * 0.99) - 1],
             late_sorted[-1]))
    print("  inter-arrival      mean %.3f ms, stdev %.3f ms"
          % (statistics.mean(deltas), statistics.pstdev(deltas)))


def timed_send(argv, stdin_path=None):
    port = free_port()
    sink = subprocess.Popen(["nc", "-l", "127.0.0.1", str(port)], stdout=subprocess.DEVNULL)
    time.sleep(0.3)  # nc -l says nothing when it listens
    start = time.monotonic()
    with open(stdin_path if stdin_path is not None else os.devnull, "rb") as stdin:
        subprocess.run([a.replace("PORT", str(port)) for a in argv], check=True, timeout=600,
                       stdin=stdin, stderr=subprocess.DEVNULL)
    sink.wait(600)
    return time.monotonic() - start


def send_file(client, size_mib, runs):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "file.bin")
        with open(path, "wb") as f:
            chunk = os.urandom(1 << 20)
            for _ in range(size_mib):
                f.write(chunk)
        size = size_mib << 20
        results = {"nc": [], "tcpchat": []}
        for _ in range(runs):
            results["nc"].append(timed_send(["nc", "-N", "127.0.0.1", "PORT"], path))
            results["tcpchat"].append(timed_send([client, "--headless", "--quiet", "--connect",
                                                  "127.0.0.1:PORT", "--send-file", path]))
        print("send-file, %d MiB over loopback to nc -l > /dev/null, median of %d:"
              % (size_mib, runs))
        rates = {}
        for name, times in results.items():
            t = statistics.median(times)
            rates[name] = size / t / (1 << 20)
            print("  %-8s %.2f s  %.0f MiB/s" % (name, t, rates[name]))
        print("  tcpchat / nc = %.2f" % (rates["tcpchat"] / rates["nc"]))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("client")
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--size", type=int, default=1024, help="MiB")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    periodic(args.client, args.count)
    send_file(args.client, args.size, args.runs)


if __name__ == "__main__":
    main()
