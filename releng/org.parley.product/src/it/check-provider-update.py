#!/usr/bin/env python3
"""Replacing the SIP provider while Parley runs (issue 7): A (alice) runs a copy of the product with its
account registered at a real Kamailio on loopback, Bob in its contacts and a call to B (bob, who answers
by himself) in its history. A newer build of org.parley.sip is put on a copy of the update site
(newer-feature.py: the same code under a higher version, signed with the build's key), and A updates
org.parley.sip.feature from it with parley:plugins, without a restart. Then the new bundle is the one
running, A's account registers again by itself with its stored settings and password, Bob is still in A's
contacts and A sees him available, the earlier call is still in A's history, and a new call connects.
   check-provider-update.py PRODUCT_DIR UPDATE_SITE_DIR SIGNING_DIR
Every wait is bounded; Kamailio and the Parley processes are stopped by PID (process group) at the end."""
import glob
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", "..", "..", ".."))
sys.path.insert(0, os.path.join(REPO, "bench"))
import kamailio_check  # noqa: E402
from parley_process import Parley  # noqa: E402
from importlib import import_module  # noqa: E402

presence_check = import_module("check-kamailio-presence")
NAME = "check-provider-update"
USERS = presence_check.USERS
FEATURE = "org.parley.sip.feature"


def newer_site(site, signing, work):
    """A copy of the update site with a newer build of the SIP feature; returns it and the new version."""
    newer = os.path.join(work, "newer-site")
    shutil.copytree(site, newer)
    jar = glob.glob(os.path.join(site, "features", FEATURE + "_*.jar"))[0]
    old = os.path.basename(jar)[len(FEATURE) + 1:-len(".jar")]
    major, minor, micro, qualifier = old.split(".", 3)
    new = f"{major}.{minor}.{int(micro) + 1}.{qualifier}"
    subprocess.run([sys.executable, os.path.join(HERE, "newer-feature.py"), newer, FEATURE, new,
                    os.path.join(signing, "parley-test-signer.p12"), "parley-test", "parley-test"],
                   check=True, stdout=subprocess.DEVNULL)
    return newer, old, new


def check(product, site, signing, work, port, procs):
    bob = f"sip:bob@127.0.0.1:{port}"
    eb = rf"sip:bob@127\.0\.0\.1(:{port})?"
    product_a = os.path.join(work, "product-a")
    shutil.copytree(product, product_a, symlinks=True)
    a = presence_check.start(product_a, os.path.join(work, "a"), "A", "alice", port,
                             "audioSource=tone:1000 audioSink=discard")
    procs.append(a)
    b = presence_check.start(product, os.path.join(work, "b"), "B", "bob", port,
                             "autoAnswer=true audioSource=tone:440 audioSink=discard")
    procs.append(b)
    b("parley:status bob available")
    a(f"parley:contact add alice {bob} Bob friends")
    a.await_(rf"^event presence alice {eb} available$", 30, "A did not see B available")
    since = a.mark()
    a(f"first = parley:call alice {bob}")
    a("parley:awaitcall $first connected 20")
    a.await_(r"^event call alice \S+ state \S+ connected$", 20, "A's first call was not connected", since)
    a("parley:hangup $first")
    a.await_(r"^event call alice \S+ ended ", 20, "A's first call did not end", since)

    newer, old, new = newer_site(site, signing, work)
    since = a.mark()
    a(f"parley:plugins site add {newer}")
    a.await_(r"^added the update site ", 30, "A could not add the site with the newer SIP provider", since)
    a("parley:plugins updates")
    a.await_(rf"^{re.escape(FEATURE)} +{re.escape(new)} ", 30, f"A's sites do not offer {FEATURE} {new}", since)
    since = a.mark()
    a(f"parley:plugins update {FEATURE}")
    # the removed bundles are the feature's older builds: org.parley.sip and the TLS bundle it ships with
    a.await_(r"^done; started: org\.parley\.sip; removed: (?:\S+ )*org\.parley\.sip(?: \S+)*$", 90,
             "A did not update the SIP provider",
             since)
    a.await_(r"^event registration alice registered", 40, "A's account did not register again after the update", since)
    a("lb org.parley.sip")
    a.await_(rf"\|Active +\| +[0-9]+\|Parley SIP \({re.escape(new)}\)", 20, f"org.parley.sip {new} is not active",
             since)
    presence_check.wait_for_capabilities(a, "alice", ("presence", "messaging", "telephony"))
    a.await_(rf"^event presence alice {eb} available$", 30, "A does not see B available after the update", since)
    a("parley:contacts alice")
    a.await_(rf"^Bob +{re.escape(bob)} +friends ", 20, "Bob left A's contacts with the update", since)
    a(f"parley:history show alice {bob}")
    a.await_(r" outgoing call +answered", 20, "A's earlier call left the history with the update", since)
    a("parley:account show alice")
    a.await_(r"audioSource.*tone:1000", 20, "A's account lost its settings with the update", since)
    since = a.mark()
    a(f"second = parley:call alice {bob}")
    a("parley:awaitcall $second connected 20")
    a.await_(r"^event call alice \S+ state \S+ connected$", 20, "A's call after the update was not connected", since)
    a("parley:hangup $second")
    a.quit(30)
    b.quit(30)
    return old, new


def main():
    if len(sys.argv) != 4:
        sys.exit(f"usage: {NAME}.py PRODUCT_DIR UPDATE_SITE_DIR SIGNING_DIR")
    product, site, signing = (os.path.abspath(arg) for arg in sys.argv[1:4])
    (old, new), seconds = kamailio_check.run(
        NAME, USERS, lambda work, port, procs: check(product, site, signing, work, port, procs), presence=True)
    print(f"{NAME}: A updated org.parley.sip {old} -> {new} while registered at Kamailio; its account registered"
          f" again, kept its settings, contacts (and B's presence) and history, and called B again ({seconds:.1f} s)")


if __name__ == "__main__":
    main()
