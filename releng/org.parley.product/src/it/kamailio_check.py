"""Runs a product check that needs a Kamailio (the test kit's configuration, started as the benchmarks start it:
bench/register.py start_kamailio) and Parley processes: in a work directory of its own, stopping Kamailio and the
processes by PID at the end, and showing what the processes and Kamailio said when it fails."""
import os
import shutil
import signal
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "..", "bench"))
from register import start_kamailio, stop_kamailio  # noqa: E402


def run(name, users, check, presence=False):
    """Calls check(work, port, procs) (procs: the Parley processes it starts, stopped at the end) and returns what it
    returned and the seconds it took; on any failure prints "<name>: FAILED: ..." with the outputs and exits 1."""
    # stopped from outside (Maven, a timeout): still stop Kamailio and the Parley processes
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda number, frame: sys.exit(128 + number))
    work = tempfile.mkdtemp(prefix=name + "-")
    kamailio, procs = None, []
    t0 = time.monotonic()
    try:
        kamailio, port = start_kamailio(os.path.join(work, "kamailio"), users, presence=presence)
        result = check(work, port, procs)
        if os.environ.get("PARLEY_CHECK_OUTPUT"):  # where to keep the outputs of a passing run, for a look
            with open(os.environ["PARLEY_CHECK_OUTPUT"], "w") as f:
                f.write("".join(f"--- {p.label}:\n{p.output()}\n" for p in procs))
        return result, time.monotonic() - t0
    except Exception as e:  # noqa: BLE001  (whatever went wrong: show what the processes said)
        print(f"{name}: FAILED: {e}", file=sys.stderr)
        for p in procs:
            print(f"--- {p.label}:\n{p.output()}", file=sys.stderr)
        log = os.path.join(work, "kamailio", "kamailio.log")
        if os.path.exists(log):
            with open(log, errors="replace") as f:
                print("--- Kamailio (log tail):\n" + "".join(f.readlines()[-60:]), file=sys.stderr)
        sys.exit(1)
    finally:
        for p in procs:
            p.kill()
        if kamailio is not None:
            stop_kamailio(kamailio)
        shutil.rmtree(work, ignore_errors=True)
