#!/bin/bash
# CPU per request of each of the server's threads (user and system µs, from /proc), over one wrk run
# of rbac through `tollgate run` with a fresh state file. Needs wrk.
#   bench/thread_cpu.sh [binary] [connections] [seconds] [extra run arguments, e.g. --config off.yaml]
set -eu
project=$(cd "$(dirname "$0")/.." && pwd)
shared=$(cd "$project/../shared/bench" && pwd)
binary=${1:-$project/.build/release/tollgate}
connections=${2:-32}
seconds=${3:-6}
shift $(( $# < 3 ? $# : 3 ))
state=$(mktemp -d)
"$binary" run --addr 127.0.0.1:18282 --policies "$shared/bundle/policies" --data "$shared/bundle" \
  --state "$state/state.sqlite" "$@" 2>/dev/null &
server=$!
sleep 1.2
# Per thread name: user and system clock ticks so far.
ticks() {
  for task in /proc/$server/task/*; do
    echo "$(tr ' ' _ < "$task/comm") $(awk '{print $14, $15}' "$task/stat")"
  done | awk '{u[$1] += $2; s[$1] += $3} END {for (k in u) print k, u[k], s[k]}' | sort
}
ticks > "$state/before"
export WRK_INPUT_FILE="$shared/inputs/rbac.json" WRK_QUERY_PATH=/v1/data/rbac/allow
requests=$(wrk -t"$([ "$connections" = 1 ] && echo 1 || echo 2)" -c"$connections" -d"${seconds}s" -s "$shared/wrk_post_rbac.lua" http://127.0.0.1:18282 | awk '/requests in/ {print $1}')
ticks > "$state/after"
kill "$server"
wait "$server" 2>/dev/null || true
join "$state/before" "$state/after" | awk -v r="$requests" -v t="$(getconf CLK_TCK)" '
  {u = $4 - $2; s = $5 - $3; total += u + s; if (u + s > 0) printf "%-20s user %6.1f  system %6.1f µs/request\n", $1, u * 1e6 / t / r, s * 1e6 / t / r}
  END {printf "%-20s %6.1f µs/request (%d requests)\n", "all threads", total * 1e6 / t / r, r}'
rm -rf "$state"
