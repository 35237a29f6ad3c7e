# Bounded waits for the product checks that drive Parley processes through their consoles (sourced).

# waits (at most $3 seconds) until the output file $1 has a line matching the extended regex $2
await() {
  local i
  for i in $(seq 1 $(( $3 * 10 ))); do
    grep -Eq -- "$2" "$1" && return 0
    sleep 0.1
  done
  return 1
}

# waits (at most $4 seconds) until the output file $1 has, after its first $2 lines, a line matching $3
await_after() {
  local i
  for i in $(seq 1 $(( $4 * 10 ))); do
    tail -n +"$(( $2 + 1 ))" "$1" | grep -Eq -- "$3" && return 0
    sleep 0.1
  done
  return 1
}

# waits for the process $1 to exit by itself, at most $2 seconds; 0 if it did
exited() {
  local i
  for i in $(seq 1 $(( $2 * 10 ))); do
    kill -0 "$1" 2>/dev/null || return 0
    sleep 0.1
  done
  return 1
}
