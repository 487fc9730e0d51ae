#!/usr/bin/python3
# test_bench_summary.py: the TLS relay benchmark says its ratios against
# plain TCP and ncat --ssl --broker in words a reader can check against the
# targets, without running it
#
# Copyright 2026 The tcpchat authors
# SPDX-License-Identifier: GPL-3.0-or-later

import importlib.util
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, "..", "..", "bench", "tls-relay.py")


def load():
    spec = importlib.util.spec_from_file_location("tls_relay", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_ratios(bench):
    # Three runs taking turns: (time, server CPU, all CPU).
    results = {
        "plain": [(1.0, 0.2, 0.5), (1.0, 0.2, 0.5), (1.2, 0.2, 0.5)],
        "tls": [(1.6, 0.5, 2.0), (2.0, 0.5, 2.0), (2.4, 0.5, 2.0)],
        "ncat": [(2.0, 0.9, 2.4), (1.6, 0.9, 2.4), (1.2, 0.9, 2.4)],
    }
    text = bench.summary(results, 1000, 3, (1.0, 1.0, 1.0))
    lines = text.splitlines()
    # ncat/tls times 1.25, 0.8, 0.5: median 0.80, TLS slower than ncat.
    assert ("  TLS rate / ncat --ssl --broker rate, run by run: 0.80 (min 0.50, max 1.25); "
            "target at least 1.00: NOT met") in lines, text
    # plain/tls times 0.625, 0.5, 0.5: median 0.50, just half.
    assert ("  TLS rate / plain rate, run by run: 0.50 (min 0.50, max 0.62); "
            "target at least 0.50: met") in lines, text
    assert any(line.startswith("  tls ") and "2.000 s" in line for line in lines), text


def test_same_bytes(bench):
    # Without the relay prefix, tcpchat does ncat's job: that pair is
    # compared too, with the same target.
    results = {
        "tls": [(2.0, 0.5, 2.0)] * 3,
        "tls-bare": [(1.0, 0.5, 2.0), (2.0, 0.5, 2.0), (1.6, 0.5, 2.0)],
        "ncat": [(1.2, 0.9, 2.4), (1.6, 0.9, 2.4), (2.0, 0.9, 2.4)],
    }
    lines = bench.summary(results, 1000, 3, (1.0, 1.0, 1.0)).splitlines()
    # ncat/bare times 1.2, 0.8, 1.25: median 1.20.
    assert ("  tls --no-relay-prefix rate / ncat --ssl --broker rate (the same bytes), run by "
            "run: 1.20 (min 0.80, max 1.25); target at least 1.00: met") in lines, lines
    assert not any("same bytes" in line
                   for line in bench.summary({"tls": results["tls"], "ncat": results["ncat"]},
                                             1000, 3, (1.0, 1.0, 1.0)).splitlines())


def test_broker(bench):
    # Without the prefix and without a log of each message, tcpchat does
    # ncat's job and no more: that pair is compared as well.
    results = {
        "tls": [(2.0, 0.5, 2.0)] * 3,
        "tls-broker": [(1.0, 0.4, 2.0), (1.6, 0.4, 2.0), (2.0, 0.4, 2.0)],
        "ncat": [(0.9, 0.9, 2.4), (2.0, 0.9, 2.4), (2.4, 0.9, 2.4)],
    }
    lines = bench.summary(results, 1000, 3, (1.0, 1.0, 1.0)).splitlines()
    # ncat/broker times 0.9, 1.25, 1.2: median 1.20.
    assert ("  tls, ncat's job rate / ncat --ssl --broker rate (the same bytes, no log of each "
            "message), run by run: 1.20 (min 0.90, max 1.25); target at least 1.00: met"
            ) in lines, lines
    assert not any("(the same bytes)," in line for line in lines), lines


def test_without_ncat(bench):
    results = {"plain": [(1.0, 0.2, 0.5)], "tls": [(1.0, 0.5, 2.0)]}
    text = bench.summary(results, 1000, 1, (1.0, 1.0, 1.0))
    assert "ncat" not in text, text
    assert "TLS rate / plain rate, run by run: 1.00" in text, text


def test_scheduling(bench):
    # (voluntary, involuntary, waiting for a core, on a core), medians.
    results = {"tls": [(1.0, 0.5, 2.0)] * 3, "ncat": [(1.0, 0.9, 2.4)] * 3}
    sched = {"tls": [(40, 3000, 0.6, 0.5), (60, 3400, 0.7, 0.5), (50, 3200, 0.8, 0.6)],
             "ncat": [(10, 6000, 0.9, 0.9)] * 3}
    text = bench.summary(results, 1000, 3, (1.0, 1.0, 1.0), sched)
    lines = text.splitlines()
    assert any(line.startswith("  server during the relay") and "sleeps in poll" in line
               for line in lines), text
    assert "  tls                         50      3200   0.700 s   0.500 s" in lines, text
    assert "  ncat --ssl --broker         10      6000   0.900 s   0.900 s" in lines, text
    assert "server during" not in bench.summary(results, 1000, 3, (1.0, 1.0, 1.0)), text


def main():
    tests = [test_ratios, test_same_bytes, test_broker, test_without_ncat, test_scheduling]
    print("1..%d" % len(tests))
    failed = 0
    try:
        bench = load()
    except Exception as error:  # noqa: BLE001: reported as TAP
        bench = None
        print("# cannot load %s: %s" % (SCRIPT, error))
    for number, test in enumerate(tests, 1):
        try:
            if bench is None or not hasattr(bench, "summary"):
                raise AssertionError("bench/tls-relay.py has no summary()")
            test(bench)
            print("ok %d %s" % (number, test.__name__))
        except AssertionError as error:
            failed += 1
            print("not ok %d %s" % (number, test.__name__))
            for line in str(error).splitlines():
                print("# " + line)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
