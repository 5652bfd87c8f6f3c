#!/bin/sh
# Decision throughput on the rbac fixture with the decision log on (sync, the default) and off,
# alternating, so both configurations see the same machine. Needs a release build and wrk.
#   bench/decision_log_on_off.sh [rounds] [seconds]
set -eu
rounds=${1:-2}
seconds=${2:-8}
shared=$(cd "$(dirname "$0")/../../shared/bench" && pwd)
binary=$(dirname "$0")/../.build/release/tollgate
. "$(dirname "$0")/wrk_row.sh"
state=$(mktemp -d)
printf 'decision_log:\n  enabled: false\n' > "$state/off.yaml"
printf 'decision_log:\n  enabled: true\n' > "$state/on.yaml"
export WRK_INPUT_FILE="$shared/inputs/rbac.json" WRK_QUERY_PATH=/v1/data/rbac/allow
for round in $(seq "$rounds"); do
  for log in off on; do
    "$binary" run --config "$state/$log.yaml" --addr 127.0.0.1:18282 --policies "$shared/bundle/policies" \
      --data "$shared/bundle" --state "$state/state-$log.sqlite" 2>/dev/null &
    server=$!
    sleep 1
    for connections in 1 32; do
      wrk_row "round $round  log $log" "$connections" "$seconds" "$shared/wrk_post_rbac.lua" http://127.0.0.1:18282 "$server"
    done
    kill "$server"
    wait "$server" 2>/dev/null || true
  done
done
rm -rf "$state"
