#!/usr/bin/env bash
# Signs Parley's own bundles and features on the built update site, then brings the site's checksums
# up to date. By default with a key made for tests (a self-signed certificate, kept in WORK_DIR, made
# once per clean build); a release signs with its own key: PARLEY_SIGNING_KEYSTORE (PKCS12),
# PARLEY_SIGNING_ALIAS and PARLEY_SIGNING_PASSWORD.
#   sign-update-site.sh SITE_DIR WORK_DIR
# WORK_DIR/signer.pem is the certificate a trust policy names to trust these artifacts.
set -euo pipefail

site=$1
work=$2
home=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
keystore=${PARLEY_SIGNING_KEYSTORE:-$work/parley-test-signer.p12}
pass=${PARLEY_SIGNING_PASSWORD:-parley-test}
alias=${PARLEY_SIGNING_ALIAS:-parley-test}
mkdir -p "$work"
java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
if [ ! -f "$keystore" ]; then
  "$java_home/bin/keytool" -genkeypair -alias "$alias" -keyalg EC -groupname secp256r1 -validity 3650 \
    -dname "CN=Parley test signer, O=Parley, OU=Tests only" -keystore "$keystore" -storetype PKCS12 \
    -storepass "$pass" -keypass "$pass" >/dev/null 2>&1 || { echo "sign-update-site: keytool could not make the test key" >&2; exit 1; }
fi
ls "$site"/plugins/org.parley.*.jar "$site"/features/org.parley.*.jar |
  xargs -P 2 -I{} "$java_home/bin/jarsigner" -keystore "$keystore" -storetype PKCS12 -storepass "$pass" \
    -digestalg SHA-256 {} "$alias" >/dev/null
python3 "$home/p2-checksums.py" "$site"
"$java_home/bin/keytool" -exportcert -rfc -alias "$alias" -keystore "$keystore" -storepass "$pass" \
  -file "$work/signer.pem" >/dev/null 2>&1
echo "sign-update-site: signed $(ls "$site"/plugins/org.parley.*.jar "$site"/features/org.parley.*.jar | wc -l) artifacts; the signer's certificate: $work/signer.pem"
