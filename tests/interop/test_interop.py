"""Interoperability tests: the real GUI windows with peers no one here wrote.

The server window (--listen) with nc (netcat-openbsd), socat and a Python
asyncio client as its peers; the client window (--connect) against `nc -l`
and a Python asyncio server. Lines carry UTF-8 (CJK, emoji), some end in CRLF,
the last has no newline, and the peers half-close. Checks what the window's
log shows (read through AT-SPI) and the exact bytes the peer receives.

The 10 MB piped transfer between the headless modes is covered by
tests/headless (transfer-10mb-to-server) and not repeated here. Prints TAP.
"""
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The tcpchat authors

import asyncio
import os
import re
import signal
import socket
import subprocess
import sys
import threading

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "acceptance"))

import harness  # noqa: E402
from harness import Harness, Tap, free_port, wait_until  # noqa: E402

TIMEOUT = 15.0

# What the peers send: UTF-8, an LF line, a CRLF line, a final line without
# a newline. Each test uses its own tag so that rows cannot be confused.
def peer_lines(tag):
    return [
        ("%s 你好，世界 🎉" % tag, "\n"),
        ("%s crlf ünïcödé 😀" % tag, "\r\n"),
        ("%s last line, no newline" % tag, ""),
    ]


def encode(lines):
    return "".join(text + end for text, end in lines).encode("utf-8")


def read_file(path):
    with open(path, "rb") as f:
        return f.read()


def wait_received(path, expected, what):
    """Waits until the file a peer writes what it received into holds
    exactly `expected` bytes."""
    try:
        return wait_until(lambda: read_file(path) == expected, TIMEOUT, what)
    except harness.WaitTimeout as error:
        raise harness.WaitTimeout("%s; got %r, want %r"
                                  % (error, read_file(path), expected)) from None


def check_window_log(window, lines, peer_pattern=r"127\.0\.0\.1:\d+"):
    """Each peer line shows as one received row with its exact text; a CRLF
    line is marked CRLF, the last is flagged as having no newline."""
    for text, end in lines:
        flag = r"  ?\[no newline at end\]" if end == "" else ""
        crlf = " CRLF" if end == "\r\n" else ""
        window.wait_log(r"◀ %s %s%s%s$" % (peer_pattern, re.escape(text), crlf, flag))


def start_gui_server(h, port, relay=False):
    args = ["--listen", "127.0.0.1:%d" % port] + (["--relay"] if relay else [])
    server = h.launch("server", *args)
    server.move(0, 0)
    server.wait_status(r"^Listening on 127\.0\.0\.1:%d$" % port)
    return server


def server_says(server, text, clients):
    """Types a line into the server window (to all clients) and waits for
    its log to show it sent."""
    server.wait_status(r"^Clients: %d$" % clients)
    server.type_into("Message", text, enter=True)
    server.wait_log(r"▶ .*%s$" % re.escape(text))


# Peers run as separate programs writing what they receive into a file.

def start_tool(h, name, argv):
    out_path = os.path.join(h.artifacts_dir, "%s.out" % name)
    out = open(out_path, "wb")
    proc = h.procs.start(name, argv, stdin=subprocess.PIPE, stdout=out)
    out.close()
    return proc, out_path


def finish_tool(proc, payload, name):
    """Sends payload on the tool's stdin, closes it (the tool then
    half-closes the socket), and waits for the tool to end."""
    proc.stdin.write(payload)
    proc.stdin.close()
    proc.stdin = None
    try:
        proc.wait(TIMEOUT)
    except subprocess.TimeoutExpired:
        raise AssertionError("%s did not end within %.0f s after its input ended "
                             "(the window did not close the connection)"
                             % (name, TIMEOUT)) from None


def test_server_with_tool(h, tool):
    port = free_port()
    server = start_gui_server(h, port)
    tag = tool
    if tool == "nc":
        argv = ["nc", "-N", "127.0.0.1", str(port)]
    else:
        argv = ["socat", "-t", "10", "STDIO", "TCP:127.0.0.1:%d" % port]
    proc, out_path = start_tool(h, tool, argv)
    reply = "server → %s: 日本語 ✓ 🚀" % tool
    server_says(server, reply, 1)
    wait_received(out_path, (reply + "\n").encode(), "%s to receive the server's line" % tool)

    lines = peer_lines(tag)
    finish_tool(proc, encode(lines), tool)
    check_window_log(server, lines)
    server.wait_status(r"^Clients: 0$")
    server.wait_log(r"closed the connection|[Dd]isconnected")
    assert read_file(out_path) == (reply + "\n").encode()
    h.screenshot("interop-server-%s" % tool)


class AsyncioThread:
    """An asyncio event loop in a thread, for Python peers."""

    def __init__(self):
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def run(self, coro, timeout=TIMEOUT):
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def submit(self, coro):
        return asyncio.run_coroutine_threadsafe(coro, self.loop)

    def close(self):
        async def cancel_all():
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
        try:
            self.run(cancel_all(), 5)
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(5)


async def read_until_eof(reader, received):
    while True:
        chunk = await reader.read(65536)
        if not chunk:
            return
        received.extend(chunk)


def test_server_with_python(h):
    """Two asyncio clients on a relaying server: one sends, half-closes; the
    other receives the relayed lines; both receive the server's line."""
    port = free_port()
    server = start_gui_server(h, port, relay=True)
    aio = AsyncioThread()
    try:
        got_a, got_b = bytearray(), bytearray()
        reader_a, writer_a = aio.run(asyncio.open_connection("127.0.0.1", port))
        reader_b, writer_b = aio.run(asyncio.open_connection("127.0.0.1", port))
        done_a = aio.submit(read_until_eof(reader_a, got_a))
        aio.submit(read_until_eof(reader_b, got_b))

        reply = "server → python: 한국어 ✓ 🐍"
        server_says(server, reply, 2)
        expected = (reply + "\n").encode()
        wait_until(lambda: bytes(got_a) == expected and bytes(got_b) == expected, TIMEOUT,
                   "both Python clients to receive the server's line (a=%r b=%r)"
                   % (got_a, got_b))

        lines = peer_lines("python")

        async def send_and_half_close():
            writer_a.write(encode(lines))
            await writer_a.drain()
            writer_a.write_eof()
        aio.run(send_and_half_close())
        done_a.result(TIMEOUT)  # the server closes after our half-close
        check_window_log(server, lines)
        server.wait_status(r"^Clients: 1$")

        # Relayed to the other client with the sender's address in front,
        # each line ending in LF whatever the sender used.
        sender = "127.0.0.1:%d" % writer_a.get_extra_info("sockname")[1]
        relayed = b"".join(("[%s] %s\n" % (sender, text)).encode() for text, _ in lines)
        wait_until(lambda: bytes(got_b) == expected + relayed, TIMEOUT,
                   "the second client to receive the relayed lines (got %r)" % got_b)
        assert bytes(got_a) == expected, "the sender got back %r" % got_a
        writer_b.close()
        h.screenshot("interop-server-python")
    finally:
        aio.close()


def start_gui_client(h, port):
    client = h.launch("client", "--connect", "127.0.0.1:%d" % port)
    client.move(0, 0)
    return client


def client_says(client, text):
    client.wait_status(r"^Socket: ConnectedState$")
    client.type_into("Message", text, enter=True)
    client.wait_log(r"▶ .*%s$" % re.escape(text))


def test_client_with_nc(h):
    port = free_port()
    proc, out_path = start_tool(h, "nc-listen", ["nc", "-N", "-l", "127.0.0.1", str(port)])
    wait_until(lambda: _listening(port), TIMEOUT, "nc -l to listen on port %d" % port)
    client = start_gui_client(h, port)
    text = "client → nc: 中文 ✓ 🎈"
    client_says(client, text)
    wait_received(out_path, (text + "\n").encode(), "nc -l to receive the client's line")

    lines = peer_lines("nc-l")
    finish_tool(proc, encode(lines), "nc -l")
    check_window_log(client, lines, r"127\.0\.0\.1:%d" % port)
    client.wait_status(r"^Socket: UnconnectedState$")
    client.wait_status(r"closed the connection")
    h.screenshot("interop-client-nc")


def _listening(port):
    """Whether something listens on 127.0.0.1:port, read from /proc/net/tcp
    (a probe connection would use up nc -l's only connection)."""
    wanted = "0100007F:%04X" % port
    with open("/proc/net/tcp") as table:
        for row in table.readlines()[1:]:
            fields = row.split()
            if fields[1] == wanted and fields[3] == "0A":
                return True
    return False


def test_client_with_python(h):
    """An asyncio server: reads the client's line, sends its own lines,
    half-closes, and reads until the client closes."""
    aio = AsyncioThread()
    try:
        received = bytearray()
        connected = threading.Event()
        finished = threading.Event()
        writers = []

        async def handle(reader, writer):
            writers.append(writer)
            connected.set()
            await read_until_eof(reader, received)
            finished.set()

        async def start():
            return await asyncio.start_server(handle, "127.0.0.1", 0)
        server = aio.run(start())
        port = server.sockets[0].getsockname()[1]

        client = start_gui_client(h, port)
        wait_until(connected.is_set, TIMEOUT, "the client to reach the Python server")
        text = "client → python: ελληνικά ✓ 🌍"
        client_says(client, text)
        wait_until(lambda: bytes(received) == (text + "\n").encode(), TIMEOUT,
                   "the Python server to receive the client's line (got %r)" % received)

        lines = peer_lines("pyserver")

        async def send_and_half_close():
            writers[0].write(encode(lines))
            await writers[0].drain()
            writers[0].write_eof()
        aio.run(send_and_half_close())
        check_window_log(client, lines, r"127\.0\.0\.1:%d" % port)
        # The client closes its side once the server has: the server's read ends.
        wait_until(finished.is_set, TIMEOUT, "the client to close after the server half-closed")
        client.wait_status(r"^Socket: UnconnectedState$")
        assert bytes(received) == (text + "\n").encode()
        h.screenshot("interop-client-python")
        server.close()
    finally:
        aio.close()


def _read_to_eof(sock):
    """What a peer reads until the other side closes: the bytes, and whether
    it ended in an orderly way (EOF) rather than with a reset."""
    sock.settimeout(TIMEOUT)
    data = b""
    try:
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                return data, "EOF"
            data += chunk
    except ConnectionResetError:
        return data, "reset"


def _end_by_signal(window, signum):
    os.kill(window.proc.pid, signum)
    wait_until(lambda: window.proc.poll() is not None, TIMEOUT,
               "%s to exit after signal %d" % (window.name, signum))
    assert window.proc.returncode == 0, "%s exited with %d after signal %d" % (
        window.name, window.proc.returncode, signum)


def test_signals(h):
    """SIGTERM ends the server window and SIGINT the client window as Quit
    does: exit status 0, and the peers see an orderly close."""
    port = free_port()
    server = start_gui_server(h, port)
    with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as peer:
        server.wait_status(r"^Clients: 1$")
        _end_by_signal(server, signal.SIGTERM)
        assert _read_to_eof(peer) == (b"", "EOF")

    with socket.create_server(("127.0.0.1", 0)) as listener:
        client = start_gui_client(h, listener.getsockname()[1])
        listener.settimeout(TIMEOUT)
        peer, _ = listener.accept()
        with peer:
            client.wait_status(r"^Socket: ConnectedState$")
            _end_by_signal(client, signal.SIGINT)
            assert _read_to_eof(peer) == (b"", "EOF")


TESTS = [
    ("server window with nc -N", test_server_with_tool, "nc"),
    ("server window with socat", test_server_with_tool, "socat"),
    ("server window (relay) with two Python asyncio clients", test_server_with_python),
    ("client window with nc -l", test_client_with_nc),
    ("client window with a Python asyncio server", test_client_with_python),
    ("SIGTERM and SIGINT end the windows as Quit does", test_signals),
]


def main():
    harness.check_requirements(extra_tools=["nc", "socat"])
    harness.ensure_private_bus()
    tap = Tap([t[0] for t in TESTS])
    h = Harness(os.environ.get("TCPCHAT_ARTIFACTS_DIR", os.getcwd()))
    try:
        for name, func, *args in TESTS:
            h.run_test(tap, name, func, *args)
    finally:
        h.close()
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
