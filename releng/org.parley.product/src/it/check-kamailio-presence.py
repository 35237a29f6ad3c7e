#!/usr/bin/env python3
"""Two Parley processes from the materialized product, A (alice) and B (bob), with SIP accounts at a
real Kamailio on loopback with its presence modules (the test kit's configuration, started as the
benchmarks start it: bench/register.py start_kamailio):
 - both register; each adds the other as a contact and sees the other available;
 - each goes away with a note: the other sees it;
 - A calls B (B answers automatically): each sees the other on the phone, and back after the hang-up;
 - A types (B sees the typing notice); messages both ways, both delivered;
 - B quits: A sees B offline; A's message to B fails (Kamailio: the user is not registered);
 - B starts again on the same data, registers and sets its status: A sees B online; A resends the message: delivered,
   B receives it (once);
 - A quits: B sees A offline.
   check-kamailio-presence.py PRODUCT_DIR
Every wait is bounded; Kamailio and the Parley processes are stopped by PID (process group) at the end.
Kamailio is installed with apt-get when missing and run as root (see start_kamailio)."""
import os
import re
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", "..", "..", ".."))
sys.path.insert(0, os.path.join(REPO, "bench"))
import kamailio_check  # noqa: E402
from parley_process import Failed, Parley  # noqa: E402

NAME = "check-kamailio-presence"
USERS = {"alice": "alice-secret", "bob": "bob-secret"}


def wait_for_capabilities(p, account, capabilities, timeout=30):
    """An account's capability services follow its start, which takes seconds on a first start."""
    deadline = time.monotonic() + timeout
    for capability in capabilities:
        while True:
            since = p.mark()
            p("parley:capabilities")
            try:
                p.await_(rf"^{capability} +{account} ", 1, "", since)
                break
            except Failed:
                if time.monotonic() > deadline:
                    raise Failed(f"{p.label}'s account {account} offers no {capability} after {timeout} s") from None


def start(product, data, label, user, port, extra):
    # no serverless local account: two of them would compete for the same default port
    p = Parley(product, data, label, vmargs="-Dparley.sip.localAccount=false")
    p(f"parley:account add sip {user} sip:{user}@127.0.0.1:{port} registrar=127.0.0.1:{port} {extra}".rstrip())
    p(f"parley:account password {user} {USERS[user]}")
    p.await_(rf"^event registration {user} registered", 40, f"{label} did not register at Kamailio")
    wait_for_capabilities(p, user, ("presence", "messaging"))
    return p


def check(product, work, port, procs):
    alice, bob = f"sip:alice@127.0.0.1:{port}", f"sip:bob@127.0.0.1:{port}"
    # the peer as events name it (the address as given, maybe without the port)
    ea, eb = rf"sip:alice@127\.0\.0\.1(:{port})?", rf"sip:bob@127\.0\.0\.1(:{port})?"
    bob_extra = "autoAnswer=true audioSource=tone:440 audioSink=discard"
    a = start(product, os.path.join(work, "a"), "A", "alice", port, "audioSource=tone:1000 audioSink=discard")
    procs.append(a)
    b = start(product, os.path.join(work, "b"), "B", "bob", port, bob_extra)
    procs.append(b)

    # presence: each watches the other through Kamailio
    a("parley:status alice available")
    b("parley:status bob available")
    a(f"parley:contact add alice {bob} Bob friends")
    b(f"parley:contact add bob {alice} Alice friends")
    a.await_(rf"^event presence alice {eb} available$", 30, "A did not see B available")
    b.await_(rf"^event presence bob {ea} available$", 30, "B did not see A available")
    b("parley:status bob away back at 3")
    a.await_(rf"^event presence alice {eb} away back at 3$", 20, "A did not see B away with the note")
    since_b = b.mark()
    a("parley:status alice away at lunch")
    b.await_(rf"^event presence bob {ea} away at lunch$", 20, "B did not see A away with the note", since_b)
    since_b = b.mark()
    a("parley:status alice available")
    b.await_(rf"^event presence bob {ea} available$", 20, "B did not see A available again", since_b)

    # a call: each sees the other on the phone, and back after the hang-up
    a_call, b_call = a.mark(), b.mark()
    a(f"id = parley:call alice {bob}")
    a("parley:awaitcall $id connected 20")
    b.await_(r"^event call bob \S+ started incoming sip:", 20, "B saw no incoming call", b_call)
    a.await_(r"^event call alice \S+ state \S+ connected$", 20, "A's call was not connected", a_call)
    a.await_(rf"^event presence alice {eb} on-the-phone( |$)", 20, "A did not see B on the phone", a_call)
    b.await_(rf"^event presence bob {ea} on-the-phone( |$)", 20, "B did not see A on the phone", b_call)
    a_end, b_end = a.mark(), b.mark()
    a("parley:hangup $id")
    b.await_(r"ended remote-hangup", 20, "B did not see A hang up", b_end)
    a.await_(rf"^event presence alice {eb} away back at 3$", 20, "B's status did not go back to away after the call", a_end)
    b.await_(rf"^event presence bob {ea} available$", 20, "A's status did not go back to available after the call", b_end)

    # a typing notice and messages both ways
    since_a, since_b = a.mark(), b.mark()
    a(f"parley:typing alice {bob} on")
    b.await_(rf"^event composing bob {ea} active$", 20, "B did not see A typing", since_b)
    a(f"parley:message alice {bob} Hello Bob from A 👋")
    a.await_(r"^event message alice \S+ delivered$", 20, "A's message was not delivered", since_a)
    b.await_(rf"^event message bob \S+ received {ea} Hello Bob from A 👋$", 20, "B did not receive A's message", since_b)
    since_a, since_b = a.mark(), b.mark()
    b(f"parley:message bob {alice} Hi Alice, B here")
    b.await_(r"^event message bob \S+ delivered$", 20, "B's answer was not delivered", since_b)
    a.await_(rf"^event message alice \S+ received {eb} Hi Alice, B here$", 20, "A did not receive B's answer", since_a)

    # B quits: A sees B offline, and a message to B fails
    since_a = a.mark()
    b.quit(30)
    a.await_(rf"^event presence alice {eb} offline$", 30, "A did not see B go offline", since_a)
    since_a = a.mark()
    a(f"parley:message alice {bob} Are you there, Bob")
    failed = a.await_(r"^event message alice (\S+) failed (.*)$", 30, "A's message to offline B did not fail", since_a)
    message, reason = failed.group(1), failed.group(2)
    if a.count(rf"^event message alice {re.escape(message)} delivered$", since_a):
        raise Failed("A's message to offline B was reported delivered as well as failed")

    # B starts again on the same data and registers; A resends: delivered, and B receives it
    since_a = a.mark()
    b2 = Parley(product, os.path.join(work, "b"), "B (again)")
    procs.append(b2)
    b2.await_(r"^event registration bob registered", 40, "B did not register again with its stored account")
    # Parley's own status starts offline at every start (nothing restores or defaults it): B sets it again
    b2("parley:status bob available")
    a.await_(rf"^event presence alice {eb} available$", 30, "A did not see B come back online", since_a)
    wait_for_capabilities(b2, "bob", ("messaging",))
    since_a = a.mark()
    a(f"parley:resend alice {message}")
    a.await_(rf"^event message alice {re.escape(message)} delivered$", 30, "A's resent message was not delivered",
             since_a)
    b2.await_(rf"^event message bob \S+ received {ea} Are you there, Bob$", 30, "B did not receive the resent message")

    # A quits: B sees A offline
    since_b = b2.mark()
    a.quit(30)
    b2.await_(rf"^event presence bob {ea} offline$", 30, "B did not see A go offline", since_b)
    b2.quit(30)
    if b2.count(rf"^event message bob \S+ received {ea} Are you there, Bob$") != 1:
        raise Failed("B received the resent message more than once")
    return reason


def main():
    if len(sys.argv) != 2:
        sys.exit(f"usage: {NAME}.py PRODUCT_DIR")
    product = os.path.abspath(sys.argv[1])
    if not os.access(os.path.join(product, "parley"), os.X_OK):
        sys.exit(f"{NAME}: FAILED: no launcher at {product}/parley")
    reason, seconds = kamailio_check.run(NAME, USERS, lambda work, port, procs: check(product, work, port, procs),
                                         presence=True)
    print(f"{NAME}: two processes through Kamailio (presence) saw each other available, away with a note, on the phone"
          f" and offline; typing and messages both ways delivered; a message to offline B failed ({reason}) and,"
          f" resent after B came back, was delivered ({seconds:.1f} s)")


if __name__ == "__main__":
    main()
