#!/usr/bin/env python3
"""Puts a newer build of a feature on a copy of an update site, for the checks of updates: the
feature's jar, its bundles' jars and their p2 metadata are copied under a new version (the jars'
manifests and feature.xml say the new version; each jar is signed again with the given key), beside
the old ones.
    newer-feature.py SITE_DIR FEATURE_ID NEW_VERSION KEYSTORE PASSWORD ALIAS
Prints the new version's bundles."""
import copy
import io
import lzma
import os
import re
import subprocess
import sys
import zipfile
import xml.etree.ElementTree as ET

JARSIGNER = os.path.join(os.environ["JAVA_HOME"], "bin", "jarsigner") if os.environ.get("JAVA_HOME") else "jarsigner"
SIGNATURE = re.compile(r"^META-INF/[^/]+\.(SF|RSA|DSA|EC)$", re.IGNORECASE)


def read_xml(site, name):
    with lzma.open(os.path.join(site, name + ".xml.xz")) as data:
        return ET.parse(io.BytesIO(data.read()))


def write_xml(site, name, tree):
    out = io.BytesIO()
    tree.write(out, encoding="UTF-8", xml_declaration=True)
    with lzma.open(os.path.join(site, name + ".xml.xz"), "wb") as data:
        data.write(out.getvalue())
    jar = os.path.join(site, name + ".jar")
    if os.path.exists(jar):
        with zipfile.ZipFile(jar, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(name + ".xml", out.getvalue())


def renamed(element, old, new):
    """A copy of the element with every occurrence of the old version in its text and attributes replaced."""
    text = ET.tostring(element, encoding="unicode").replace(old, new)
    return ET.fromstring(text)


def copy_jar(source, target, old, new, member):
    """Copies a jar without its signature, the version in `member` replaced."""
    with zipfile.ZipFile(source) as jar, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for entry in jar.infolist():
            if SIGNATURE.match(entry.filename):
                continue
            content = jar.read(entry.filename)
            if entry.filename == member:
                content = content.replace(old.encode(), new.encode())
            out.writestr(entry, content)


def main(site, feature, new, keystore, password, alias):
    content = read_xml(site, "content")
    units = content.getroot().find("units")
    group = next(u for u in units if u.get("id") == feature + ".feature.group")
    old = group.get("version")
    bundles = [r.get("name") for r in group.iter("required")
               if r.get("namespace") == "org.eclipse.equinox.p2.iu" and r.get("range") == f"[{old},{old}]"
               and not r.get("name").endswith((".feature.jar", ".source"))]
    ids = {feature + ".feature.group", feature + ".feature.jar", *bundles}
    for unit in [u for u in units if u.get("id") in ids and u.get("version") == old]:
        units.append(renamed(unit, old, new))
    units.set("size", str(len(units)))
    write_xml(site, "content", content)

    artifacts = read_xml(site, "artifacts")
    listed = artifacts.getroot().find("artifacts")
    for artifact in [a for a in listed if a.get("version") == old
                     and ((a.get("classifier") == "osgi.bundle" and a.get("id") in bundles)
                          or (a.get("classifier") == "org.eclipse.update.feature" and a.get("id") == feature))]:
        listed.append(renamed(artifact, old, new))
        folder, member = (("plugins", "META-INF/MANIFEST.MF") if artifact.get("classifier") == "osgi.bundle"
                          else ("features", "feature.xml"))
        target = os.path.join(site, folder, f"{artifact.get('id')}_{new}.jar")
        copy_jar(os.path.join(site, folder, f"{artifact.get('id')}_{old}.jar"), target, old, new, member)
        subprocess.run([JARSIGNER, "-keystore", keystore, "-storetype", "PKCS12", "-storepass", password,
                        "-digestalg", "SHA-256", target, alias], check=True, stdout=subprocess.DEVNULL)
    listed.set("size", str(len(listed)))
    write_xml(site, "artifacts", artifacts)
    subprocess.run([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sign",
                                                 "p2-checksums.py"), site], check=True, stdout=subprocess.DEVNULL)
    print(" ".join(bundles))


if __name__ == "__main__":
    main(*sys.argv[1:7])
