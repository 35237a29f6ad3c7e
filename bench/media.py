#!/usr/bin/env python3
"""Media benchmark: two headless Parleys in an Opus call on loopback (serverless accounts, the callee
answering automatically). Measures, for each side's java process:

1. CPU over a steady window of an established call (after a warm-up), as % of one core, and over the
   same window with no call (before it);
2. RSS before the call and during it;
3. mouth-to-ear latency: each side plays a WAV file of short clicks at known offsets (wav: source)
   and writes what it hears to a WAV file (wav: sink). With -Dparley.media.timing=true the media
   bundle logs the wall time of every frame a WAV source hands over and of every write of a WAV sink
   (org.parley.media.internal.audio.MediaTiming); a click's mouth time is its frame's hand-over time
   plus its place in the frame, its ear time when a device with no buffer of its own would play the
   sink data it was found in (the write's time, or the end of the audio before it if later) plus its
   place in that write. The median over the clicks of both directions and several calls is reported.

Reference in the same run: two baresip 1.0 processes in an Opus call on loopback (ausine source,
aufile player), their CPU and RSS likewise. See bench/README.md."""
import argparse
import math
import os
import random
import re
import shutil
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
import wave

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from startup import (PRODUCT, RunFailed, descendants, identity, kill_if_same, proc_stat, rss_mib,  # noqa: E402
                     wait_for_start_cache)
from messages import quit_and_stop_threaded  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")
CLICK_RATE = 48000          # the click file's rate (Opus's source rate in Parley)
CLICK_FIRST = 3.0           # seconds into the file of the first click
CLICK_PERIOD = 0.5          # seconds between clicks (more than any latency we expect)
CLICK_LENGTH = 0.010        # a click: 10 ms of 1 kHz at 70 % of full scale, sharp onset
TIMING = re.compile(r"parley-timing (source|sink) (\d+) (\d+) (\d+)")


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def free_port_pair():
    """An even UDP port below libjitsi's RTP range (16384-32766) and the ephemeral ports, free now."""
    for _ in range(50):
        port = 10000 + random.randrange(0, 2500) * 2
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                s.bind(("127.0.0.1", port))
            return port
        except OSError:
            continue
    raise RunFailed("no free UDP port found in 10000-14999")


def write_clicks(path, count):
    """A 48 kHz mono 16-bit WAV: silence, then count clicks CLICK_PERIOD apart from CLICK_FIRST."""
    total = int((CLICK_FIRST + count * CLICK_PERIOD + 0.5) * CLICK_RATE)
    samples = [0] * total
    length = int(CLICK_LENGTH * CLICK_RATE)
    for i in range(count):
        start = int((CLICK_FIRST + i * CLICK_PERIOD) * CLICK_RATE)
        for n in range(length):
            samples[start + n] = int(0.7 * 32767 * math.sin(2 * math.pi * 1000 * n / CLICK_RATE))
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(CLICK_RATE)
        w.writeframes(struct.pack(f"<{total}h", *samples))
    return [CLICK_FIRST + i * CLICK_PERIOD for i in range(count)]


def read_mono(path):
    """(rate, samples) of a 16-bit WAV, channels averaged. Tolerates a header whose lengths were not
    filled in (a file still being written, or baresip's aufile)."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise RunFailed(f"{path} is not a WAV file")
    pos, rate, channels, body = 12, 0, 1, None
    while pos + 8 <= len(data):
        cid, size = data[pos:pos + 4], struct.unpack("<I", data[pos + 4:pos + 8])[0]
        if cid == b"fmt ":
            channels, rate = struct.unpack("<HI", data[pos + 10:pos + 16])
        elif cid == b"data":
            body = data[pos + 8:] if size in (0, 0xFFFFFFFF) or pos + 8 + size > len(data) else data[pos + 8:pos + 8 + size]
            break
        pos += 8 + size + (size & 1)
    if body is None or not rate:
        raise RunFailed(f"{path} has no audio data")
    n = len(body) // (2 * channels)
    raw = struct.unpack(f"<{n * channels}h", body[:n * channels * 2])
    if channels == 1:
        return rate, list(raw)
    return rate, [sum(raw[i * channels:(i + 1) * channels]) // channels for i in range(n)]


def onsets(samples, rate, refractory):
    """Sample indexes where |x| first exceeds a quarter of the file's peak, at least refractory s apart."""
    peak = max((abs(s) for s in samples), default=0)
    if peak < 1000:
        return []
    threshold, found, i, skip = peak / 4, [], 0, int(refractory * rate)
    while i < len(samples):
        if abs(samples[i]) > threshold:
            found.append(i)
            i += skip
        else:
            i += 1
    return found


def at(frames, index):
    """Wall time (s) of sample index from frames [(first sample index, rate, epoch µs)]: the latest frame
    that starts at or before it, plus its place in the frame; None if before the first frame."""
    best = None
    for first, rate, micros in frames:
        if first <= index:
            best = (first, rate, micros)
        else:
            break
    if best is None:
        return None
    first, rate, micros = best
    return micros / 1e6 + (index - first) / rate


def playout(frames):
    """The sink's writes as a device with no buffer of its own would play them: each write starts when it
    was taken, or when the audio before it has been played if that is later ([first sample, rate, µs])."""
    played, end = [], None
    for i, (first, rate, micros) in enumerate(frames):
        start = micros if end is None else max(micros, end)
        played.append((first, rate, start))
        length = frames[i + 1][0] - first if i + 1 < len(frames) else rate // 50
        end = start + length * 1e6 / rate
    return played


def first_run(frames):
    """The frames of the first stream: a later stream's player starts counting at 0 again."""
    run = []
    for f in frames:
        if run and f[0] < run[-1][0]:
            break
        run.append(f)
    return run


def latencies(source_frames, click_times, sink_frames, sink_wav):
    """Mouth-to-ear latency (ms) of every click heard: ear time (as played, see playout) minus mouth
    time of the latest click sent before it (less than one click period before)."""
    source_frames, raw_sink = first_run(source_frames), first_run(sink_frames)
    sink_frames = playout(raw_sink)
    if not source_frames or not sink_frames:
        return [], 0, []
    mouths = []
    for t in click_times:
        rate = source_frames[0][1]
        m = at(source_frames, round(t * rate))
        if m is not None and round(t * rate) <= source_frames[-1][0] + 960 * rate // 48000:
            mouths.append(m)
    rate, samples = read_mono(sink_wav)
    result, taken = [], []
    for j in onsets(samples, rate, CLICK_PERIOD / 2):
        ear = at(sink_frames, j)
        if ear is None:
            continue
        before = [m for m in mouths if m <= ear and ear - m < CLICK_PERIOD * 0.9]
        if before:
            result.append((ear - max(before)) * 1000)
            took = at(raw_sink, j)
            taken.append((took - max(before)) * 1000)
    return result, len(mouths), taken


class Parley:
    """A headless Parley whose console lines are read by a thread and kept with their time."""

    def __init__(self, launcher, work, name):
        self.name = name
        self.data = os.path.join(work, f"parley-{name}")
        self.lines, self.cond = [], threading.Condition()
        vmargs = "-Dparley.sip.localAccount=false -Dparley.media.timing=true " + os.environ.get("BENCH_PARLEY_VMARGS", "")
        env = dict(os.environ, PARLEY_DATA=self.data, PARLEY_CACHE=os.path.join(work, "parley-cache"),
                   PARLEY_VMARGS=vmargs.strip())
        self.proc = subprocess.Popen([launcher, "--headless"], env=env, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for raw in self.proc.stdout:
            with self.cond:
                self.lines.append((time.time(), raw.decode(errors="replace").rstrip("\n")))
                self.cond.notify_all()

    def send(self, text):
        self.proc.stdin.write((text + "\n").encode())
        self.proc.stdin.flush()

    def wait(self, pattern, timeout, what, since=0):
        """The first line from index since on that matches the regex pattern; bounded by timeout."""
        deadline, rx = time.monotonic() + timeout, re.compile(pattern)
        with self.cond:
            while True:
                for _, line in self.lines[since:]:
                    if line.startswith("error:"):
                        raise RunFailed(f"{self.name}: {line}")
                    if rx.search(line):
                        return line
                left = deadline - time.monotonic()
                if left <= 0 or self.proc.poll() is not None:
                    tail = "\n".join(l for _, l in self.lines[-15:] if "parley-timing" not in l)
                    raise RunFailed(f"{self.name}: no {what} within {timeout} s\n{tail}")
                self.cond.wait(min(left, 1))

    def mark(self):
        with self.cond:
            return len(self.lines)

    def text_since(self, since):
        with self.cond:
            return [l for _, l in self.lines[since:]]

    def timing(self, what, since):
        frames = []
        for line in self.text_since(since):
            m = TIMING.search(line)
            if m and m.group(1) == what:
                frames.append((int(m.group(2)), int(m.group(3)), int(m.group(4))))
        return frames

    def java(self):
        return next((p for p in [self.proc.pid] + descendants(self.proc.pid)
                     if (proc_stat(p) or ("",))[0] == "java"), self.proc.pid)

    def close(self):
        quit_and_stop_threaded(self.proc)
        with self.cond, open(os.path.join(os.path.dirname(self.data), f"{self.name}.out"), "w") as f:
            f.writelines(f"{t:.6f} {l}\n" for t, l in self.lines)  # kept with BENCH_KEEP=1


def thread_cpu(pid):
    """{(tid, name): CPU seconds} of a process's threads (names as the kernel keeps them, 15 characters)."""
    result = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                data = f.read()
        except OSError:
            continue
        name = data[data.index("(") + 1:data.rindex(")")]
        fields = data.rsplit(")", 1)[1].split()
        result[(tid, name)] = (int(fields[11]) + int(fields[12])) / TICK
    return result


def java_thread_names(pid):
    """{tid: full thread name} from the JDK's jcmd Thread.print (the kernel keeps 15 characters); {}
    when jcmd is missing or does not answer within 15 s."""
    jcmd = os.path.join(os.path.dirname(os.path.realpath(f"/proc/{pid}/exe")), "jcmd")
    try:
        out = subprocess.run([jcmd, str(pid), "Thread.print"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             timeout=15).stdout.decode(errors="replace")
    except (OSError, subprocess.TimeoutExpired):
        return {}
    return {int(m.group(2), 0): m.group(1) for m in re.finditer(r'^"(.*?)".*? nid=(0x[0-9a-f]+|\d+)', out, re.M)}


def window(pids, seconds, threads=None):
    """CPU % of one core of each pid over seconds of wall time, and their RSS (MiB) at the end. With
    threads (a list), appends each pid's {thread name: CPU %} over the window to it."""
    t0, c0 = time.monotonic(), [cpu_seconds(p) for p in pids]
    per0 = [thread_cpu(p) for p in pids] if threads is not None else None
    time.sleep(seconds)
    t1, c1 = time.monotonic(), [cpu_seconds(p) for p in pids]
    rss = [rss_mib(p) for p in pids]  # before jcmd attaches
    if threads is not None:
        for p, before in zip(pids, per0):
            by_name, full = {}, java_thread_names(p)
            for key, cpu in thread_cpu(p).items():
                name = re.sub(r"@[0-9a-f]+|[0-9a-f]{8,}|\d+", "#", full.get(int(key[0]), key[1]))
                by_name[name] = by_name.get(name, 0) + 100 * (cpu - before.get(key, 0)) / (t1 - t0)
            threads.append(by_name)
    return [100 * (b - a) / (t1 - t0) for a, b in zip(c0, c1)], rss


def prepare_start_cache(launcher, work):
    """As a user's third start on: two starts not counted (the first records what Parley loads, after the
    second the launcher builds its start-up cache in the background, which is awaited). A recording
    start also runs without JFR."""
    env = dict(os.environ, PARLEY_DATA=os.path.join(work, "parley-prepare"), PARLEY_CACHE=os.path.join(work, "parley-cache"),
               PARLEY_VMARGS="-Dparley.sip.localAccount=false")
    for _ in range(2):
        r = subprocess.run([launcher, "--headless"], input=b"parley:version\n", env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=120)
        if r.returncode != 0:
            raise RunFailed("a start to prepare the start-up cache failed:\n" + r.stdout.decode(errors="replace")[-2000:])
    wait_for_start_cache(os.path.join(work, "parley-cache"))


def parley_run(launcher, work, args, clicks):
    """Both Parley phases; returns a dict of figures."""
    prepare_start_cache(launcher, work)
    caller = callee = None
    res = {}
    try:
        caller, callee = Parley(launcher, work, "caller"), None
        callee = Parley(launcher, work, "callee")
        ports = {}
        for p, who in ((caller, "alice"), (callee, "bob")):
            ports[p.name] = (free_port_pair(), free_port_pair())
            cpu_port, lat_port = ports[p.name]
            heard = os.path.join(work, f"{p.name}-heard.wav")
            common = (f"register=false localAddress=127.0.0.1 srtp={args.srtp}"
                      + (" autoAnswer=true" if p is callee else ""))
            p.send(f"parley:account add sip bench sip:{who}@127.0.0.1:{cpu_port} localPort={cpu_port} {common}"
                   f" audioSource=tone:{440 if who == 'bob' else 1000} audioSink=discard")
            p.send(f"parley:account add sip lat sip:{who}@127.0.0.1:{lat_port} localPort={lat_port} {common}"
                   f" audioSource=wav:{clicks} audioSink=wav:{heard}")
            p.send("parley:await bench unregistered 15")
            p.send("parley:await lat unregistered 15")
        for p in (caller, callee):
            p.wait(r"^bench unregistered", 60, "bench account ready")
            p.wait(r"^lat unregistered", 60, "lat account ready")
        pids = [caller.java(), callee.java()]
        time.sleep(args.settle)
        res["idle_cpu"], res["rss_before"] = window(pids, args.window)
        print(f"parley idle: CPU {res['idle_cpu']}, RSS {res['rss_before']}", file=sys.stderr, flush=True)

        # the CPU call: a tone each way, received audio discarded
        mark = caller.mark()
        callee_uri = f"sip:bob@127.0.0.1:{ports['callee'][0]}"
        caller.send(f"cpu = parley:call bench {callee_uri}")
        caller.send("parley:awaitcall $cpu connected 15")
        caller.wait(r"^event call bench \S+ state \S+ connected", 20, "connected call", mark)
        time.sleep(args.warmup)
        res["threads"] = []
        res["call_cpu"], res["rss_call"] = window(pids, args.window, res["threads"])
        print(f"parley call: CPU {res['call_cpu']}, RSS {res['rss_call']}", file=sys.stderr, flush=True)
        mark = caller.mark()
        caller.send("parley:stats $cpu")
        caller.send("parley:calls")
        caller.wait(r"^CALL\s+ACCOUNT", 10, "call list", mark)
        time.sleep(0.3)
        text = caller.text_since(mark)
        res["codec"] = next((l.split()[1].rstrip(",") for l in text if l.startswith("codec ")), "?")
        res["stats"] = [l for l in text if re.match(r"^(sent|received|lost|jitter|buffer|rtt) ", l)]
        head = next((l for l in text if re.match(r"^CALL\s+ACCOUNT", l)), "")
        row = next((l for l in text if " outgoing " in l and "bench" in l), "")
        res["security"] = row[head.index("SECURITY"):].strip() if "SECURITY" in head else "?"
        caller.send("parley:hangup $cpu")
        callee.wait(r"ended remote-hangup", 15, "hang-up")
        time.sleep(1)

        # the latency calls: clicks both ways, what is heard written to WAV files (analysed after each call,
        # the next one overwrites them)
        click_times = [CLICK_FIRST + i * CLICK_PERIOD for i in range(args.clicks)]
        res["lat"], res["clicks_sent"], res["taken"], res["per_call"] = {}, {}, {}, []
        for n in range(args.latency_calls):
            marks = (caller.mark(), callee.mark())
            caller.send(f"lat = parley:call lat sip:bob@127.0.0.1:{ports['callee'][1]}")
            caller.send("parley:awaitcall $lat connected 15")
            caller.wait(r"^event call lat \S+ state \S+ connected", 20, "connected latency call", marks[0])
            time.sleep(CLICK_FIRST + args.clicks * CLICK_PERIOD + 1.0)
            caller.send("parley:hangup $lat")
            callee.wait(r"^event call lat \S+ ended", 15, "hang-up of the latency call", marks[1])
            time.sleep(0.5)
            medians = []
            for src, dst, label in ((caller, callee, "caller->callee"), (callee, caller, "callee->caller")):
                lat, sent, taken = latencies(src.timing("source", marks[0 if src is caller else 1]), click_times,
                                             dst.timing("sink", marks[0 if dst is caller else 1]),
                                             os.path.join(work, f"{dst.name}-heard.wav"))
                res["lat"].setdefault(label, []).extend(lat)
                res["clicks_sent"][label] = res["clicks_sent"].get(label, 0) + sent
                res["taken"].setdefault(label, []).extend(taken)
                medians.append(statistics.median(lat) if lat else float("nan"))
                print(f"parley latency call {n + 1} {label}: {len(lat)} of {sent} clicks heard,"
                      f" ms {[round(x, 1) for x in lat]}", file=sys.stderr, flush=True)
            res["per_call"].append(medians)
    finally:
        for p in (caller, callee):
            if p:
                p.close()
    return res


ANSI = re.compile(r"\x1b\[[0-9;]*m")


class Baresip:
    """One baresip with its own configuration directory: serverless account on a fixed port, Opus only,
    ausine as source and aufile as player, automatic answer."""

    def __init__(self, work, name, user, port, sink):
        self.name, self.port = name, port
        self.dir = os.path.join(work, f"baresip-{name}")
        os.makedirs(self.dir)
        first = subprocess.Popen(["baresip", "-n", "127.0.0.1", "-f", self.dir], stdin=subprocess.PIPE,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while not os.path.exists(os.path.join(self.dir, "config")) and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(0.5)
        try:
            first.communicate(b"q\n", timeout=5)
        except subprocess.TimeoutExpired:
            first.kill()
            first.wait()
        config = os.path.join(self.dir, "config")
        lines = [l for l in open(config).read().splitlines()
                 if not l.startswith(("audio_player", "audio_source", "audio_alert", "sip_listen", "#ausrc_srate",
                                      "#ausrc_channels", "module\t\t\talsa.so", "module\t\t\tstun.so",
                                      "module\t\t\tturn.so", "module\t\t\tice.so"))]
        lines += ["module\t\t\topus.so", "module\t\t\tausine.so", "module\t\t\taufile.so",
                  "audio_source\t\tausine,440", "ausrc_srate\t\t48000", "ausrc_channels\t\t2",
                  f"audio_player\t\taufile,{sink}", f"audio_alert\t\taufile,{os.devnull}",
                  f"sip_listen\t\t127.0.0.1:{port}"]
        open(config, "w").write("\n".join(lines) + "\n")
        with open(os.path.join(self.dir, "accounts"), "w") as f:
            f.write(f"<sip:{user}@127.0.0.1:{port}>;regint=0;answermode=auto;audio_codecs=opus/48000/2\n")
        self.lines, self.cond = [], threading.Condition()
        self.proc = subprocess.Popen(["stdbuf", "-oL", "baresip", "-n", "127.0.0.1", "-f", self.dir],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for raw in self.proc.stdout:
            with self.cond:
                self.lines.append(ANSI.sub("", raw.decode(errors="replace")).rstrip("\r\n"))
                self.cond.notify_all()

    def send(self, text):
        self.proc.stdin.write((text + "\n").encode())
        self.proc.stdin.flush()

    def wait(self, pattern, timeout, what):
        deadline, rx = time.monotonic() + timeout, re.compile(pattern, re.I)
        with self.cond:
            while True:
                if any(rx.search(l) for l in self.lines):
                    return
                left = deadline - time.monotonic()
                if left <= 0 or self.proc.poll() is not None:
                    raise RunFailed(f"baresip {self.name}: no {what} within {timeout} s\n" + "\n".join(self.lines[-15:]))
                self.cond.wait(min(left, 1))

    def close(self):
        ident = identity(self.proc.pid)
        try:
            self.send("/quit")
            self.proc.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            for sig in (15, 9):
                if not ident or not kill_if_same(ident, sig):
                    break
                try:
                    self.proc.wait(timeout=3)
                    break
                except subprocess.TimeoutExpired:
                    pass
            self.proc.poll()


def baresip_run(work, args):
    a = b = None
    res = {}
    try:
        a = Baresip(work, "caller", "alice", free_port_pair(), os.path.join(work, "baresip-caller-heard.wav"))
        b = Baresip(work, "callee", "bob", free_port_pair(), os.path.join(work, "baresip-callee-heard.wav"))
        for x in (a, b):
            x.wait(r"baresip is ready", 15, "ready line")
        pids = [a.proc.pid, b.proc.pid]
        # stdbuf execs baresip: the pid is baresip's
        time.sleep(args.settle)
        res["idle_cpu"], res["rss_before"] = window(pids, args.window)
        print(f"baresip idle: CPU {res['idle_cpu']}, RSS {res['rss_before']}", file=sys.stderr, flush=True)
        a.send(f"/dial sip:bob@127.0.0.1:{b.port}")
        a.wait(r"call established", 15, "established call")
        b.wait(r"call established", 15, "established call")
        time.sleep(args.warmup)
        res["call_cpu"], res["rss_call"] = window(pids, args.window)
        print(f"baresip call: CPU {res['call_cpu']}, RSS {res['rss_call']}", file=sys.stderr, flush=True)
        with a.cond:
            m = next((m for m in map(re.compile(r"Set audio encoder: (\S+) (\d+)Hz (\d+)ch").search, a.lines) if m), None)
        res["codec"] = "/".join(m.groups()) if m else "?"
        a.send("/hangup")
        time.sleep(1)
    finally:
        for x in (a, b):
            if x:
                x.close()
    return res


def main():
    ap = argparse.ArgumentParser(prog="bench/media.sh")
    ap.add_argument("--window", type=float, default=20, help="seconds over which CPU is measured (default 20)")
    ap.add_argument("--warmup", type=float, default=30, help="seconds of call before the window (default 30)")
    ap.add_argument("--settle", type=float, default=5, help="seconds after start before the idle window (default 5)")
    ap.add_argument("--clicks", type=int, default=16, help="clicks each way in the latency call (default 16)")
    ap.add_argument("--latency-calls", type=int, default=3, help="calls in which clicks are timed (default 3)")
    ap.add_argument("--srtp", default="optional", choices=("off", "optional", "mandatory"),
                    help="the Parley accounts' srtp setting (default optional, Parley's default: SDES keys)")
    ap.add_argument("--threads", type=int, default=8, metavar="N",
                    help="print the N threads of each Parley that took most CPU in the call window (default 8; 0: none)")
    ap.add_argument("--no-baresip", action="store_true", help="do not run baresip as the reference")
    ap.add_argument("--parley", default=PRODUCT)
    args = ap.parse_args()
    launcher = os.path.join(args.parley, "parley")
    if not os.access(launcher, os.X_OK):
        sys.exit(f"Parley product not built ({launcher} missing): run ./mvnw package -DskipTests first")
    use_baresip = not args.no_baresip
    if use_baresip and not (shutil.which("baresip") and shutil.which("stdbuf")):
        sys.exit("baresip is not installed: apt-get install -y baresip (or run with --no-baresip)")
    if use_baresip and not all(os.path.exists(f"/usr/lib/baresip/modules/{m}.so") for m in ("opus", "ausine", "aufile")):
        sys.exit("baresip's opus, ausine or aufile module is missing: apt-get install -y baresip")
    load0 = os.getloadavg()[0]
    work = tempfile.mkdtemp(prefix="bench-media-")
    clicks = os.path.join(work, "clicks.wav")
    write_clicks(clicks, args.clicks)
    try:
        parley = parley_run(launcher, work, args, clicks)
        bare = baresip_run(work, args) if use_baresip else None
    except (RunFailed, OSError, subprocess.TimeoutExpired) as e:
        sys.exit(f"benchmark failed: {e}")
    finally:
        if not os.environ.get("BENCH_KEEP"):
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"kept {work}", file=sys.stderr)
    load1 = os.getloadavg()[0]

    pair = lambda v, d=1: f"{v[0]:.{d}f} / {v[1]:.{d}f}"  # noqa: E731
    print(f"machine: nproc {len(os.sched_getaffinity(0))}, load {load0:.2f} at start, {load1:.2f} at end;"
          f" loopback UDP, serverless accounts, callee answers automatically; CPU over {args.window:g} s"
          f" after {args.warmup:g} s of call; Parley srtp={args.srtp}")
    rows = [["what", "parley caller / callee"] + (["baresip caller / callee"] if bare else []) + ["target"]]

    def row(what, pv, bv="", target=""):
        rows.append([what, pv] + ([bv] if bare else []) + [target])

    worst = max(parley["call_cpu"])
    row("codec (Parley: security)", f"{parley['codec']}, {parley['security']}", bare["codec"] + ", plain RTP" if bare else "")
    row("CPU, no call (% of one core)", pair(parley["idle_cpu"], 2), pair(bare["idle_cpu"], 2) if bare else "")
    row("CPU in the Opus call (% of one core)", pair(parley["call_cpu"], 2), pair(bare["call_cpu"], 2) if bare else "",
        f"<= 3 %: {'met' if worst <= 3.0 else 'NOT met'}")
    added = lambda r: [c - i for c, i in zip(r["call_cpu"], r["idle_cpu"])]  # noqa: E731
    row("  the call's own (call - no call)", pair(added(parley), 2), pair(added(bare), 2) if bare else "")
    row("RSS before the call (MiB)", pair(parley["rss_before"], 0), pair(bare["rss_before"], 0) if bare else "")
    row("RSS during the call (MiB)", pair(parley["rss_call"], 0), pair(bare["rss_call"], 0) if bare else "")
    row("  added by the call (MiB)", pair([c - b for c, b in zip(parley["rss_call"], parley["rss_before"])], 0),
        pair([c - b for c, b in zip(bare["rss_call"], bare["rss_before"])], 0) if bare else "", "recorded")
    all_lat = [x for v in parley["lat"].values() for x in v]
    med = statistics.median(all_lat) if all_lat else float("nan")
    heard = sum(len(v) for v in parley["lat"].values())
    sent = sum(parley["clicks_sent"].values())
    over = sum(1 for call in parley["per_call"] if max(call) > 60)
    late = sum(1 for x in all_lat if x > 60)
    notes = ([f"{over} of {len(parley['per_call'])} calls' medians above"] if over else []) + \
        ([f"{late} of {len(all_lat)} clicks above"] if late else [])
    row("mouth-to-ear [1], median of all clicks (ms)", f"{med:.1f} ({heard} of {sent} clicks)",
        "not measured [2]" if bare else "",
        f"<= 60 ms: {'met' if med <= 60 else 'NOT met'}" + (f" ({'; '.join(notes)})" if notes else ""))
    for label, v in parley["lat"].items():
        text = f"{statistics.median(v):.1f} (min {min(v):.1f}, max {max(v):.1f})" if v else "no click heard"
        row(f"  {label} median (ms)", text)
    row("  per call, caller->callee / callee->caller", ", ".join(f"{a:.1f} / {b:.1f}" for a, b in parley["per_call"]))
    taken = [x for v in parley["taken"].values() for x in v]
    if taken:
        row("  ear = when the sink took it, median [1]", f"{statistics.median(taken):.1f} (min {min(taken):.1f},"
            f" max {max(taken):.1f})")
    for line in parley["stats"]:
        row(f"  caller's parley:stats: {line.split()[0]}", " ".join(line.split()[1:]))
    widths = [max(len(r[i]) for r in rows) + 2 for i in range(len(rows[0]))]
    for r in rows:
        print("".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
    print("[1] mouth: the wall time a WAV source handed over the frame with the click's onset, plus the onset's place"
          " in it; ear: the wall time a WAV sink took the data where the onset was found (or, when data came in a"
          " burst, the time the audio before it would have finished playing), plus the onset's place in it"
          " (MediaTiming log lines, -Dparley.media.timing=true). No device buffers: a microphone's 20 ms frame and a"
          " speaker's buffer come on top.")
    if args.threads:
        for side, by_name in zip(("caller", "callee"), parley["threads"]):
            top = sorted(by_name.items(), key=lambda kv: -kv[1])[:args.threads]
            print(f"parley {side}'s threads in the call window (% of one core): "
                  + ", ".join(f"{n} {v:.2f}" for n, v in top if v > 0))
    if bare:
        print("[2] baresip's aufile source and player give no wall time of their samples; see bench/README.md")


if __name__ == "__main__":
    main()
