#!/bin/sh
# One client's decision latencies as they are (bench/stall_client.c: one connection, each decision
# timed on its own, no correction for requests not sent), with the decision log on and off,
# alternating, each run against a fresh server. Shows how often a decision stalls and how far apart
# the stalls come. Needs a release build and a C compiler.
#   bench/stalls.sh [rounds] [decisions per run] [threshold µs] [binary]
set -eu
rounds=${1:-2}
decisions=${2:-40000}
threshold=${3:-300}
project=$(cd "$(dirname "$0")/.." && pwd)
shared=$(cd "$project/../shared/bench" && pwd)
binary=${4:-$project/.build/release/tollgate}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cc -O2 -o "$work/stall_client" "$project/bench/stall_client.c"
printf 'decision_log:\n  enabled: false\n' > "$work/off.yaml"
printf 'decision_log:\n  enabled: true\n' > "$work/on.yaml"
for round in $(seq "$rounds"); do
  for log in off on; do
    mkdir "$work/$round-$log"
    "$binary" run --config "$work/$log.yaml" --addr 127.0.0.1:18284 --policies "$shared/bundle/policies" \
      --data "$shared/bundle" --state "$work/$round-$log/state.sqlite" >/dev/null 2>&1 &
    server=$!
    sleep 1.5
    # A warm-up run first, as wrk's first second would be.
    "$work/stall_client" 18284 3000 "$threshold" "$shared/inputs/rbac.json" >/dev/null
    printf 'round %s  log %-3s  ' "$round" "$log"
    "$work/stall_client" 18284 "$decisions" "$threshold" "$shared/inputs/rbac.json"
    kill "$server"
    wait "$server" 2>/dev/null || true
  done
done
