#!/usr/bin/env python3
"""Presence benchmark: a contact list of N contacts (default 1000) who are all online at Kamailio
(published by SIPp, PIDF "open"), and a headless Parley that starts with that list: the time from
its REGISTER 200 OK to the last contact's status having arrived, with CPU and memory.

Parley's console prints no presence events (yet), so the signal is measured at the wire: Parley's
own SIP trace (account settings sipTrace=true, sipTraceFile=...) time-stamps every message it
receives and sends; a contact's status has arrived when Parley has answered 200 to a NOTIFY from
that contact carrying a PIDF document with <basic>open</basic>. See bench/README.md."""
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
    script = (f"parley:account add sip bench sip:{USER}@127.0.0.1:{port} registrar=127.0.0.1:{port}"
              f" sipTrace=true sipTraceFile={trace}\n"
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
    if os.path.exists(trace):
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
        while time.monotonic() < deadline:
            time.sleep(0.05)
            if java is None:
                java = next((p for p in [proc.pid] + descendants(proc.pid)
                             if (proc_stat(p) or ("",))[0] == "java"), None)
            with cond:
                registered_line = any(l.startswith("event registration bench registered") for _, l in lines)
            if registered_line and cpu_at_register is None and java:
                cpu_at_register = cpu_seconds(java)
                kamailio_at_register = tree_cpu(kamailio_pid)
            if proc.poll() is not None:
                raise RunFailed("Parley exited:\n" + "\n".join(l for _, l in lines[-20:]))
            if registered_line and os.path.exists(trace):
                registered, shown, subscribes, notifies = analyse(read_trace(trace))
                if len(shown) >= n:
                    break
        else:
            registered, shown, subscribes, notifies = analyse(read_trace(trace)) if os.path.exists(trace) \
                else (None, {}, 0, 0)
            print(f"timeout: {len(shown)} of {n} statuses shown, {subscribes} SUBSCRIBEs sent,"
                  f" {notifies} NOTIFYs received", file=sys.stderr)
        cpu_end = cpu_seconds(java)
        kamailio_cpu = tree_cpu(kamailio_pid) - kamailio_at_register if cpu_at_register is not None else float("nan")
        rss_end = rss_mib(java)
        time.sleep(IDLE_SECONDS)
        rss_idle = rss_mib(java)
        cpu_idle = cpu_seconds(java)
        return {"fork": t_fork, "registered": registered, "shown": shown, "subscribes": subscribes,
                "notifies": notifies, "cpu_total": cpu_end, "cpu_from_register": cpu_end - (cpu_at_register or 0),
                "cpu_idle": cpu_idle - cpu_end, "kamailio_cpu": kamailio_cpu, "rss": rss_end, "rss_idle": rss_idle}
    finally:
        quit_and_stop_threaded(proc)


def main():
    ap = argparse.ArgumentParser(prog="bench/presence.sh")
    ap.add_argument("-n", type=int, default=1000, help="contacts, all online (default 1000)")
    ap.add_argument("--runs", type=int, default=3, help="measured starts of Parley (default 3)")
    ap.add_argument("--publish-rate", type=int, default=200, help="PUBLISHes per second (default 200)")
    ap.add_argument("--timeout", type=int, default=120, help="seconds a start may take (default 120)")
    ap.add_argument("--parley", default=PRODUCT)
    args = ap.parse_args()
    launcher = os.path.join(args.parley, "parley")
    if not os.access(launcher, os.X_OK):
        sys.exit(f"Parley product not built ({launcher} missing): run ./mvnw package -DskipTests first")
    if not shutil.which("sipp"):
        sys.exit("sipp is not installed: apt-get install -y sip-tester")
    if shutil.which("kamailio") or os.path.exists("/usr/sbin/kamailio"):
        import glob
        if not glob.glob("/usr/lib/*/kamailio/modules/presence_xml.so") + glob.glob("/usr/lib/kamailio/modules/presence_xml.so"):
            sys.exit("Kamailio's presence modules are not installed: apt-get install -y kamailio-presence-modules")
    load0 = os.getloadavg()[0]
    work = tempfile.mkdtemp(prefix="bench-presence-")
    kamailio, port = start_kamailio(work, {USER: PASSWORD}, presence=True, shm_mb=512)
    runs = []
    try:
        published = publish_all(work, port, args.n, args.publish_rate)
        print(f"{args.n} statuses published in {published:.1f} s", file=sys.stderr, flush=True)
        data, trace = os.path.join(work, "parley-data"), os.path.join(work, "sip-trace.log")
        cache = os.path.join(work, "parley-cache")
        provision(launcher, data, cache, port, trace)
        write_contacts(data, port, args.n)
        for i in range(0, args.runs + 1):
            r = measured_start(launcher, data, cache, trace, args.n, args.timeout, kamailio.pid)
            if i == 0:
                # not counted: the launcher builds its start-up cache after this start (as in register.py)
                wait_for_start_cache(cache)
            else:
                runs.append(r)
            last = max(r["shown"].values()) if r["shown"] else float("nan")
            print(f"run {i}/{args.runs}{' (warm-up)' if i == 0 else ''}: {len(r['shown'])} shown, register 200 OK -> last status"
                  f" {(last - r['registered']) * 1000 if r['registered'] else float('nan'):.0f} ms,"
                  f" {r['subscribes']} SUBSCRIBEs, {r['notifies']} NOTIFYs, CPU {r['cpu_from_register']:.2f} s,"
                  f" RSS {r['rss']:.0f} MiB", file=sys.stderr, flush=True)
            time.sleep(2)  # let Kamailio time out the previous run's subscriptions' NOTIFYs
    except (RunFailed, OSError, subprocess.TimeoutExpired) as e:
        sys.exit(f"benchmark failed: {e}")
    finally:
        stop_kamailio(kamailio)
        if not os.environ.get("BENCH_KEEP"):
            shutil.rmtree(work, ignore_errors=True)

    def med(f):
        values = [f(r) for r in runs]
        values = [v for v in values if v == v]
        return statistics.median(values) if values else float("nan")

    def span(r, start):
        return (max(r["shown"].values()) - start) * 1000 if r["shown"] and len(r["shown"]) >= args.n and start \
            else float("nan")

    print(f"machine: nproc {len(os.sched_getaffinity(0))}, load {load0:.2f} at start, {os.getloadavg()[0]:.2f} at end;"
          f" Kamailio (presence, db_text) on loopback UDP; {args.n} contacts online; signal: Parley's SIP trace")
    print(f"{'what (median of ' + str(len(runs)) + ' starts)':<52}{'parley':<12}")
    print(f"{'REGISTER 200 OK to last contact status (ms)':<52}{med(lambda r: span(r, r['registered'])):<12.0f}")
    print(f"{'process start to last contact status (ms)':<52}{med(lambda r: span(r, r['fork'])):<12.0f}")
    print(f"{'contacts whose status arrived':<52}{med(lambda r: len(r['shown'])):<12.0f}")
    sub_notify = f"{med(lambda r: r['subscribes']):.0f} / {med(lambda r: r['notifies']):.0f}"
    print(f"{'SUBSCRIBEs sent / NOTIFYs received':<52}{sub_notify:<12}")
    print(f"{'CPU from REGISTER 200 OK to the end (s)':<52}{med(lambda r: r['cpu_from_register']):<12.2f}")
    print(f"{'  Kamailio CPU over the same span (s)':<52}{med(lambda r: r['kamailio_cpu']):<12.2f}")
    print(f"{'CPU since process start (s)':<52}{med(lambda r: r['cpu_total']):<12.2f}")
    print(f"{'CPU in the next ' + str(IDLE_SECONDS) + ' s idle (s)':<52}{med(lambda r: r['cpu_idle']):<12.2f}")
    rss = f"{med(lambda r: r['rss']):.0f} / {med(lambda r: r['rss_idle']):.0f}"
    print(f"{'RSS at the last status / after ' + str(IDLE_SECONDS) + ' s idle (MiB)':<52}{rss:<12}")
    target = med(lambda r: span(r, r['registered']))
    print(f"{'target: <= 2000 ms from REGISTER 200 OK':<52}{('met' if target <= 2000 else 'NOT met'):<12}")


if __name__ == "__main__":
    main()
