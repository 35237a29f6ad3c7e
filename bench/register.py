#!/usr/bin/env python3
"""Registration benchmark: process start to REGISTER 200 OK, and idle memory with one account
registered, for headless Parley and for baresip, against one Kamailio on loopback (the test kit's
configuration). See bench/README.md."""
import argparse
import hashlib
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from startup import (PRODUCT, REPO, RunFailed, read_until, rss_mib, stop, descendants, identity,  # noqa: E402
                     proc_stat, wait_for_start_cache)

TEMPLATE = os.path.join(REPO, "tests/org.parley.testkit/kamailio/kamailio.cfg")
DBTEXT = "/usr/share/kamailio/dbtext/kamailio"
USER, PASSWORD = "alice", "alice-secret"
IDLE_SECONDS = int(os.environ.get("BENCH_IDLE_SECONDS", "5"))


def free_port():
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            udp.bind(("127.0.0.1", 0))
            port = udp.getsockname()[1]
            try:
                with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as tcp:
                    tcp.bind(("127.0.0.1", port))
                    return port
            except OSError:
                continue
    raise RunFailed("no free port")


def start_kamailio(work, users=None, presence=False, shm_mb=256):
    """Kamailio from the test kit's configuration on a free loopback port; presence loads the presence
    modules (WITH_PRESENCE, as the test kit's KamailioServer does). Returns (process, port)."""
    if not shutil.which("kamailio") and not os.path.exists("/usr/sbin/kamailio"):
        if os.geteuid() != 0:
            sys.exit("kamailio is not installed: apt-get install -y kamailio kamailio-presence-modules")
        subprocess.run(["apt-get", "update"], check=True, stdout=subprocess.DEVNULL)
        subprocess.run(["apt-get", "install", "-y", "kamailio", "kamailio-presence-modules"], check=True,
                       stdout=subprocess.DEVNULL, env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))
    port = free_port()
    db, run = os.path.join(work, "db"), os.path.join(work, "run")
    os.makedirs(run)
    shutil.copytree(DBTEXT, db)
    # presence 5.6 inserts active_watchers rows without "flags", which db_text refuses unless nullable
    watchers = os.path.join(db, "active_watchers")
    if os.path.exists(watchers):
        text = open(watchers).read()
        open(watchers, "w").write(text.replace(" flags(int) ", " flags(int,null) ", 1))
    domain = "127.0.0.1"
    with open(os.path.join(db, "subscriber"), "w") as f:
        f.write("id(int,auto) username(string) domain(string) password(string) ha1(string) ha1b(string) \n")
        for number, (user, password) in enumerate((users or {USER: PASSWORD}).items(), 1):
            ha1 = hashlib.md5(f"{user}:{domain}:{password}".encode()).hexdigest()
            ha1b = hashlib.md5(f"{user}@{domain}:{domain}:{password}".encode()).hexdigest()
            f.write(f"{number}:{user}:{domain}:{password}:{ha1}:{ha1b}\n")
    text = open(TEMPLATE).read()
    for key, value in {"@LISTEN_IP@": "127.0.0.1", "@UDP_PORT@": str(port), "@TCP_PORT@": str(port),
                       "@TLS_PORT@": str(free_port()), "@DOMAIN@": domain, "@DB_DIR@": db,
                       "@RUN_DIR@": run, "@DEBUG_LEVEL@": "-1", "@TCP_LIFETIME@": "3605",
                       "@NONCE_EXPIRE@": "300"}.items():
        text = text.replace(key, value)
    cfg = os.path.join(work, "kamailio.cfg")
    open(cfg, "w").write(text)
    log = open(os.path.join(work, "kamailio.log"), "w")
    proc = subprocess.Popen(["/usr/sbin/kamailio", "-f", cfg, "-P", os.path.join(work, "k.pid"), "-Y", run,
                             "-w", work, "-m", str(shm_mb), "-M", "8", "-DD", "-E"]
                            + (["-A", "WITH_PRESENCE"] if presence else []), stdout=log, stderr=log,
                            stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc, port
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise RunFailed("kamailio did not start; see " + log.name)


def require_tools(product):
    """The product's launcher; stops with a one-line message if it or baresip is missing."""
    launcher = os.path.join(product, "parley")
    if not os.access(launcher, os.X_OK):
        sys.exit(f"Parley product not built ({launcher} missing): run ./mvnw package -DskipTests first")
    if not shutil.which("baresip"):
        sys.exit("baresip is not installed: apt-get install -y baresip (or run bench/startup.sh once)")
    return launcher


def stop_kamailio(kamailio):
    kamailio.send_signal(signal.SIGTERM)
    try:
        kamailio.wait(timeout=5)
    except subprocess.TimeoutExpired:
        kamailio.kill()


def parley_env(data, cache=None):
    """Parley's environment: user data in data, the start-up cache in cache (default: the user's)."""
    env = dict(os.environ, PARLEY_DATA=data, PARLEY_VMARGS=("-Dparley.sip.localAccount=false " + os.environ.get("BENCH_PARLEY_VMARGS", "")).strip())
    if cache:
        env["PARLEY_CACHE"] = cache
    return env


def provision_parley(launcher, data, port, extra="", cache=None):
    script = (f"parley:account add sip bench sip:{USER}@127.0.0.1:{port} registrar=127.0.0.1:{port} {extra}\n"
              f"parley:account password bench {PASSWORD}\n"
              f"parley:await bench registered 15\n")
    r = subprocess.run([launcher, "--headless"], input=script.encode(), env=parley_env(data, cache),
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=90)
    if r.returncode != 0:
        raise RunFailed("provisioning failed:\n" + r.stdout.decode(errors="replace")[-2000:])


def measure_start(cmd, env, ready, what, quit_input, keep=False, timeout=60):
    """Starts cmd and waits until a line satisfies ready. Returns (ms, process, descendants) when
    keep is set; otherwise stops the process (sending quit_input first) and returns the ms."""
    log = []
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        read_until(proc, ready, what, timeout, log)
    except (RunFailed, OSError) as e:
        stop(proc, [], 0.0)
        raise RunFailed(f"{e}\n" + b"".join(log).decode(errors="replace")[-1500:]) from None
    ms = (time.perf_counter() - t0) * 1000
    others = [i for i in map(identity, descendants(proc.pid)) if i]
    if keep:
        return proc, others
    quit_and_stop(proc, others, quit_input)
    return ms


def quit_and_stop(proc, others, quit_input):
    try:
        if quit_input:
            proc.stdin.write(quit_input)
            proc.stdin.flush()
        proc.stdin.close()
    except OSError:
        pass
    stop(proc, others, 20.0)


def measure(cmd, env, ready, what, timeout, quit_input):
    """Times start to the ready line, then reads the resident memory after IDLE_SECONDS idle."""
    t0 = time.perf_counter()
    proc, others = measure_start(cmd, env, ready, what, quit_input, keep=True, timeout=timeout)
    ms = (time.perf_counter() - t0) * 1000
    try:
        target = next((p for p in [proc.pid] + descendants(proc.pid)
                       if (proc_stat(p) or ("",))[0] in ("java", "baresip")), proc.pid)
        time.sleep(IDLE_SECONDS)
        idle = rss_mib(target)
    finally:
        quit_and_stop(proc, others, quit_input)
    return ms, idle


def main():
    ap = argparse.ArgumentParser(prog="bench/register.sh")
    ap.add_argument("-n", type=int, default=5)
    ap.add_argument("--parley", default=PRODUCT)
    args = ap.parse_args()
    launcher = require_tools(args.parley)
    work = tempfile.mkdtemp(prefix="bench-register-")
    kamailio, port = start_kamailio(work)
    results = {"parley": [], "baresip": []}
    try:
        data, cache = os.path.join(work, "parley-data"), os.path.join(work, "parley-cache")
        # The provisioning start records what Parley loads; the next start (not counted) has the
        # launcher build its start-up cache in the background, which is awaited.
        provision_parley(launcher, data, port, cache=cache)
        first, _ = measure([launcher, "--headless"], parley_env(data, cache),
                           lambda l: l.startswith(b"event registration bench registered"),
                           "the registered event", 60, None)
        print(f"parley warm-up: {first:.1f} ms (before the start-up cache is built)", file=sys.stderr)
        wait_for_start_cache(cache)
        bare = os.path.join(work, "baresip")
        os.makedirs(bare)
        # a first start writes baresip's default configuration, which the account line is added to
        measure_start(["baresip", "-n", "127.0.0.1", "-f", bare], os.environ,
                      lambda l: l.strip() == b"baresip is ready.", "'baresip is ready.'", b"q\n")
        with open(os.path.join(bare, "accounts"), "w") as f:
            f.write(f"<sip:{USER}@127.0.0.1:{port}>;auth_pass={PASSWORD};regint=600\n")
        for i in range(1, args.n + 1):
            ms, idle = measure([launcher, "--headless"], parley_env(data, cache),
                               lambda l: l.startswith(b"event registration bench registered"),
                               "the registered event", 60, None)
            results["parley"].append((ms, idle))
            print(f"parley {i}/{args.n}: {ms:.1f} ms, {idle:.1f} MiB idle", file=sys.stderr)
            ms, idle = measure(["baresip", "-n", "127.0.0.1", "-f", bare], os.environ,
                               lambda l: b"200 OK" in l, "'200 OK'", 30, b"q\n")
            results["baresip"].append((ms, idle))
            print(f"baresip {i}/{args.n}: {ms:.1f} ms, {idle:.1f} MiB idle", file=sys.stderr)
    except RunFailed as e:
        sys.exit(f"benchmark failed: {e}")
    finally:
        stop_kamailio(kamailio)
        shutil.rmtree(work, ignore_errors=True)
    print(f"machine: nproc {len(os.sched_getaffinity(0))}, load {os.getloadavg()[0]:.2f}; Kamailio on loopback UDP")
    print(f"{'what':<40}{'parley':<12}{'baresip':<12}")
    print(f"{'start to REGISTER 200 OK (ms), median':<40}"
          + "".join(f"{statistics.median(r[0] for r in results[n]):<12.1f}" for n in ("parley", "baresip")))
    print(f"{'  the same, before the start-up cache':<40}{first:<12.1f}{'-':<12}")
    print(f"{'RSS, registered, idle {0} s (MiB)'.format(IDLE_SECONDS):<40}"
          + "".join(f"{statistics.median(r[1] for r in results[n]):<12.1f}" for n in ("parley", "baresip")))
    print(f"{'runs':<40}{len(results['parley']):<12}{len(results['baresip']):<12}")


if __name__ == "__main__":
    main()
