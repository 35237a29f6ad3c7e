#!/usr/bin/env bash
# Two Parley processes from the materialized product, A (alice) and B (bob), use their serverless
# "local" accounts on loopback, each driven through its console:
#  - presence: A adds B to its contacts and so watches B directly; A sees B available, away with a
#    note, on the phone while they talk (and away with the note again after), and offline when B quits;
#  - a call: B answers automatically, A calls (both with ICE), RTP flows both ways secured by ZRTP (the same short
#    authentication string on both sides, marked verified by A), A holds, resumes, adds video (VP8
#    test patterns both ways, SRTP by SDES) and hangs up;
#  - messages: A types (B sees the typing notice), A writes, B answers; both delivered both ways;
#  - history: a new process on A's data finds the call and both messages.
#   check-two-instances.sh PRODUCT_DIR
# Every wait is bounded; both processes are stopped by PID.
set -euo pipefail

product=$1
work=$(mktemp -d)
pid_a="" pid_b=""
cleanup() {
  exec 7>&- 8>&- 2>/dev/null || true
  [ -n "$pid_a" ] && kill "$pid_a" 2>/dev/null || true
  [ -n "$pid_b" ] && kill "$pid_b" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "check-two-instances: FAILED: $*" >&2; echo "--- A:" >&2; cat "$work/a.out" >&2 || true; echo "--- B:" >&2; cat "$work/b.out" >&2 || true; exit 1; }
unset DISPLAY WAYLAND_DISPLAY
# below libjitsi's RTP range (16384-32766) and the ephemeral ports
port_b=$(( 10000 + (RANDOM % 2500) * 2 ))
port_a=$(( port_b + 2 ))
bob="sip:bob@127.0.0.1:$port_b"
alice="sip:alice@127.0.0.1:$port_a"

. "$(dirname "${BASH_SOURCE[0]}")/waits.sh"
a() { echo "$*" >&8; }
b() { echo "$*" >&7; }

mkfifo "$work/a.in" "$work/b.in"
PARLEY_DATA="$work/b" "$product/parley" --headless < "$work/b.in" > "$work/b.out" 2>&1 &
pid_b=$!
exec 7> "$work/b.in"
# A must not hold B's input open (B stops at its end)
PARLEY_DATA="$work/a" "$product/parley" --headless < "$work/a.in" > "$work/a.out" 2>&1 7>&- &
pid_a=$!
exec 8> "$work/a.in"

b "parley:account set local address=$bob localAddress=127.0.0.1 localPort=$port_b autoAnswer=true audioSource=tone:440 audioSink=discard presencePolicy=accept srtpKeyExchange=zrtp videoSource=testpattern:640x480@15 ice=true"
a "parley:account set local address=$alice localAddress=127.0.0.1 localPort=$port_a audioSource=tone:1000 audioSink=discard srtpKeyExchange=zrtp videoSource=testpattern ice=true"
b "parley:await local unregistered 10"
a "parley:await local unregistered 10"
await "$work/b.out" '^local unregistered' 15 || fail "B's local account did not start"
await "$work/a.out" '^local unregistered' 15 || fail "A's local account did not start"

# presence: A watches B. Each account's capability services follow its start, which takes seconds
# on a first start while the class cache is being built: wait for both to offer presence.
for who in a b; do
  for _ in $(seq 1 30); do
    "$who" "parley:capabilities"
    if await "$work/$who.out" '^presence +local ' 1; then break; fi
  done
  grep -Eq '^presence +local ' "$work/$who.out" || fail "$who's local account offers no presence"
done
b "parley:status local available"
a "parley:contact add local $bob Bob friends"
await "$work/a.out" "^event presence local $bob available\$" 30 || fail "A did not see B available"
b "parley:status local away back at 3"
await "$work/a.out" "^event presence local $bob away back at 3\$" 15 || fail "A did not see B away with the note"

# a call, during which B is on the phone
a "id = parley:call local $bob"
a "parley:awaitcall \$id connected 15"
await "$work/a.out" "^event presence local $bob on-the-phone back at 3\$" 15 || fail "A did not see B on the phone"
# ZRTP (both accounts use it): keys agreed on the media path, the same short authentication string
# on both sides; the handshake takes a few seconds on a cold JVM
for _ in $(seq 1 15); do
  a "parley:calls"
  if await "$work/a.out" ' srtp zrtp [^ ]+ sas [^ ]+ unverified$' 1; then break; fi
done
b "parley:calls"
await "$work/b.out" ' srtp zrtp [^ ]+ sas [^ ]+ unverified$' 10 || fail "B's call is not secured by ZRTP"
sas_a=$(grep -Eo ' sas [^ ]+ unverified$' "$work/a.out" | tail -n 1)
sas_b=$(grep -Eo ' sas [^ ]+ unverified$' "$work/b.out" | tail -n 1)
[ -n "$sas_a" ] && [ "$sas_a" = "$sas_b" ] || fail "A and B do not show the same ZRTP string: '$sas_a' / '$sas_b'"
a "parley:sas \$id verified"
await "$work/a.out" ' srtp zrtp [^ ]+ sas [^ ]+ verified$' 10 || fail "A could not mark the string verified"
a "parley:hold \$id"
a "parley:awaitcall \$id on_hold 10"
a "parley:resume \$id"
a "parley:awaitcall \$id connected 10"
# A's call rows right after the resume and 2 s later: SRTP must flow in between
rows() { grep -cE " outgoing +sip:bob@127\.0\.0\.1" "$work/a.out" || true; }
listed=$(rows)
a "parley:calls"
for _ in $(seq 1 50); do [ "$(rows)" -gt "$listed" ] && break; sleep 0.1; done
before=$(grep -E " outgoing +sip:bob@127\.0\.0\.1" "$work/a.out" | tail -n 1)
listed=$(rows)
a "parley:sleep 2000"
a "parley:calls"
for _ in $(seq 1 80); do [ "$(rows)" -gt "$listed" ] && break; sleep 0.1; done
# video added to the running call by A's re-INVITE: VP8 pictures both ways, SRTP keyed by SDES
a "parley:video \$id on"
await "$work/a.out" '^event call local [^ ]+ video sendrecv$' 15 || fail "A's call got no video"
await "$work/b.out" '^event call local [^ ]+ video sendrecv$' 15 || fail "B's call got no video"
a "parley:sleep 2000"
a "parley:stats \$id"
await "$work/a.out" '^pictures +[0-9]+ sent .*, ([1-9][0-9]+) received .*, 640x480$' 15 || fail "A received no 640x480 pictures"
grep -Eq '^video +VP8/90000, payload type [0-9]+, security srtp sdes ' "$work/a.out" || fail "A's video is not SRTP"
grep -Eq '^path +ice host 127\.0\.0\.1:[0-9]+$' "$work/a.out" || fail "A's audio does not go the way ICE chose"
video=$(grep -E '^pictures ' "$work/a.out" | tail -n 1)
a "parley:hangup \$id"
await "$work/b.out" 'ended remote-hangup' 15 || fail "B did not see A hang up"
grep -q 'started incoming sip:' "$work/b.out" || fail "B saw no incoming call"
grep -q 'state connected on-hold' "$work/b.out" || fail "B did not see the call held"
row=$(grep -E " outgoing +sip:bob@127\.0\.0\.1" "$work/a.out" | tail -n 1)
[ -n "$row" ] && [ -n "$before" ] || fail "A listed no call"
read -r -a cells <<< "$row"
read -r -a earlier <<< "$before"
sent=$(( cells[5] - earlier[5] )) received=$(( cells[6] - earlier[6] ))
[ "$sent" -gt 50 ] && [ "$received" -gt 50 ] || fail "too little SRTP in the 2 s after the resume: sent $sent, received $received ($before / $row)"
await "$work/a.out" "^event presence local $bob away back at 3\$" 15 || fail "B's status did not go back after the call"
[ "$(grep -c "^event presence local $bob away back at 3\$" "$work/a.out")" -ge 2 ] || fail "B's status did not go back to away after the call"

# messages both ways, with a typing notice
a "parley:typing local $bob on"
await "$work/b.out" "^event composing local $alice active\$" 15 || fail "B did not see A typing"
a "parley:message local $bob Hello Bob from A 👋"
await "$work/a.out" '^event message local [^ ]+ delivered$' 15 || fail "A's message was not delivered"
await "$work/b.out" "^event message local [^ ]+ received $alice Hello Bob from A 👋\$" 15 || fail "B did not receive A's message"
b "parley:message local $alice Hi Alice, B here"
await "$work/b.out" '^event message local [^ ]+ delivered$' 15 || fail "B's answer was not delivered (to the port in A's address)"
await "$work/a.out" "^event message local [^ ]+ received $bob Hi Alice, B here\$" 15 || fail "A did not receive B's answer"

# B quits: A sees B offline
exec 7>&-
exited "$pid_b" 30 || fail "B did not stop within 30 s of the end of its input"
wait "$pid_b" || fail "B exited with an error status"
pid_b=""
await "$work/a.out" "^event presence local $bob offline\$" 15 || fail "A did not see B go offline"
exec 8>&-
exited "$pid_a" 30 || fail "A did not stop within 30 s of the end of its input"
wait "$pid_a" || fail "A exited with an error status"
pid_a=""

# A's history, read by a new process on A's data: the call and both messages are remembered.
history=$(printf 'parley:history show local %s\n' "$bob" |
  PARLEY_DATA="$work/a" timeout 60 "$product/parley" --headless 2>&1) || fail "parley:history failed: $history"
echo "$history" | grep -Eq ' outgoing call +answered' || fail "A's history has no answered outgoing call: $history"
echo "$history" | grep -q 'Hello Bob from A' || fail "A's history lacks the message sent: $history"
echo "$history" | grep -q 'Hi Alice, B here' || fail "A's history lacks the message received: $history"
echo "check-two-instances: two processes on their serverless accounts: A saw B available, away, on the phone and offline;" \
  "the call was ZRTP-secured (the same SAS on both sides:${sas_a% unverified}) and carried $sent/$received SRTP packets in the 2 s after hold and resume; video added: ${video#pictures  }; messages and typing went both ways; A's history has them"
