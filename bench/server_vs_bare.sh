#!/bin/sh
# The server target of the performance work: `rbac` through `tollgate run` (decision log on, the
# default) against a bare Hummingbird route that decodes the same JSON body and answers a constant,
# alternating, so both see the same machine. Needs a release build and wrk.
#   bench/server_vs_bare.sh [rounds] [seconds]
set -eu
rounds=${1:-2}
seconds=${2:-8}
project=$(cd "$(dirname "$0")/.." && pwd)
shared=$(cd "$project/../shared/bench" && pwd)
. "$project/bench/wrk_row.sh"
state=$(mktemp -d)
"$project/.build/release/tollgate" run --addr 127.0.0.1:18282 --policies "$shared/bundle/policies" \
  --data "$shared/bundle" --state "$state/state.sqlite" 2>/dev/null &
tollgate=$!
"$project/.build/release/tollgate-bare-route" 18290 >/dev/null 2>&1 &
bare=$!
sleep 1
export WRK_INPUT_FILE="$shared/inputs/rbac.json" WRK_QUERY_PATH=/v1/data/rbac/allow
for round in $(seq "$rounds"); do
  for connections in 1 32; do
    wrk_row "round $round  bare route" "$connections" "$seconds" "$shared/wrk_post_rbac.lua" http://127.0.0.1:18290 "$bare"
    wrk_row "round $round  tollgate  " "$connections" "$seconds" "$shared/wrk_post_rbac.lua" http://127.0.0.1:18282 "$tollgate"
  done
done | tee "$state/rows"
kill "$tollgate" "$bare"
wait "$tollgate" "$bare" 2>/dev/null || true
# Per pair: Tollgate's requests/s as a share of the route's (target: at least 70%) and its p99 over
# the route's (target: at most 1.5), marked when the host took 20 ms or more from a vCPU during
# either run (see wrk_row.sh).
awk 'function us(v) { return v ~ /ms$/ ? v * 1000 : v ~ /us$/ ? v + 0 : v * 1000000 }
  {steal = $(NF - 1)} $3 == "bare" {rps = $8; p99 = us($12); stolen = steal >= 20}
  $3 == "tollgate" {printf "round %s  connections %-2s  requests/s %3.0f%% of the route  p99 %.2f times the route%s\n",
    $2, $5, 100 * $7 / rps, us($11) / p99, (stolen || steal >= 20) ? "  (host steal)" : ""}' "$state/rows"
rm -rf "$state"
