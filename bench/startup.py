#!/usr/bin/env python3
"""Startup benchmark: headless Parley against baresip. See bench/README.md."""
import argparse
import glob
import os
import re
import select
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PRODUCT = os.path.join(REPO, "releng/org.parley.product/target/products/"
                             "org.parley.product/linux/gtk/x86_64")
# The answer to parley:version, maybe after a console prompt: "Parley 0.1.0... (OSGi ..., Java ...)"
PARLEY_VERSION = re.compile(rb"^(?:(?:parley>|g!|osgi>)\s*)?Parley \d")
BARESIP_READY = b"baresip is ready."
PARLEY_EXIT_WAIT = 20.0   # seconds Parley gets to exit after its stdin closes
BARESIP_EXIT_WAIT = 5.0   # seconds baresip gets to exit after "q"
TERM_WAIT = 3.0           # seconds between SIGTERM and SIGKILL


class RunFailed(Exception):
    pass


def proc_stat(pid):
    """(comm, ppid, starttime) of a process, or None if it is gone (zombies count as gone)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            data = f.read()
    except OSError:
        return None
    comm = data[data.index("(") + 1:data.rindex(")")]
    fields = data[data.rindex(")") + 2:].split()
    return None if fields[0] == "Z" else (comm, int(fields[1]), fields[19])


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RunFailed(f"no VmRSS for pid {pid}")


def descendants(pid):
    """PIDs of all live descendants of pid (one scan of /proc)."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            st = proc_stat(int(entry))
            if st:
                children.setdefault(st[1], []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def identity(pid):
    """(pid, starttime): a process identity that survives PID reuse."""
    st = proc_stat(pid)
    return (pid, st[2]) if st else None


def kill_if_same(ident, sig):
    """Send sig (0: none) if the process is still the identified one; returns whether it is."""
    pid, start = ident
    st = proc_stat(pid)
    if st and st[2] == start:
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass
        return True
    return False


def read_until(proc, wanted, what, timeout, log, failed=lambda line: False):
    """Read proc.stdout line by line until wanted(line), for at most timeout s; returns the line.
    A line for which failed(line) holds ends the wait at once."""
    fd, buf, deadline = proc.stdout.fileno(), b"", time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise RunFailed(f"no {what} within {timeout:g} s")
        if not select.select([fd], [], [], left)[0]:
            continue
        chunk = os.read(fd, 65536)
        if not chunk:
            raise RunFailed(f"exited (status {proc.wait()}) before printing {what}")
        log.append(chunk)
        buf += chunk
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            if wanted(line):
                return line
            if failed(line):
                raise RunFailed(f"answered {line.decode(errors='replace').strip()!r}")


def stop(proc, others, grace):
    """Drain output and wait up to grace s for exit; then SIGTERM/SIGKILL by PID
    the process, its descendants now and the processes in others."""
    others = others + [i for i in map(identity, descendants(proc.pid)) if i]
    deadline = time.monotonic() + grace
    fd = proc.stdout.fileno()
    while time.monotonic() < deadline:
        if select.select([fd], [], [], deadline - time.monotonic())[0] and not os.read(fd, 65536):
            break  # EOF: every holder of the pipe has exited or closed it
    idents = [i for i in [identity(proc.pid)] + others if i]
    for sig, wait in ((signal.SIGTERM, TERM_WAIT), (signal.SIGKILL, TERM_WAIT)):
        try:
            proc.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            pass
        idents = [i for i in idents if kill_if_same(i, 0)]
        if not idents:
            break
        for ident in idents:
            kill_if_same(ident, sig)
        deadline = time.monotonic() + wait
    proc.wait(timeout=TERM_WAIT)
    proc.stdout.close()


def wait_for_start_cache(cache, timeout=300.0):
    """The launcher builds its start-up cache in the background after the first start
    (releng/launcher/start-cache.sh); waits, bounded, until no build is running in cache."""
    deadline = time.monotonic() + timeout
    while glob.glob(os.path.join(cache, "*", "*.building")):
        if time.monotonic() > deadline:
            raise RunFailed(f"the start-up cache in {cache} was still being built after {timeout:g} s")
        time.sleep(0.2)


def run_parley(cmd, timeout, cache):
    """One Parley start with empty user data and the start-up cache directory cache:
    (ms to the version answer, RSS MiB of java, java exe, version line)."""
    data = tempfile.mkdtemp(prefix="bench-parley-")
    log = []
    t0 = time.perf_counter()
    # The console prints a failed command as "error: ..." on stderr: merged, to fail fast.
    try:
        proc = subprocess.Popen(cmd + ["--headless"], env=dict(os.environ, PARLEY_DATA=data, PARLEY_CACHE=cache),
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT)
    except OSError:
        shutil.rmtree(data, ignore_errors=True)
        raise
    others, grace = [], 0.0
    try:
        try:
            proc.stdin.write(b"parley:version\n")
            proc.stdin.flush()
        except BrokenPipeError:
            pass  # it already exited: read_until reports the status and output
        line = read_until(proc, PARLEY_VERSION.match, "'Parley <version>' line",
                          timeout, log, lambda l: l.startswith(b"error:"))
        ms = (time.perf_counter() - t0) * 1000
        kids = descendants(proc.pid)
        java = next((p for p in [proc.pid] + kids if (proc_stat(p) or ("",))[0] == "java"), None)
        rss = rss_mib(java or proc.pid)
        exe = os.readlink(f"/proc/{java}/exe") if java else None
        others = [i for i in map(identity, kids) if i]
        grace = PARLEY_EXIT_WAIT
    except (RunFailed, OSError) as e:
        raise RunFailed(f"{e}\n{tail(log)}") from None
    finally:
        close_quietly(proc.stdin)
        stop(proc, others, grace)
        shutil.rmtree(data, ignore_errors=True)
    return ms, rss, exe, line.decode(errors="replace").strip()


def run_baresip(timeout):
    """One baresip start in a fresh empty config dir: (ms to its ready line, RSS MiB, version)."""
    confdir = tempfile.mkdtemp(prefix="bench-baresip-")
    log, grace = [], 0.0
    # -n 127.0.0.1: bind SIP transports to loopback only (no accounts, so nothing registers).
    cmd = ["baresip", "-n", "127.0.0.1", "-f", confdir]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    try:
        read_until(proc, lambda l: l.strip() == BARESIP_READY, repr(BARESIP_READY.decode()),
                   timeout, log)
        ms = (time.perf_counter() - t0) * 1000
        rss = rss_mib(proc.pid)
        proc.stdin.write(b"q\n")  # the stdio/menu module's quit command
        proc.stdin.flush()
        grace = BARESIP_EXIT_WAIT
    except (RunFailed, OSError) as e:
        raise RunFailed(f"{e}\n{tail(log)}") from None
    finally:
        close_quietly(proc.stdin)
        stop(proc, [], grace)
        shutil.rmtree(confdir, ignore_errors=True)
    first = b"".join(log).split(b"\n", 1)[0].split()
    return ms, rss, first[1].decode() if len(first) > 1 else "?"


def close_quietly(pipe):
    try:
        pipe.close()
    except OSError:  # the process already exited with unread input
        pass


def tail(log):
    text = b"".join(log).decode(errors="replace").strip().splitlines()
    if not text:
        return "  (no output)"
    return "  last output:\n" + "\n".join("    " + line for line in text[-15:])


def ensure_baresip():
    if shutil.which("baresip"):
        return
    if os.geteuid() != 0:
        sys.exit("baresip is not installed: run 'apt-get update && apt-get install -y baresip' "
                 "as root (or use --only parley)")
    print("installing baresip with apt-get ...", file=sys.stderr)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for step in (["apt-get", "update"], ["apt-get", "install", "-y", "baresip"]):
        r = subprocess.run(step, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if r.returncode:
            sys.exit(f"{' '.join(step)} failed:\n{r.stdout.decode(errors='replace')[-2000:]}")
    if not shutil.which("baresip"):
        sys.exit("baresip is still not on PATH after apt-get install")


def java_version(exe):
    if not exe:
        return "none (the launcher started no java process)"
    r = subprocess.run([exe, "-version"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       timeout=30)
    return f"{r.stdout.decode(errors='replace').splitlines()[0]} ({exe})"


def main():
    ap = argparse.ArgumentParser(prog="bench/startup.sh",
                                 description="Median start-to-console-ready time and RSS "
                                             "of headless Parley and of baresip.")
    ap.add_argument("-n", type=int, default=10, metavar="N", help="starts of each (default 10)")
    ap.add_argument("--parley", default=PRODUCT, metavar="DIR", help="materialized product")
    ap.add_argument("--launcher", metavar="CMD",
                    help="command run instead of DIR/parley (--headless is appended)")
    ap.add_argument("--only", choices=("parley", "baresip"))
    ap.add_argument("--timeout", type=float, default=60.0, metavar="S",
                    help="seconds each start may take to become ready (default 60)")
    args = ap.parse_args()
    if args.n < 1:
        ap.error("-n must be at least 1")
    names = [args.only] if args.only else ["parley", "baresip"]

    if "parley" in names:
        if args.launcher:
            parley_cmd = shlex.split(args.launcher)
        else:
            script = os.path.join(args.parley, "parley")
            if not os.access(script, os.X_OK):
                sys.exit(f"Parley product not built ({script} missing): "
                         "run ./mvnw package -DskipTests first")
            parley_cmd = [script]
    if "baresip" in names:
        ensure_baresip()

    cache = tempfile.mkdtemp(prefix="bench-parley-cache-")
    results = {name: [] for name in names}
    java_exe, versions, first = None, {}, None
    name, i = "parley", 0  # named in the error message of a failed warm-up start
    try:
        if "parley" in names:
            # Not counted: the first start records what it loads, the second has the launcher build
            # its start-up cache in the background, which is awaited.
            first = run_parley(parley_cmd, args.timeout, cache)[0]
            print(f"parley warm-up 1/2: {first:.1f} ms (empty start-up cache)", file=sys.stderr)
            ms = run_parley(parley_cmd, args.timeout, cache)[0]
            print(f"parley warm-up 2/2: {ms:.1f} ms", file=sys.stderr)
            wait_for_start_cache(cache)
        load = os.getloadavg()[0]
        for i in range(1, args.n + 1):  # interleaved, so background load hits both alike
            for name in names:
                if name == "parley":
                    ms, rss, exe, versions[name] = run_parley(parley_cmd, args.timeout, cache)
                    java_exe = java_exe or exe
                else:
                    ms, rss, versions[name] = run_baresip(args.timeout)
                results[name].append((ms, rss))
                print(f"{name} {i}/{args.n}: {ms:.1f} ms, {rss:.1f} MiB", file=sys.stderr)
    except RunFailed as e:
        sys.exit(f"{name} run {i}: {e}")
    except OSError as e:
        sys.exit(f"{name} run {i}: cannot start: {e}")
    except KeyboardInterrupt:
        sys.exit(130)
    finally:
        shutil.rmtree(cache, ignore_errors=True)

    header = f"machine: nproc {len(os.sched_getaffinity(0))}, load {load:.2f} at start"
    if "parley" in names:
        header += f", java {java_version(java_exe)}"
    print(header)
    print("versions: " + "; ".join(f"{n}: {versions[n]}" for n in names))
    rows = [("what", names),
            ("start to console ready (ms)",
             [f"{statistics.median(r[0] for r in results[n]):.1f}" for n in names]),
            ("RSS after start (MiB)",
             [f"{statistics.median(r[1] for r in results[n]):.1f}" for n in names]),
            ("runs", [str(len(results[n])) for n in names])]
    if first is not None:
        rows.insert(2, ("first start, no start-up cache", [f"{first:.1f}" if n == "parley" else "-" for n in names]))
    for label, cells in rows:
        print(f"{label:<31}" + "".join(f"{c:<12}" for c in cells).rstrip())


if __name__ == "__main__":
    main()
