#!/usr/bin/env python3
"""The second protocol provider as a plugin (issue 7): a running copy of the product installs org.parley.xmpp.feature
from the update site with parley:plugins, without a restart; then, in that same process, an XMPP account logs in to a
real Prosody on loopback (Debian's package, installed with apt-get when missing) and, through the same console
commands as SIP accounts, sees a second XMPP account's presence and exchanges messages with it. The second account
runs in a second copy that got the plugin the same way.
   check-xmpp-plugin.py PRODUCT_DIR UPDATE_SITE_DIR
Every wait is bounded; Prosody and the Parley processes are stopped by PID at the end."""
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from parley_process import Failed, Parley  # noqa: E402

NAME = "check-xmpp-plugin"
USERS = {"alice": "alice-secret", "bob": "bob-secret"}
FEATURE = "org.parley.xmpp.feature"


def start_prosody(work):
    """Prosody in the foreground with a configuration of its own, on a free loopback port; returns (process, port)."""
    if not shutil.which("prosody"):
        if os.geteuid() != 0:
            sys.exit("prosody is not installed: apt-get install -y prosody")
        subprocess.run(["apt-get", "update"], check=True, stdout=subprocess.DEVNULL)
        subprocess.run(["apt-get", "install", "-y", "prosody"], check=True, stdout=subprocess.DEVNULL,
                       env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    os.makedirs(os.path.join(work, "data"))
    os.makedirs(os.path.join(work, "certs"))
    config = os.path.join(work, "prosody.cfg.lua")
    with open(config, "w") as f:
        f.write(f'''run_as_root = true
pidfile = "{work}/prosody.pid"
data_path = "{work}/data"
certificates = "{work}/certs"
log = {{ {{ levels = {{ min = "info" }}; to = "file"; filename = "{work}/prosody.log" }} }}
interfaces = {{ "127.0.0.1" }}
c2s_ports = {{ {port} }}
c2s_direct_tls_ports = {{ }}
c2s_require_encryption = false
allow_unencrypted_plain_auth = true
authentication = "internal_plain"
modules_enabled = {{ "roster"; "saslauth"; "disco"; "ping"; "offline" }}
modules_disabled = {{ "s2s"; "s2s_auth_certs" }}
VirtualHost "localhost"
''')
    for user, password in USERS.items():
        subprocess.run(["prosodyctl", "--config", config, "register", user, "localhost", password], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=30)
    process = subprocess.Popen(["prosody", "-F", "--config", config], cwd=work, stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process, port
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.1)
    process.kill()
    raise Failed(f"Prosody did not listen on 127.0.0.1:{port}")


def with_plugin(product, site, work, label, user, port, procs):
    copy = os.path.join(work, "product-" + user)
    shutil.copytree(product, copy, symlinks=True)
    p = Parley(copy, os.path.join(work, user), label, vmargs="-Dparley.sip.localAccount=false",
               environment={"PARLEY_CACHE": os.path.join(work, "cache-" + user)})
    procs.append(p)
    p(f"parley:plugins site add {site}")
    p(f"parley:plugins install {FEATURE}")
    p.await_(r"^done; started: .*org\.parley\.xmpp", 90, f"{label} did not install the XMPP provider")
    # the provider's components start a moment after its bundle: the first attempts may find no provider
    p(f"parley:account password {user} {USERS[user]}")
    for _ in range(20):
        since = p.mark()
        p(f"parley:account add xmpp {user} xmpp:{user}@localhost server=127.0.0.1:{port} security=disabled")
        answer = p.await_(rf"^(added {user}|error: no provider for protocol 'xmpp')", 10,
                          f"{label} did not answer the account's creation", since)
        if answer.group(1).startswith("added"):
            break
        time.sleep(0.5)
    else:
        raise Failed(f"{label} has no XMPP provider after the install")
    p.await_(rf"^event registration {user} registered$", 30, f"{label}'s XMPP account did not log in")
    return p


def check(product, site, work, port, procs):
    a = with_plugin(product, site, work, "A", "alice", port, procs)
    b = with_plugin(product, site, work, "B", "bob", port, procs)
    for p in (a, b):
        p("parley:capabilities")
    a.await_(r"^presence +alice ", 20, "A's XMPP account offers no presence")
    a.await_(r"^messaging +alice ", 20, "A's XMPP account offers no messaging")
    a("parley:contact add alice xmpp:bob@localhost Bob friends")
    b("parley:contact add bob xmpp:alice@localhost Alice friends")
    a.await_(r"^event presence alice xmpp:bob@localhost available$", 30, "A did not see B available")
    b("parley:status bob away back at 3")
    a.await_(r"^event presence alice xmpp:bob@localhost away back at 3$", 20, "A did not see B away with the note")
    since_a, since_b = a.mark(), b.mark()
    a("parley:message alice xmpp:bob@localhost Hello Bob over XMPP 👋")
    b.await_(r"^event message bob \S+ received xmpp:alice@localhost Hello Bob over XMPP 👋$", 20,
             "B did not receive A's message", since_b)
    a.await_(r"^event message alice \S+ delivered$", 20, "A's message was not delivered", since_a)
    b("parley:message bob xmpp:alice@localhost Hi Alice")
    a.await_(r"^event message alice \S+ received xmpp:bob@localhost Hi Alice$", 20, "A did not receive B's answer")
    a.quit(30)
    b.quit(30)


def main():
    if len(sys.argv) != 3:
        sys.exit(f"usage: {NAME}.py PRODUCT_DIR UPDATE_SITE_DIR")
    product, site = (os.path.abspath(arg) for arg in sys.argv[1:3])
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda number, frame: sys.exit(128 + number))
    work = tempfile.mkdtemp(prefix=NAME + "-")
    prosody, procs = None, []
    t0 = time.monotonic()
    try:
        prosody, port = start_prosody(os.path.join(work, "prosody"))
        check(product, site, work, port, procs)
    except Exception as e:  # noqa: BLE001  (whatever went wrong: show what the processes said)
        print(f"{NAME}: FAILED: {e}", file=sys.stderr)
        for p in procs:
            print(f"--- {p.label}:\n{p.output()}", file=sys.stderr)
        sys.exit(1)
    finally:
        for p in procs:
            p.kill()
        if prosody is not None:
            os.killpg(prosody.pid, signal.SIGTERM)
            try:
                prosody.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(prosody.pid, signal.SIGKILL)
                prosody.wait(10)
        shutil.rmtree(work, ignore_errors=True)
    print(f"{NAME}: two running copies installed {FEATURE} from the update site without a restart; their XMPP accounts"
          f" logged in to Prosody, saw each other's presence and note, and exchanged messages, delivered"
          f" ({time.monotonic() - t0:.1f} s)")


if __name__ == "__main__":
    main()
