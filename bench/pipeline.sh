#!/bin/sh
# The worked example's create-order pipeline (JSON in, SQLite insert, XML out) against the same
# order as a bare decision (POST /v1/data/orders/decision), alternating, with the shipped
# configuration (decision log on, synchronous) in a scratch folder. Needs a release build and wrk.
#   bench/pipeline.sh [rounds] [seconds]
set -eu
rounds=${1:-2}
seconds=${2:-8}
project=$(cd "$(dirname "$0")/.." && pwd)
. "$project/bench/wrk_row.sh"
scratch=$(mktemp -d)
cp -r "$project/policies" "$scratch/policies"
cp -r "$project/data" "$scratch/data"
sed 's/^addr: .*/addr: 127.0.0.1:18283/' "$project/tollgate.yaml" > "$scratch/tollgate.yaml"
cd "$scratch"
"$project/.build/release/tollgate" run 2>/dev/null &
server=$!
sleep 1
for round in $(seq "$rounds"); do
  for script in wrk_orders_decision wrk_create_order; do
    for connections in 1 32; do
      wrk_row "round $round  $script" "$connections" "$seconds" "$project/bench/$script.lua" http://127.0.0.1:18283 "$server"
    done
  done
done
kill "$server"
wait "$server" 2>/dev/null || true
rm -rf "$scratch"
