#!/usr/bin/env python3
"""Two Parley processes from the materialized product on their serverless accounts; A (alice) uses sound
devices of a PulseAudio server this check starts with virtual devices only: a "microphone" that hears a
1000 Hz tone and a "speaker" whose sound is recorded. B (bob) answers automatically, sends 440 Hz and
records what it hears.
 - A lists the devices (parley:devices);
 - A calls B: B hears A's microphone (1000 Hz), A's speaker plays B's 440 Hz, and A's microphone keeps
   sending (RTP counted over 2 s);
 - a headset plugged in and unplugged during the call is reported (device events) and the call goes on.
   check-sound-devices.py PRODUCT_DIR
PulseAudio (pulseaudio, pulseaudio-utils) is installed with apt-get when missing (as root). Every wait is
bounded; PulseAudio, the recorder and the Parley processes are stopped by PID at the end."""
import math
import os
import random
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
import wave

from parley_process import Failed, Parley

NAME = "check-sound-devices"
PACKAGES = ["pulseaudio", "pulseaudio-utils"]


def ensure_pulseaudio():
    if shutil.which("pulseaudio") and shutil.which("pactl") and shutil.which("parec"):
        return
    if os.geteuid() != 0:
        sys.exit(f"{NAME}: PulseAudio is not installed: apt-get install -y {' '.join(PACKAGES)}")
    quiet = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update"], check=True, stdout=subprocess.DEVNULL, env=quiet)
    subprocess.run(["apt-get", "install", "-y", "--no-install-recommends", *PACKAGES], check=True,
                   stdout=subprocess.DEVNULL, env=quiet)


class PulseAudio:
    """A PulseAudio server of this check's own, on a socket in the work directory, without a configuration file."""

    def __init__(self, work):
        self.socket = os.path.join(work, "pulse", "native")
        os.makedirs(os.path.dirname(self.socket))
        self.env = dict(os.environ, PULSE_SERVER="unix:" + self.socket, HOME=work, XDG_RUNTIME_DIR=work,
                        XDG_CONFIG_HOME=work)
        self.log = open(os.path.join(work, "pulseaudio.log"), "w")
        self.proc = subprocess.Popen(["pulseaudio", "--daemonize=no", "--use-pid-file=false", "--exit-idle-time=-1",
                                      "--disallow-exit", "-n", "--log-target=stderr",
                                      "--load=module-native-protocol-unix auth-anonymous=1 socket=" + self.socket],
                                     env=self.env, stdin=subprocess.DEVNULL, stdout=self.log,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 10
        while subprocess.run(["pactl", "info"], env=self.env, capture_output=True).returncode != 0:
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise Failed("PulseAudio did not start (see pulseaudio.log)")
            time.sleep(0.1)
        self.recorders = []

    def pactl(self, *args):
        done = subprocess.run(["pactl", *args], env=self.env, capture_output=True, text=True, timeout=10)
        if done.returncode != 0:
            raise Failed(f"pactl {' '.join(args)}: {done.stderr.strip()}")
        return done.stdout.strip()

    def record(self, sink, path):
        """Records a sink's sound to a WAV file (8 kHz mono); returns once sound is being written."""
        proc = subprocess.Popen(["parec", "-d", sink + ".monitor", "--rate=8000", "--channels=1", "--format=s16le",
                                 "--latency-msec=20", "--file-format=wav", path], env=self.env,
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)
        self.recorders.append(proc)
        deadline = time.monotonic() + 10
        while not os.path.exists(path) or os.path.getsize(path) < 44 + 320:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise Failed(f"parec did not record {sink}.monitor")
            time.sleep(0.01)
        return proc

    def stop(self):
        for proc in self.recorders + [self.proc]:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(5)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(5)
        self.log.close()


def power(samples, rate, frequency):
    """Goertzel power of a frequency, averaged over 100 ms blocks (from 200 ms on)."""
    block = rate // 10
    coefficient = 2 * math.cos(2 * math.pi * frequency / rate)
    total, blocks = 0.0, 0
    for start in range(rate // 5, len(samples) - block, block):
        s1 = s2 = 0.0
        for x in samples[start:start + block]:
            s1, s2 = x + coefficient * s1 - s2, s1
        total += (s1 * s1 + s2 * s2 - coefficient * s1 * s2) / (block * block)
        blocks += 1
    return total / max(blocks, 1)


def assert_tone(path, frequency, other, what):
    with wave.open(path) as w:
        rate, frames = w.getframerate(), w.readframes(w.getnframes())
    samples = [v / 32768 for v in struct.unpack(f"<{len(frames) // 2}h", frames)]
    if len(samples) < rate:
        raise Failed(f"{what}: only {len(samples) / rate:.2f} s of sound in {os.path.basename(path)}")
    tone, rival = power(samples, rate, frequency), power(samples, rate, other)
    if tone < 1e-4 or tone < 20 * rival:
        raise Failed(f"{what}: {frequency} Hz power {tone:.2e} against {other} Hz {rival:.2e}")


def check(product, work, procs, pulse):
    pulse.pactl("load-module", "module-null-sink", "sink_name=speaker", "sink_properties=device.description=Speaker")
    pulse.pactl("load-module", "module-null-sink", "sink_name=micfeed")
    pulse.pactl("load-module", "module-sine", "sink=micfeed", "frequency=1000")
    pulse.pactl("load-module", "module-remap-source", "master=micfeed.monitor", "source_name=mic",
                "source_properties=device.description=Microphone")
    pulse.pactl("set-default-sink", "speaker")
    pulse.pactl("set-default-source", "mic")

    port_b = 10000 + random.randrange(2500) * 2
    port_a = port_b + 2
    alice, bob = f"sip:alice@127.0.0.1:{port_a}", f"sip:bob@127.0.0.1:{port_b}"
    heard_by_b = os.path.join(work, "b-heard.wav")
    b = Parley(product, os.path.join(work, "b"), "B")
    procs.append(b)
    a = Parley(product, os.path.join(work, "a"), "A", environment={"PULSE_SERVER": pulse.env["PULSE_SERVER"]})
    procs.append(a)
    b(f"parley:account set local address={bob} localAddress=127.0.0.1 localPort={port_b} autoAnswer=true"
      f" audioSource=tone:440 audioSink=wav:{heard_by_b}")
    a(f"parley:account set local address={alice} localAddress=127.0.0.1 localPort={port_a}"
      " audioSource=device audioSink=device")
    for p in (a, b):
        p("parley:await local unregistered 10")
        p.await_(r"^local unregistered", 30, f"{p.label}'s local account did not start")

    since = a.mark()
    a("parley:devices")
    a.await_(r"^capture +pulseaudio:mic +Microphone", 10, "A does not list the microphone", since)
    a.await_(r"^playback +pulseaudio:speaker +Speaker", 10, "A does not list the speaker", since)

    at_speaker = os.path.join(work, "a-speaker.wav")
    speaker = pulse.record("speaker", at_speaker)
    a(f"id = parley:call local {bob}")
    a("parley:awaitcall $id connected 15")
    a.await_(r"state \S+ connected", 20, "A's call was not answered")

    def rtp_sent():
        since = a.mark()
        a("parley:calls")
        row = a.await_(r" outgoing +sip:bob@\S+ +connected +(\d+) +(\d+)", 10, "A lists no connected call", since)
        return int(row.group(1))

    deadline = time.monotonic() + 10
    while (first := rtp_sent()) == 0:  # the microphone opens when the stream starts
        if time.monotonic() > deadline:
            raise Failed("A's microphone sent nothing in 10 s")
        time.sleep(0.2)
    time.sleep(2)
    sent = rtp_sent() - first
    if sent < 80:
        raise Failed(f"A's microphone stalled: {sent} RTP packets sent in 2 s")

    headset = pulse.pactl("load-module", "module-null-sink", "sink_name=headset",
                          "sink_properties=device.description=Headset")
    a.await_(r"^event device added playback pulseaudio:headset Headset$", 10, "A did not notice the headset")
    pulse.pactl("unload-module", headset)
    a.await_(r"^event device removed playback pulseaudio:headset Headset$", 10, "A did not notice the unplugging")
    time.sleep(1)
    a("parley:hangup $id")
    b.await_(r"ended remote-hangup", 15, "B did not see A hang up")
    speaker.terminate()
    speaker.wait(5)
    b.quit(30)
    a.quit(30)
    assert_tone(heard_by_b, 1000, 440, "B did not hear A's microphone")
    assert_tone(at_speaker, 440, 1000, "A's speaker did not play B's tone")
    return sent


def main():
    if len(sys.argv) != 2:
        sys.exit(f"usage: {NAME}.py PRODUCT_DIR")
    product = os.path.abspath(sys.argv[1])
    ensure_pulseaudio()
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda number, frame: sys.exit(128 + number))
    work = tempfile.mkdtemp(prefix=NAME + "-")
    procs, pulse = [], None
    t0 = time.monotonic()
    try:
        pulse = PulseAudio(work)
        sent = check(product, work, procs, pulse)
    except Exception as e:  # noqa: BLE001  (whatever went wrong: show what the processes said)
        print(f"{NAME}: FAILED: {e}", file=sys.stderr)
        for p in procs:
            print(f"--- {p.label}:\n{p.output()}", file=sys.stderr)
        sys.exit(1)
    finally:
        for p in procs:
            p.kill()
        if pulse is not None:
            pulse.stop()
        shutil.rmtree(work, ignore_errors=True)
    print(f"{NAME}: A called B with PulseAudio's microphone and speaker: B heard the microphone's 1000 Hz, A's speaker"
          f" played B's 440 Hz, the microphone sent {sent} RTP packets in 2 s; a headset plugged in and out during the"
          f" call was reported ({time.monotonic() - t0:.1f} s)")


if __name__ == "__main__":
    main()
