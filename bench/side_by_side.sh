#!/bin/bash
# Two Tollgate servers (two builds, or one build with two environments) side by side on the rbac
# fixture with the decision log on, and wrk alternating between them run by run, so that each pair
# of runs sees the same machine: for comparing a change's requests/s and latency when the machine's
# speed drifts from minute to minute. Each row: requests/s, the latency percentiles that
# ../shared/bench/wrk_post_rbac.lua prints (µs), and the host's steal (see wrk_row.sh). Needs wrk.
#   bench/side_by_side.sh BINARY_A BINARY_B [rounds] [seconds] [connections] [ENV_A] [ENV_B]
# e.g. bench/side_by_side.sh /tmp/before/tollgate .build/release/tollgate 4 8 32
set -eu
project=$(cd "$(dirname "$0")/.." && pwd)
shared=$(cd "$project/../shared/bench" && pwd)
a=$1 b=$2 rounds=${3:-4} seconds=${4:-8} connections=${5:-32}
state=$(mktemp -d)
env ${6:-} "$a" run --addr 127.0.0.1:18282 --policies "$shared/bundle/policies" --data "$shared/bundle" \
  --state "$state/a.sqlite" 2>/dev/null &
pid_a=$!
env ${7:-} "$b" run --addr 127.0.0.1:18283 --policies "$shared/bundle/policies" --data "$shared/bundle" \
  --state "$state/b.sqlite" 2>/dev/null &
pid_b=$!
sleep 1.5
export WRK_INPUT_FILE="$shared/inputs/rbac.json" WRK_QUERY_PATH=/v1/data/rbac/allow
threads=$([ "$connections" = 1 ] && echo 1 || echo 2)
. "$project/bench/wrk_row.sh"
row() {
  before=$(steal_ticks)
  result=$(wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency -s "$shared/wrk_post_rbac.lua" "http://127.0.0.1:$2")
  echo "$result" | awk -v label="$1" -v steal="$(most_stolen "$before" "$(steal_ticks)")" '/Requests\/sec/ {rps = $2}
    /^latency us/ {sub(/^latency us: /, ""); latency = $0}
    END {printf "%s  req/s %s  latency in µs: %s  steal %s\n", label, rps, latency, steal}'
}
for round in $(seq "$rounds"); do
  row "round $round  A" 18282
  row "round $round  B" 18283
done
kill "$pid_a" "$pid_b"
wait "$pid_a" "$pid_b" 2>/dev/null || true
rm -rf "$state"
