#!/usr/bin/env bash
# The product as an administrator installs it with the p2 director from the update site
# (docs/deployment.md; the build's "silent-install-from-update-site" step): it starts headless,
# lists the features it was installed with as roots p2 can update one by one, offers telephony on
# its serverless account. (Its bundles are not the signed ones: inside the build, Tycho's director takes
# the reactor's own jars in place of the site's; check-plugins.sh shows p2 fetching the signed ones.)
#   check-silent-install.sh INSTALL_DIR
set -euo pipefail

install=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "check-silent-install: FAILED: $*" >&2; exit 1; }
unset DISPLAY WAYLAND_DISPLAY
[ -x "$install/parley" ] || fail "no launcher in $install (the product's root files were not installed)"
out=$(printf 'parley:plugins list\nparley:capabilities\n' |
  PARLEY_DATA="$work/data" PARLEY_CACHE="$work/cache" timeout 90 "$install/parley" --headless 2>&1) ||
  fail "the installed copy did not run: $out"
for feature in core console ui sip media history contacts sip.presence sip.messaging update; do
  echo "$out" | grep -Eq "^org\.parley\.$feature\.feature " || fail "org.parley.$feature.feature is not an installed root: $out"
done
echo "$out" | grep -Eq '^telephony +local ' || fail "the installed copy offers no telephony: $out"
echo "check-silent-install: the p2 director's install from the update site runs, with its features as roots"
