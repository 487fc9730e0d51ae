"""TLS with the real programs: headless server and client, openssl s_server
and s_client as peers no one here wrote, the test-only certificates in
certs/. Every wait is bounded; every port is port 0 but s_server's, which is
picked free just before. Prints TAP.
"""
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The tcpchat authors

import os
import queue
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

SERVER = os.environ["TCPCHAT_SERVER"]
CLIENT = os.environ["TCPCHAT_CLIENT"]
CERTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "certs")
TIMEOUT = 15.0
FINGERPRINT = re.compile(r"SHA-256 fingerprint ((?:[0-9A-F]{2}:){31}[0-9A-F]{2})")


class Skip(Exception):
    """A peer program this test needs is not installed."""


def require(program):
    """Skips the test without program, but fails it in CI, where
    quickstart.sh installs every peer."""
    if shutil.which(program) is None:
        if os.environ.get("CI") == "true":
            raise AssertionError("%s is not installed" % program)
        raise Skip("%s is not installed" % program)


def cert(name):
    return os.path.join(CERTS, name)


class Proc:
    """A program whose stdout and stderr are read line by line in threads."""

    def __init__(self, args, env=None, stdin=subprocess.PIPE):
        self.args = args
        self.proc = subprocess.Popen(args, stdin=stdin, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, env=env)
        self.out = queue.Queue()
        self.lines = []
        self.err_lines = []
        self.raw = bytearray()
        self.eof = 0
        # Readers notify each line as it comes, so waiting needs no polling.
        self.arrived = threading.Condition()
        threading.Thread(target=self._read, args=(self.proc.stdout, self.lines, True),
                         daemon=True).start()
        threading.Thread(target=self._read, args=(self.proc.stderr, self.err_lines, False),
                         daemon=True).start()

    def _read(self, pipe, lines, keep_raw):
        for line in iter(pipe.readline, b""):
            with self.arrived:
                if keep_raw:
                    self.raw += line
                lines.append(line.decode("utf-8", "replace").rstrip("\r\n"))
                self.arrived.notify_all()
        with self.arrived:
            self.eof += 1
            self.arrived.notify_all()

    def send(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def close_stdin(self):
        self.proc.stdin.close()

    def wait_line(self, pattern, where="out"):
        """The first line matching pattern, waiting at most TIMEOUT."""
        lines = self.lines if where == "out" else self.err_lines
        regex = re.compile(pattern)
        deadline = time.monotonic() + TIMEOUT
        with self.arrived:
            while True:
                for line in lines:
                    match = regex.search(line)
                    if match:
                        return match
                left = deadline - time.monotonic()
                if left <= 0 or self.eof == 2:
                    break
                self.arrived.wait(left)
        raise AssertionError("no line matching %r from %s; got:\n%s" % (
            pattern, os.path.basename(self.args[0]), "\n".join(lines)))

    def wait_exit(self):
        return self.proc.wait(timeout=TIMEOUT)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_listening(port):
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.02)
    raise AssertionError("nothing listens on %d" % port)


def wait_listening_quietly(port):
    """As wait_listening, without a probe connection, for peers that serve
    only one: the socket is seen listening in /proc/net/tcp."""
    wanted = ":%04X " % port
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        with open("/proc/net/tcp") as table:
            for row in table.readlines()[1:]:
                fields = row.split()
                if (fields[1] + " ").endswith(wanted) and fields[3] == "0A":
                    return
        time.sleep(0.02)
    raise AssertionError("nothing listens on %d" % port)


def tls_server(env, *args):
    server = Proc([SERVER, "--headless", "--listen", "127.0.0.1:0", "--tls"] + list(args),
                  env=env)
    port = int(server.wait_line(r"listening on 127\.0\.0\.1:(\d+) .*\(tls\)").group(1))
    return server, port


def openssl_fingerprint(path):
    out = subprocess.run(["openssl", "x509", "-noout", "-fingerprint", "-sha256", "-in", path],
                         capture_output=True, check=True, timeout=TIMEOUT).stdout.decode()
    return out.strip().split("=", 1)[1]


def s_client(port, *args):
    return Proc(["openssl", "s_client", "-connect", "127.0.0.1:%d" % port, "-quiet",
                 "-no_ign_eof"] + list(args))


# Tests


def test_self_signed_with_s_client(env):
    """The server makes its certificate once, prints the fingerprint openssl
    prints, keeps it, and talks with openssl s_client both ways."""
    server, port = tls_server(env, "--tls-self-signed")
    try:
        match = server.wait_line(r"tls certificate .*" + FINGERPRINT.pattern +
                                 r" \(self-signed, kept in (\S+)\)")
        fingerprint, path = match.group(1), match.group(2)
        assert path.startswith(env["XDG_DATA_HOME"]), path
        assert openssl_fingerprint(path) == fingerprint
        assert os.stat(path).st_mode & 0o777 == 0o600

        peer = s_client(port)
        peer.send(b"hello from openssl\n")
        server.wait_line(r"\[127\.0\.0\.1:\d+\] connected \(TLS 1\.[23], \S+; no client certificate\)")
        server.wait_line(r"\[127\.0\.0\.1:\d+\] < hello from openssl$")
        server.send("hello from tcpchat\n".encode())
        peer.wait_line(r"^hello from tcpchat$")
        peer.close_stdin()
        peer.wait_exit()
        # s_client sends close_notify: an ordinary disconnect.
        server.wait_line(r"disconnected: 127\.0\.0\.1:\d+ closed the connection$")
    finally:
        server.stop()

    again, _ = tls_server(env, "--tls-self-signed")
    try:
        assert again.wait_line(FINGERPRINT.pattern).group(1) == fingerprint
    finally:
        again.stop()


def test_client_with_s_server(env):
    """Our client, trusting the test CA, with openssl s_server; s_server
    ends without close_notify, which is an ordinary end."""
    port = free_port()
    peer = Proc(["openssl", "s_server", "-accept", "127.0.0.1:%d" % port,
                 "-cert", cert("server.pem"), "-key", cert("server-key.pem"), "-quiet"])
    try:
        # Its probe fails the handshake; s_server goes on listening.
        wait_listening(port)
        client = Proc([CLIENT, "--headless", "--connect", "localhost:%d" % port, "--tls",
                       "--tls-ca", cert("ca.pem")], env=env)
        client.wait_line(r"connected to .* \(TLS 1\.[23], \S+; certificate .*CN=localhost",
                         where="err")
        client.send(b"hello from tcpchat\n")
        peer.wait_line(r"^hello from tcpchat$")
        peer.send(b"hello from openssl\n")
        client.wait_line(r"^hello from openssl$")
        peer.proc.kill()
        assert client.wait_exit() == 0, client.err_lines
    finally:
        peer.stop()


def test_close_notify(env):
    """Our client's end of input closes its sending side with close_notify:
    a Python ssl server that treats an EOF without it as an error reads a
    clean end, then the client sees the server's as an ordinary one."""
    import ssl
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert("server.pem"), cert("server-key.pem"))
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(TIMEOUT)
    result = {}

    def serve():
        conn, _ = listener.accept()
        with context.wrap_socket(conn, server_side=True, suppress_ragged_eofs=False) as tls:
            tls.settimeout(TIMEOUT)
            data = b""
            try:
                while True:
                    chunk = tls.recv(4096)
                    if not chunk:
                        break
                    data += chunk
                result["data"] = data
            except ssl.SSLEOFError as error:
                result["error"] = error
            tls.sendall(b"goodbye\n")
            tls.unwrap()

    thread = threading.Thread(target=serve)
    thread.start()
    try:
        client = Proc([CLIENT, "--headless", "--connect", "localhost:%d" % listener.getsockname()[1],
                       "--tls", "--tls-ca", cert("ca.pem")], env=env)
        client.send(b"bye\n")
        client.close_stdin()
        assert client.wait_exit() == 0, client.err_lines
        thread.join(TIMEOUT)
        assert "error" not in result, result
        assert result.get("data") == b"bye\n", result
        client.wait_line(r"^goodbye$")
    finally:
        listener.close()


def test_mutual_with_s_client(env):
    server, port = tls_server(env, "--tls-cert", cert("server.pem"), "--tls-key",
                              cert("server-key.pem"), "--tls-client-ca", cert("ca.pem"))
    try:
        peer = s_client(port, "-cert", cert("client.pem"), "-key", cert("client-key.pem"))
        peer.send(b"mutual\n")
        server.wait_line(r"connected \(TLS .*; client certificate .*CN=tcpchat test client")
        server.wait_line(r"< mutual$")
        peer.close_stdin()
        peer.wait_exit()

        anonymous = s_client(port)
        anonymous.send(b"anonymous\n")
        server.wait_line(r"rejected: 127\.0\.0\.1:\d+ showed no client certificate, "
                         r"which this server requires")
        anonymous.stop()
        assert not any("< anonymous" in line for line in server.lines)
    finally:
        server.stop()


def test_pkcs12_with_s_client(env):
    server, port = tls_server(env, "--tls-cert", cert("server.p12"), "--tls-password-file",
                              cert("password.txt"))
    try:
        assert server.wait_line(FINGERPRINT.pattern).group(1) == \
            openssl_fingerprint(cert("server.pem"))
        peer = s_client(port, "-CAfile", cert("ca.pem"), "-verify_return_error",
                        "-verify_hostname", "localhost")
        peer.send(b"pkcs12\n")
        server.wait_line(r"< pkcs12$")
        peer.close_stdin()
        assert peer.wait_exit() == 0
    finally:
        server.stop()


def test_client_trust(env):
    """Untrusted: exit 1 with the reason and the fingerprint; the pin in any
    case, with or without colons, is accepted; --tls-insecure warns."""
    server, port = tls_server(env, "--tls-cert", cert("server-combined.pem"))
    try:
        fingerprint = openssl_fingerprint(cert("server.pem"))
        address = "127.0.0.1:%d" % port

        untrusted = Proc([CLIENT, "--headless", "--connect", address, "--tls"], env=env)
        untrusted.close_stdin()
        assert untrusted.wait_exit() == 1
        untrusted.wait_line(r"not trusted: it is signed by an unknown CA .*" +
                            re.escape(fingerprint), where="err")

        wrong = Proc([CLIENT, "--headless", "--connect", address, "--tls", "--tls-pin",
                      openssl_fingerprint(cert("expired.pem"))], env=env)
        wrong.close_stdin()
        assert wrong.wait_exit() == 1
        wrong.wait_line(r"does not match the pinned fingerprint", where="err")

        for pin in (fingerprint, fingerprint.replace(":", "").lower()):
            pinned = Proc([CLIENT, "--headless", "--connect", address, "--tls", "--tls-pin", pin],
                          env=env)
            pinned.send(b"pinned\n")
            pinned.close_stdin()
            server.wait_line(r"< pinned$")
            server.lines.clear()

        insecure = Proc([CLIENT, "--headless", "--connect", address, "--tls", "--tls-insecure"],
                        env=env)
        insecure.close_stdin()
        insecure.wait_line(r"warning: --tls-insecure", where="err")
        insecure.wait_line(r"connected to", where="err")
        insecure.stop()
    finally:
        server.stop()


def test_plaintext_mismatch(env):
    """A plaintext client on a TLS port, and a TLS client on a plaintext
    port that answers in plain text."""
    server, port = tls_server(env, "--tls-cert", cert("server-combined.pem"))
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as sock:
            sock.sendall(b"plain text\n")
            server.wait_line(r"rejected: .*the peer does not speak TLS")
            assert sock.recv(100) == b""
    finally:
        server.stop()

    plain = Proc([SERVER, "--headless", "--listen", "127.0.0.1:0"], env=env)
    try:
        port = int(plain.wait_line(r"listening on 127\.0\.0\.1:(\d+)").group(1))
        client = Proc([CLIENT, "--headless", "--connect", "127.0.0.1:%d" % port, "--tls",
                       "--tls-insecure"], env=env)
        plain.wait_line(r"\] connected$")
        plain.send(b"plain greeting\n")
        assert client.wait_exit() == 1
        client.wait_line(r"the peer does not speak TLS", where="err")
    finally:
        plain.stop()


def test_handshake_timeout(env):
    server, port = tls_server(env, "--tls-cert", cert("server-combined.pem"),
                              "--tls-handshake-timeout", "300")
    try:
        start = time.monotonic()
        with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as sock:
            assert sock.recv(100) == b""
        elapsed = time.monotonic() - start
        assert 0.25 <= elapsed < 5, elapsed
        server.wait_line(r"rejected: 127\.0\.0\.1:\d+ did not finish the TLS handshake "
                         r"within 0\.3 s \(handshake timeout\)")
    finally:
        server.stop()


def relay_run(env, tls):
    """Two clients in a relay room; what the receiver gets from the sender."""
    server_args = ["--tls", "--tls-cert", cert("server-combined.pem")] if tls else []
    client_args = ["--tls", "--tls-ca", cert("ca.pem")] if tls else []
    server = Proc([SERVER, "--headless", "--listen", "127.0.0.1:0", "--relay"] + server_args,
                  env=env)
    try:
        port = int(server.wait_line(r"listening on 127\.0\.0\.1:(\d+)").group(1))
        address = "localhost:%d" % port
        receiver = Proc([CLIENT, "--headless", "--connect", address] + client_args, env=env)
        server.wait_line(r"\] connected")
        payload = ("plain line\n" "UTF-8 你好 🎉\n" "crlf line\r\n" "tab\there\n" +
                   "x" * 20000 + "\n" "no newline at end").encode()
        sender = Proc([CLIENT, "--headless", "--connect", address] + client_args, env=env)
        sender.send(payload)
        sender.close_stdin()
        assert sender.wait_exit() in (0, 1)
        receiver.wait_line(r"no newline at end$")
        receiver.close_stdin()
        receiver.wait_exit()
        return re.sub(rb"\[127\.0\.0\.1:\d+\]", b"[peer]", bytes(receiver.raw))
    finally:
        server.stop()


def test_relay_byte_exact(env):
    """The relay over TLS gives the receiver the same bytes as over TCP."""
    plain = relay_run(env, False)
    tls = relay_run(env, True)
    assert b"[peer] UTF-8 \xe4\xbd\xa0\xe5\xa5\xbd" in plain, plain[:200]
    assert tls == plain, (tls[:300], plain[:300])


def test_missing_glib_networking(env):
    """Without a TLS backend: a plain sentence, exit 2."""
    bare = dict(env, GIO_MODULE_DIR=tempfile.mkdtemp(dir=env["XDG_DATA_HOME"]))
    bare["GIO_EXTRA_MODULES"] = ""
    for program, args in ((SERVER, ["--listen", "127.0.0.1:0", "--tls-self-signed"]),
                          (CLIENT, ["--connect", "127.0.0.1:1"])):
        run = subprocess.run([program, "--headless", "--tls"] + args, env=bare,
                             capture_output=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL)
        assert run.returncode == 2, (run.returncode, run.stderr)
        assert b"TLS support is not installed (glib-networking)" in run.stderr, run.stderr


def test_bad_credentials(env):
    cases = [
        (SERVER, ["--tls-cert", cert("server.pem"), "--tls-key",
                  cert("server-key-encrypted.pem")], r"is encrypted.*PKCS#12"),
        (SERVER, ["--tls"], r"--tls needs a certificate"),
        (SERVER, ["--tls-cert", cert("server.p12")], r"--tls-password-file"),
        (CLIENT, ["--tls-pin", "12:34"], r"is not a SHA-256 fingerprint"),
        (CLIENT, ["--tls-insecure", "--tls-pin", "00" * 32], r"--tls-insecure"),
    ]
    for program, args, words in cases:
        if "--tls" not in args:
            args = ["--tls"] + args
        run = subprocess.run([program, "--headless"] + args, env=env, capture_output=True,
                             timeout=TIMEOUT, stdin=subprocess.DEVNULL)
        assert run.returncode == 2, (args, run.returncode, run.stderr)
        assert re.search(words, run.stderr.decode()), (args, run.stderr)

    run = subprocess.run([SERVER, "--headless", "--tls-self-signed"], env=env,
                         capture_output=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL)
    assert run.returncode == 2 and b"--tls-self-signed needs --tls" in run.stderr, run.stderr


def test_client_auth_needs_ca(env):
    """Asking for client certificates with no CA to check them against is
    refused before listening, in one line, as the window refuses it."""
    for mode in ("request", "require"):
        run = subprocess.run([SERVER, "--headless", "--listen", "127.0.0.1:0", "--tls",
                              "--tls-self-signed", "--tls-client-auth", mode],
                             env=env, capture_output=True, timeout=TIMEOUT,
                             stdin=subprocess.DEVNULL)
        assert run.returncode == 2, (mode, run.returncode, run.stderr)
        lines = run.stderr.decode().splitlines()
        assert len(lines) == 1, (mode, lines)
        assert re.search(r"--tls-client-auth %s needs --tls-client-ca FILE" % mode, lines[0]), \
            (mode, lines)
        assert not run.stdout, (mode, run.stdout)


def exchange_with_our_client(env, peer, port, host="localhost"):
    """Our client, trusting the test CA, against a TLS server peer already
    listening on port: a line each way, then the peer is stopped."""
    try:
        wait_listening_quietly(port)
        client = Proc([CLIENT, "--headless", "--connect", "%s:%d" % (host, port), "--tls",
                       "--tls-ca", cert("ca.pem")], env=env)
        client.wait_line(r"connected to .* \(TLS 1\.[23], \S+; certificate .*CN=localhost",
                         where="err")
        client.send(b"hello from tcpchat\n")
        peer.wait_line(r"^hello from tcpchat$")
        peer.send(b"hello from the peer\n")
        client.wait_line(r"^hello from the peer$")
        client.close_stdin()
        assert client.wait_exit() == 0, client.err_lines
    finally:
        peer.stop()


def exchange_with_our_server(env, make_peer):
    """A TLS client peer, trusting the test CA, against our server: a line
    each way, then the peer's end is an ordinary disconnect."""
    server, port = tls_server(env, "--tls-cert", cert("server-combined.pem"))
    try:
        peer = make_peer(port)
        server.wait_line(r"\[127\.0\.0\.1:\d+\] connected \(TLS 1\.[23], ")
        peer.send(b"hello from the peer\n")
        server.wait_line(r"\[127\.0\.0\.1:\d+\] < hello from the peer$")
        server.send(b"hello from tcpchat\n")
        peer.wait_line(r"^hello from tcpchat$")
        peer.close_stdin()
        peer.wait_exit()
        server.wait_line(r"disconnected: 127\.0\.0\.1:\d+ closed the connection$")
    finally:
        server.stop()


def test_socat(env):
    """socat OPENSSL-LISTEN as the server of our client, and socat OPENSSL
    (checking the certificate against the CA and the name) as a client of
    our server."""
    require("socat")
    port = free_port()
    peer = Proc(["socat", "OPENSSL-LISTEN:%d,bind=127.0.0.1,reuseaddr,cert=%s,verify=0"
                 % (port, cert("server-combined.pem")), "STDIO"])
    exchange_with_our_client(env, peer, port, "127.0.0.1")
    exchange_with_our_server(env, lambda port: Proc([
        "socat", "STDIO", "OPENSSL:localhost:%d,pf=ip4,cafile=%s,verify=1" % (port, cert("ca.pem"))]))


def test_ncat(env):
    """ncat --ssl as the server of our client, and ncat --ssl-verify as a
    client of our server."""
    require("ncat")
    port = free_port()
    peer = Proc(["ncat", "--ssl", "--ssl-cert", cert("server.pem"), "--ssl-key",
                 cert("server-key.pem"), "--listen", "127.0.0.1", str(port)])
    exchange_with_our_client(env, peer, port, "127.0.0.1")
    exchange_with_our_server(env, lambda port: Proc([
        "ncat", "--ssl", "--ssl-verify", "--ssl-trustfile", cert("ca.pem"), "localhost", str(port)]))


def test_python_ssl_client(env):
    """Python's ssl module as a client of our server: the default context
    (CA and host name checked), a line each way, and close_notify both ways
    (an EOF without it would raise with suppress_ragged_eofs off)."""
    import ssl
    server, port = tls_server(env, "--tls-cert", cert("server-combined.pem"))
    try:
        context = ssl.create_default_context(cafile=cert("ca.pem"))
        with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as raw:
            with context.wrap_socket(raw, server_hostname="localhost",
                                     suppress_ragged_eofs=False) as tls:
                tls.sendall(b"hello from python\n")
                server.wait_line(r"< hello from python$")
                server.send(b"hello from tcpchat\n")
                data = b""
                while not data.endswith(b"\n"):
                    chunk = tls.recv(4096)
                    assert chunk, data
                    data += chunk
                assert data == b"hello from tcpchat\n", data
                tls.unwrap()
        server.wait_line(r"disconnected: 127\.0\.0\.1:\d+ closed the connection$")
    finally:
        server.stop()


def test_client_certificate_to_s_server(env):
    """Our client presents its certificate, PEM or PKCS#12 with its
    password, to an openssl s_server that requires one from the test CA."""
    for identity in (["--tls-cert", cert("client.pem"), "--tls-key", cert("client-key.pem")],
                     ["--tls-cert", cert("client.p12"), "--tls-password-file",
                      cert("password.txt")]):
        port = free_port()
        peer = Proc(["openssl", "s_server", "-accept", "127.0.0.1:%d" % port,
                     "-cert", cert("server.pem"), "-key", cert("server-key.pem"),
                     "-Verify", "1", "-CAfile", cert("ca.pem"), "-verify_return_error",
                     "-quiet"])
        try:
            wait_listening(port)
            client = Proc([CLIENT, "--headless", "--connect", "localhost:%d" % port, "--tls",
                           "--tls-ca", cert("ca.pem")] + identity, env=env)
            client.wait_line(r"connected to ", where="err")
            client.send(b"with a client certificate\n")
            peer.wait_line(r"^with a client certificate$")
            client.close_stdin()
            client.wait_exit()
        finally:
            peer.stop()


def exchange_run(env, tls, server_args, client_args, client_input, reply, wait_for):
    """One client sends client_input and the server reply, both with the
    given options; what each printed of the other's messages."""
    server_tls = ["--tls", "--tls-cert", cert("server-combined.pem")] if tls else []
    client_tls = ["--tls", "--tls-ca", cert("ca.pem")] if tls else []
    server = Proc([SERVER, "--headless", "--listen", "127.0.0.1:0"] + server_tls + server_args,
                  env=env)
    try:
        port = int(server.wait_line(r"listening on 127\.0\.0\.1:(\d+)").group(1))
        client = Proc([CLIENT, "--headless", "--connect", "localhost:%d" % port] + client_tls +
                      client_args, env=env)
        server.wait_line(r"\] connected")
        client.send(client_input)
        server.wait_line(wait_for)
        server.send(reply)
        client.wait_line(r".")
        client.close_stdin()
        client.wait_exit()
        got = [re.sub(r"^\S+ \[127\.0\.0\.1:\d+\] ", "", line) for line in server.lines
               if re.search(r"\] < ", line)]
        return got, bytes(client.raw)
    finally:
        server.stop()


def test_framing_hex_encoding_over_tls(env):
    """Length-prefixed frames in hex, and GB18030 text, arrive over TLS as
    over TCP."""
    cases = [
        (["--framing", "length:u16be", "--hex"], ["--framing", "length:u16be", "--hex"],
         b"48 65 6C 6C 6F\n00 FF 0A\n", b"01 02 03\n", r"< 00 FF 0A"),
        (["--encoding", "GB18030"], ["--encoding", "GB18030"],
         "你好 over the wire\n".encode(), "再见\n".encode(), r"< 你好 over the wire$"),
    ]
    for server_args, client_args, data, reply, wait_for in cases:
        plain = exchange_run(env, False, server_args, client_args, data, reply, wait_for)
        tls = exchange_run(env, True, server_args, client_args, data, reply, wait_for)
        assert plain[0] and plain[1], (server_args, plain)
        assert tls == plain, (server_args, tls, plain)


TESTS = [
    test_self_signed_with_s_client,
    test_client_with_s_server,
    test_close_notify,
    test_mutual_with_s_client,
    test_pkcs12_with_s_client,
    test_client_trust,
    test_plaintext_mismatch,
    test_handshake_timeout,
    test_relay_byte_exact,
    test_missing_glib_networking,
    test_bad_credentials,
    test_client_auth_needs_ca,
    test_socat,
    test_ncat,
    test_python_ssl_client,
    test_client_certificate_to_s_server,
    test_framing_hex_encoding_over_tls,
]


def main():
    if shutil.which("openssl") is None:
        print("1..0 # SKIP openssl is not installed")
        return 0 if os.environ.get("CI") != "true" else 1

    data_home = tempfile.mkdtemp(prefix="tcpchat-tls-")
    env = dict(os.environ, XDG_DATA_HOME=data_home, LC_ALL="C.UTF-8", LANGUAGE="")
    failed = 0
    print("1..%d" % len(TESTS))
    try:
        for number, test in enumerate(TESTS, 1):
            try:
                test(env)
                print("ok %d %s" % (number, test.__name__))
            except Skip as reason:
                print("ok %d %s # SKIP %s" % (number, test.__name__, reason))
            except Exception as error:  # noqa: BLE001: reported as TAP
                failed += 1
                print("not ok %d %s" % (number, test.__name__))
                for line in ("%s: %s" % (type(error).__name__, error)).splitlines():
                    print("# " + line)
            sys.stdout.flush()
    finally:
        shutil.rmtree(data_home, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
