#!/usr/bin/env python3
"""Instant-message benchmark: N MESSAGEs from one headless Parley to another through one Kamailio
on loopback, at a fixed rate (and unpaced), counting what arrives at the other end and timing each
message from the send command to its "delivered" event (the 2xx the sender got back). Reference:
SIPp sending the same number of MESSAGEs at the same rate through the same Kamailio to a SIPp
recipient. See bench/README.md."""
import argparse
import csv
import glob
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from register import parley_env, start_kamailio, stop_kamailio  # noqa: E402
from startup import PRODUCT, REPO, RunFailed, descendants, identity, kill_if_same, proc_stat, rss_mib  # noqa: E402

SIPP_DIR = os.path.join(REPO, "tests/org.parley.testkit/kamailio/sipp")
USERS = {"alice": "alice-secret", "bob": "bob-secret", "carol": "carol-secret", "dave": "dave-secret"}


class Parley:
    """A headless Parley with one account, its console lines read by a thread and time-stamped."""

    def __init__(self, launcher, work, name, user, port, timeout=60):
        self.name, self.user = name, user
        self.data = os.path.join(work, f"parley-{user}")
        self.lines = []  # (perf_counter, line)
        self.cond = threading.Condition()
        self.proc = subprocess.Popen([launcher, "--headless"], env=parley_env(self.data), stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        threading.Thread(target=self._read, daemon=True).start()
        self.send(f"parley:account add sip {name} sip:{user}@127.0.0.1:{port} registrar=127.0.0.1:{port}\n"
                  f"parley:account password {name} {USERS[user]}\n")
        self.wait(lambda l: l.startswith(f"event registration {name} registered"), timeout, "registered")

    def _read(self):
        for raw in self.proc.stdout:
            t = time.perf_counter()
            with self.cond:
                self.lines.append((t, raw.decode(errors="replace").rstrip("\n")))
                self.cond.notify_all()

    def send(self, text):
        self.proc.stdin.write(text.encode())
        self.proc.stdin.flush()

    def wait(self, pred, timeout, what):
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for _, line in self.lines:
                    if line.startswith("error:"):
                        raise RunFailed(f"{self.user}: {line}")
                    if pred(line):
                        return line
                left = deadline - time.monotonic()
                if left <= 0 or self.proc.poll() is not None:
                    tail = "\n".join(l for _, l in self.lines[-20:])
                    raise RunFailed(f"{self.user}: no {what} within {timeout} s\n{tail}")
                self.cond.wait(left)

    def count(self, pred):
        with self.cond:
            return sum(1 for _, line in self.lines if pred(line))

    def java(self):
        return next((p for p in [self.proc.pid] + descendants(self.proc.pid)
                     if (proc_stat(p) or ("",))[0] == "java"), self.proc.pid)

    def close(self):
        quit_and_stop_threaded(self.proc)


def quit_and_stop_threaded(proc):
    """Like register.quit_and_stop, for a process whose output a thread is reading: closes its stdin
    (the console then stops the framework), waits 20 s, then SIGTERM and SIGKILL by PID to it and
    its descendants."""
    others = [i for i in map(identity, descendants(proc.pid)) if i]
    try:
        proc.stdin.close()
    except OSError:
        pass
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        pass
    for sig in (signal.SIGTERM, signal.SIGKILL):
        alive = [i for i in [identity(proc.pid)] + others if i and kill_if_same(i, sig)]
        if not alive:
            break
        time.sleep(3)
    proc.poll()


def parley_run(sender, receiver, tag, count, rate, target_uri, timeout):
    """Sends count messages at rate per second (0: as fast as the console takes them); returns a dict
    of figures. Message k's text is 'bench TAG k ...': the receiver's events are matched by text."""
    start_sender, start_receiver = len(sender.lines), len(receiver.lines)
    sent_at = {}
    t0 = time.perf_counter()
    for k in range(count):
        if rate:
            due = t0 + k / rate
            pause = due - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
        sent_at[k] = time.perf_counter()
        sender.send(f"parley:message {sender.name} {target_uri} bench {tag} {k} the quick brown fox jumps\n")
    send_done = time.perf_counter()
    prefix = f"bench {tag} "
    deadline = time.monotonic() + timeout
    # until every message is delivered or failed at the sender and the receiver has stopped changing
    last, stable_since = None, time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.2)
        with sender.cond:
            done = sum(1 for _, l in sender.lines[start_sender:]
                       if re.match(rf"event message {sender.name} \S+ (delivered|failed)", l))
        got = receiver.count(lambda l: l.startswith(f"event message {receiver.name} ") and f" {prefix}" in l)
        if done >= count and got >= count:
            break
        if (done, got) != last:
            last, stable_since = (done, got), time.monotonic()
        elif done >= count and time.monotonic() - stable_since > 5:
            break  # all answered; what has not arrived 5 s later is lost
    # sender: id -> k from the "sent" event; then delivered/failed per id
    ids, delivered, failed = {}, {}, {}
    with sender.cond:
        for t, l in sender.lines[start_sender:]:
            m = re.match(rf"event message {sender.name} (\S+) sent \S+ {prefix}(\d+) ", l)
            if m:
                ids[m.group(1)] = int(m.group(2))
                continue
            m = re.match(rf"event message {sender.name} (\S+) (delivered|failed)", l)
            if m and m.group(1) in ids:
                (delivered if m.group(2) == "delivered" else failed)[ids[m.group(1)]] = t
    received = {}
    with receiver.cond:
        for t, l in receiver.lines[start_receiver:]:
            m = re.match(rf"event message {receiver.name} \S+ received \S+ {prefix}(\d+) ", l)
            if m:
                received.setdefault(int(m.group(1)), t)
    rtt = [(delivered[k] - sent_at[k]) * 1000 for k in delivered]
    one_way = [(received[k] - sent_at[k]) * 1000 for k in received]
    last_in = max(received.values()) if received else t0
    return {"sent": count, "delivered": len(delivered), "failed": len(failed), "received": len(received),
            "lost": count - len(received), "offered": count / max(send_done - t0, 1e-9),
            "rate": len(received) / max(last_in - t0, 1e-9),
            "rtt": statistics.median(rtt) if rtt else float("nan"),
            "rtt95": sorted(rtt)[int(0.95 * (len(rtt) - 1))] if rtt else float("nan"),
            "oneway": statistics.median(one_way) if one_way else float("nan")}


def sipp(args, cwd, log):
    return subprocess.Popen(["sipp"] + args, cwd=cwd, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)


def stat_last(path):
    """The last row of a SIPp -trace_stat file, as a dict."""
    with open(path) as f:
        rows = list(csv.reader(f, delimiter=";"))
    return dict(zip(rows[0], rows[-1]))


def sipp_run(work, port, tag, count, rate, timeout):
    """SIPp carol -> Kamailio -> SIPp dave: count MESSAGEs (each answered by a 407 and sent again
    with credentials, as message.xml does) at rate per second (0: 1000 per second)."""
    d = os.path.join(work, f"sipp-{tag}")
    os.makedirs(d)
    log = open(os.path.join(d, "sipp.log"), "w")
    common = ["-i", "127.0.0.1", "-t", "u1", "-nostdin", "-timeout_error"]
    uas_port = free_udp_port()
    r = subprocess.run(["sipp", f"127.0.0.1:{port}", "-sf", os.path.join(SIPP_DIR, "register.xml"), "-s", "dave",
                        "-au", "dave", "-ap", USERS["dave"], "-p", str(uas_port), "-m", "1", "-timeout", "15s"]
                       + common, cwd=d, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                       timeout=30)
    if r.returncode != 0:
        raise RunFailed(f"sipp register failed ({r.returncode}); see {log.name}")
    uas = sipp(["-sf", os.path.join(SIPP_DIR, "uas-message.xml"), "-p", str(uas_port), "-m", str(count),
                "-timeout", f"{timeout}s", "-trace_stat", "-stf", "uas.csv", "-fd", "1"] + common, d, log)
    time.sleep(0.3)
    uac_args = ["127.0.0.1:%d" % port, "-sf", os.path.join(work, "message-rtd.xml"), "-s", "dave",
                "-key", "from_user", "carol", "-au", "carol", "-ap", USERS["carol"], "-m", str(count),
                "-r", str(rate or 1000), "-l", str(count), "-timeout", f"{timeout}s",
                "-trace_stat", "-stf", "uac.csv", "-fd", "1", "-trace_rtt", "-rtt_freq", "1"] + common
    t0 = time.perf_counter()
    uac = sipp(uac_args, d, log)
    procs = [uac, uas]
    try:
        uac.wait(timeout=timeout + 10)
        elapsed = time.perf_counter() - t0
        uas.wait(timeout=timeout + 10)
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()
    uac_stat, uas_stat = stat_last(os.path.join(d, "uac.csv")), stat_last(os.path.join(d, "uas.csv"))
    rtts = []
    for path in glob.glob(os.path.join(d, "*_rtt.csv")):
        with open(path) as f:
            rows = list(csv.reader(f, delimiter=";"))  # Date_ms;response_time_ms;rtd_no (whole ms)
            column = rows[0].index("response_time_ms") if rows and "response_time_ms" in rows[0] else 1
            rtts.extend(float(row[column]) for row in rows[1:] if len(row) > column)
    received = int(uas_stat.get("SuccessfulCall(C)", 0))
    return {"sent": count, "delivered": int(uac_stat.get("SuccessfulCall(C)", 0)),
            "failed": int(uac_stat.get("FailedCall(C)", 0)), "received": received, "lost": count - received,
            "offered": float("nan"), "rate": received / max(elapsed, 1e-9),
            "rtt": statistics.median(rtts) if rtts else float("nan"),
            "rtt95": sorted(rtts)[int(0.95 * (len(rtts) - 1))] if rtts else float("nan"), "oneway": float("nan")}


def free_udp_port():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rtd_scenario(path):
    """message.xml with a response-time measure from the first MESSAGE (the one Kamailio challenges)
    to the 2xx of the second, like Parley's send command to its delivered event."""
    text = open(os.path.join(SIPP_DIR, "message.xml")).read()
    parts = text.split('<send retrans="500">')
    if len(parts) != 3:
        raise RunFailed("message.xml does not have the two sends this benchmark expects")
    text = parts[0] + '<send retrans="500" start_rtd="1">' + parts[1] + '<send retrans="500">' + parts[2]
    text = text.replace('<recv response="202" optional="true" next="delivered"/>',
                        '<recv response="202" optional="true" next="delivered" rtd="1"/>')
    text = text.replace('<recv response="200"/>', '<recv response="200" rtd="1"/>')
    open(path, "w").write(text)


def main():
    ap = argparse.ArgumentParser(prog="bench/messages.sh")
    ap.add_argument("-n", type=int, default=1000, help="messages per rate (default 1000)")
    ap.add_argument("--rates", default="50,200,0", help="messages per second, comma-separated; 0: unpaced")
    ap.add_argument("--timeout", type=int, default=120, help="seconds a whole run may take (default 120)")
    ap.add_argument("--only", choices=("parley", "sipp"))
    ap.add_argument("--parley", default=PRODUCT)
    args = ap.parse_args()
    rates = [int(r) for r in args.rates.split(",")]
    launcher = os.path.join(args.parley, "parley")
    if args.only != "sipp" and not os.access(launcher, os.X_OK):
        sys.exit(f"Parley product not built ({launcher} missing): run ./mvnw package -DskipTests first")
    if args.only != "parley" and not shutil.which("sipp"):
        sys.exit("sipp is not installed: apt-get install -y sip-tester")
    load0 = os.getloadavg()[0]
    work = tempfile.mkdtemp(prefix="bench-messages-")
    kamailio, port = start_kamailio(work, USERS)
    rtd_scenario(os.path.join(work, "message-rtd.xml"))
    results, sender, receiver, mem = {}, None, None, {}
    try:
        if args.only != "sipp":
            sender = Parley(launcher, work, "bench", "alice", port)
            receiver = Parley(launcher, work, "bench", "bob", port)
            uri = f"sip:bob@127.0.0.1:{port}"
            # warm-up: 20 messages, not counted
            parley_run(sender, receiver, "warmup", 20, 0, uri, 30)
            for rate in rates:
                results[("parley", rate)] = parley_run(sender, receiver, f"r{rate}", args.n, rate, uri, args.timeout)
                print(f"parley at {rate or 'unpaced'}/s: {results[('parley', rate)]}", file=sys.stderr, flush=True)
            mem = {"sender": rss_mib(sender.java()), "receiver": rss_mib(receiver.java())}
        if args.only != "parley":
            for rate in rates:
                results[("sipp", rate)] = sipp_run(work, port, f"r{rate}", args.n, rate, args.timeout)
                print(f"sipp at {rate or 1000}/s: {results[('sipp', rate)]}", file=sys.stderr, flush=True)
    except (RunFailed, OSError, subprocess.TimeoutExpired) as e:
        sys.exit(f"benchmark failed: {e}")
    finally:
        for p in (sender, receiver):
            if p:
                p.close()
        stop_kamailio(kamailio)
        if not os.environ.get("BENCH_KEEP"):
            shutil.rmtree(work, ignore_errors=True)
    print(f"machine: nproc {len(os.sched_getaffinity(0))}, load {load0:.2f} at start, {os.getloadavg()[0]:.2f} at end;"
          f" Kamailio on loopback UDP; {args.n} messages per rate")
    names = [n for n in ("parley", "sipp") if args.only in (None, n)]
    print(f"{'rate (offered/s)':<18}{'who':<8}{'received':>9}{'lost':>6}{'failed':>7}{'msgs/s':>9}"
          f"{'2xx rtt median':>16}{'p95 (ms)':>10}{'one-way med':>13}")
    for rate in rates:
        for n in names:
            r = results[(n, rate)]
            label = (str(rate) if rate else ("unpaced" if n == "parley" else "1000"))
            ms = lambda v: ("<1" if n == "sipp" and v < 1 else f"{v:.1f}")  # noqa: E731  SIPp: whole ms
            print(f"{label:<18}{n:<8}{r['received']:>9}{r['lost']:>6}{r['failed']:>7}{r['rate']:>9.1f}"
                  f"{ms(r['rtt']):>16}{ms(r['rtt95']):>10}{r['oneway']:>13.1f}")
    if mem:
        print(f"RSS after the runs: parley sender {mem['sender']:.0f} MiB, receiver {mem['receiver']:.0f} MiB")


if __name__ == "__main__":
    main()
