#!/usr/bin/env python3
"""Desktop window benchmark (issue 6): process start to the main window shown with its contacts'
presence, and the window's resident memory and idle CPU, with one account and N contacts (default
100) who are all online at Kamailio (published by SIPp, PIDF "open"). Parley runs as the desktop
window on an Xvfb display of its own; the signal is the window's start-up report
(-Dparley.ui.startupReport=<file>: "window <ms>" when the main window is first shown, "presence <ms>
<count>" when no contact is left 'unknown'). Reference: baresip with its presence module and the same
contact list (its SIP trace: process start to the last 'open' NOTIFY answered). See bench/README.md."""
import argparse
import ctypes
import ctypes.util
import glob
import os
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from register import start_kamailio, stop_kamailio  # noqa: E402
from presence import (PASSWORD, USER, baresip_config, baresip_start, provision, publish_all,  # noqa: E402
                      shown_on_console, tree_cpu, write_contacts)
from media import thread_cpu  # noqa: E402
from startup import PRODUCT, RunFailed, descendants, identity, kill_if_same, proc_stat, rss_mib, wait_for_start_cache  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")
SCREEN = "1280x1024x24"
WINDOW_TARGET_MS = 1500
RSS_TARGET_MB = 200  # decimal megabytes, as issue 6 states it: 190.7 MiB
PAINT_WAIT = 2.0  # seconds the first frame is awaited after the presence line


# --- the X display --------------------------------------------------------------------------------

def threads_by_kind(pid):
    """{kind of thread: CPU seconds so far}: the JIT compilers, the GC, the SWT/e4 main thread and the
    rest, from the kernel's (15-character) thread names."""
    kinds = {}
    try:
        threads = thread_cpu(pid)
    except OSError:
        return kinds
    for (_, name), cpu in threads.items():
        kind = ("JIT C2" if name.startswith("C2 Compiler") else "JIT C1" if name.startswith("C1 Compiler")
                else "GC" if name.startswith(("GC ", "VM Thread")) else "main (SWT, e4)" if name == "java"
                else "start level" if name.startswith("Start Level") else "other")
        kinds[kind] = kinds.get(kind, 0) + cpu
    return kinds


def start_xvfb(work, first):
    """Xvfb on the first free display number from first on, listening on its Unix socket only (no TCP).
    Returns (process, number); ready when Xvfb has written the number to -displayfd."""
    if not shutil.which("Xvfb"):
        sys.exit("Xvfb is not installed: apt-get install -y xvfb")
    log = open(os.path.join(work, "xvfb.log"), "w")
    for number in range(first, first + 30):
        if os.path.exists(f"/tmp/.X{number}-lock") or os.path.exists(f"/tmp/.X11-unix/X{number}"):
            continue
        r, w = os.pipe()
        proc = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", SCREEN, "-nolisten", "tcp",
                                 "-displayfd", str(w)], pass_fds=(w,), stdin=subprocess.DEVNULL,
                                stdout=log, stderr=log)
        os.close(w)
        deadline, text = time.monotonic() + 10, b""
        while time.monotonic() < deadline and not text.endswith(b"\n"):
            if select.select([r], [], [], 0.2)[0]:
                chunk = os.read(r, 64)
                if not chunk:
                    break  # Xvfb exited (the display was taken meanwhile)
                text += chunk
        os.close(r)
        if text.strip() == str(number).encode():
            return proc, number
        stop_pid(proc, 3)
    raise RunFailed(f"Xvfb did not start on any display from :{first} on; see {log.name}")


def stop_pid(proc, grace):
    """SIGTERM, then SIGKILL after grace s, to one process we started."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


class XClientMessage(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("serial", ctypes.c_ulong), ("send_event", ctypes.c_int),
                ("display", ctypes.c_void_p), ("window", ctypes.c_ulong), ("message_type", ctypes.c_ulong),
                ("format", ctypes.c_int), ("data", ctypes.c_long * 5), ("pad", ctypes.c_long * 16)]


class XWindowAttributes(ctypes.Structure):
    _fields_ = [("x", ctypes.c_int), ("y", ctypes.c_int), ("width", ctypes.c_int), ("height", ctypes.c_int),
                ("border_width", ctypes.c_int), ("depth", ctypes.c_int), ("visual", ctypes.c_void_p),
                ("root", ctypes.c_ulong), ("c_class", ctypes.c_int), ("bit_gravity", ctypes.c_int),
                ("win_gravity", ctypes.c_int), ("backing_store", ctypes.c_int), ("backing_planes", ctypes.c_ulong),
                ("backing_pixel", ctypes.c_ulong), ("save_under", ctypes.c_int), ("colormap", ctypes.c_ulong),
                ("map_installed", ctypes.c_int), ("map_state", ctypes.c_int), ("all_event_masks", ctypes.c_long),
                ("your_event_mask", ctypes.c_long), ("do_not_propagate_mask", ctypes.c_long),
                ("override_redirect", ctypes.c_int), ("screen", ctypes.c_void_p)]


class XImage(ctypes.Structure):
    _fields_ = [("width", ctypes.c_int), ("height", ctypes.c_int), ("xoffset", ctypes.c_int), ("format", ctypes.c_int),
                ("data", ctypes.POINTER(ctypes.c_ubyte)), ("byte_order", ctypes.c_int), ("bitmap_unit", ctypes.c_int),
                ("bitmap_bit_order", ctypes.c_int), ("bitmap_pad", ctypes.c_int), ("depth", ctypes.c_int),
                ("bytes_per_line", ctypes.c_int), ("bits_per_pixel", ctypes.c_int)]


class X11:
    """The few Xlib calls the harness needs, through ctypes (no python3-xlib, xdotool or xwd needed):
    Parley's top-level windows (by _NET_WM_PID), a polite close (WM_DELETE_WINDOW, as a window
    manager's close button sends), and a screenshot."""

    def __init__(self, number):
        lib = ctypes.cdll.LoadLibrary(ctypes.util.find_library("X11") or "libX11.so.6")
        v, ul, i, cp = ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_char_p
        sig = {"XOpenDisplay": (v, [cp]), "XDefaultRootWindow": (ul, [v]), "XInternAtom": (ul, [v, cp, i]),
               "XQueryTree": (i, [v, ul, ctypes.POINTER(ul), ctypes.POINTER(ul), ctypes.POINTER(ctypes.POINTER(ul)),
                                  ctypes.POINTER(ctypes.c_uint)]),
               "XGetWindowProperty": (i, [v, ul, ul, ctypes.c_long, ctypes.c_long, i, ul, ctypes.POINTER(ul),
                                          ctypes.POINTER(i), ctypes.POINTER(ul), ctypes.POINTER(ul),
                                          ctypes.POINTER(v)]),
               "XGetWindowAttributes": (i, [v, ul, ctypes.POINTER(XWindowAttributes)]),
               "XSendEvent": (i, [v, ul, i, ctypes.c_long, v]), "XFlush": (i, [v]), "XSync": (i, [v, i]),
               "XFree": (i, [v]), "XCloseDisplay": (i, [v]), "XDisplayWidth": (i, [v, i]),
               "XDisplayHeight": (i, [v, i]),
               "XGetImage": (ctypes.POINTER(XImage), [v, ul, i, i, ctypes.c_uint, ctypes.c_uint, ul, i]),
               "XDestroyImage": (i, [ctypes.POINTER(XImage)])}
        for name, (res, args) in sig.items():
            getattr(lib, name).restype, getattr(lib, name).argtypes = res, args
        # a window may go away between two calls: Xlib's default error handler would exit the harness
        self._handler = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)(lambda d, e: 0)
        lib.XSetErrorHandler(self._handler)
        self.lib = lib
        self.dpy = lib.XOpenDisplay(f":{number}".encode())
        if not self.dpy:
            raise RunFailed(f"cannot open X display :{number}")
        self.root = lib.XDefaultRootWindow(self.dpy)

    def close(self):
        self.lib.XCloseDisplay(self.dpy)

    def atom(self, name):
        return self.lib.XInternAtom(self.dpy, name.encode(), 0)

    def prop(self, window, name):
        """(format, bytes or list of longs) of a window property, or None."""
        t, f, n, after, data = ctypes.c_ulong(), ctypes.c_int(), ctypes.c_ulong(), ctypes.c_ulong(), ctypes.c_void_p()
        if self.lib.XGetWindowProperty(self.dpy, window, self.atom(name), 0, 4096, 0, 0, ctypes.byref(t),
                                       ctypes.byref(f), ctypes.byref(n), ctypes.byref(after), ctypes.byref(data)) != 0 \
                or not data.value:
            return None
        try:
            if f.value == 8:
                return ctypes.string_at(data.value, n.value)
            if f.value == 32:  # Xlib hands 32-bit items over as C longs
                return list((ctypes.c_long * n.value).from_address(data.value))
            return None
        finally:
            self.lib.XFree(data)

    def children(self, window):
        root, parent, kids, n = ctypes.c_ulong(), ctypes.c_ulong(), ctypes.POINTER(ctypes.c_ulong)(), ctypes.c_uint()
        if not self.lib.XQueryTree(self.dpy, window, ctypes.byref(root), ctypes.byref(parent), ctypes.byref(kids),
                                   ctypes.byref(n)):
            return []
        try:
            return [kids[k] for k in range(n.value)]
        finally:
            if kids:
                self.lib.XFree(kids)

    def windows_of(self, pids):
        """Top-level windows whose _NET_WM_PID is one of pids: [(id, title, mapped, width, height)]."""
        found = []
        for w in self.children(self.root):
            pid = self.prop(w, "_NET_WM_PID")
            if not pid or pid[0] not in pids:
                continue
            attrs = XWindowAttributes()
            if not self.lib.XGetWindowAttributes(self.dpy, w, ctypes.byref(attrs)):
                continue
            title = (self.prop(w, "_NET_WM_NAME") or self.prop(w, "WM_NAME") or b"")
            title = title.decode(errors="replace") if isinstance(title, bytes) else ""
            found.append((w, title, attrs.map_state == 2, attrs.width, attrs.height))
        return found

    def main_window(self, pids):
        """The largest mapped top-level window of pids, or None."""
        mapped = [(w * h, wid) for wid, _t, m, w, h in self.windows_of(pids) if m]
        return max(mapped)[1] if mapped else None

    def painted(self, window, size=64):
        """Whether anything is drawn in the window's top-left size x size pixels yet (an X server shows
        a window that its client has not drawn as black here: Xvfb, no compositor)."""
        attrs = XWindowAttributes()
        if not self.lib.XGetWindowAttributes(self.dpy, window, ctypes.byref(attrs)) or attrs.map_state != 2:
            return False
        w, h = min(size, attrs.width), min(size, attrs.height)
        image = self.lib.XGetImage(self.dpy, self.root, attrs.x, attrs.y, w, h, 0xFFFFFFFF, 2)
        if not image:
            return False
        try:
            raw = ctypes.string_at(image.contents.data, image.contents.bytes_per_line * h)
            return any(raw[i] or raw[i + 1] or raw[i + 2] for i in range(0, len(raw) - 3, 4))
        finally:
            self.lib.XDestroyImage(image)

    def close_window(self, window):
        """What a window manager's close button does: a WM_DELETE_WINDOW client message."""
        protocols = self.prop(window, "WM_PROTOCOLS") or []
        delete = self.atom("WM_DELETE_WINDOW")
        if delete not in protocols:
            return False
        event = XClientMessage(type=33, send_event=1, display=self.dpy, window=window,
                               message_type=self.atom("WM_PROTOCOLS"), format=32)
        event.data[0], event.data[1] = delete, 0
        self.lib.XSendEvent(self.dpy, window, 0, 0, ctypes.byref(event))
        self.lib.XSync(self.dpy, 0)
        return True

    def grab(self):
        """The whole screen's pixels, (width, height, bytes per line, raw BGRX bytes), or None."""
        w, h = self.lib.XDisplayWidth(self.dpy, 0), self.lib.XDisplayHeight(self.dpy, 0)
        image = self.lib.XGetImage(self.dpy, self.root, 0, 0, w, h, 0xFFFFFFFF, 2)
        if not image or image.contents.bits_per_pixel != 32:
            return None
        stride = image.contents.bytes_per_line
        try:
            return w, h, stride, ctypes.string_at(image.contents.data, stride * h)
        finally:
            self.lib.XDestroyImage(image)

    @staticmethod
    def write_png(grabbed, path):
        """A grab as a PNG (24-bit TrueColor, 32 bits per pixel, little-endian BGRX)."""
        w, h, stride, raw = grabbed
        rows = bytearray()
        for y in range(h):
            line = raw[y * stride:y * stride + 4 * w]
            rgb = bytearray(3 * w)
            rgb[0::3], rgb[1::3], rgb[2::3] = line[2::4], line[1::4], line[0::4]
            rows += b"\0" + rgb

        def chunk(kind, body):
            return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        with open(path, "wb") as f:
            f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
                    + chunk(b"IDAT", zlib.compress(bytes(rows), 6)) + chunk(b"IEND", b""))


# --- Parley ---------------------------------------------------------------------------------------

def java_start_offset(pid, t_fork):
    """Seconds from our fork to the process start the JVM reports (ProcessHandle.Info.startInstant):
    the JDK computes it on Linux from /proc/stat's btime, a whole second, plus the process's start in
    clock ticks since boot, so it is early by the fraction of a second that btime drops (fixed for one
    boot). Adding this to a report's seconds gives seconds since our fork."""
    with open("/proc/stat") as f:
        btime = next(int(line.split()[1]) for line in f if line.startswith("btime "))
    with open(f"/proc/{pid}/stat") as f:
        ticks = int(f.read().rsplit(")", 1)[1].split()[19])
    return btime + ticks // TICK + (ticks % TICK) / TICK - t_fork


def read_report(path):
    """{'window': ms, 'presence': ms, 'count': contacts, 'steps': {name: ms}} from the window's start-up
    report so far; any other '<name> <ms>' line is a step on the way (the first of each name counts)."""
    found = {"steps": {}}
    try:
        with open(path) as f:
            for line in f:
                parts = line.split()
                if len(parts) < 2 or not parts[1].lstrip("-").isdigit():
                    continue
                if parts[0] in ("window", "presence"):
                    if parts[0] not in found:
                        found[parts[0]] = int(parts[1])
                        if parts[0] == "presence" and len(parts) >= 3 and parts[2].isdigit():
                            found["count"] = int(parts[2])
                elif parts[0] not in found["steps"]:
                    found["steps"][parts[0]] = int(parts[1])
    except OSError:
        pass
    return found


def tree_rss(pid):
    """RSS (MiB) of a process and its live descendants."""
    total = 0.0
    for p in [pid] + descendants(pid):
        try:
            total += rss_mib(p)
        except (OSError, RunFailed):
            pass
    return total


def log_size(data):
    try:
        return os.path.getsize(os.path.join(data, "workspace", ".metadata", ".log"))
    except OSError:
        return 0


def log_entries(data, since):
    """The first line of each !ENTRY / !MESSAGE pair written to Parley's log after byte since."""
    path = os.path.join(data, "workspace", ".metadata", ".log")
    try:
        with open(path, errors="replace") as f:
            f.seek(since)
            text = f.read()
    except OSError:
        return []
    entries = []
    for block in text.split("!ENTRY ")[1:]:
        lines = block.splitlines()
        message = next((line[len("!MESSAGE "):] for line in lines if line.startswith("!MESSAGE ")), "")
        entries.append(f"{lines[0].split(' ')[0]} {message}".strip())
    return entries


def close_quits(data):
    """The window's settings (ConfigurationAdmin PID org.parley.ui, in Felix's file format under
    PARLEY_DATA/config) with closeToTray=false, so that closing the window ends Parley: the harness's
    polite end. Nothing else in them differs from the defaults."""
    directory = os.path.join(data, "config", "org", "parley")
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "ui.config"), "w") as f:
        f.write(':org.apache.felix.configadmin.revision:=L"1"\ncloseToTray=B"false"\n'
                'service.bundleLocation="?"\nservice.pid="org.parley.ui"\n')


def parley_env(data, cache, display, report):
    env = dict(os.environ, PARLEY_DATA=data, PARLEY_CACHE=cache, DISPLAY=f":{display}",
               PARLEY_VMARGS=(f"-Dparley.sip.localAccount=false -Dparley.ui.startupReport={report} "
                              + os.environ.get("BENCH_PARLEY_VMARGS", "")).strip())
    env.pop("WAYLAND_DISPLAY", None)
    env.pop("XAUTHORITY", None)  # our Xvfb has no authorization file; a user's would not apply
    return env


def end_parley(proc, x, grace=10.0):
    """A polite end first (the window closed as by its close button), then SIGTERM and SIGKILL by PID
    to the launcher's process (it execs java) and its descendants. Returns how it ended."""
    others = [i for i in map(identity, descendants(proc.pid)) if i]
    how = "SIGTERM"
    closed = False
    t_term = None
    if x is not None and proc.poll() is None:
        for w, _title, mapped, _w, _h in x.windows_of({proc.pid} | {i[0] for i in others}):
            if mapped:
                closed = x.close_window(w) or closed
        x.lib.XFlush(x.dpy)
    if closed:
        t0 = time.monotonic()
        try:
            proc.wait(timeout=grace)
            how = f"window closed, exited in {time.monotonic() - t0:.1f} s"
        except subprocess.TimeoutExpired:
            how = f"window closed, still running after {grace:.0f} s: SIGTERM"
    for sig in (signal.SIGTERM, signal.SIGKILL):
        alive = [i for i in [identity(proc.pid)] + others if i and kill_if_same(i, sig)]
        if not alive:
            break
        t_term = t_term or time.monotonic()
        if sig == signal.SIGKILL:
            how += ", then SIGKILL"
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(kill_if_same(i, 0) for i in alive):
            proc.poll()
            time.sleep(0.1)
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        pass
    if t_term is not None:
        how += f" (gone {time.monotonic() - t_term:.1f} s after SIGTERM)"
    return how


def parley_run(launcher, data, cache, display, x, work, label, args, n, screenshot=None):
    """One start of the desktop window, measured; the process is ended before returning."""
    report = os.path.join(work, f"report-{label}.txt")
    if os.path.exists(report):
        os.remove(report)
    log_from = log_size(data)
    out = open(os.path.join(work, f"parley-{label}.out"), "w")
    lines = []  # (seconds since the epoch, line) of its standard output and error
    t_fork = time.time()
    proc = subprocess.Popen([launcher], env=parley_env(data, cache, display, report), stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)

    def read():
        # the desktop window prints the console's event lines too: a second view of when presence arrived
        for raw in proc.stdout:
            line = raw.decode(errors="replace").rstrip("\n")
            lines.append((time.time(), line))
            out.write(line + "\n")
    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    r = {"label": label, "pid": proc.pid, "fork": t_fork}
    try:
        r["offset"] = java_start_offset(proc.pid, t_fork)
        deadline = time.monotonic() + args.timeout
        seen, grabbed, main_window, painted, presence_seen = {}, {}, None, None, None
        done = None  # (time, CPU s, RSS MiB) when the window was painted and every status printed
        while time.monotonic() < deadline:
            seen = read_report(report)
            if "window" in seen and painted is None:
                main_window = main_window or x.main_window({proc.pid})
                if main_window and x.painted(main_window):
                    painted = time.time()
                    if screenshot:
                        grabbed["painted"] = x.grab()  # converted to PNG after the measurement
            if "presence" in seen:
                presence_seen = presence_seen or time.time()
                if painted or time.time() - presence_seen > PAINT_WAIT:
                    break  # (the first frame is awaited a little, for its own figure)
            if proc.poll() is not None:
                raise RunFailed(f"Parley exited (status {proc.returncode}) before the report's presence line")
            if done is None and painted and len(shown_on_console(list(lines))[1]) >= n:
                done = (time.time(), tree_cpu(proc.pid), tree_rss(proc.pid))
            if done is not None and time.time() - done[0] > args.grace:
                break  # every status has been printed and the window is painted, but the report says nothing
            time.sleep(0.01)
        seen = read_report(report)  # steps written meanwhile too
        r.update(seen)
        for key in ("window", "presence"):
            if key in seen:
                r[key + "_fork"] = seen[key] + r["offset"] * 1000
        r["steps"] = {name: ms + r["offset"] * 1000 for name, ms in seen["steps"].items()}
        if painted:
            r["painted_fork"] = (painted - t_fork) * 1000
        registered, shown = shown_on_console(list(lines))
        if registered:
            r["registered_fork"] = (registered - t_fork) * 1000
        r["events"] = len(shown)
        if len(shown) >= n:
            r["events_fork"] = (max(shown.values()) - t_fork) * 1000
            if painted:
                r["derived_fork"] = max(r["painted_fork"], r["events_fork"])
        if "presence" in seen:
            at, r["cpu_at_presence"], r["rss_at_presence"] = time.time(), tree_cpu(proc.pid), tree_rss(proc.pid)
            r["threads_at_presence"] = threads_by_kind(proc.pid)
            at = presence_seen or at
        elif done:
            at, r["cpu_at_presence"], r["rss_at_presence"] = done
            r["problem"] = (f"no presence line in the report {args.grace:g} s after the window was painted and all"
                            f" {n} statuses were printed")
        else:
            at, r["cpu_at_presence"], r["rss_at_presence"] = time.time(), tree_cpu(proc.pid), tree_rss(proc.pid)
            r["problem"] = f"no presence line in the report within {args.timeout:g} s"
        time.sleep(max(0.0, at + args.settle - time.time()))
        r["rss"] = tree_rss(proc.pid)
        c0, t0 = tree_cpu(proc.pid), time.monotonic()
        time.sleep(args.idle)
        r["idle_cpu"] = 100 * (tree_cpu(proc.pid) - c0) / (time.monotonic() - t0)
        r["cpu_total"] = tree_cpu(proc.pid)
        r["rss_after_idle"] = tree_rss(proc.pid)
        r["processes"] = 1 + len(descendants(proc.pid))
        if x is not None:
            r["windows"] = x.windows_of({proc.pid} | set(descendants(proc.pid)))
            if screenshot or "presence" not in seen:
                # without a presence line, what the window shows is kept for a look (work directory)
                grabbed["settled"] = x.grab()
        if proc.poll() is not None:
            raise RunFailed(f"Parley exited (status {proc.returncode}) while being measured")
    finally:
        r["ended"] = end_parley(proc, x)
        reader.join(timeout=5)
        out.close()
        r["report_text"] = open(report).read() if os.path.exists(report) else "(no report file)"
        r["log"] = log_entries(data, log_from)
    later = read_report(report if os.path.exists(report) else os.devnull)["steps"]  # steps after the wait too
    r["steps"] = {name: ms + r.get("offset", 0) * 1000 for name, ms in later.items()} or r.get("steps", {})
    if not screenshot and grabbed.get("settled"):
        base = os.path.join(work, f"screen-{label}")
        X11.write_png(grabbed["settled"], base + ".png")
        r["problem"] = r.get("problem", "") + f"; the window at the end of the measurement: {base}.png" + (
            "" if os.environ.get("BENCH_KEEP") else " (BENCH_KEEP=1 keeps it)")
    elif screenshot:
        base = screenshot[:-4] if screenshot.endswith(".png") else screenshot
        for when, pixels in grabbed.items():
            if pixels:
                X11.write_png(pixels, f"{base}-{when}.png")
                print(f"screenshot ({when}): {base}-{when}.png", file=sys.stderr)
    return r


def describe(r, n):
    def ms(key):
        return f"{r[key]:.0f} ms" if key in r else "-"
    shown = ", ".join(f"'{t}' {w}x{h}{'' if m else ' (unmapped)'}" for _, t, m, w, h in r.get("windows", [])) or "none found"
    text = (f"window {ms('window_fork')}, painted {ms('painted_fork')}, presence {ms('presence_fork')} ({r.get('count', 0)} of {n} contacts;"
            f" report: {r.get('window', '-')} / {r.get('presence', '-')} ms; stdout: registered {ms('registered_fork')},"
            f" {r.get('events', 0)} statuses, last {ms('events_fork')}), RSS {r.get('rss', float('nan')):.0f} MiB,"
            f" idle CPU {r.get('idle_cpu', float('nan')):.2f} %, windows: {shown}; ended: {r['ended']}")
    if r.get("threads_at_presence"):
        text += "\n  CPU by thread at presence (s): " + ", ".join(
            f"{k} {v:.2f}" for k, v in sorted(r["threads_at_presence"].items(), key=lambda kv: -kv[1]))
    if r.get("steps"):
        text += "\n  report steps (ms from fork): " + ", ".join(f"{k} {v:.0f}" for k, v in r["steps"].items())
    if r.get("problem"):
        text += f"\n  PROBLEM: {r['problem']}\n  report file:\n    " + r["report_text"].replace("\n", "\n    ")
    if r.get("log"):
        text += "\n  Parley's log, new entries: " + "; ".join(dict.fromkeys(r["log"]))[:1500]
    return text


def main():
    ap = argparse.ArgumentParser(prog="bench/ui.sh", description="Desktop window: start to window and "
                                 "presence shown, RSS and idle CPU with N online contacts; baresip as reference.")
    ap.add_argument("-n", type=int, default=5, help="measured (warm) starts of each (default 5)")
    ap.add_argument("--contacts", type=int, default=100, help="contacts, all online (default 100)")
    ap.add_argument("--settle", type=float, default=10, help="seconds after presence before RSS is read (default 10)")
    ap.add_argument("--idle", type=float, default=10, help="seconds over which idle CPU is measured (default 10)")
    ap.add_argument("--timeout", type=float, default=120, help="seconds a start may take to show presence (default 120)")
    ap.add_argument("--grace", type=float, default=5,
                    help="seconds to wait for the report's presence line once the window is painted and every status printed (default 5)")
    ap.add_argument("--display", type=int, default=97, help="first X display number to try (default 97)")
    ap.add_argument("--no-baresip", action="store_true", help="do not run baresip as the reference")
    ap.add_argument("--in-place", action="store_true",
                    help="run the product where it is (default: a copy in the work directory, so the first start"
                         " is an installation's first and a rebuild meanwhile does not matter)")
    ap.add_argument("--screenshot", metavar="PNG", help="write screenshots of the last start (PNG-painted.png at its first frame, PNG-settled.png"
                         " at the end of its measurement); grabbing them costs that start a little time")
    ap.add_argument("--parley", default=PRODUCT)
    args = ap.parse_args()
    if args.n < 1:
        ap.error("-n must be at least 1")
    launcher = os.path.join(args.parley, "parley")
    if not os.access(launcher, os.X_OK):
        sys.exit(f"Parley product not built ({launcher} missing): run ./mvnw package -DskipTests first")
    if not shutil.which("Xvfb"):
        sys.exit("Xvfb is not installed: apt-get install -y xvfb")
    if not shutil.which("sipp"):
        sys.exit("sipp is not installed: apt-get install -y sip-tester")
    if shutil.which("kamailio") or os.path.exists("/usr/sbin/kamailio"):
        if not glob.glob("/usr/lib/*/kamailio/modules/presence_xml.so") + glob.glob("/usr/lib/kamailio/modules/presence_xml.so"):
            sys.exit("Kamailio's presence modules are not installed: apt-get install -y kamailio-presence-modules")
    use_baresip = not args.no_baresip and shutil.which("baresip") and shutil.which("stdbuf")
    if not args.no_baresip and not use_baresip:
        print("baresip is not installed (apt-get install -y baresip): no reference column", file=sys.stderr)

    load0 = os.getloadavg()[0]
    work = tempfile.mkdtemp(prefix="bench-ui-")
    xvfb = kamailio = x = None
    prep, runs, bare_runs = [], [], []
    java = "?"
    try:
        if not args.in_place:
            product = os.path.join(work, "product")
            shutil.copytree(args.parley, product, symlinks=True)
            launcher = os.path.join(product, "parley")
        xvfb, display = start_xvfb(work, args.display)
        x = X11(display)
        print(f"Xvfb :{display} ({SCREEN}, no TCP)", file=sys.stderr, flush=True)
        kamailio, port = start_kamailio(work, {USER: PASSWORD}, presence=True, shm_mb=256)
        published = publish_all(work, port, args.contacts, 200)
        print(f"{args.contacts} statuses published in {published:.1f} s", file=sys.stderr, flush=True)
        data, cache = os.path.join(work, "parley-data"), os.path.join(work, "parley-cache")
        # headless, through the console, as the other harnesses; the desktop starts get their own
        # start-up cache entries (mode "desktop") from the two starts below
        provision(launcher, data, cache, port, None)
        write_contacts(data, port, args.contacts)
        close_quits(data)
        bare = baresip_config(work, port, args.contacts) if use_baresip else None
        # Not counted: the first start after installation (nothing cached: it records what it loads)
        # and the second (it has the launcher build the start-up cache in the background, awaited).
        for k, label in enumerate(("cold", "second")):
            r = parley_run(launcher, data, cache, display, x, work, label, args, args.contacts)
            prep.append(r)
            print(f"parley {label} start (not counted): {describe(r, args.contacts)}", file=sys.stderr, flush=True)
            if k == 1:
                wait_for_start_cache(cache)
            time.sleep(2)
        load_warm = os.getloadavg()[0]
        for i in range(1, args.n + 1):
            shot = args.screenshot if i == args.n else None
            r = parley_run(launcher, data, cache, display, x, work, f"run{i}", args, args.contacts, shot)
            runs.append(r)
            print(f"parley {i}/{args.n}: {describe(r, args.contacts)}", file=sys.stderr, flush=True)
            time.sleep(2)  # let the previous start's subscriptions settle at Kamailio
            if bare:
                b = baresip_start(bare, port, args.contacts, args.timeout)
                b["start_to_last"] = (max(b["shown"].values()) - b["fork"]) * 1000 \
                    if len(b["shown"]) >= args.contacts else float("nan")
                bare_runs.append(b)
                print(f"baresip {i}/{args.n}: {len(b['shown'])} of {args.contacts} shown, process start -> last"
                      f" status {b['start_to_last']:.0f} ms, RSS {b['rss']:.1f} MiB, CPU {b['cpu_total']:.2f} s",
                      file=sys.stderr, flush=True)
                time.sleep(2)
        release = subprocess.run(["bash", "-c", f". '{os.path.dirname(launcher)}/find-java.sh' && parley_find_java"
                                  " && sed -n 's/^JAVA_RUNTIME_VERSION=//p' \"$PARLEY_JAVA_HOME/release\""],
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=30)
        java = release.stdout.decode().strip().strip('"') or "?"
    except (RunFailed, OSError, subprocess.TimeoutExpired) as e:
        for r in prep + runs:
            print(f"{r['label']}: {describe(r, args.contacts)}", file=sys.stderr)
        sys.exit(f"benchmark failed: {e}\n(work directory: {work}{' kept' if os.environ.get('BENCH_KEEP') else ', removed'})")
    finally:
        if x is not None:
            x.close()
        if kamailio is not None:
            stop_kamailio(kamailio)
        if xvfb is not None:
            stop_pid(xvfb, 5)
        if not os.environ.get("BENCH_KEEP"):
            shutil.rmtree(work, ignore_errors=True)

    def values(f, of):
        out = []
        for r in of:
            try:
                v = f(r)
            except KeyError:
                continue
            if v == v:
                out.append(v)
        return out

    def stat(f, of, digits=0):
        v = values(f, of)
        if not v:
            return "-"
        if len(v) == 1:
            return f"{v[0]:.{digits}f}"
        return f"{statistics.median(v):.{digits}f} [{min(v):.{digits}f}-{max(v):.{digits}f}]"

    def one(f, r, digits=0):
        v = values(f, [r])
        return f"{v[0]:.{digits}f}" if v else "-"

    print(f"machine: nproc {len(os.sched_getaffinity(0))}, load {load0:.2f} at start, {load_warm:.2f} before the"
          f" counted starts, {os.getloadavg()[0]:.2f} at end; Java {java}; Xvfb {SCREEN}; Kamailio (presence) on"
          f" loopback UDP; one account, {args.contacts} contacts online")
    print(f"signal: the window's start-up report, counted from the fork of the launcher (the JVM's own start"
          f" instant is {prep[0]['offset'] * -1000:.0f} ms early on this boot: see [2]); baresip: its SIP trace")
    w = 58
    print(f"{'what (median [min-max] of ' + str(len(runs)) + ' warm starts)':<{w}}{'parley':<22}"
          f"{'baresip':<22}target")
    met = lambda v, limit: "-" if v != v else ("met" if v <= limit else "NOT met")  # noqa: E731
    med = lambda f: statistics.median(values(f, runs)) if values(f, runs) else float("nan")  # noqa: E731
    rows = [
        ("process start to main window shown (ms)", stat(lambda r: r["window_fork"], runs), "-", ""),
        ("  to its first frame painted (ms) [5]", stat(lambda r: r["painted_fork"], runs), "-", ""),
        ("process start to all contacts' presence (ms) [1]", stat(lambda r: r["presence_fork"], runs),
         stat(lambda r: r["start_to_last"], bare_runs), f"<= {WINDOW_TARGET_MS}: "
         + met(med(lambda r: r["presence_fork"]), WINDOW_TARGET_MS)),
        ("  derived: later of painted and last status (ms) [4]", stat(lambda r: r["derived_fork"], runs), "",
         f"<= {WINDOW_TARGET_MS}: " + met(med(lambda r: r["derived_fork"]), WINDOW_TARGET_MS)
         if any("presence_fork" not in r for r in runs) else ""),
        ("  stdout: process start to 'registered' event (ms)", stat(lambda r: r["registered_fork"], runs), "", ""),
        ("  stdout: process start to last 'available' event (ms)", stat(lambda r: r["events_fork"], runs), "", ""),
        ("contacts in the report's presence line", stat(lambda r: r["count"], runs),
         stat(lambda r: len(r["shown"]), bare_runs), str(args.contacts)),
        (f"RSS {args.settle:g} s after presence, window open (MiB) [3]", stat(lambda r: r["rss"], runs),
         stat(lambda r: r["rss"], bare_runs), f"<= {RSS_TARGET_MB} MB ({RSS_TARGET_MB * 1e6 / 2 ** 20:.0f} MiB): "
         + met(med(lambda r: r["rss"]), RSS_TARGET_MB * 1e6 / 2 ** 20)),
        ("RSS when presence was complete (MiB)", stat(lambda r: r["rss_at_presence"], runs), "", ""),
        (f"idle CPU over {args.idle:g} s after that (% of one core)", stat(lambda r: r["idle_cpu"], runs, 2), "", ""),
        ("CPU from process start to presence (s)", stat(lambda r: r["cpu_at_presence"], runs, 2),
         stat(lambda r: r["cpu_total"], bare_runs, 2), ""),
    ]
    for label, p, b, t in rows:
        print(f"{label:<{w}}{p:<22}{(b if bare_runs else ''):<22}{t}")
    kinds = list(dict.fromkeys(kind for r in runs for kind in r.get("threads_at_presence", {})))
    for kind in kinds:
        print(f"{'  of which ' + kind + ' threads (s)':<{w}}"
              f"{stat(lambda r: r['threads_at_presence'].get(kind, 0.0), runs, 2)}")
    steps = list(dict.fromkeys(name for r in runs for name in r.get("steps", {})))
    for name in steps:
        print(f"{'  report step ' + repr(name) + ' (ms)':<{w}}{stat(lambda r: r['steps'][name], runs)}")
    for r, what in zip(prep, ("first start after installation, not counted (ms)",
                              "second start, not counted (ms)")):
        print(f"{what:<{w}}window {one(lambda r: r['window_fork'], r)}, painted {one(lambda r: r['painted_fork'], r)},"
              f" presence {one(lambda r: r['presence_fork'], r)} (derived {one(lambda r: r['derived_fork'], r)}),"
              f" RSS {one(lambda r: r['rss'], r)} MiB")
    print(f"{'raw report figures, warm (ms) [2]':<{w}}{stat(lambda r: r['window'], runs)} / "
          f"{stat(lambda r: r['presence'], runs)}")
    print("[1] Parley: its report's 'presence' line (every contact's status known in the window);"
          " baresip: from its fork to the last 'open' NOTIFY it answered 200 (its -s trace)")
    print("[2] the report's ms since the JVM's ProcessHandle start instant; on Linux the JDK bases it on"
          " /proc/stat btime (whole seconds), so it reads up to 1 s high; the rows above add the offset back")
    print(f"[3] Parley: the java process (the launcher execs it) and any descendants; baresip: when its last"
          f" status arrived")
    print("[4] for when the report has no presence line: the window's first frame, or the console's last"
          " 'event presence ... available' line on Parley's output if later (the window shows what the session"
          " knows when it is built)")
    print("[5] the harness sees the first non-black pixels in the main window's top-left 64x64 (polled every 10 ms)")
    print(f"warm starts: the first two starts (empty start-up cache, then the cache being built) are not in the"
          f" medians; their figures are on their own rows")


if __name__ == "__main__":
    main()
