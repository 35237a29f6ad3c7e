#!/usr/bin/env python3
"""Call set-up benchmark: INVITE to 200 OK through Kamailio with auto-answer on the far side, for
headless Parley and for baresip as the callee. The caller is this script: a minimal SIP UAC on
loopback that answers Kamailio's digest challenge, times INVITE -> 200 OK, then ACKs and hangs up.
See bench/README.md."""
import argparse
import hashlib
import os
import random
import re
import shutil
import socket
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from register import (PASSWORD, USER, measure_start, parley_env, provision_parley,  # noqa: E402
                      quit_and_stop, require_tools, start_kamailio, stop_kamailio)
from startup import PRODUCT, RunFailed  # noqa: E402

CALLER, CALLER_PASSWORD = "bob", "bob-secret"


class Uac:
    """Just enough SIP to place one authenticated call and time its answer."""

    def __init__(self, proxy_port):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(5)
        self.port = self.sock.getsockname()[1]
        self.proxy = ("127.0.0.1", proxy_port)

    def request(self, method, uri, call_id, cseq, tag, to_tag="", extra="", body="", route=""):
        branch = "z9hG4bK-%x" % random.getrandbits(48)
        to = f"<sip:{USER}@127.0.0.1:{self.proxy[1]}>" + (f";tag={to_tag}" if to_tag else "")
        msg = (f"{method} {uri} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{self.port};rport;branch={branch}\r\n"
               f"Max-Forwards: 70\r\nFrom: <sip:{CALLER}@127.0.0.1:{self.proxy[1]}>;tag={tag}\r\nTo: {to}\r\n"
               f"Call-ID: {call_id}\r\nCSeq: {cseq} {method}\r\nContact: <sip:{CALLER}@127.0.0.1:{self.port}>\r\n"
               f"{route}{extra}")
        if body:
            msg += f"Content-Type: application/sdp\r\nContent-Length: {len(body)}\r\n\r\n{body}"
        else:
            msg += "Content-Length: 0\r\n\r\n"
        self.sock.sendto(msg.encode(), self.proxy)

    def receive(self, call_id, wanted):
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            data = self.sock.recv(65535).decode(errors="replace")
            if f"Call-ID: {call_id}" not in data and f"i: {call_id}" not in data:
                continue
            first = data.split("\r\n", 1)[0]
            if first.startswith("SIP/2.0 "):
                code = int(first.split()[1])
                if code >= wanted:
                    return code, data
            elif first.startswith("BYE ") or first.startswith("OPTIONS "):
                continue
        raise RunFailed(f"no final answer for {call_id}")

    def call(self):
        call_id, tag = "bench-%x@127.0.0.1" % random.getrandbits(64), "%x" % random.getrandbits(32)
        uri = f"sip:{USER}@127.0.0.1:{self.proxy[1]}"
        sdp = (f"v=0\r\no=bench 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
               f"m=audio {self.port + 1000} RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=sendrecv\r\n")
        self.request("INVITE", uri, call_id, 1, tag, body=sdp)
        code, data = self.receive(call_id, 200)
        if code != 407:
            raise RunFailed(f"expected a 407 challenge, got {code}")
        self.request("ACK", uri, call_id, 1, tag, to_tag=header_tag(data))
        realm = re.search(r'realm="([^"]+)"', data).group(1)
        nonce = re.search(r'nonce="([^"]+)"', data).group(1)
        ha1 = md5(f"{CALLER}:{realm}:{CALLER_PASSWORD}")
        ha2 = md5(f"INVITE:{uri}")
        cnonce, nc = "%x" % random.getrandbits(32), "00000001"
        response = md5(f"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}")
        auth = (f'Proxy-Authorization: Digest username="{CALLER}",realm="{realm}",nonce="{nonce}",uri="{uri}",'
                f'response="{response}",qop=auth,nc={nc},cnonce="{cnonce}",algorithm=MD5\r\n')
        t0 = time.perf_counter()
        self.request("INVITE", uri, call_id, 2, tag, extra=auth, body=sdp)
        code, data = self.receive(call_id, 200)
        ms = (time.perf_counter() - t0) * 1000
        if code != 200:
            raise RunFailed(f"the call was answered with {code}")
        to_tag = header_tag(data)
        routes = re.findall(r"^Record-Route: (.+)$", data, re.M)
        route = "".join(f"Route: {r}\r\n" for r in reversed(routes))
        contact = re.search(r"^(?:Contact|m): *<([^>]+)>", data, re.M).group(1)
        self.request("ACK", contact, call_id, 2, tag, to_tag=to_tag, route=route)
        time.sleep(0.2)
        self.request("BYE", contact, call_id, 3, tag, to_tag=to_tag, route=route)
        self.receive(call_id, 200)
        return ms


def headless_audio(config, sink):
    """Like Parley's silence source and discard sink: a sine source and a file player instead of ALSA.
    baresip 1.0.0's ausine only makes 48 kHz stereo and refuses to start otherwise (then the call is
    never answered), so the source runs at that rate and baresip resamples it for the codec."""
    lines = []
    for line in open(config).read().splitlines():
        if line.startswith(("audio_player", "audio_source", "audio_alert", "module\t\t\talsa.so",
                            "#ausrc_srate", "#ausrc_channels")):
            continue
        lines.append(line.replace("#module\t\t\taufile.so", "module\t\t\taufile.so")
                     .replace("#module\t\t\tausine.so", "module\t\t\tausine.so"))
    lines += ["audio_source\t\tausine,440", "ausrc_srate\t\t48000", "ausrc_channels\t\t2",
              f"audio_player\t\taufile,{sink}", f"audio_alert\t\taufile,{sink}"]
    open(config, "w").write("\n".join(lines) + "\n")


def header_tag(message):
    to = re.search(r"^(?:To|t):.*$", message, re.M).group(0)
    found = re.search(r";tag=([^;\s>]+)", to)
    return found.group(1) if found else ""


def md5(text):
    return hashlib.md5(text.encode()).hexdigest()


def main():
    ap = argparse.ArgumentParser(prog="bench/invite.sh")
    ap.add_argument("-n", type=int, default=20, help="calls to each callee (default 20)")
    ap.add_argument("--parley", default=PRODUCT)
    args = ap.parse_args()
    launcher = require_tools(args.parley)
    work = tempfile.mkdtemp(prefix="bench-invite-")
    kamailio, port = start_kamailio(work, {USER: PASSWORD, CALLER: CALLER_PASSWORD})
    results = {}
    try:
        data = os.path.join(work, "parley-data")
        provision_parley(launcher, data, port, extra="autoAnswer=true audioSource=silence audioSink=discard")
        bare = os.path.join(work, "baresip")
        os.makedirs(bare)
        for name, cmd, env, ready, quit_input in (
                ("parley", [launcher, "--headless"], parley_env(data),
                 lambda l: l.startswith(b"event registration bench registered"), None),
                ("baresip", ["baresip", "-n", "127.0.0.1", "-f", bare], os.environ,
                 lambda l: b"200 OK" in l, b"q\n")):
            if name == "baresip":
                measure_start(cmd, env, lambda l: l.strip() == b"baresip is ready.", "'baresip is ready.'",
                              b"q\n")
                with open(os.path.join(bare, "accounts"), "w") as f:
                    f.write(f"<sip:{USER}@127.0.0.1:{port}>;auth_pass={PASSWORD};answermode=auto;regint=600\n")
                headless_audio(os.path.join(bare, "config"), os.path.join(work, "baresip-received.wav"))
            proc, others = measure_start(cmd, env, ready, "registered", None, keep=True)
            try:
                uac = Uac(port)
                uac.call()  # warm-up: the first call starts the media engine
                results[name] = [uac.call() for _ in range(args.n)]
            except (RunFailed, OSError) as e:
                print(f"{name}: the calls failed: {e!r}", file=sys.stderr)
                results[name] = []
            finally:
                quit_and_stop(proc, others, quit_input)
    except RunFailed as e:
        sys.exit(f"benchmark failed: {e}")
    finally:
        stop_kamailio(kamailio)
        shutil.rmtree(work, ignore_errors=True)
    print(f"machine: nproc {len(os.sched_getaffinity(0))}; Kamailio on loopback UDP; caller: bench/invite.py")
    print(f"{'what':<44}{'parley':<12}{'baresip':<12}")
    print(f"{'INVITE to 200 OK, auto-answer (ms), median':<44}"
          + "".join((f"{statistics.median(results[n]):<12.2f}" if results[n] else f"{'failed':<12}")
                    for n in ("parley", "baresip")))
    print(f"{'calls':<44}{len(results['parley']):<12}{len(results['baresip']):<12}")


if __name__ == "__main__":
    main()
