#!/bin/sh
# Whether decision-log indexing keeps up under full load: `tollgate run` on the rbac fixture,
# saturated by wrk at 32 connections, with the records indexed so far and the size of the journal
# (what is not indexed yet, plus the active segment) every two seconds. Indexing yields the CPU to
# requests while it keeps up, so under full load it must notice and compete: the journal should
# stay within a few segments. Needs a release build and wrk.
#   bench/log_backlog.sh [seconds] [binary]
set -eu
seconds=${1:-20}
project=$(cd "$(dirname "$0")/.." && pwd)
binary=${2:-$project/.build/release/tollgate}
shared=$(cd "$project/../shared/bench" && pwd)
state=$(mktemp -d)
"$binary" run --addr 127.0.0.1:18283 --policies "$shared/bundle/policies" --data "$shared/bundle" \
  --state "$state/state.sqlite" 2>/dev/null &
server=$!
sleep 1
export WRK_INPUT_FILE="$shared/inputs/rbac.json" WRK_QUERY_PATH=/v1/data/rbac/allow
wrk -t2 -c32 -d"${seconds}s" -s "$shared/wrk_post_rbac.lua" http://127.0.0.1:18283 > "$state/wrk.txt" &
load=$!
elapsed=0
while [ "$elapsed" -lt "$seconds" ]; do
  sleep 2
  elapsed=$((elapsed + 2))
  indexed=$(curl -s http://127.0.0.1:18283/metrics | awk '/^tollgate_decision_log_indexed_total/ {print $2}')
  echo "${elapsed}s  indexed $indexed  journal $(du -sm "$state/state.sqlite-decisions" | cut -f1) MB"
done
wait "$load"
grep Requests/sec "$state/wrk.txt"
kill "$server"
wait "$server" 2>/dev/null || true
rm -rf "$state"
