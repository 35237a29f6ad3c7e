#!/usr/bin/env python3
"""Brings the sizes and checksums in a p2 update site's artifacts.xml(.xz/.jar) up to date with the
files, after jars on the site were changed (signed, or their signature taken off).
    p2-checksums.py SITE_DIR"""
import hashlib
import io
import lzma
import os
import sys
import zipfile
import xml.etree.ElementTree as ET

FOLDERS = {"osgi.bundle": "plugins", "org.eclipse.update.feature": "features", "binary": "binary"}


def main(site):
    xz = os.path.join(site, "artifacts.xml.xz")
    with lzma.open(xz) as data:
        text = data.read()
    tree = ET.parse(io.BytesIO(text))
    changed = 0
    for artifact in tree.getroot().iter("artifact"):
        folder = FOLDERS.get(artifact.get("classifier"))
        path = os.path.join(site, folder or "", f"{artifact.get('id')}_{artifact.get('version')}.jar")
        if folder is None or not os.path.exists(path):
            continue
        with open(path, "rb") as jar:
            content = jar.read()
        values = {"artifact.size": str(len(content)), "download.size": str(len(content)),
                  "download.checksum.sha-256": hashlib.sha256(content).hexdigest(),
                  "download.checksum.sha-512": hashlib.sha512(content).hexdigest(),
                  "download.checksum.md5": hashlib.md5(content).hexdigest(),
                  "download.md5": hashlib.md5(content).hexdigest()}
        properties = artifact.find("properties")
        for prop in properties.findall("property"):
            name = prop.get("name")
            if name in values and prop.get("value") != values[name]:
                prop.set("value", values[name])
                changed += 1
    out = io.BytesIO()
    tree.write(out, encoding="UTF-8", xml_declaration=True)
    with lzma.open(xz + ".tmp", "wb") as data:
        data.write(out.getvalue())
    os.replace(xz + ".tmp", xz)
    jar = os.path.join(site, "artifacts.jar")
    if os.path.exists(jar):
        with zipfile.ZipFile(jar + ".tmp", "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("artifacts.xml", out.getvalue())
        os.replace(jar + ".tmp", jar)
    print(f"p2-checksums: {changed} values brought up to date in {xz}")


if __name__ == "__main__":
    main(sys.argv[1])
