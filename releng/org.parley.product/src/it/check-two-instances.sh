#!/usr/bin/env bash
# Two Parley processes from the materialized product call each other directly with their
# serverless "local" accounts on loopback: B answers automatically, A calls, both see the call
# connected with RTP flowing both ways, A holds and resumes, A hangs up and B sees it end; a new
# process on A's data finds the call in A's history. A also sends B a message (parley:message), delivered.
#   check-two-instances.sh PRODUCT_DIR
# Every wait is bounded; both processes are stopped by PID.
set -euo pipefail

product=$1
work=$(mktemp -d)
pid_b=""
cleanup() {
  [ -n "$pid_b" ] && kill "$pid_b" 2>/dev/null || true
  exec 7>&- 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "check-two-instances: FAILED: $*" >&2; echo "--- A:" >&2; cat "$work/a.out" >&2 || true; echo "--- B:" >&2; cat "$work/b.out" >&2 || true; exit 1; }
unset DISPLAY WAYLAND_DISPLAY
# below libjitsi's RTP range (16384-32766) and the ephemeral ports
port_b=$(( 10000 + (RANDOM % 2500) * 2 ))
port_a=$(( port_b + 2 ))

mkfifo "$work/b.in"
PARLEY_DATA="$work/b" "$product/parley" --headless < "$work/b.in" > "$work/b.out" 2>&1 &
pid_b=$!
exec 7> "$work/b.in"
echo "parley:account set local localAddress=127.0.0.1 localPort=$port_b autoAnswer=true audioSource=tone:440 audioSink=discard" >&7
echo "parley:await local unregistered 10" >&7
for _ in $(seq 1 100); do grep -q '^local unregistered' "$work/b.out" && break; sleep 0.1; done

script="parley:account set local localAddress=127.0.0.1 localPort=$port_a audioSource=tone:1000 audioSink=discard
parley:await local unregistered 10
id = parley:call local sip:bob@127.0.0.1:$port_b
parley:awaitcall \$id connected 15
parley:hold \$id
parley:awaitcall \$id on_hold 10
parley:resume \$id
parley:awaitcall \$id connected 10
parley:sleep 2000
parley:calls
parley:hangup \$id
parley:message local sip:bob@127.0.0.1:$port_b Hello Bob from A
parley:sleep 2000"
status=0
printf '%s\n' "$script" | PARLEY_DATA="$work/a" timeout 90 "$product/parley" --headless > "$work/a.out" 2>&1 || status=$?
[ "$status" = 0 ] || fail "instance A exited with $status"

for _ in $(seq 1 50); do grep -q 'ended remote-hangup' "$work/b.out" && break; sleep 0.1; done
grep -q 'started incoming sip:' "$work/b.out" || fail "B saw no incoming call"
grep -q 'ended remote-hangup' "$work/b.out" || fail "B did not see A hang up"
grep -q 'state connected on-hold' "$work/b.out" || fail "B did not see the call held"
row=$(grep -E ' outgoing +sip:bob@127\.0\.0\.1' "$work/a.out" | tail -n 1)
[ -n "$row" ] || fail "A listed no call"
read -r -a cells <<< "$row"
sent=${cells[5]} received=${cells[6]}
[ "$sent" -gt 50 ] && [ "$received" -gt 50 ] || fail "too little RTP after 2 s: sent $sent, received $received"
grep -Eq '^event message local [^ ]+ delivered$' "$work/a.out" || fail "A's message was not delivered"
grep -Eq '^event message local [^ ]+ received sip:[^ ]+ Hello Bob from A$' "$work/b.out" || fail "B did not receive A's message"
# A's history, read by a new process on A's data: the call is remembered across the restart.
history=$(printf 'parley:history show local sip:bob@127.0.0.1:%s\n' "$port_b" |
  PARLEY_DATA="$work/a" timeout 60 "$product/parley" --headless 2>&1) || fail "parley:history failed: $history"
echo "$history" | grep -Eq ' outgoing call +answered' || fail "A's history has no answered outgoing call: $history"
echo "check-two-instances: two processes called each other directly: A sent $sent and received $received RTP packets; hold, resume, hang-up and a message reached B"
