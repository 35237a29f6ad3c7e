#!/usr/bin/env python3
"""An administrator's provisioning (issue 7): a copy of the product with files in its provisioning/ directory
(OSGi Configurator JSON with Parley's :parley: entries): alice's account at a real Kamailio on loopback, its
password from an environment variable, its registrar locked; the plugin policy with its signature rule locked and the build's signer trusted; a plugin to install;
an update site. A damaged file beside them is refused with its place named, and the others still apply.
 - the first start, without a single command, registers the account, knows the update site and installs the
   provisioned plugin;
 - the console refuses to change the locked registrar, to remove the account and to change the locked policy
   key, and changes an unlocked setting;
 - the next start keeps the user's unlocked change (the file did not change) and the administrator's locked
   values.
   check-provisioning.py PRODUCT_DIR UPDATE_SITE_DIR SIGNER_CERTIFICATE_PEM
Every wait is bounded; Kamailio and the Parley processes are stopped by PID (process group) at the end."""
import json
import os
import shutil
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", "..", "..", ".."))
sys.path.insert(0, os.path.join(REPO, "bench"))
import kamailio_check  # noqa: E402
from parley_process import Failed, Parley  # noqa: E402

NAME = "check-provisioning"
USERS = {"alice": "alice-secret"}
LOCKED = "is set by your administrator and cannot be changed"


def provision(product, site, signer, port):
    folder = os.path.join(product, "provisioning")
    os.makedirs(folder, exist_ok=True)
    account = "org.parley.sip.account~alice"
    with open(os.path.join(folder, "10-accounts.json"), "w") as f:
        json.dump({
            ":configurator:resource-version": 1,
            account: {"address": f"sip:alice@127.0.0.1:{port}", "registrar": f"127.0.0.1:{port}",
                      "audioSource": "tone:1000", "audioSink": "discard"},
            "org.parley.update": {"requireTrustedSignatures:Boolean": "true", "trustedCertificates": [signer],
                                  "updates": "OFF"},
            ":parley:locked": {account: ["registrar", "address"], "org.parley.update": ["requireTrustedSignatures"]},
            ":parley:passwords": {"alice": "env:PARLEY_ALICE_PASSWORD"},
            ":parley:sites": [f"file:{site}"],
            ":parley:features": ["org.parley.example.autoanswer.feature"],
        }, f, indent=2)
    with open(os.path.join(folder, "20-damaged.json"), "w") as f:
        f.write('{ "org.parley.media.devices": { "capture": "x" }, }\n')
    return account


def check(product, site, signer, work, port, procs):
    product_a = os.path.join(work, "product")
    shutil.copytree(product, product_a, symlinks=True)
    account = provision(product_a, site, signer, port)
    environment = {"PARLEY_ALICE_PASSWORD": USERS["alice"], "PARLEY_CACHE": os.path.join(work, "cache")}
    data = os.path.join(work, "data")
    a = Parley(product_a, data, "A", vmargs="-Dparley.sip.localAccount=false", environment=environment)
    procs.append(a)
    a.await_(r"^event registration alice registered", 40, "the provisioned account did not register on the first start")
    a.await_(r"20-damaged\.json: line 1, column \d+", 20, "the damaged provisioning file was not refused with its place")
    a.await_(r"Provisioned feature org\.parley\.example\.autoanswer\.feature: Applied\[", 90,
             "the provisioned plugin was not installed")
    for _ in range(30):
        since = a.mark()
        a("parley:plugins sites")
        try:
            a.await_(rf"^file:(//)?{site}/?$", 2, "", since)
            break
        except Failed:
            time.sleep(1)
    else:
        raise Failed("the provisioned update site is not known")

    since = a.mark()
    a("parley:account set alice registrar=127.0.0.1:5999")
    a.await_(rf"^error: registrar of {account} {LOCKED}$", 20, "the console changed the locked registrar", since)
    a("parley:account remove alice")
    a.await_(r"^error: account alice is set by your administrator and cannot be removed$", 20,
             "the console removed the provisioned account", since)
    a("parley:plugins policy requireTrustedSignatures=false")
    a.await_(rf"^error: requireTrustedSignatures of org.parley.update {LOCKED}$", 20,
             "the console changed the locked policy key", since)
    a("parley:account set alice audioSource=tone:500")
    a.await_(r"^changed alice$", 20, "the console did not change an unlocked setting", since)
    a.await_(r"^event registration alice registered", 40, "the account did not register again after the change", since)
    a.quit(30, status=1)  # the refused changes failed, as they should

    b = Parley(product_a, data, "A (again)", vmargs="-Dparley.sip.localAccount=false", environment=environment)
    procs.append(b)
    b.await_(r"^event registration alice registered", 40, "the provisioned account did not register at the next start")
    b("parley:account show alice")
    b.await_(r"^audioSource=tone:500$", 20, "the user's unlocked change did not survive the restart")
    b.await_(rf"^registrar=127\.0\.0\.1:{port}$", 20, "the locked registrar is not the administrator's")
    b("parley:plugins policy")
    b.await_(r"^requireTrustedSignatures true$", 20, "the locked policy key is not the administrator's")
    b.quit(30)


def main():
    if len(sys.argv) != 4:
        sys.exit(f"usage: {NAME}.py PRODUCT_DIR UPDATE_SITE_DIR SIGNER_CERTIFICATE_PEM")
    product, site, signer = (os.path.abspath(arg) for arg in sys.argv[1:4])
    _, seconds = kamailio_check.run(NAME, USERS,
                                    lambda work, port, procs: check(product, site, signer, work, port, procs))
    print(f"{NAME}: the provisioned account registered on the first start with its password from the environment;"
          f" the provisioned plugin was installed; the console could not change the locked registrar, remove the account"
          f" or change the locked policy, and"
          f" changed an unlocked setting, which the next start kept; a damaged file was refused with its place"
          f" ({seconds:.1f} s)")


if __name__ == "__main__":
    main()
