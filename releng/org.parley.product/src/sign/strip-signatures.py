#!/usr/bin/env python3
"""Takes the signatures off jars (for a test that needs unsigned content): rewrites each jar without
its META-INF/*.SF, *.RSA, *.DSA and *.EC files.
    strip-signatures.py JAR..."""
import os
import re
import sys
import zipfile

SIGNATURE = re.compile(r"^META-INF/[^/]+\.(SF|RSA|DSA|EC)$", re.IGNORECASE)

for path in sys.argv[1:]:
    with zipfile.ZipFile(path) as signed, zipfile.ZipFile(path + ".tmp", "w", zipfile.ZIP_DEFLATED) as plain:
        for entry in signed.infolist():
            if not SIGNATURE.match(entry.filename):
                plain.writestr(entry, signed.read(entry.filename))
    os.replace(path + ".tmp", path)
