"""Black-box harness: run the real tcpchat programs in a private X server and
D-Bus session, drive them with xdotool and read them through AT-SPI.

Used by the acceptance and interop suites. Every wait has a deadline and names
what it waited for; every process started here is cleaned up at exit, even when
a test fails or the run is interrupted.
"""
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The tcpchat authors

import atexit
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback

# The programs under test run with the project's G_DEBUG (warnings are fatal);
# this Python process must not abort on a libatspi warning, so take it out of
# our own environment before GLib is loaded.
CHILD_G_DEBUG = os.environ.pop("G_DEBUG", None)

REQUIRED_TOOLS = ["Xvfb", "xdpyinfo", "xprop", "xdotool", "import", "dbus-run-session"]
PRIVATE_BUS_MARK = "TCPCHAT_HARNESS_PRIVATE_BUS"

DEFAULT_TIMEOUT = 15.0


class Skip(Exception):
    """The suite cannot run here (a tool is missing outside CI)."""


def missing_requirement(what):
    """Fails loudly in CI, skips the whole suite elsewhere (TAP '1..0 # SKIP')."""
    if os.environ.get("CI") == "true":
        print("Bail out! %s (CI=true: a missing tool is a failure)" % what)
        sys.stdout.flush()
        sys.exit(1)
    print("1..0 # SKIP %s" % what)
    sys.stdout.flush()
    sys.exit(0)


def check_requirements(extra_tools=()):
    """Checks the tools and Python modules the harness needs."""
    for tool in REQUIRED_TOOLS + list(extra_tools):
        if shutil.which(tool) is None:
            missing_requirement("%s not found" % tool)
    for var in ("TCPCHAT_SERVER", "TCPCHAT_CLIENT"):
        path = os.environ.get(var)
        if not path or not os.access(path, os.X_OK):
            missing_requirement("%s does not name a built program (run through meson test)" % var)
    try:
        import gi
        gi.require_version("Atspi", "2.0")
        from gi.repository import Atspi  # noqa: F401
    except (ImportError, ValueError) as error:
        missing_requirement("python3-gi with gir1.2-atspi-2.0 needed: %s" % error)


TAP_FD_VARIABLE = "TCPCHAT_TAP_FD"


def ensure_private_bus():
    """Re-executes this script under its own dbus-run-session, once, with its
    own XDG_RUNTIME_DIR.

    The accessibility bus launcher puts its socket at
    $XDG_RUNTIME_DIR/at-spi/bus, or ~/.cache/at-spi/bus without it: shared by
    every session of the user, so another test run ending removes the socket
    under our programs (GTK then fails with a critical, fatal here)."""
    if os.environ.get(PRIVATE_BUS_MARK) == "1":
        runtime_dir = os.environ.get("XDG_RUNTIME_DIR", "")
        if os.path.basename(runtime_dir).startswith("tcpchat-harness-"):
            atexit.register(shutil.rmtree, runtime_dir, True)
        tap_fd = os.environ.pop(TAP_FD_VARIABLE, None)
        if tap_fd is not None:
            sys.stdout = os.fdopen(int(tap_fd), "w", buffering=1)
        return
    env = dict(os.environ)
    env[PRIVATE_BUS_MARK] = "1"
    # The session's services (the accessibility registry says "SpiRegistry
    # daemon is running...") write to the stdout they inherit: that becomes
    # stderr, and the TAP stream goes on in a descriptor of its own.
    sys.stdout.flush()
    tap_fd = os.dup(1)
    os.set_inheritable(tap_fd, True)
    os.dup2(2, 1)
    env[TAP_FD_VARIABLE] = str(tap_fd)
    env["XDG_RUNTIME_DIR"] = tempfile.mkdtemp(prefix="tcpchat-harness-")
    if CHILD_G_DEBUG is not None:
        env["G_DEBUG"] = CHILD_G_DEBUG
    sys.stdout.flush()
    os.execvpe("dbus-run-session",
               ["dbus-run-session", "--", sys.executable] + sys.argv, env)


class WaitTimeout(AssertionError):
    pass


def wait_until(cond, timeout, what, interval=0.05):
    """Polls cond() until it returns something true; returns that value.

    Raises WaitTimeout naming `what` (and the last error cond raised, if any)
    once `timeout` seconds have passed.
    """
    deadline = time.monotonic() + timeout
    last_error = None
    while True:
        try:
            value = cond()
            if value:
                return value
        except Exception as error:  # AT-SPI calls fail while a tree changes
            last_error = error
        if time.monotonic() >= deadline:
            detail = "" if last_error is None else " (last error: %s)" % last_error
            raise WaitTimeout("timed out after %.1f s waiting for %s%s"
                              % (timeout, what, detail))
        time.sleep(interval)


def free_port():
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def closed_port():
    """A port on 127.0.0.1 where nothing listens (bound, never listened)."""
    return free_port()


class Tap:
    """Minimal TAP producer: plan first, one line per test, diagnostics as '#'."""

    def __init__(self, names):
        self.count = 0
        self.failed = 0
        print("1..%d" % len(names))
        sys.stdout.flush()

    def run(self, name, func, *args):
        self.count += 1
        start = time.monotonic()
        try:
            func(*args)
        except Exception:
            self.failed += 1
            print("not ok %d - %s" % (self.count, name))
            for line in traceback.format_exc().splitlines():
                print("# " + line)
        else:
            print("ok %d - %s # %.1f s" % (self.count, name, time.monotonic() - start))
        sys.stdout.flush()

    @staticmethod
    def note(text):
        for line in str(text).splitlines():
            print("# " + line)
        sys.stdout.flush()


class Processes:
    """Child processes, each in its own process group, ended at exit."""

    def __init__(self, log_dir):
        self.log_dir = log_dir
        self.children = []
        atexit.register(self.stop_all)

    def start(self, name, argv, env=None, stdin=subprocess.DEVNULL,
              stdout=None, pass_fds=()):
        log_path = os.path.join(self.log_dir, "%s.log" % name)
        log = open(log_path, "wb")
        proc = subprocess.Popen(argv, env=env, stdin=stdin,
                                stdout=stdout if stdout is not None else log,
                                stderr=log, start_new_session=True,
                                pass_fds=pass_fds)
        log.close()
        proc.tc_name = name
        proc.tc_log = log_path
        self.children.append(proc)
        return proc

    @staticmethod
    def stop(proc, timeout=5.0):
        """Ends one child (SIGTERM, then SIGKILL) and its process group."""
        if proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            pass
        for stream in (proc.stdin, proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()

    def stop_all(self):
        while self.children:
            self.stop(self.children.pop())


def _sigterm_to_exit(signum, frame):
    raise SystemExit(128 + signum)


class Display:
    """A private Xvfb; DISPLAY is set in os.environ while it runs."""

    def __init__(self, procs):
        read_fd, write_fd = os.pipe()
        self.proc = procs.start("xvfb", [
            "Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1280x800x24",
            "-nolisten", "tcp", "-noreset"], pass_fds=(write_fd,))
        os.close(write_fd)
        number = b""
        deadline = time.monotonic() + 20
        os.set_blocking(read_fd, False)
        while not number.endswith(b"\n"):
            if time.monotonic() > deadline or self.proc.poll() is not None:
                os.close(read_fd)
                raise RuntimeError("Xvfb did not report its display number (see %s)"
                                   % self.proc.tc_log)
            try:
                chunk = os.read(read_fd, 16)
                if not chunk:
                    break
                number += chunk
            except BlockingIOError:
                time.sleep(0.02)
        os.close(read_fd)
        self.name = ":" + number.decode().strip()
        os.environ["DISPLAY"] = self.name
        wait_until(lambda: subprocess.run(["xdpyinfo"], stdout=subprocess.DEVNULL,
                                          stderr=subprocess.DEVNULL).returncode == 0,
                   20, "Xvfb on %s to answer xdpyinfo" % self.name, interval=0.1)

    def screenshot(self, path):
        subprocess.run(["import", "-window", "root", path], check=True, timeout=30)


def _keyboard_runs(text):
    """Splits text into runs that are all ASCII (typed on the keyboard) or
    all other characters (committed like an input method's text)."""
    return [m.group(0) for m in re.finditer(r"[\x00-\x7f]+|[^\x00-\x7f]+", text)]


def xdotool(*args, timeout=10):
    result = subprocess.run(["xdotool"] + [str(a) for a in args], capture_output=True,
                            text=True, timeout=timeout)
    if result.returncode != 0:
        raise RuntimeError("xdotool %s failed: %s" % (" ".join(map(str, args)),
                                                      result.stderr.strip()))
    return result.stdout


class Harness:
    """One X server, the AT-SPI connection and helpers for windows of the programs."""

    def __init__(self, artifacts_dir):
        signal.signal(signal.SIGTERM, _sigterm_to_exit)
        signal.signal(signal.SIGINT, _sigterm_to_exit)
        self.artifacts_dir = artifacts_dir
        os.makedirs(artifacts_dir, exist_ok=True)
        for old in os.listdir(artifacts_dir):
            if old.startswith("FAILED-") and old.endswith(".png"):
                os.remove(os.path.join(artifacts_dir, old))
        # Two sets so that the programs can be ended between tests while the
        # X server stays; at exit, the programs go first (atexit runs last in,
        # first out).
        self.infra = Processes(artifacts_dir)
        self.procs = Processes(artifacts_dir)
        self.display = Display(self.infra)
        self.server_path = os.environ["TCPCHAT_SERVER"]
        self.client_path = os.environ["TCPCHAT_CLIENT"]
        import gi
        gi.require_version("Atspi", "2.0")
        from gi.repository import Atspi
        self.Atspi = Atspi
        self.launched = 0
        self.next_x = 0
        self._start_accessibility_bus()

    def _start_accessibility_bus(self):
        """Starts the session's accessibility bus before any program does.

        Otherwise the first program launched activates it itself, and on a
        slow machine (a sanitizer build under load) its D-Bus registration
        can meet the bus launcher still starting and fail."""
        from gi.repository import Gio, GLib

        def address():
            bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
            reply = bus.call_sync("org.a11y.Bus", "/org/a11y/bus", "org.a11y.Bus",
                                  "GetAddress", None, GLib.VariantType("(s)"),
                                  Gio.DBusCallFlags.NONE, 10000, None)
            return reply.unpack()[0]

        bus_address = wait_until(address, 30, "the accessibility bus to answer", interval=0.2)

        # The registry on that bus is started on first use too. A program
        # that meets it still starting can see it vanish without a reply to
        # its registration, and GTK then fails with a critical.
        def registry():
            flags = (Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT
                     | Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION)
            connection = Gio.DBusConnection.new_for_address_sync(bus_address, flags, None, None)
            try:
                connection.call_sync("org.a11y.atspi.Registry", "/org/a11y/atspi/registry",
                                     "org.freedesktop.DBus.Peer", "Ping", None, None,
                                     Gio.DBusCallFlags.NONE, 10000, None)
            finally:
                connection.close_sync(None)
            return True

        wait_until(registry, 30, "the accessibility registry to answer", interval=0.2)

    def close_programs(self):
        """Ends every program started by launch() or start()."""
        self.procs.stop_all()

    def close(self):
        self.procs.stop_all()
        self.infra.stop_all()

    def run_test(self, tap, name, func, *args):
        """Runs one test through tap; on failure saves a screenshot; always
        ends the programs the test started."""
        def wrapped():
            try:
                func(self, *args)
            except BaseException:
                safe = re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-")[:60]
                try:
                    self.screenshot("FAILED-" + safe)
                except Exception as error:
                    Tap.note("no failure screenshot: %s" % error)
                raise
            finally:
                self.close_programs()
        tap.run(name, wrapped)

    def child_env(self, a11y=True):
        env = dict(os.environ)
        env.pop(PRIVATE_BUS_MARK, None)
        env.pop("NO_AT_BRIDGE", None)
        env.pop("GTK_A11Y", None)
        if not a11y:
            env["GTK_A11Y"] = "none"
        if CHILD_G_DEBUG is not None:
            env["G_DEBUG"] = CHILD_G_DEBUG
        env["GDK_BACKEND"] = "x11"
        env["GSK_RENDERER"] = "cairo"
        env["GSETTINGS_BACKEND"] = "memory"
        env["LC_ALL"] = "C.UTF-8"
        return env

    # Processes and windows

    def launch(self, kind, *args, place=None, env=None):
        """Starts the server or client window (env: variables to add to its
        environment); returns a Window once its X window is mapped and its
        accessibility tree answers."""
        path = self.server_path if kind == "server" else self.client_path
        child_env = self.child_env()
        child_env.update(env or {})
        self.launched += 1
        name = "%s-%d" % (kind, self.launched)
        proc = self.procs.start(name, [path] + list(args), env=child_env)
        window = Window(self, proc, kind, name)
        window.wait_ready()
        if place is not None:
            window.move(*place)
        return window

    def run_script(self, name, argv, env=None):
        """Starts a script (in the environment the programs get, plus env)
        that opens windows itself; returns its process."""
        child_env = self.child_env()
        child_env.update(env or {})
        return self.procs.start(name, argv, env=child_env)

    def window_of_child(self, script, kind, timeout=DEFAULT_TIMEOUT):
        """The window of the server or client program that a script started
        (a direct child of it), once it is mapped and answers."""
        program = os.path.basename(self.server_path if kind == "server" else self.client_path)

        def child():
            if script.poll() is not None:
                raise AssertionError("%s exited with %s" % (script.tc_name, script.returncode))
            path = "/proc/%d/task/%d/children" % (script.pid, script.pid)
            with open(path) as children:
                for pid in children.read().split():
                    try:
                        with open("/proc/%s/comm" % pid) as comm:
                            if comm.read().strip() == program[:15]:
                                return int(pid)
                    except FileNotFoundError:
                        pass
            return None
        pid = wait_until(child, timeout, "%s to start %s" % (script.tc_name, program))
        self.launched += 1
        window = Window(self, ChildProcess(pid, script.tc_log), kind,
                        "%s-%d" % (kind, self.launched))
        window.wait_ready(timeout)
        return window

    def screenshot(self, name, window=None):
        """Saves the screen (or one window) as NAME.png in the artifacts
        directory, with the pointer moved off the windows so that no tooltip
        or hover shows."""
        path = os.path.join(self.artifacts_dir, name + ".png")
        # (no --sync: it waits forever when the pointer is already there)
        xdotool("mousemove", 1279, 799)
        if window is None:
            self.display.screenshot(path)
        else:
            window.focus()
            subprocess.run(["import", "-window", window.xid, path], check=True, timeout=30)
        Tap.note("screenshot: %s" % path)
        return path

    # AT-SPI

    def find_app(self, pid):
        desktop = self.Atspi.get_desktop(0)
        for i in range(desktop.get_child_count()):
            app = desktop.get_child_at_index(i)
            if app is not None and app.get_process_id() == pid:
                return app
        return None


def _role_name(node):
    try:
        return node.get_role_name()
    except Exception:
        return ""


def _name(node):
    try:
        return node.get_name() or ""
    except Exception:
        return ""


def _children(node):
    try:
        count = node.get_child_count()
    except Exception:
        return []
    result = []
    for i in range(count):
        try:
            child = node.get_child_at_index(i)
        except Exception:
            continue
        if child is not None:
            result.append(child)
    return result


def walk(node):
    """All descendants of node, depth first, node included."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(_children(current)))


def name_matches(actual, wanted):
    """Whether an accessible name is the wanted one. GTK 4.8 appends the text
    of a widget's own label or mnemonic label to its accessible label (a button
    "Send" with the label "_Send" is named "Send Send", a spin button with a
    "Port" label "Port Port"), so "wanted" followed by a space counts too."""
    return actual == wanted or actual.startswith(wanted + " ")


class ChildProcess:
    """A program that a script started, seen through /proc: enough of a
    subprocess.Popen for a Window (pid, poll, returncode, log)."""

    def __init__(self, pid, log_path):
        self.pid = pid
        self.tc_log = log_path
        self.returncode = None

    def poll(self):
        try:
            with open("/proc/%d/stat" % self.pid) as stat:
                state = stat.read().rsplit(")", 1)[1].split()[0]
        except FileNotFoundError:
            state = "gone"
        if state in ("Z", "X", "gone"):
            self.returncode = "ended (exit status unknown)"
            return self.returncode
        return None


class Window:
    """One running program with one window, seen through X and AT-SPI."""

    def __init__(self, harness, proc, kind, name):
        self.h = harness
        self.Atspi = harness.Atspi
        self.proc = proc
        self.kind = kind
        self.name = name
        self.xid = None
        self.app = None

    def __repr__(self):
        return "<%s pid %d>" % (self.name, self.proc.pid)

    def check_alive(self):
        if self.proc.poll() is not None:
            with open(self.proc.tc_log, errors="replace") as log:
                tail = log.read()[-2000:]
            raise AssertionError("%s exited with %s; its output:\n%s"
                                 % (self.name, self.proc.returncode, tail))

    def wait_ready(self, timeout=DEFAULT_TIMEOUT):
        def mapped():
            self.check_alive()
            out = subprocess.run(["xdotool", "search", "--all", "--onlyvisible",
                                  "--pid", str(self.proc.pid), "--name", "tcpchat"],
                                 capture_output=True, text=True, timeout=10).stdout.split()
            return out[0] if out else None
        self.xid = wait_until(mapped, timeout, "%s's window to be mapped" % self.name)

        def frame():
            self.check_alive()
            app = self.h.find_app(self.proc.pid)
            if app is None:
                return None
            for child in _children(app):
                if _role_name(child) == "frame" and self._find(child, "push button", "Quit"):
                    return app
            return None
        self.app = wait_until(frame, timeout,
                              "%s's accessibility tree (a frame with a Quit button)" % self.name)

    # Finding widgets

    def _find(self, root, role, name):
        for node in walk(root):
            if _role_name(node) == role and name_matches(_name(node), name):
                return node
        return None

    def find(self, role, name, timeout=DEFAULT_TIMEOUT):
        """The first widget with this role and accessible name (waits for it)."""
        return wait_until(lambda: self.check_alive() or self._find(self.app, role, name),
                          timeout, "%s: %s %r" % (self.name, role, name))

    def find_all(self, role):
        return [n for n in walk(self.app) if _role_name(n) == role]

    # Reading

    def text_of(self, node):
        Atspi = self.Atspi
        try:
            count = Atspi.Text.get_character_count(node)
            return Atspi.Text.get_text(node, 0, count)
        except Exception:
            return _name(node)

    def entry_text(self, name):
        return self.text_of(self.find("text", name))

    def status_message(self):
        """The status bar's message (its last label). Not found by its
        accessible name "Status message": a GtkLabel replaces its accessible
        name with its text each time the text is set (GTK 4.8)."""
        return self.status_texts()[-1]

    def status_texts(self):
        """The texts of the status bar's labels (segments, then the message)."""
        bar = self.find("status bar", "Status bar")
        return [self.text_of(n) for n in walk(bar) if _role_name(n) == "label"]

    def status_segment(self, prefix):
        """The status bar label whose text starts with prefix, or None."""
        for text in self.status_texts():
            if text.startswith(prefix):
                return text
        return None

    def log_lines(self):
        """The texts of the log rows the list view currently shows, top down."""
        log = self.find("list", "Log")
        rows = []
        for row in _children(log):
            parts = [self.text_of(n) for n in walk(row) if _role_name(n) == "label"]
            rows.append(" ".join(p for p in parts if p))
        return rows

    def wait_log(self, pattern, timeout=DEFAULT_TIMEOUT):
        """Waits for a log row matching the regular expression; returns it."""
        regex = re.compile(pattern)

        def found():
            self.check_alive()
            for row in self.log_lines():
                if regex.search(row):
                    return row
            return None
        try:
            return wait_until(found, timeout, "%s's log to show /%s/" % (self.name, pattern))
        except WaitTimeout as error:
            raise WaitTimeout("%s; log rows: %r" % (error, self.log_lines())) from None

    def wait_status(self, pattern, timeout=DEFAULT_TIMEOUT):
        """Waits for a status bar text (segment or message) matching pattern."""
        regex = re.compile(pattern)

        def found():
            self.check_alive()
            for text in self.status_texts():
                if regex.search(text):
                    return text
            return None
        try:
            return wait_until(found, timeout, "%s's status bar to show /%s/" % (self.name, pattern))
        except WaitTimeout as error:
            raise WaitTimeout("%s; status bar: %r" % (error, self.status_texts())) from None

    def is_enabled(self, node):
        # GTK 4.8 reports SENSITIVE (not ENABLED) for an enabled widget.
        return node.get_state_set().contains(self.Atspi.StateType.SENSITIVE)

    def wait_enabled(self, role, name, timeout=DEFAULT_TIMEOUT):
        return wait_until(lambda: (lambda n: n if self.is_enabled(n) else None)(
            self.find(role, name, timeout)), timeout,
            "%s: %s %r to be enabled" % (self.name, role, name))

    # Acting, as a person would: keyboard and mouse through X

    def move(self, x, y):
        xdotool("windowmove", "--sync", self.xid, x, y)

    def _frame(self):
        return [c for c in _children(self.app) if _role_name(c) == "frame"][0]

    def geometry(self):
        """The X window's (x, y, width, height)."""
        values = dict(line.split("=", 1) for line in
                      xdotool("getwindowgeometry", "--shell", self.xid).split())
        return tuple(int(values[k]) for k in ("X", "Y", "WIDTH", "HEIGHT"))

    def inset(self):
        """How far GTK's frame (what AT-SPI window coordinates count from)
        lies inside the X window: the client-side decoration's border."""
        _, _, width, height = self.geometry()
        ext = self.Atspi.Component.get_extents(self._frame(), self.Atspi.CoordType.WINDOW)
        return (width - ext.width) // 2, (height - ext.height) // 2

    def min_size(self):
        """The X window's smallest size, as GTK tells window managers
        (WM_NORMAL_HINTS), or (0, 0) if it tells none."""
        hints = subprocess.run(["xprop", "-id", self.xid, "WM_NORMAL_HINTS"],
                               capture_output=True, text=True, timeout=10).stdout
        found = re.search(r"minimum size: (\d+) by (\d+)", hints)
        return (int(found.group(1)), int(found.group(2))) if found else (0, 0)

    def resize(self, width, height):
        """Resizes the window and waits until GTK has laid it out again, so
        that widget positions read afterwards are the new ones. Returns the
        (width, height) it ends up with: no less than its minimum size.

        Asked for less than its minimum, the window would take and lay out
        the smaller size (there is no window manager to refuse it) and grow
        back only at GTK's next size request, which may come between reading
        a widget's place and clicking there: so ask for the minimum."""
        min_width, min_height = self.min_size()
        width, height = max(width, min_width), max(height, min_height)
        inset_x, inset_y = self.inset()
        xdotool("windowsize", "--sync", self.xid, width, height)
        frame = self._frame()

        def laid_out():
            _, _, x_width, x_height = self.geometry()
            ext = self.Atspi.Component.get_extents(frame, self.Atspi.CoordType.WINDOW)
            if (ext.width, ext.height) != (x_width - 2 * inset_x, x_height - 2 * inset_y):
                return None
            if x_width < width or x_height < height:
                return None
            return x_width, x_height
        return wait_until(laid_out, DEFAULT_TIMEOUT,
                          "%s to be laid out at %dx%d" % (self.name, width, height))

    def focus(self):
        """Raises the window (windows may overlap) and gives it the focus."""
        xdotool("windowraise", self.xid)
        xdotool("windowfocus", "--sync", self.xid)

    def _target(self, node):
        """Where to click a widget, relative to the window: its middle, or for
        a spin button the middle of its text part (left of the - and +)."""
        ext = self.Atspi.Component.get_extents(node, self.Atspi.CoordType.WINDOW)
        if ext.width <= 0 or ext.height <= 0:
            raise AssertionError("%s: widget %r has no size" % (self.name, _name(node)))
        inset_x, inset_y = self.inset()
        if _role_name(node) == "spin button":
            return inset_x + ext.x + min(20, ext.width // 4), inset_y + ext.y + ext.height // 2
        return inset_x + ext.x + ext.width // 2, inset_y + ext.y + ext.height // 2

    def has_state(self, node, state):
        return node.get_state_set().contains(state)

    def click(self, role, name, timeout=DEFAULT_TIMEOUT):
        """Clicks a widget found by role and name (once it is enabled)."""
        node = self.wait_enabled(role, name, timeout)
        x, y = self._target(node)
        self.focus()
        xdotool("mousemove", "--window", self.xid, x, y, "click", "1")
        return node

    def type_into(self, name, text, enter=False, replace=True, role="text"):
        """Clicks the text field (or spin button) named `name`, types text
        (after clearing what is there, if replace), then presses Return if
        enter."""
        node = self.click(role, name)
        wait_until(lambda: self.has_state(node, self.Atspi.StateType.FOCUSED), 5,
                   "%s: %r to have the keyboard focus after a click" % (self.name, name))
        if replace:
            xdotool("key", "--clearmodifiers", "ctrl+a", "BackSpace")
            wait_until(lambda: self.text_of(node) == "", 5,
                       "%s: %r to be empty" % (self.name, name))
        typed = ""
        for run in _keyboard_runs(text):
            if run.isascii():
                xdotool("type", "--delay", "15", "--", run)
            else:
                self._commit(node, run)
            typed += run
            wait_until(lambda: self.text_of(node).endswith(typed), 10,
                       "%s: %r to show the typed %r (has %r)"
                       % (self.name, name, typed, self.text_of(node)))
        if enter:
            xdotool("key", "Return")
        return node

    def _commit(self, node, text):
        """Inserts text at the caret, as an input method commits what a
        person composed. xdotool types a character that is not on the
        keyboard by remapping a spare key for a moment, and the window may
        read the key after the mapping is gone: such characters get lost
        when the window is slow (seen under AddressSanitizer)."""
        caret = self.Atspi.Text.get_caret_offset(node)
        self.Atspi.EditableText.insert_text(node, caret, text, len(text.encode()))
        # An inserted text leaves the caret where it was; typing goes on after it.
        self.Atspi.Text.set_caret_offset(node, caret + len(text))
        wait_until(lambda: self.Atspi.Text.get_caret_offset(node) == caret + len(text), 5,
                   "%s: the caret to follow the committed %r" % (self.name, text))

    def key(self, *keys):
        self.focus()
        xdotool("key", "--clearmodifiers", *keys)

    def tab_to(self, role, name, max_presses=30):
        """Presses Tab until the widget has the keyboard focus, as a person
        without a mouse does."""
        node = self.find(role, name)
        self.focus()
        for _ in range(max_presses):
            if self.has_state(node, self.Atspi.StateType.FOCUSED):
                return node
            xdotool("key", "Tab")
            try:
                wait_until(lambda: self.has_state(node, self.Atspi.StateType.FOCUSED), 0.3,
                           "the focus")
            except WaitTimeout:
                pass
        raise AssertionError("%s: %d Tab presses never reached %s %r"
                             % (self.name, max_presses, role, name))

    def type_keys(self, text, enter=False):
        """Types into whatever has the keyboard focus."""
        for run in _keyboard_runs(text):
            assert run.isascii(), "type_keys takes keyboard text only: %r" % run
            xdotool("type", "--delay", "15", "--", run)
        if enter:
            xdotool("key", "Return")

    def set_text(self, name, text, role="text"):
        """Puts text into a field through accessibility (for what a keyboard
        layout cannot type)."""
        node = self.find(role, name)
        self.Atspi.EditableText.set_text_contents(node, text)
        wait_until(lambda: self.text_of(node) == text, 5,
                   "%s: %r to hold %r" % (self.name, name, text))
        return node

    def quit(self, timeout=DEFAULT_TIMEOUT):
        """Clicks Quit and waits for the process to end."""
        self.click("push button", "Quit")
        wait_until(lambda: self.proc.poll() is not None, timeout,
                   "%s to exit after Quit" % self.name)
        return self.proc.returncode
