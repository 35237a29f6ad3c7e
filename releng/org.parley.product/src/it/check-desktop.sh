#!/usr/bin/env bash
# The product's desktop window, started as a user starts it (with a display, without --headless):
# the window opens (its start-up report says when), the capability bundles start beside it (the
# window lists the 'local' account), and a sip: link given to the launcher while the window runs
# is handed to that window (the launcher exits at once and the window takes the link). What keeps
# the start fast stays in place: the media engine (libjitsi) does not start before a call needs it,
# the plugin manager's start level comes seconds after the window is up, and the JIT's optimising
# compiler runs at the launcher's low priority.
#   check-desktop.sh PRODUCT_DIR
set -euo pipefail

product=$1
fail() { echo "check-desktop: FAILED: $*" >&2; exit 1; }
[ -n "${DISPLAY:-}" ] || fail "no display (./mvnw runs the build under xvfb-run when there is none)"

work=$(mktemp -d)
pid=
cleanup() {
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
    kill -0 "$pid" 2>/dev/null || fail "Parley ended before $what: $(tail -20 "$work/out")"
    sleep 0.2
  done
  fail "$what: not within $seconds s; report: $(cat "$work/report" 2>/dev/null); output: $(tail -20 "$work/out")"
}

PARLEY_DATA="$work/data" PARLEY_CACHE="$work/cache" PARLEY_VMARGS="-Dparley.ui.startupReport=$work/report" \
  "$product/parley" > "$work/out" 2>&1 &
pid=$!
await 90 "the window opens" grep -qs '^window ' "$work/report"
await 60 "the window lists an account (the capabilities started beside it)" grep -qs '^accounts ' "$work/report"
await 30 "the window takes links (ui.pid)" test -s "$work/data/workspace/ui.pid"

PARLEY_DATA="$work/data" PARLEY_CACHE="$work/cache" timeout 20 "$product/parley" sip:carol@example.org \
  || fail "the launcher did not hand the link over (exit $?)"
no_link_waiting() { [ -z "$(ls -A "$work/data/workspace/open" 2>/dev/null)" ]; }
await 10 "the running window takes the link" no_link_waiting
kill -0 "$pid" 2>/dev/null || fail "the window ended"

if grep -q "libjitsi started" "$work/out"; then
  fail "opening the window started the media engine, which only a call needs: $(grep -m 1 'libjitsi started' "$work/out")"
fi
await 40 "the plugin manager's start level follows the window" grep -qs '^later-start-level ' "$work/report"
shown_ms=$(sed -n 's/^first-event-loop \([0-9]*\).*/\1/p' "$work/report" | head -n 1)
later_ms=$(sed -n 's/^later-start-level \([0-9]*\).*/\1/p' "$work/report" | head -n 1)
[ -n "$shown_ms" ] && [ "$later_ms" -ge $((shown_ms + 2000)) ] ||
  fail "the plugin manager's start level came before the window was up: $(cat "$work/report")"
c2_nice=
for task in /proc/"$pid"/task/*; do
  read -r comm < "$task/comm" || continue
  if [ "$comm" = "C2 CompilerThre" ]; then c2_nice=$(sed 's/^.*) //' "$task/stat" | cut -d ' ' -f 17); break; fi
done
[ "$c2_nice" = 19 ] || fail "the JIT's C2 compiler thread runs at nice '${c2_nice:-not found}', not the launcher's 19"
echo "check-desktop: the window opened ($(grep '^window ' "$work/report")), listed the accounts ($(grep '^accounts ' "$work/report")) and took a sip: link from the launcher; no media engine before a call, the plugin manager's start level ${later_ms} ms (window up at ${shown_ms} ms), the C2 compiler at nice 19"
