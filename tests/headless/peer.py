#!/usr/bin/python3
# peer.py: a plain socket peer for the headless tests, written without tcpchat code
#
# Copyright 2026 The tcpchat authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage:
#   peer.py listen  [--send-hex HEX] [--digest]   prints "PORT <n>" on stderr, serves one peer
#   peer.py connect PORT [--send-hex HEX] [--digest] [--hold]
#   peer.py listen|connect [PORT] --flood-hex HEX
# Sends the given bytes (or stdin when no --send-hex), half-closes (with --hold:
# only once the other side has), reads until
# the other side closes, then writes what it received to stdout: the raw
# bytes, or "<length> <sha256>" with --digest. With --flood-hex it sends the
# bytes over and over until the other side goes away (or 60 s pass), then
# prints "SENT <bytes>" on stderr. With --elapsed it also prints on stderr
# "ELAPSED <us>": the time from the first byte received to the last.

import argparse
import hashlib
import socket
import sys
import threading
import time


def serve(sock, payload, digest, hold, elapsed=False):
    def send():
        if payload is None:
            while True:
                chunk = sys.stdin.buffer.read(65536)
                if not chunk:
                    break
                sock.sendall(chunk)
        else:
            sock.sendall(payload)
        if not hold:
            sock.shutdown(socket.SHUT_WR)

    sender = threading.Thread(target=send)
    sender.start()

    received = hashlib.sha256() if digest else bytearray()
    length = 0
    first = last = None
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            break
        last = time.monotonic()
        if first is None:
            first = last
        length += len(chunk)
        if digest:
            received.update(chunk)
        else:
            received.extend(chunk)
    sender.join(30)
    if hold:
        sock.shutdown(socket.SHUT_WR)
    sock.close()

    if elapsed and first is not None:
        sys.stderr.write("ELAPSED %d\n" % int((last - first) * 1000000))
        sys.stderr.flush()
    if digest:
        sys.stdout.write("%d %s\n" % (length, received.hexdigest()))
    else:
        sys.stdout.buffer.write(bytes(received))
    sys.stdout.flush()


def flood(sock, payload):
    chunk = payload * max(1, 65536 // len(payload))
    sent = 0
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            sock.sendall(chunk)
            sent += len(chunk)
    except OSError:
        pass
    sock.close()
    sys.stderr.write("SENT %d\n" % sent)
    sys.stderr.flush()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["listen", "connect"])
    parser.add_argument("port", nargs="?", type=int, default=0)
    parser.add_argument("--send-hex")
    parser.add_argument("--digest", action="store_true")
    parser.add_argument("--flood-hex")
    parser.add_argument("--elapsed", action="store_true")
    parser.add_argument("--hold", action="store_true",
                        help="half-close only after the other side has")
    args = parser.parse_args()

    payload = bytes.fromhex(args.send_hex) if args.send_hex is not None else None

    if args.mode == "listen":
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        listener.settimeout(30)
        sys.stderr.write("PORT %d\n" % listener.getsockname()[1])
        sys.stderr.flush()
        sock, _ = listener.accept()
        listener.close()
    else:
        sock = socket.create_connection(("127.0.0.1", args.port), timeout=30)

    sock.settimeout(60)
    if args.flood_hex is not None:
        flood(sock, bytes.fromhex(args.flood_hex))
        return
    serve(sock, payload, args.digest, args.hold, args.elapsed)


if __name__ == "__main__":
    main()
