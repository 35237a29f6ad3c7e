#!/usr/bin/env bash
# A plugin with a face, installed while the desktop window is open (issue 7): a copy of the product
# runs its window with the console on a pipe beside it; the console adds the built update site and
# installs the example UI plugin (call notes): the window first asks, since nobody trusts the signer
# (Enter refuses); asked again, "Always trust this signer" installs it, and the window shows its view and its
# contact-menu entry; with a newer build of the plugin on another site and the update policy NOTIFY,
# the window asks whether to install it; uninstalled, the view and entry leave the window. The
# window's report file (the start-up report, which also lists the contributions whenever they change
# and says when it asks about updates) tells what the window shows. Then the Plugins page in the
# Preferences does the same as a person would, driven through the UI probe (tests/org.parley.ui.probe,
# console commands that press the window's named buttons and read its controls): remove a site, add it
# again, install the plugin, uninstall it. A restart asked for on the console ends the process and the
# launcher starts a new window, which installs the plugin without asking (the signer kept as trusted).
#   check-desktop-plugins.sh PRODUCT_DIR UPDATE_SITE_DIR SIGNING_DIR PROBE_DIR
set -euo pipefail

product=$1
site=$(cd "$2" && pwd)
signing=$(cd "$3" && pwd)
probe_jar=$(ls "$4"/org.parley.ui.probe-*.jar 2>/dev/null | head -n 1)
[ -n "$probe_jar" ] || { echo "check-desktop-plugins: no UI probe in $4 (build tests/org.parley.ui.probe first)" >&2; exit 1; }
fail() { echo "check-desktop-plugins: FAILED: $*" >&2; echo "--- report:" >&2; cat "$work/report" >&2 || true; echo "--- output:" >&2; tail -30 "$work/out" >&2 || true; exit 1; }
[ -n "${DISPLAY:-}" ] || { echo "check-desktop-plugins: no display (./mvnw runs the build under xvfb-run when there is none)" >&2; exit 1; }
work=$(mktemp -d)
pid=
cleanup() {
  exec 7>&- 2>/dev/null || true
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
await() { # await SECONDS WHAT COMMAND...
  local seconds=$1 what=$2; shift 2
  for _ in $(seq 1 $((seconds * 5))); do
    if "$@"; then return 0; fi
    kill -0 "$pid" 2>/dev/null || fail "Parley ended before $what"
    sleep 0.2
  done
  fail "$what: not within $seconds s"
}
feature=org.parley.ui.example.notes.feature
. "$product/find-java.sh"
parley_find_java || exit 1

cp -a "$product" "$work/product"
mkfifo "$work/in"
PARLEY_DATA="$work/data" PARLEY_CACHE="$work/cache" \
  PARLEY_VMARGS="-Dparley.ui.startupReport=$work/report -Dparley.console=pipe" \
  "$work/product/parley" < "$work/in" > "$work/out" 2>&1 &
pid=$!
exec 7> "$work/in"
await 90 "the window opens" grep -qs '^window ' "$work/report"
await 60 "the window lists an account" grep -qs '^accounts ' "$work/report"
await 30 "the window follows the contributions (none before a plugin is installed)" \
  grep -Eq '^contributions [0-9]+ views= contact-actions=$' "$work/report"

# Nobody trusts the build's test signer yet: the window asks, and its default answer (Enter) refuses.
echo "parley:plugins site add $site" >&7
echo "parley:plugins install $feature" >&7
await 60 "the window asks whether to install content nobody trusts" grep -q '^trust-asked ' "$work/report"
sleep 1
DISPLAY=$DISPLAY "$PARLEY_JAVA_HOME/bin/java" "$(dirname "${BASH_SOURCE[0]}")/PressKey.java" ENTER ||
  fail "could not press Enter on the display"
await 30 "the refused install says why" \
  grep -q "^error: Cannot install $feature: you chose not to install content that is signed by a certificate that is not trusted: CN=Parley test signer" "$work/out"
# Asked again, the person chooses "Always trust this signer" (the button before the default one): the
# plugin installs, and the signer's certificate is kept with the user's data for the installs to come.
echo "parley:plugins install $feature" >&7
lines_at_least() { [ "$(grep -c "^$1 " "$work/report")" -ge "$2" ]; } # lines_at_least WHAT COUNT: report lines
await 60 "the window asks again" lines_at_least trust-asked 2
sleep 1
DISPLAY=$DISPLAY "$PARLEY_JAVA_HOME/bin/java" "$(dirname "${BASH_SOURCE[0]}")/PressKey.java" SHIFT+TAB ENTER ||
  fail "could not press keys on the display"
await 90 "the console installs $feature" grep -q '^done; started: org\.parley\.ui\.example\.notes' "$work/out"
ls "$work/data/workspace/plugins/trusted/"*.pem >/dev/null 2>&1 || fail "the trusted signer was not kept in the user's data"
await 30 "the open window shows the plugin's view and contact-menu entry" \
  grep -Eq '^contributions [0-9]+ views=Call notes contact-actions=Call notes…$' "$work/report"
cp -a "$site" "$work/newer-site"
version=$(basename "$(ls "$site"/features/"$feature"_*.jar)" .jar); version=${version#"$feature"_}
IFS=. read -r major minor micro qualifier <<< "$version"
python3 "$(dirname "${BASH_SOURCE[0]}")/newer-feature.py" "$work/newer-site" "$feature" "$major.$minor.$((micro + 1)).$qualifier" \
  "$signing/parley-test-signer.p12" parley-test parley-test >/dev/null || fail "could not make a newer build of $feature"
echo "parley:plugins site add $work/newer-site" >&7
echo "parley:plugins policy updates=notify startDelaySeconds=0" >&7
await 60 "the window asks whether to install the newer build" grep -q '^updates-asked ' "$work/report"
echo "parley:plugins uninstall $feature" >&7
await 90 "the console uninstalls $feature" grep -q '^done; started: -; removed: org\.parley\.ui\.example\.notes' "$work/out"
await 30 "the plugin's view and entry leave the open window" \
  test "$(grep -E '^contributions ' "$work/report" | tail -n 1 | cut -d ' ' -f 3-)" = "views= contact-actions="
kill -0 "$pid" 2>/dev/null || fail "the window ended"

# The Plugins page, as a person uses it. Each probe command prints "probe ID: what it shows".
echo "start file:$probe_jar" >&7
answer() { # answer ID COMMAND...: sends a probe command about control ID, prints its answer (waits up to 5 s)
  local id=$1 before line=
  shift
  before=$(wc -l < "$work/out")
  echo "$*" >&7
  for _ in $(seq 1 50); do
    line=$(tail -n +"$((before + 1))" "$work/out" | grep -m 1 "probe $id: ") && break
    sleep 0.1
  done
  echo "$line"
}
shows() { # shows ID REGEX: asks the probe what control ID shows, true when REGEX matches it
  answer "$1" "probe:show $1" | sed "s/^probe $1: //" | grep -Eq "$2"
}
probe() { # probe COMMAND ID [ARGUMENT]: runs a probe command, fails unless it did what was asked
  local said
  said=$(answer "$2" "probe:$1 $2${3+ \"$3\"}")
  echo "$said" | grep -Eq "probe $2: (clicked|typed|chose)" || fail "probe:$*: ${said:-no answer}"
}
await 30 "the UI probe answers" shows prefs.open 'Preferences'
probe click prefs.open
await 30 "the Preferences open" shows prefs.tabs 'Plugins'
probe choose prefs.tabs Plugins
await 60 "the Plugins page lists the features of both sites" shows plugins.status '[0-9]+ features\.'
probe choose plugins.sites newer-site
probe click plugins.removeSite
await 60 "the page removes the site" shows plugins.status "Removed file:.*newer-site"
shows plugins.sites 'newer-site' && fail "the removed site is still listed"
probe type plugins.site "$work/newer-site"
probe click plugins.addSite
await 60 "the page adds the site again" shows plugins.status "Added file:.*newer-site"
await 10 "and lists it" shows plugins.sites 'newer-site'
probe choose plugins.features 'Parley Call Notes'
await 10 "Install is offered for the plugin nobody installed" shows plugins.install '^Install$'
shows plugins.uninstall '^Uninstall \(disabled\)$' || fail "Uninstall is offered for a plugin that is not installed"
probe click plugins.install
await 90 "the page installs the plugin" shows plugins.status "Installed Parley Call Notes.*: it works now"
await 30 "its view and contact-menu entry appear in the window" \
  grep -Eq '^contributions [0-9]+ views=Call notes contact-actions=Call notes…$' "$work/report"
await 10 "the table shows the installed version" shows plugins.features "Parley Call Notes \(example plugin\) / $major\.$minor\."
probe choose plugins.features 'Parley Call Notes'
probe click plugins.uninstall
await 90 "the page uninstalls the plugin" shows plugins.status "Uninstalled Parley Call Notes.*: it works now"
await 30 "its view and entry leave the window" \
  test "$(grep -E '^contributions ' "$work/report" | tail -n 1 | cut -d ' ' -f 3-)" = "views= contact-actions="
probe click prefs.cancel
await 30 "the Preferences close" shows prefs.tabs 'no such control'

# A change that needs a restart is finished by one: the window closes and the launcher starts Parley again.
windows_before=$(grep -c '^window ' "$work/report")
old_pid=$pid
echo "parley:plugins restart" >&7
for _ in $(seq 1 150); do kill -0 "$old_pid" 2>/dev/null || break; sleep 0.2; done
kill -0 "$old_pid" 2>/dev/null && fail "Parley did not end to restart"
for _ in $(seq 1 450); do
  new_pid=$(cat "$work/data/workspace/ui.pid" 2>/dev/null || true)
  if [ -n "$new_pid" ] && [ "$new_pid" != "$old_pid" ] && kill -0 "$new_pid" 2>/dev/null; then pid=$new_pid; fi
  [ "$pid" != "$old_pid" ] && [ "$(grep -c '^window ' "$work/report")" -gt "$windows_before" ] && break
  sleep 0.2
done
[ "$pid" != "$old_pid" ] || fail "no new Parley started after the restart"
[ "$(grep -c '^window ' "$work/report")" -gt "$windows_before" ] || fail "the restarted Parley did not open its window"
await 60 "the restarted window lists an account" lines_at_least accounts 2
# The signer "always trusted" before the restart is trusted after it: the install asks nothing.
echo "parley:plugins install $feature" >&7
installs_done() { [ "$(grep -c '^done; started: org\.parley\.ui\.example\.notes' "$work/out")" -ge 2 ]; }
await 90 "the restarted Parley installs $feature" installs_done
[ "$(grep -c '^trust-asked ' "$work/report")" -eq 2 ] || fail "the restarted window asked again about the kept signer"
await 30 "the restarted window shows the plugin's view" \
  grep -Eq '^contributions [0-9]+ views=Call notes contact-actions=Call notes…$' "$work/report"
exec 7>&-
for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
echo "check-desktop-plugins: the window asked about the plugin signed by an untrusted signer: Enter refused it, \"Always trust this signer\" installed it and kept the certificate; the open window showed the call-notes view and contact-menu entry once the console installed $feature, asked whether to install its newer build, and lost them when it was uninstalled; the Plugins page removed and added a site, installed and uninstalled the plugin with the view following; 'parley:plugins restart' ended it and its launcher started a new window (pid $old_pid -> $pid), which installed the plugin without asking about the kept signer"
