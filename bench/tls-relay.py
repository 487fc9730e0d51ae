#!/usr/bin/python3
# tls-relay.py: relay throughput, 1 sender x 10 receivers, over TLS and plain TCP, and ncat --ssl --broker
#
# Copyright 2026 The tcpchat authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: bench/tls-relay.py SERVER [LINES] [plain|tls|tls-bare|tls-broker|ncat ...]
#
# tcpchat-server --headless --relay (plain, then --tls) and ncat --ssl
# --broker, with the same peers for all three (socat receivers, an ncat
# sender; TLS but for plain TCP), so that only the server differs. The time is from the sender's start until every
# receiver's output file holds all it should; each mode runs RUNS times
# (default 3), taking turns, and the median is printed in MB/s delivered
# (the sum over receivers of the payload's size, without relay prefixes).
# Naming modes runs only those (to pair one against another from outside).
# tls-bare relays without the "[ip:port] " prefix (--no-relay-prefix), so
# that the receivers get exactly the bytes ncat's do: with it they decrypt
# and write 18% more. tls-broker also leaves each message out of the
# server's log (--no-messages), as ncat --broker prints nothing: ncat's job,
# and no more.
# The CPU seconds are the server's own and those of the server and the
# receivers together, from the kernel's accounting of reaped children:
# figures that other load on the machine disturbs less than the time.
# Last come the rates of TLS against plain TCP and against ncat, run by
# run, each with the target and whether it is met, and how the
# server spent the relay: sleeping in poll (voluntary context switches),
# or ready to run but waiting for a core (involuntary ones, and the
# run-queue wait), as the kernel counts them for its main thread.

import os
import resource
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
        # Coarse enough to leave the two cores to the relay.
        time.sleep(0.01)


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


def proc_cpu(pid):
    """User plus system seconds of a running process, from /proc."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def proc_sched(pid):
    """Voluntary and involuntary context switches, and seconds on a core
    and waiting for one, of a running process's main thread."""
    with open("/proc/%d/status" % pid) as f:
        status = dict(line.split(":", 1) for line in f if ":" in line)
    with open("/proc/%d/schedstat" % pid) as f:
        oncpu, waiting = f.read().split()[:2]
    return (int(status["voluntary_ctxt_switches"]), int(status["nonvoluntary_ctxt_switches"]),
            int(waiting) / 1e9, int(oncpu) / 1e9)


def sched_since(pid, before):
    return tuple(now - then for now, then in zip(proc_sched(pid), before))


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_tcpchat(server, payload, lines, tls, tmp, cpu, prefix=True, log_messages=True):
    env = dict(os.environ, XDG_DATA_HOME=tmp)
    log = open(os.path.join(tmp, "server.log"), "w+")
    srv = subprocess.Popen([server, "--headless", "--relay", "--listen", "127.0.0.1:0"] +
                           (["--tls", "--tls-self-signed"] if tls else []) +
                           ([] if prefix else ["--no-relay-prefix"]) +
                           ([] if log_messages else ["--no-messages"]) +
                           os.environ.get("SERVER_ARGS", "").split(),
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
        sched = proc_sched(srv.pid)
        start = time.monotonic()
        groups.append(ncat_sender(port, tls, payload))
        wait(lambda: log_text().count("] connected") == RECEIVERS + 1, "the sender")
        sport = re.findall(r"\[127\.0\.0\.1:(\d+)\] connected", log_text())[-1]
        extra = len("[127.0.0.1:%s] " % sport) if prefix else 0
        wait(sizes_reach(outs, lines * (len(LINE) + extra)), "the receivers' bytes")
        elapsed = time.monotonic() - start
        cpu["server"] = proc_cpu(srv.pid)
        cpu["sched"] = sched_since(srv.pid, sched)
        return elapsed
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


def run_ncat(payload, lines, tmp, cpu):
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
        sched = proc_sched(srv.pid)
        start = time.monotonic()
        groups.append(ncat_sender(port, True, payload))
        wait(sizes_reach(outs, lines * len(LINE)), "ncat's receivers' bytes")
        elapsed = time.monotonic() - start
        cpu["server"] = proc_cpu(srv.pid)
        cpu["sched"] = sched_since(srv.pid, sched)
        return elapsed
    finally:
        stop(procs, groups)


NAMES = {"plain": "plain", "tls": "tls", "tls-bare": "tls --no-relay-prefix",
         "tls-broker": "tls, ncat's job", "ncat": "ncat --ssl --broker"}
# The targets, as rates (the inverse of the times): TLS at least
# half the plaintext rate, and not slower than ncat --ssl --broker.
TARGETS = {"plain": 0.5, "ncat": 1.0}


def summary(results, lines, runs, load, sched=None):
    """The table of medians, then each ratio against TLS and its target,
    then the server's scheduling if given.
    results: mode -> one (time, server CPU, all CPU) per run, in turns;
    sched: mode -> one (voluntary switches, involuntary switches, seconds
    waiting for a core, seconds on one) per run, from the start to the end
    of the relay."""
    delivered = lines * len(LINE) * RECEIVERS / 1e6
    out = ["1 x %d, %d lines of %d bytes, medians of %d; load average %.2f %.2f %.2f:"
           % ((RECEIVERS, lines, len(LINE), runs) + tuple(load)),
           "  %-20s %9s %10s %12s %12s" % ("", "time", "delivered", "server CPU", "srv+recv CPU")]
    for mode, values in results.items():
        median = statistics.median(v[0] for v in values)
        server_cpu = statistics.median(v[1] for v in values)
        all_cpu = statistics.median(v[2] for v in values)
        out.append("  %-20s %7.3f s %5.1f MB/s %10.3f s %10.3f s"
                   % (NAMES[mode], median, delivered / median, server_cpu, all_cpu))
    # Runs take turns, so the ratio of each run's pair is the figure least
    # moved by other load on the machine. A rate ratio above 1: TLS faster.
    for mode in ("plain", "tls-bare", "ncat"):
        pairs = [(t[0], o[0]) for t, o in zip(results.get("tls", []), results.get(mode, []))]
        if not pairs:
            continue
        rates = [other / tls for tls, other in pairs]
        median = statistics.median(rates)
        line = ("  TLS rate / %s rate, run by run: %.2f (min %.2f, max %.2f)"
                % (NAMES[mode], median, min(rates), max(rates)))
        if mode in TARGETS:
            line += ("; target at least %.2f: %s"
                     % (TARGETS[mode], "met" if median >= TARGETS[mode] else "NOT met"))
        out.append(line)
    # ncat --broker passes the bytes on as they came, where tcpchat puts
    # "[ip:port] " before each relayed line unless --no-relay-prefix: that
    # mode does ncat's job, byte for byte.
    for mode, what in (("tls-bare", "the same bytes"),
                       ("tls-broker", "the same bytes, no log of each message")):
        pairs = [(b[0], n[0]) for b, n in zip(results.get(mode, []), results.get("ncat", []))]
        if not pairs:
            continue
        rates = [ncat / ours for ours, ncat in pairs]
        median = statistics.median(rates)
        out.append("  %s rate / %s rate (%s), run by run: %.2f (min %.2f, max %.2f); "
                   "target at least %.2f: %s"
                   % (NAMES[mode], NAMES["ncat"], what, median, min(rates), max(rates),
                      TARGETS["ncat"], "met" if median >= TARGETS["ncat"] else "NOT met"))
    if sched:
        out.append("  server during the relay, medians: sleeps in poll (voluntary switches), "
                   "preemptions (involuntary), waiting for a core, on a core:")
        for mode, values in sched.items():
            vol, invol, waiting, oncpu = (statistics.median(v[i] for v in values) for i in range(4))
            out.append("  %-20s %9d %9d %7.3f s %7.3f s" % (NAMES[mode], vol, invol, waiting, oncpu))
    return "\n".join(out)


def main():
    if len(sys.argv) < 2 or not os.access(sys.argv[1], os.X_OK):
        raise SystemExit("usage: RUNS=5 bench/tls-relay.py build-bench/src/server/tcpchat-server "
                         "[LINES] [plain|tls|tls-bare|tls-broker|ncat ...]")
    for program in ("socat", "ncat"):
        if shutil.which(program) is None:
            raise SystemExit("%s is needed (apt install %s)" % (program, program))
    server = sys.argv[1]
    lines = int(sys.argv[2]) if len(sys.argv) > 2 else 100000
    modes = sys.argv[3:] or ["plain", "tls", "ncat"]
    runs = int(os.environ.get("RUNS", "3"))
    tmp = tempfile.mkdtemp(prefix="tcpchat-tls-bench-")
    try:
        payload = os.path.join(tmp, "payload")
        with open(payload, "wb") as f:
            f.write(LINE * lines)
        runners = {
            "plain": lambda cpu: run_tcpchat(server, payload, lines, False, tmp, cpu),
            "tls": lambda cpu: run_tcpchat(server, payload, lines, True, tmp, cpu),
            "tls-bare": lambda cpu: run_tcpchat(server, payload, lines, True, tmp, cpu, False),
            "tls-broker": lambda cpu: run_tcpchat(server, payload, lines, True, tmp, cpu, False,
                                                  False),
            "ncat": lambda cpu: run_ncat(payload, lines, tmp, cpu),
        }
        results = {mode: [] for mode in modes}
        sched = {mode: [] for mode in modes}
        for _ in range(runs):
            for mode in modes:
                cpu = {}
                before = children_cpu()
                elapsed = runners[mode](cpu)
                results[mode].append((elapsed, cpu["server"], children_cpu() - before))
                sched[mode].append(cpu["sched"])
        print(summary(results, lines, runs, os.getloadavg(), sched))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
