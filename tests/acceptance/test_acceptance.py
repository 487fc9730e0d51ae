"""Acceptance tests: the built tcpchat-server and tcpchat-client windows, used
the way a person uses them.

Runs in a private Xvfb and D-Bus session. Keys and clicks go through X
(xdotool); what the windows show is read through the accessibility tree
(AT-SPI). Prints TAP. Screenshots of the key moments go to the working
directory (the build directory when run by meson test).
"""
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The tcpchat authors

import os
import re
import socket
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness  # noqa: E402
from harness import Harness, Tap, closed_port, free_port  # noqa: E402

# Windows are 640x400 (or their minimum width), in a 2x2 grid on the 1280x800
# screen; the right column is flush with the screen's right edge, so windows
# wider than 640 overlap their left neighbour a little.
SCREEN_WIDTH = 1280
SIZE = (640, 400)


def place(window, cell):
    width, _ = window.resize(*SIZE)
    x = 0 if cell % 2 == 0 else SCREEN_WIDTH - width
    window.move(x, 400 * (cell // 2))


def start_server(h, port, cell=0, relay=False):
    """Opens a server window, types the port, ticks Relay if asked, clicks
    Start Listen and waits until the status bar says it is listening."""
    server = h.launch("server")
    place(server, cell)
    server.type_into("Port", str(port), role="spin button")
    if relay:
        server.click("check box", "Relay")
        harness.wait_until(
            lambda: server.find("check box", "Relay").get_state_set().contains(
                h.Atspi.StateType.CHECKED),
            5, "the Relay check box to be ticked")
    server.click("push button", "Start Listen")
    server.wait_status(r"^Listening on 127\.0\.0\.1:%d$" % port)
    return server


def open_client(h, cell):
    client = h.launch("client")
    place(client, cell)
    return client


def connect_client(client, host, port):
    """Types host and port into a client window and clicks Connect."""
    client.type_into("Host", host)
    client.type_into("Port", str(port), role="spin button")
    client.click("push button", "Connect")


def local_address(client):
    """The client's own address as its status bar shows it ("127.0.0.1:N")."""
    text = client.wait_status(r"^Local: 127\.0\.0\.1:\d+$")
    return text.split(" ", 1)[1]


def quit_all(*windows):
    for window in windows:
        code = window.quit()
        assert code == 0, "%s exited with %d after Quit" % (window.name, code)


def scenario_used_by_path(h):
    """Start Listen, Connect, a line each way, Disconnect."""
    port = free_port()
    server = start_server(h, port)
    client = open_client(h, 1)
    connect_client(client, "127.0.0.1", port)
    client.wait_status(r"^Connected from 127\.0\.0\.1:\d+$")
    client.wait_status(r"^Socket: ConnectedState$")
    server.wait_status(r"^Clients: 1$")
    server.wait_log(r"Client connected")

    client.type_into("Message", "Hello from the client", enter=True)
    server.wait_log(r"◀ 127\.0\.0\.1:\d+ Hello from the client$")
    client.wait_log(r"▶ 127\.0\.0\.1:%d Hello from the client$" % port)
    # The field is empty again, ready for the next line.
    harness.wait_until(lambda: client.entry_text("Message") == "", 5,
                       "the client's Message field to be emptied after Enter")

    server.type_into("Message", "Hello from the server", enter=True)
    client.wait_log(r"◀ 127\.0\.0\.1:%d Hello from the server$" % port)
    server.wait_log(r"▶ .*Hello from the server$")
    # The counters catch up (they refresh about once a second).
    server.wait_status(r"^In: 22 B · Out: 22 B$")
    client.wait_status(r"^In: 22 B · Out: 22 B$")
    h.screenshot("acceptance-1-chatting")
    # The README's pictures (docs/screenshots) are copies of these two,
    # taken at a size where the log's lines fit.
    server.resize(900, 460)
    client.resize(800, 460)
    client.move(SCREEN_WIDTH - 800, 0)
    h.screenshot("acceptance-1-server", server)
    h.screenshot("acceptance-1-client", client)

    client.click("push button", "Disconnect")
    client.wait_status(r"^Socket: UnconnectedState$")
    client.wait_status(r"^Disconnected by you$")
    server.wait_status(r"^Clients: 0$")
    server.wait_status(r"^Listening on 127\.0\.0\.1:%d$" % port)
    server.wait_log(r"disconnected|Disconnected|closed")
    h.screenshot("acceptance-1-disconnected")
    quit_all(client, server)


def scenario_relay_three_clients(h):
    """Relay on: each client's line reaches the two others; the server
    disconnects one client and that client's window says why."""
    port = free_port()
    server = start_server(h, port, cell=0, relay=True)
    clients = []
    for cell in (1, 2, 3):
        client = open_client(h, cell)
        connect_client(client, "127.0.0.1", port)
        client.wait_status(r"^Socket: ConnectedState$")
        clients.append(client)
    server.wait_status(r"^Clients: 3$")

    for i, sender in enumerate(clients):
        sender.type_into("Message", "line %d from client %d" % (i + 1, i + 1), enter=True)
    for i, sender in enumerate(clients):
        text = "line %d from client %d" % (i + 1, i + 1)
        server.wait_log(r"◀ 127\.0\.0\.1:\d+ %s$" % text)
        for j, receiver in enumerate(clients):
            if j == i:
                receiver.wait_log(r"▶ .*%s$" % text)
            else:
                receiver.wait_log(r"◀ .*%s$" % text)
    h.screenshot("acceptance-2-relay")

    # The person picks the second client in the server's list and clicks
    # Disconnect.
    victim = clients[1]
    address = local_address(victim)
    server.click("label", address)
    server.click("push button", "Disconnect")
    server.wait_status(r"^Clients: 2$")
    victim.wait_status(r"^Socket: UnconnectedState$")
    # Why, in plain words: the server (its address) closed the connection.
    why = r"127\.0\.0\.1:%d closed the connection" % port
    # An ordinary close: the event mark, not the error one.
    reason = victim.wait_log(r"• 127\.0\.0\.1:%d %s$" % (port, why))
    Tap.note("the disconnected client shows: %s" % reason)
    message = victim.status_message()
    assert re.search(why, message), \
        "the client's status bar does not say why it was disconnected: %r" % message
    for other in (clients[0], clients[2]):
        assert other.status_segment("Socket:") == "Socket: ConnectedState", \
            "%s lost its connection too" % other.name
    h.screenshot("acceptance-2-disconnected-by-server")

    # The two others still chat through the relay.
    clients[0].type_into("Message", "still here", enter=True)
    clients[2].wait_log(r"◀ .*still here$")
    quit_all(server, *clients)


def scenario_errors(h):
    """Mistakes a person makes, each shown in words in the window."""
    port = free_port()
    first = start_server(h, port, cell=0)

    second = h.launch("server")
    place(second, 1)
    second.type_into("Port", str(port), role="spin button")
    second.click("push button", "Start Listen")
    text = second.wait_status(r"already in use")
    second.wait_log(r"already in use")
    second.wait_status(r"^Not listening$")
    Tap.note("taken port: %s" % text)

    client = open_client(h, 2)
    refused = closed_port()
    connect_client(client, "127.0.0.1", refused)
    text = client.wait_status(r"^Connection refused by 127\.0\.0\.1:%d" % refused)
    client.wait_log(r"Connection refused")
    Tap.note("closed port: %s" % text)

    connect_client(client, "nonexistent.invalid", port)
    text = client.wait_status(r'^Could not resolve host "?nonexistent\.invalid')
    client.wait_log(r'Could not resolve host "?nonexistent\.invalid')
    Tap.note("unresolvable name: %s" % text)

    connect_client(client, "", port)
    text = client.wait_status(r"^The host is empty")
    client.wait_log(r"The host is empty")
    assert client.status_segment("Socket:") == "Socket: UnconnectedState"
    Tap.note("empty host: %s" % text)
    h.screenshot("acceptance-3-errors")

    # After the mistakes the same window still connects.
    connect_client(client, "127.0.0.1", port)
    client.wait_status(r"^Socket: ConnectedState$")
    first.wait_status(r"^Clients: 1$")
    quit_all(client, second, first)


def scenario_keyboard_and_settings(h):
    """What a person set is there at the next launch; then the whole chat
    with the keyboard alone: shortcuts, Tab and typing, no click."""
    env = {"GSETTINGS_BACKEND": "keyfile",
           "XDG_CONFIG_HOME": tempfile.mkdtemp(prefix="config-", dir=h.artifacts_dir)}
    port = free_port()

    # First run, with the mouse: a port, Relay, a host name.
    server = h.launch("server", env=env)
    place(server, 0)
    server.type_into("Port", str(port), role="spin button")
    server.click("check box", "Relay")
    server.click("push button", "Start Listen")
    server.wait_status(r"^Listening on 127\.0\.0\.1:%d$" % port)
    client = h.launch("client", env=env)
    place(client, 1)
    connect_client(client, "localhost", port)
    client.wait_status(r"^Socket: ConnectedState$")
    quit_all(client, server)

    # Second run: the same settings, nothing typed into them.
    checked = h.Atspi.StateType.CHECKED
    server = h.launch("server", env=env)
    place(server, 0)
    assert server.text_of(server.find("spin button", "Port")) == str(port), \
        "the server's port was not remembered"
    assert server.find("check box", "Relay").get_state_set().contains(checked), \
        "the server's Relay choice was not remembered"
    client = h.launch("client", env=env)
    place(client, 1)
    assert client.entry_text("Host") == "localhost", "the client's host was not remembered"
    assert client.text_of(client.find("spin button", "Port")) == str(port), \
        "the client's port was not remembered"

    server.key("ctrl+l")
    server.wait_status(r"^Listening on 127\.0\.0\.1:%d$" % port)
    client.key("ctrl+Return")
    client.wait_status(r"^Socket: ConnectedState$")
    server.wait_status(r"^Clients: 1$")

    client.tab_to("text", "Message")
    client.type_keys("typed, not clicked", enter=True)
    server.wait_log(r"◀ 127\.0\.0\.1:\d+ typed, not clicked$")
    server.tab_to("text", "Message")
    server.type_keys("answered by keyboard", enter=True)
    client.wait_log(r"◀ 127\.0\.0\.1:%d answered by keyboard$" % port)
    h.screenshot("acceptance-4-keyboard")

    client.key("ctrl+d")
    client.wait_status(r"^Socket: UnconnectedState$")
    server.wait_status(r"^Clients: 0$")
    for window in (client, server):
        window.key("ctrl+q")
        harness.wait_until(lambda: window.proc.poll() is not None, 10,
                           "%s to exit after Ctrl+Q" % window.name)
        assert window.proc.returncode == 0, "%s exited with %d" % (window.name,
                                                                   window.proc.returncode)


def scenario_readme_demo(h):
    """The README's first command, ./quickstart.sh demo: a server window
    listening and a client window connected to it, ready to chat, and no
    stray connection in the server's log."""
    port = free_port()
    top = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    builddir = os.path.dirname(os.path.dirname(os.path.dirname(h.server_path)))
    script = h.run_script("quickstart-demo", [os.path.join(top, "quickstart.sh"), "demo"],
                          env={"ADDRESS": "127.0.0.1:%d" % port, "BUILDDIR": builddir})
    server = h.window_of_child(script, "server", timeout=120)
    client = h.window_of_child(script, "client")
    client.move(SCREEN_WIDTH - client.geometry()[2], 400)

    server.wait_status(r"^Listening on 127\.0\.0\.1:%d$" % port)
    client.wait_status(r"^Socket: ConnectedState$")
    server.wait_status(r"^Clients: 1$")
    client.type_into("Message", "ready out of the box", enter=True)
    server.wait_log(r"◀ 127\.0\.0\.1:\d+ ready out of the box$")
    rows = server.log_lines()
    assert sum("Client connected" in row for row in rows) == 1, rows
    assert not any("Disconnected" in row for row in rows), rows
    h.screenshot("acceptance-5-demo")

    # Quitting the client ends the demo, and the server with it; the demo's
    # status is the client's (its own status is not readable from here).
    client.quit()
    harness.wait_until(lambda: script.poll() is not None, 10, "the demo to end")
    assert script.returncode == 0, "quickstart.sh demo exited with %d" % script.returncode
    harness.wait_until(lambda: server.proc.poll() is not None, 10,
                       "the demo's server to end with it")


def read_line(sock, expected, timeout=10):
    """Reads from a plain socket until `expected` and a newline came."""
    sock.settimeout(timeout)
    data = b""
    want = expected.encode() + b"\n"
    while want not in data:
        chunk = sock.recv(4096)
        assert chunk, "the server closed before %r came (got %r)" % (expected, data)
        data += chunk
    return data


def scenario_server_keyboard_only(h):
    """The server side of a chat with the keyboard alone: the port by its
    mnemonic, Ctrl+L, a line and Enter; Tab away into the log and the
    client list, F6 back to the message box; Tab then Enter from the client
    list leaves the client connected."""
    port = free_port()
    focused = h.Atspi.StateType.FOCUSED
    server = h.launch("server")
    place(server, 0)
    server.key("alt+p")
    server.key("ctrl+a")
    server.type_keys(str(port))
    server.key("ctrl+l")
    server.wait_status(r"^Listening on 127\.0\.0\.1:%d$" % port)

    peer = socket.create_connection(("127.0.0.1", port), timeout=10)
    try:
        server.wait_status(r"^Clients: 1$")
        message = server.find("text", "Message")
        harness.wait_until(lambda: server.has_state(message, focused), 5,
                           "the message box to have the keyboard once a client came")
        server.type_keys("first by keyboard", enter=True)
        read_line(peer, "first by keyboard")

        # Away from the message box, then F6 brings the keyboard back.
        server.key("shift+Tab", "shift+Tab", "shift+Tab", "shift+Tab")
        harness.wait_until(lambda: not server.has_state(message, focused), 5,
                           "Shift+Tab to leave the message box")
        server.key("F6")
        harness.wait_until(lambda: server.has_state(message, focused), 5,
                           "F6 to bring the keyboard to the message box")
        server.type_keys("second after F6", enter=True)
        read_line(peer, "second after F6")

        # The client selected with the keyboard, then Tab and Enter: the
        # keyboard never lands on Disconnect.
        clients = server.find("list", "Clients")
        server.key("shift+Tab")
        for _ in range(30):
            if server.has_state(clients, focused) or any(
                    server.has_state(row, focused) for row in _children(clients)):
                break
            server.key("shift+Tab")
        else:
            raise AssertionError("Shift+Tab never reached the client list")
        server.key("Down", "Tab", "Return")
        server.key("F6")
        harness.wait_until(lambda: server.has_state(message, focused), 5,
                           "F6 to bring the keyboard back again")
        server.type_keys("still connected", enter=True)
        read_line(peer, "still connected")
        server.wait_log(r"▶ 127\.0\.0\.1:\d+ still connected$")
        h.screenshot("acceptance-6-server-keyboard")
    finally:
        peer.close()
    server.wait_status(r"^Clients: 0$")
    server.key("ctrl+q")
    harness.wait_until(lambda: server.proc.poll() is not None, 10, "the server to exit")
    assert server.proc.returncode == 0, "the server exited with %d" % server.proc.returncode


def _children(node):
    return [node.get_child_at_index(i) for i in range(node.get_child_count())]


SCENARIOS = [
    ("scenario 1: start, connect, a line each way, disconnect", scenario_used_by_path),
    ("scenario 2: three clients with relay, server disconnects one", scenario_relay_three_clients),
    ("scenario 3: taken port, closed port, unresolvable name, empty host", scenario_errors),
    ("scenario 4: settings kept across runs, then a chat by keyboard alone",
     scenario_keyboard_and_settings),
    ("scenario 5: the README's demo command opens both windows, ready to chat",
     scenario_readme_demo),
    ("scenario 6: the server side of a chat by keyboard alone, F6 and a safe Tab",
     scenario_server_keyboard_only),
]


def main():
    harness.check_requirements()
    harness.ensure_private_bus()
    tap = Tap([name for name, _ in SCENARIOS])
    h = Harness(os.environ.get("TCPCHAT_ARTIFACTS_DIR", os.getcwd()))
    try:
        for name, func in SCENARIOS:
            h.run_test(tap, name, func)
    finally:
        h.close()
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
