#!/usr/bin/env python3
"""Presence benchmark: a contact list of N contacts (default 1000) who are all online at Kamailio
(published by SIPp, PIDF "open"), and a headless Parley that starts with that list: the time from
its registration to the last contact's status shown, with CPU and memory.

The signal is what the user sees: the console's event lines, time-stamped as they are read
("event registration bench registered", then "event presence bench <contact> available" for each
contact). With --trace, Parley's own SIP trace (account settings sipTrace=true) is written too and
gives the wire's view as well: REGISTER 200 OK, and a contact's status arrived when Parley has
answered 200 to a NOTIFY carrying <basic>open</basic>, with the SUBSCRIBEs and NOTIFYs counted. The
trace costs Parley time (every message is written and flushed), so it is off unless asked for.
baresip, the reference, is measured at the wire (its -s trace): it prints no presence events.
See bench/README.md."""
import argparse
import csv
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from datetime import datetime

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from register import start_kamailio, stop_kamailio  # noqa: E402
from messages import quit_and_stop_threaded  # noqa: E402
from startup import PRODUCT, RunFailed, descendants, proc_stat, rss_mib, wait_for_start_cache  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
USER, PASSWORD = "alice", "alice-secret"
TICK = os.sysconf("SC_CLK_TCK")
IDLE_SECONDS = int(os.environ.get("BENCH_IDLE_SECONDS", "5"))


def contact_user(i):
    return f"u{i:05d}"


def publish_all(work, port, n, rate):
    """Every contact publishes 'open' for an hour (bench/sipp/publish.xml, one call per user)."""
    d = os.path.join(work, "sipp-publish")
    os.makedirs(d)
    users = os.path.join(d, "users.csv")
    with open(users, "w") as f:
        f.write("SEQUENTIAL\n")
        for i in range(1, n + 1):
            f.write(f"{contact_user(i)};\n")
    log = open(os.path.join(d, "sipp.log"), "w")
    t0 = time.perf_counter()
    r = subprocess.run(["sipp", f"127.0.0.1:{port}", "-sf", os.path.join(HERE, "sipp", "publish.xml"),
                        "-inf", users, "-i", "127.0.0.1", "-t", "u1", "-m", str(n), "-r", str(rate), "-l", "100",
                        "-timeout", "120s", "-timeout_error", "-nostdin", "-trace_stat", "-stf", "stat.csv",
                        "-fd", "1"], cwd=d, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                       timeout=180)
    elapsed = time.perf_counter() - t0
    with open(os.path.join(d, "stat.csv")) as f:
        rows = list(csv.reader(f, delimiter=";"))
    stat = dict(zip(rows[0], rows[-1]))
    ok = int(stat.get("SuccessfulCall(C)", 0))
    if r.returncode != 0 or ok != n:
        raise RunFailed(f"SIPp published {ok} of {n} statuses (exit {r.returncode}); see {log.name}")
    return elapsed


def parley_env(data, cache):
    return dict(os.environ, PARLEY_DATA=data, PARLEY_CACHE=cache,
                PARLEY_VMARGS=("-Dparley.sip.localAccount=false " + os.environ.get("BENCH_PARLEY_VMARGS", "")).strip())


def provision(launcher, data, cache, port, trace):
    traced = f" sipTrace=true sipTraceFile={trace}" if trace else ""
    script = (f"parley:account add sip bench sip:{USER}@127.0.0.1:{port} registrar=127.0.0.1:{port}{traced}\n"
              f"parley:account password bench {PASSWORD}\n"
              f"parley:await bench registered 15\n")
    r = subprocess.run([launcher, "--headless"], input=script.encode(), env=parley_env(data, cache),
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120)
    if r.returncode != 0:
        raise RunFailed("provisioning failed:\n" + r.stdout.decode(errors="replace")[-2000:])


def write_contacts(data, port, n):
    """The account's list in the contacts bundle's format (ContactFile: a header line, then address,
    name and groups, URL-encoded, tab-separated), at $PARLEY_DATA/workspace/contacts/<account>.contacts."""
    directory = os.path.join(data, "workspace", "contacts")
    os.makedirs(directory, exist_ok=True)
    enc = lambda s: urllib.parse.quote_plus(s, safe="*-_.")  # noqa: E731  (as java.net.URLEncoder)
    with open(os.path.join(directory, "bench.contacts"), "w") as f:
        f.write("# parley contacts 1\n")
        for i in range(1, n + 1):
            u = contact_user(i)
            f.write(f"{enc(f'sip:{u}@127.0.0.1:{port}')}\t{enc(f'Contact {i}')}\t{enc('bench')}\n")


SHOWN = re.compile(r"^event presence bench sip:([^@]+)@\S+ available")


def shown_on_console(lines):
    """(time of the registered event line, {contact user: time of its first 'available' line})."""
    registered, shown = None, {}
    for stamp, line in lines:
        if registered is None and line.startswith("event registration bench registered"):
            registered = stamp
        m = SHOWN.match(line)
        if m and m.group(1) not in shown:
            shown[m.group(1)] = stamp
    return registered, shown


ENTRY = re.compile(r"^--- (\S+) (sent|received) \S+ ")


def read_trace(path):
    """The trace's messages: (seconds since the epoch, direction, text)."""
    entries, current = [], None
    with open(path, errors="replace") as f:
        for line in f:
            m = ENTRY.match(line)
            if m:
                if current:
                    entries.append((current[0], current[1], "".join(current[2])))
                stamp = datetime.fromisoformat(m.group(1).replace("Z", "+00:00")).timestamp()
                current = (stamp, m.group(2), [])
            elif current:
                current[2].append(line)
    if current:
        entries.append((current[0], current[1], "".join(current[2])))
    return entries


def header(text, *names):
    for name in names:
        m = re.search(rf"^{name}\s*:\s*(.*)$", text, re.M | re.I)
        if m:
            return m.group(1).strip()
    return ""


def analyse(entries):
    """(REGISTER 200 OK time, {contact user: time Parley answered 200 to its first 'open' NOTIFY},
    counts of SUBSCRIBEs sent and NOTIFYs received)."""
    registered = None
    open_notify = {}  # (call-id, cseq) -> contact user
    shown, subscribes, notifies = {}, 0, 0
    for stamp, direction, text in entries:
        first = text.split("\n", 1)[0]
        cseq = header(text, "CSeq")
        if direction == "received" and first.startswith("SIP/2.0 200") and cseq.endswith("REGISTER"):
            if registered is None:
                registered = stamp
        elif direction == "sent" and first.startswith("SUBSCRIBE "):
            subscribes += 1
        elif direction == "received" and first.startswith("NOTIFY "):
            notifies += 1
            if "<basic>open</basic>" in text.replace(" ", ""):
                m = re.search(r"sip:([^@;>]+)@", header(text, "From", "f"))
                if m:
                    open_notify[(header(text, "Call-ID", "i"), cseq)] = m.group(1)
        elif direction == "sent" and first.startswith("SIP/2.0 200") and cseq.endswith("NOTIFY"):
            user = open_notify.get((header(text, "Call-ID", "i"), cseq))
            if user and user not in shown:
                shown[user] = stamp
    return registered, shown, subscribes, notifies


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def tree_cpu(pid):
    """CPU seconds of a process and its live descendants (Kamailio's children)."""
    total = 0.0
    for p in [pid] + descendants(pid):
        try:
            total += cpu_seconds(p)
        except OSError:
            pass
    return total


def measured_start(launcher, data, cache, trace, n, timeout, kamailio_pid):
    """One start of Parley: console lines time-stamped as read; the SIP trace read too when there is one."""
    if trace and os.path.exists(trace):
        os.remove(trace)
    lines, cond = [], threading.Condition()
    t_fork = time.time()
    proc = subprocess.Popen([launcher, "--headless"], env=parley_env(data, cache), stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)

    def read():
        for raw in proc.stdout:
            with cond:
                lines.append((time.time(), raw.decode(errors="replace").rstrip("\n")))
                cond.notify_all()
    threading.Thread(target=read, daemon=True).start()
    try:
        deadline = time.monotonic() + timeout
        java, cpu_at_register, kamailio_at_register = None, None, 0.0
        registered, shown = None, {}
        while time.monotonic() < deadline:
            time.sleep(0.05)
            if java is None:
                java = next((p for p in [proc.pid] + descendants(proc.pid)
                             if (proc_stat(p) or ("",))[0] == "java"), None)
            with cond:
                registered, shown = shown_on_console(list(lines))
            if registered and cpu_at_register is None and java:
                cpu_at_register = cpu_seconds(java)
                kamailio_at_register = tree_cpu(kamailio_pid)
            if proc.poll() is not None:
                raise RunFailed("Parley exited:\n" + "\n".join(l for _, l in lines[-20:]))
            if registered and len(shown) >= n:
                break
        else:
            print(f"timeout: {len(shown)} of {n} statuses shown", file=sys.stderr)
        cpu_end = cpu_seconds(java)
        kamailio_cpu = tree_cpu(kamailio_pid) - kamailio_at_register if cpu_at_register is not None else float("nan")
        rss_end = rss_mib(java)
        time.sleep(IDLE_SECONDS)
        rss_idle = rss_mib(java)
        cpu_idle = cpu_seconds(java)
        result = {"fork": t_fork, "registered": registered, "shown": shown, "cpu_total": cpu_end,
                  "cpu_from_register": cpu_end - (cpu_at_register or 0), "cpu_idle": cpu_idle - cpu_end,
                  "kamailio_cpu": kamailio_cpu, "rss": rss_end, "rss_idle": rss_idle}
        if trace and os.path.exists(trace):
            wire_registered, wire_shown, subscribes, notifies = analyse(read_trace(trace))
            result.update(wire_registered=wire_registered, wire_shown=wire_shown, subscribes=subscribes,
                          notifies=notifies)
        return result
    finally:
        quit_and_stop_threaded(proc)


ANSI = re.compile(r"\x1b\[[0-9;]*m")


def baresip_config(work, port, n):
    """A baresip configuration directory: its defaults (written by a first start), the presence
    module, the account, and the same N contacts with ;presence=p2p (baresip 1.0 subscribes only to
    contacts that say so; p2p sends the SUBSCRIBE to the contact's URI, here Kamailio's)."""
    d = os.path.join(work, "baresip")
    os.makedirs(d)
    first = subprocess.Popen(["baresip", "-n", "127.0.0.1", "-f", d], stdin=subprocess.PIPE,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while not os.path.exists(os.path.join(d, "config")) and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(0.5)
    try:
        first.communicate(b"q\n", timeout=5)
    except subprocess.TimeoutExpired:
        first.kill()
        first.wait()
    config = os.path.join(d, "config")
    text = open(config).read()
    if "#module_app\t\tpresence.so" not in text:
        raise RunFailed("baresip's default config has no '#module_app presence.so' line to switch on")
    open(config, "w").write(text.replace("#module_app\t\tpresence.so", "module_app\t\tpresence.so"))
    with open(os.path.join(d, "accounts"), "w") as f:
        f.write(f"<sip:{USER}@127.0.0.1:{port}>;auth_pass={PASSWORD};regint=600\n")
    with open(os.path.join(d, "contacts"), "w") as f:
        for i in range(1, n + 1):
            f.write(f'"Contact {i}" <sip:{contact_user(i)}@127.0.0.1:{port}>;presence=p2p\n')
    return d


def baresip_start(d, port, n, timeout):
    """Starts baresip with its SIP trace on stdout (-s), time-stamps each traced message as it is read,
    and stops when it has answered 200 to an 'open' NOTIFY of every contact (or at the timeout)."""
    entries, lock = [], threading.Lock()
    t_fork = time.time()
    proc = subprocess.Popen(["stdbuf", "-oL", "baresip", "-s", "-n", "127.0.0.1", "-f", d], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)

    def read():
        current = None
        for raw in proc.stdout:
            line = ANSI.sub("", raw.decode(errors="replace")).rstrip("\r\n")
            if line == "#":
                current = [time.time(), None, []]
                continue
            if current is not None and current[1] is None:
                m = re.match(r"^\S+ \S+ -> (\S+)$", line)
                if m:
                    current[1] = "sent" if m.group(1).endswith(f":{port}") else "received"
                    with lock:
                        entries.append(current)
                    continue
                current = None
            elif current is not None:
                current[2].append(line + "\n")
    threading.Thread(target=read, daemon=True).start()
    try:
        deadline = time.monotonic() + timeout
        shown, registered = {}, None
        while time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.1)
            with lock:
                snapshot = [(e[0], e[1], "".join(e[2])) for e in entries]
            registered, shown, subscribes, notifies = analyse(snapshot)
            if len(shown) >= n:
                break
        cpu_end, rss_end = cpu_seconds(proc.pid), rss_mib(proc.pid)
        return {"fork": t_fork, "registered": registered, "shown": shown, "subscribes": subscribes,
                "notifies": notifies, "cpu_total": cpu_end, "rss": rss_end}
    finally:
        try:
            proc.stdin.write(b"q\n")
            proc.stdin.flush()
            proc.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            proc.kill()
            proc.wait()


def main():
    ap = argparse.ArgumentParser(prog="bench/presence.sh")
    ap.add_argument("-n", type=int, default=1000, help="contacts, all online (default 1000)")
    ap.add_argument("--runs", type=int, default=3, help="measured starts of Parley (default 3)")
    ap.add_argument("--publish-rate", type=int, default=200, help="PUBLISHes per second (default 200)")
    ap.add_argument("--timeout", type=int, default=120, help="seconds a start may take (default 120)")
    ap.add_argument("--no-baresip", action="store_true", help="do not run baresip as the reference")
    ap.add_argument("--trace", action="store_true",
                    help="write Parley's SIP trace too: the wire's view and message counts (slows Parley down)")
    ap.add_argument("--parley", default=PRODUCT)
    args = ap.parse_args()
    launcher = os.path.join(args.parley, "parley")
    if not os.access(launcher, os.X_OK):
        sys.exit(f"Parley product not built ({launcher} missing): run ./mvnw package -DskipTests first")
    if not args.no_baresip and not shutil.which("baresip"):
        print("baresip is not installed (apt-get install -y baresip): no reference column", file=sys.stderr)
    if not shutil.which("sipp"):
        sys.exit("sipp is not installed: apt-get install -y sip-tester")
    if shutil.which("kamailio") or os.path.exists("/usr/sbin/kamailio"):
        import glob
        if not glob.glob("/usr/lib/*/kamailio/modules/presence_xml.so") + glob.glob("/usr/lib/kamailio/modules/presence_xml.so"):
            sys.exit("Kamailio's presence modules are not installed: apt-get install -y kamailio-presence-modules")
    load0 = os.getloadavg()[0]
    work = tempfile.mkdtemp(prefix="bench-presence-")
    kamailio, port = start_kamailio(work, {USER: PASSWORD}, presence=True, shm_mb=512)
    runs, bare_runs = [], []
    use_baresip = not args.no_baresip and shutil.which("baresip") and shutil.which("stdbuf")
    try:
        published = publish_all(work, port, args.n, args.publish_rate)
        print(f"{args.n} statuses published in {published:.1f} s", file=sys.stderr, flush=True)
        data = os.path.join(work, "parley-data")
        trace = os.path.join(work, "sip-trace.log") if args.trace else None
        cache = os.path.join(work, "parley-cache")
        provision(launcher, data, cache, port, trace)
        write_contacts(data, port, args.n)
        bare = baresip_config(work, port, args.n) if use_baresip else None
        for i in range(0, args.runs + 1):
            r = measured_start(launcher, data, cache, trace, args.n, args.timeout, kamailio.pid)
            if i == 0:
                # not counted: the launcher builds its start-up cache after this start (as in register.py)
                wait_for_start_cache(cache)
            else:
                runs.append(r)
            last = max(r["shown"].values()) if r["shown"] else float("nan")
            wire = (f", {r['subscribes']} SUBSCRIBEs, {r['notifies']} NOTIFYs") if "subscribes" in r else ""
            print(f"run {i}/{args.runs}{' (warm-up)' if i == 0 else ''}: {len(r['shown'])} shown, registered -> last status"
                  f" {(last - r['registered']) * 1000 if r['registered'] else float('nan'):.0f} ms{wire},"
                  f" CPU {r['cpu_from_register']:.2f} s, RSS {r['rss']:.0f} MiB", file=sys.stderr, flush=True)
            time.sleep(2)  # let the previous run's subscriptions settle at Kamailio
            if bare and i > 0:
                b = baresip_start(bare, port, args.n, args.timeout)
                bare_runs.append(b)
                last = max(b["shown"].values()) if b["shown"] else float("nan")
                print(f"baresip {i}/{args.runs}: {len(b['shown'])} shown, register 200 OK -> last status"
                      f" {(last - b['registered']) * 1000 if b['registered'] else float('nan'):.0f} ms,"
                      f" {b['subscribes']} SUBSCRIBEs, {b['notifies']} NOTIFYs, CPU {b['cpu_total']:.2f} s,"
                      f" RSS {b['rss']:.0f} MiB", file=sys.stderr, flush=True)
                time.sleep(2)
    except (RunFailed, OSError, subprocess.TimeoutExpired) as e:
        sys.exit(f"benchmark failed: {e}")
    finally:
        stop_kamailio(kamailio)
        if not os.environ.get("BENCH_KEEP"):
            shutil.rmtree(work, ignore_errors=True)

    def med(f, of):
        values = []
        for r in of:
            try:
                values.append(f(r))
            except KeyError:
                pass
        values = [v for v in values if v == v]
        return statistics.median(values) if values else float("nan")

    def span(r, start, shown="shown"):
        return (max(r[shown].values()) - start) * 1000 if r.get(shown) and len(r[shown]) >= args.n and start \
            else float("nan")

    def row(what, f, fmt, reference=None):
        cells = [fmt(med(f, runs))] + ([fmt(med(reference or f, bare_runs))] if bare_runs else [])
        print(f"{what:<56}" + "".join(f"{c:<12}" for c in cells))

    num = lambda digits: (lambda v: "-" if v != v else f"{v:.{digits}f}")  # noqa: E731
    print(f"machine: nproc {len(os.sched_getaffinity(0))}, load {load0:.2f} at start, {os.getloadavg()[0]:.2f} at end;"
          f" Kamailio (presence, db_text) on loopback UDP; {args.n} contacts online;"
          f" signal: Parley's console event lines{' and SIP trace' if args.trace else ''},"
          f" baresip's SIP trace (NOTIFY 'open' answered 200)")
    print(f"{'what (median of ' + str(len(runs)) + ' starts)':<56}{'parley':<12}" + (f"{'baresip':<12}" if bare_runs else ""))
    row("registered to last contact status shown (ms) [1]", lambda r: span(r, r["registered"]), num(0))
    row("process start to last contact status shown (ms) [1]", lambda r: span(r, r["fork"]), num(0))
    row("contacts whose status was shown", lambda r: len(r["shown"]), num(0))
    if args.trace:
        row("REGISTER 200 OK to last 'open' NOTIFY answered (ms)",
            lambda r: span(r, r["wire_registered"], "wire_shown"), num(0), lambda r: span(r, r["registered"]))
        row("SUBSCRIBEs sent", lambda r: r["subscribes"], num(0))
        row("NOTIFYs received", lambda r: r["notifies"], num(0))
    row("CPU from registered to the end (s)", lambda r: r["cpu_from_register"], num(2))
    row("  Kamailio CPU over the same span (s)", lambda r: r["kamailio_cpu"], num(2))
    row("CPU since process start (s)", lambda r: r["cpu_total"], num(2))
    row("CPU in the next " + str(IDLE_SECONDS) + " s idle (s)", lambda r: r["cpu_idle"], num(2))
    row("RSS at the last status (MiB)", lambda r: r["rss"], num(0))
    row("RSS after " + str(IDLE_SECONDS) + " s idle (MiB)", lambda r: r["rss_idle"], num(0))
    print("[1] Parley: from its 'registered' event line to the last contact's 'available' line;"
          " baresip (no such lines): from REGISTER 200 OK to the last 'open' NOTIFY answered")
    target = med(lambda r: span(r, r["registered"]), runs)
    print(f"{'target: <= 2000 ms from registration':<56}{('met' if target <= 2000 else 'NOT met'):<12}")


if __name__ == "__main__":
    main()
