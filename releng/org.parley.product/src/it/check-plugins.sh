#!/usr/bin/env bash
# Plugins while Parley runs (issue 7): a copy of the product, B, running headless on its serverless
# "local" account, adds the built update site, installs the example auto-answer plugin from it, and
# the plugin answers A's call; B uninstalls it and A's next call rings unanswered; all in one B
# process, without a restart. Then a new B process finds the plugin's bundle list as p2 left it.
# With a policy that requires trusted signatures, B refuses the plugin while its signer (the build's
# test certificate) is not trusted, installs it once it is, and refuses an unsigned copy of it. Its
# update check tells of a newer build of the plugin on another site (policy NOTIFY), then installs it
# by itself (INSTALL).
#   check-plugins.sh PRODUCT_DIR UPDATE_SITE_DIR SIGNER_CERTIFICATE_PEM
# Every wait is bounded; both processes are stopped by PID.
set -euo pipefail

product=$1
site=$(cd "$2" && pwd)
signer=$(readlink -f "$3")
signing=$(cd "$(dirname "${BASH_SOURCE[0]}")/../sign" && pwd)
work=$(mktemp -d)
pid_a="" pid_b=""
cleanup() {
  exec 7>&- 8>&- 2>/dev/null || true
  [ -n "$pid_a" ] && kill "$pid_a" 2>/dev/null || true
  [ -n "$pid_b" ] && kill "$pid_b" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "check-plugins: FAILED: $*" >&2; echo "--- A:" >&2; cat "$work/a.out" >&2 || true; echo "--- B:" >&2; cat "$work/b.out" >&2 || true; exit 1; }
unset DISPLAY WAYLAND_DISPLAY
port_b=$(( 12600 + (RANDOM % 1500) * 2 ))
port_a=$(( port_b + 2 ))
bob="sip:bob@127.0.0.1:$port_b"
alice="sip:alice@127.0.0.1:$port_a"
feature=org.parley.example.autoanswer.feature

. "$(dirname "${BASH_SOURCE[0]}")/waits.sh"
a() { echo "$*" >&8; }
b() { echo "$*" >&7; }

# B changes its installation: it runs from a copy (p2's profile follows the copy: it is roaming)
cp -a "$product" "$work/product-b"
list="$work/product-b/configuration/org.eclipse.equinox.simpleconfigurator/bundles.info"
! grep -q '^org\.parley\.example\.autoanswer,' "$list" || fail "the product already has the plugin"

mkfifo "$work/a.in" "$work/b.in"
PARLEY_DATA="$work/b" PARLEY_CACHE="$work/cache-b" "$work/product-b/parley" --headless < "$work/b.in" > "$work/b.out" 2>&1 &
pid_b=$!
exec 7> "$work/b.in"
PARLEY_DATA="$work/a" "$product/parley" --headless < "$work/a.in" > "$work/a.out" 2>&1 7>&- &
pid_a=$!
exec 8> "$work/a.in"

b "parley:account set local address=$bob localAddress=127.0.0.1 localPort=$port_b audioSource=tone:440 audioSink=discard"
a "parley:account set local address=$alice localAddress=127.0.0.1 localPort=$port_a audioSource=tone:1000 audioSink=discard"
b "parley:await local unregistered 15"
a "parley:await local unregistered 15"
await "$work/b.out" '^local unregistered' 20 || fail "B's local account did not start"
await "$work/a.out" '^local unregistered' 20 || fail "A's local account did not start"

# bad input first: a directory that is no update site, an install without sites
b "parley:plugins site add $work"
await "$work/b.out" "^error: Cannot read the update site file:(//)?$work" 30 || fail "B took a directory that is no update site"
b "parley:plugins install org.example.nothing.feature"
await "$work/b.out" '^error: There are no update sites: add one first' 30 || fail "B did not say it has no update sites"

b "parley:plugins site add $site"
await "$work/b.out" "^added the update site file:" 30 || fail "B could not add the update site $site"
b "parley:plugins install org.example.nothing.feature"
await "$work/b.out" '^error: No update site offers org\.example\.nothing\.feature' 30 || fail "B did not refuse a feature no site offers"
b "parley:plugins available"
await "$work/b.out" "^$feature +[0-9][^ ]* +- +Parley Auto-answer" 30 || fail "B's update site does not offer the plugin as not installed"
# signatures required: the build's test signer is not trusted yet, then it is
b "parley:plugins policy requireTrustedSignatures=true"
await "$work/b.out" '^requireTrustedSignatures true$' 15 || fail "B did not take the policy"
b "parley:plugins install $feature"
await "$work/b.out" "^error: Cannot install $feature: the plugin policy requires trusted signatures, and this is signed by a certificate that is not trusted: .*CN=Parley test signer" 60 ||
  fail "B installed a plugin signed by a certificate it does not trust"
b "lb autoanswer"
await "$work/b.out" 'No matching bundles found' 15 || fail "the refused plugin is in B's framework"
b "parley:plugins policy trustedCertificates=$signer"
await "$work/b.out" "^trustedCertificates $signer\$" 15 || fail "B did not take the trusted certificate"
b "parley:plugins install $feature"
await "$work/b.out" '^done; started: org\.parley\.example\.autoanswer; removed: -$' 60 || fail "B did not install and start the plugin"
grep -q '^org\.parley\.example\.autoanswer,' "$list" || fail "p2 did not add the plugin to B's bundle list"

# the plugin acts: A's call is answered by B without anyone answering it
a "first = parley:call local $bob"
a "parley:awaitcall \$first connected 20"
await "$work/a.out" '^[^ ]+ connected$' 25 || fail "the plugin did not answer A's call"
a "parley:hangup \$first"
await "$work/b.out" 'ended remote-hangup' 15 || fail "B did not see A hang up"

b "parley:plugins uninstall $feature"
await "$work/b.out" '^done; started: -; removed: org\.parley\.example\.autoanswer$' 60 || fail "B did not uninstall the plugin"
! grep -q '^org\.parley\.example\.autoanswer,' "$list" || fail "p2 left the plugin in B's bundle list"
b "parley:plugins list"
await "$work/b.out" '^org\.parley\.update\.feature +[^ ]+ +Parley Plugins' 30 || fail "B did not list its features"
! grep -Eq "^$feature " <(sed -n '/^done; started: -; removed/,$p' "$work/b.out") || fail "B still lists the plugin as installed"

# without the plugin, A's next call rings until A gives up
a "second = parley:call local $bob"
a "parley:awaitcall \$second connected 4"
await "$work/a.out" '^error: call [^ ]+ is (ringing|calling|early), not connected' 15 || fail "A's call after the uninstall was answered: $(tail -n 3 "$work/a.out")"
a "parley:hangup \$second"
await "$work/b.out" 'ended (remote-hangup|cancelled|missed)' 15 || fail "B did not see A give up"

# an unsigned copy of the plugin, on a site of its own, is refused
cp -a "$site" "$work/unsigned-site"
python3 "$signing/strip-signatures.py" "$work"/unsigned-site/plugins/org.parley.example.autoanswer_*.jar \
  "$work"/unsigned-site/features/"$feature"_*.jar
python3 "$signing/p2-checksums.py" "$work/unsigned-site" >/dev/null
b "parley:plugins site remove $site"
b "parley:plugins site add $work/unsigned-site"
await "$work/b.out" "^added the update site file:(//)?$work/unsigned-site" 30 || fail "B could not add the unsigned site"
b "parley:plugins install $feature"
await "$work/b.out" "^error: Cannot install $feature: the plugin policy requires trusted signatures, and this is unsigned: " 60 ||
  fail "B did not refuse the unsigned plugin: $(tail -n 3 "$work/b.out")"
b "parley:plugins site remove $work/unsigned-site"
b "parley:plugins site add $site"
await "$work/b.out" "^added the update site file:(//)?$site" 30 || fail "B could not add the update site again"

# the update check: a site with a newer build of the plugin; told (NOTIFY), then installed by itself (INSTALL)
seen=$(wc -l < "$work/b.out")
b "parley:plugins install $feature"
await_after "$work/b.out" "$seen" '^done; started: org\.parley\.example\.autoanswer; removed: -$' 60 || fail "B did not install the plugin again"
cp -a "$site" "$work/newer-site"
version=$(basename "$(ls "$site"/features/"$feature"_*.jar)" .jar); version=${version#"$feature"_}
IFS=. read -r major minor micro qualifier <<< "$version"
newer="$major.$minor.$((micro + 1)).$qualifier"
python3 "$(dirname "${BASH_SOURCE[0]}")/newer-feature.py" "$work/newer-site" "$feature" "$newer" \
  "$(dirname "$signer")/parley-test-signer.p12" parley-test parley-test >/dev/null || fail "could not make a newer build of $feature"
b "parley:plugins site add $work/newer-site"
await "$work/b.out" "^added the update site file:(//)?$work/newer-site" 30 || fail "B could not add the site with the newer build"
b "parley:plugins policy updates=notify startDelaySeconds=0"
await "$work/b.out" "^event plugins updates-available $feature $newer\$" 60 || fail "B's update check did not tell of $feature $newer"
grep -q "^event plugins updated " "$work/b.out" && fail "B installed an update its policy only lets it tell of"
b "parley:plugins policy updates=install"
await "$work/b.out" "^event plugins updated $feature $newer applied\$" 90 || fail "B's update check did not install $feature $newer"
b "lb autoanswer"
await "$work/b.out" "\|Active +\| +[0-9]+\|Parley Auto-answer.*\($newer\)" 30 || fail "the plugin's bundle $newer is not active"
b "parley:plugins policy updates=off"
seen=$(wc -l < "$work/b.out")
b "parley:plugins uninstall $feature"
await_after "$work/b.out" "$seen" '^done; started: -; removed: org\.parley\.example\.autoanswer$' 60 || fail "B did not uninstall the updated plugin"

exec 7>&-
exited "$pid_b" 30 || fail "B did not stop within 30 s of the end of its input"
wait "$pid_b" || true # its status is 1: the bad input above failed, as it should
pid_b=""
exec 8>&-
exited "$pid_a" 30 || fail "A did not stop within 30 s of the end of its input"
wait "$pid_a" || true # 1: its wait for the second call to connect failed, as it should
pid_a=""

# a new B process: the plugin is gone for good, the update site is still known
after=$(printf 'parley:plugins sites\nlb autoanswer\n' |
  PARLEY_DATA="$work/b" PARLEY_CACHE="$work/cache-b" timeout 60 "$work/product-b/parley" --headless 2>&1) || fail "B's restart failed: $after"
echo "$after" | grep -Eq "^file:(//)?$site" || fail "B forgot its update site: $after"
echo "$after" | grep -q 'No matching bundles found' || fail "the uninstalled plugin came back at B's restart: $after"
echo "check-plugins: B installed $feature from the update site while running, it answered A's call; uninstalled, A's next call rang unanswered; no restart;" \
  "with trusted signatures required, it refused the plugin before it trusted the signer and an unsigned copy after;" \
  "its update check told of $feature $newer, then installed it"
