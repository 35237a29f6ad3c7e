#!/usr/bin/env bash
# Checks the materialized product from the outside, as a user or a script would use it:
#   check-headless.sh PRODUCT_DIR FEATURE BUNDLE present|absent
# Both: the headless console answers from a pipe and exits 0 at the end of input, and a failing
# command makes the exit status 1. "present": FEATURE (installed by p2 from the update site) is in
# the product and its BUNDLE is configured and resolves in the running framework. "absent": the
# FEATURE is gone again (uninstalled by p2; its bundles may stay while other features need them).
# Every run of the product is bounded by a timeout.
set -euo pipefail

product=$1
feature=$2
bundle=$3
expect=$4
bundles_info="$product/configuration/org.eclipse.equinox.simpleconfigurator/bundles.info"
fail() { echo "check-headless: FAILED: $*" >&2; exit 1; }

data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
export PARLEY_DATA=$data
unset DISPLAY WAYLAND_DISPLAY

out=$(printf 'parley:version\nparley:accounts\nparley:capabilities\nlb -s\n' | timeout 60 "$product/parley" --headless 2>&1) ||
  fail "the headless console exited with $? (output: $out)"
echo "$out" | grep -q '^Parley [0-9]' || fail "no version line in: $out"
echo "$out" | grep -Eq '^local +sip +sip:[^ ]+ +unregistered' ||
  fail "parley:accounts did not list the default serverless account 'local' in: $out"

status=0
errors=$(printf 'no:such-command\nparley:version\n' | timeout 60 "$product/parley" --headless 2>&1) || status=$?
[ "$status" = 1 ] || fail "a failing command should make the exit status 1, got $status (output: $errors)"
echo "$errors" | grep -q '^error: .*no:such-command' || fail "no error line for the unknown command in: $errors"
echo "$errors" | grep -q '^Parley [0-9]' || fail "the command after a failing one did not run: $errors"
echo "$out" | grep -Eq '\|org\.parley\.sip ' || fail "org.parley.sip is not in the headless runtime: $out"
echo "$out" | grep -Eq '\|(Active|Starting|Resolved) +\| +[0-9]+\|org\.parley\.media \(' ||
  fail "org.parley.media does not resolve in the headless runtime (a bundle it needs excluded?): $(echo "$out" | grep -F 'org.parley.media')"
echo "$out" | grep -Eq '^history +\(all\) +org\.parley\.history$' ||
  fail "the history capability (org.parley.history with its SQLite database) is not offered: $out"
# messaging comes with the account's running SIP stack: give 'local' a free loopback port (5060 may
# be taken on a build machine), then look in later starts until its stack is up (bounded)
printf 'parley:account set local localAddress=127.0.0.1 localPort=0\n' | timeout 60 "$product/parley" --headless >/dev/null 2>&1 ||
  fail "the headless console could not configure the account 'local'"
offered=false
for attempt in 1 2 3 4 5 6 7 8 9 10; do
  capabilities=$(printf 'parley:sleep 1000\nparley:capabilities\n' | timeout 60 "$product/parley" --headless 2>&1) ||
    fail "the headless console exited with $? (output: $capabilities)"
  if echo "$capabilities" | grep -Eq '^messaging +local +org\.parley\.sip\.messaging$'; then offered=true; break; fi
done
$offered || fail "the messaging capability (org.parley.sip.messaging) is not offered for the account 'local': $capabilities"
! echo "$out" | grep -Eq '\|(org\.eclipse\.swt|org\.eclipse\.e4\.ui\.workbench|org\.parley\.ui) ' ||
  fail "the headless runtime loads the desktop window's bundles (headless-excludes): $out"
echo "check-headless: the headless console works from a pipe ($(echo "$out" | grep '^Parley'))"

case $expect in
  present)
    ls -d "$product/features/${feature}_"* >/dev/null 2>&1 || fail "$feature is not in the product after the p2 install"
    grep -q "^$bundle," "$bundles_info" || fail "$bundle is not configured after the p2 install"
    echo "$out" | grep -Eq "\|(Resolved|Active|Starting) *\|.*\|$bundle\b" ||
      fail "$bundle does not resolve in the running product: $(echo "$out" | grep -F "$bundle")"
    echo "check-headless: $feature was installed by p2 and $bundle resolves" ;;
  absent)
    ! ls -d "$product/features/${feature}_"* >/dev/null 2>&1 || fail "$feature is still in the product after the p2 uninstall"
    echo "check-headless: $feature was uninstalled by p2" ;;
  *) fail "expected 'present' or 'absent', got '$expect'" ;;
esac
