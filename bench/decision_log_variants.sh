#!/bin/bash
# Decision throughput of several servers on the rbac fixture, side by side: every server runs the
# whole time and wrk goes from one to the next, in an order that turns each round and runs backwards
# every other round (A B, B A, B A, A B, ...), so that a drift of the host over a round, or the work
# one server leaves after its run, falls on each server alike. The first server is the base: the
# cost of each other one is 1 - its requests/s over the base's, per round (the median) and from all
# rounds' requests together, with a 90% bootstrap interval of the latter (rounds drawn again 2,000
# times). Each row also gives the server's CPU per request (event loops' user and system time, the
# decision log's thread, other threads; from /proc) and wrk's p99.
#
#   bench/decision_log_variants.sh ROUNDS SECONDS CONNECTIONS LABEL=BINARY[:CONFIG] ...
#   bench/decision_log_variants.sh 20 4 32 off=.build/release/tollgate:off.yaml on=.build/release/tollgate
#
# A binary may be a script that sets the environment and runs one (`exec env ... tollgate "$@"`).
# Needs wrk and python3.
set -eu
rounds=$1 seconds=$2 connections=$3
shift 3
project=$(cd "$(dirname "$0")/.." && pwd)
shared=$(cd "$project/../shared/bench" && pwd)
state=$(mktemp -d)
labels=() pids=() ports=()
port=18300
for spec in "$@"; do
  label=${spec%%=*} rest=${spec#*=}
  binary=${rest%%:*} config=""
  [ "$rest" != "$binary" ] && config=${rest#*:}
  "$binary" run ${config:+--config "$config"} --addr "127.0.0.1:$port" --policies "$shared/bundle/policies" \
    --data "$shared/bundle" --state "$state/$label.sqlite" 2>/dev/null &
  labels+=("$label") pids+=($!) ports+=("$port")
  port=$((port + 1))
done
trap 'kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null; rm -rf "$state"' EXIT
# Each server answers HTTP before the first run, or the script stops naming it (a port
# still held by an earlier run, a binary that does not start).
for i in "${!labels[@]}"; do
  for _ in $(seq 100); do
    curl -s -o /dev/null "http://127.0.0.1:${ports[$i]}/health" && continue 2
    kill -0 "${pids[$i]}" 2>/dev/null || break
    sleep 0.1
  done
  echo "bench/decision_log_variants.sh: server ${labels[$i]} did not start on 127.0.0.1:${ports[$i]}" >&2
  exit 1
done
# Clock ticks so far of a server's event loops (user, system), decision log thread and other threads.
ticks() {
  for task in /proc/"$1"/task/*; do echo "$(tr ' ' _ < "$task/comm") $(awk '{print $14, $15}' "$task/stat")"; done |
    awk '$1 ~ /^NIO/ {u += $2; s += $3; next} $1 ~ /decision/ {d += $2 + $3; next} {o += $2 + $3}
         END {print u + 0, s + 0, d + 0, o + 0}'
}
export WRK_INPUT_FILE="$shared/inputs/rbac.json" WRK_QUERY_PATH=/v1/data/rbac/allow
threads=$([ "$connections" = 1 ] && echo 1 || echo 2)
count=${#labels[@]}
for round in $(seq "$rounds"); do
  turn=$(( (round - 1) / 2 ))
  for k in $(seq 0 $((count - 1))); do
    if [ $((round % 2)) = 1 ]; then i=$(( (k + turn) % count )); else i=$(( (count - 1 - k + turn) % count )); fi
    before=$(ticks "${pids[$i]}")
    out=$(wrk -t"$threads" -c"$connections" -d"${seconds}s" -s "$shared/wrk_post_rbac.lua" "http://127.0.0.1:${ports[$i]}")
    after=$(ticks "${pids[$i]}")
    requests=$(echo "$out" | awk '/requests in/ {print $1; exit}')
    p99=$(echo "$out" | awk '/latency us/ {for (j = 1; j < NF; j++) if ($j == "p99") print $(j + 1)}')
    echo "$round ${labels[$i]} $requests $before $after $p99" | awk -v s="$seconds" -v t="$(getconf CLK_TCK)" '
      {r = $3; f = 1e6 / t / r
       printf "round %d %-10s req/s %7.0f  loops user %5.2f system %5.2f  log %4.2f  other %4.2f  all %5.2f us/request  p99 %s us\n",
         $1, $2, r / s, ($8 - $4) * f, ($9 - $5) * f, ($10 - $6) * f, ($11 - $7) * f, ($8 - $4 + $9 - $5 + $10 - $6 + $11 - $7) * f, $12}'
    sleep 0.3
  done
done | tee "$state/rows"
python3 - "$state/rows" "${labels[@]}" <<'PY'
import sys, random, statistics
rows = [line.split() for line in open(sys.argv[1])]
labels = sys.argv[2:]
by = {label: {int(r[1]): r for r in rows if r[2] == label} for label in labels}
column = lambda label, i: [float(r[i]) for r in by[label].values()]
for label in labels:
    print("%-10s median req/s %7.0f  loops user %5.2f system %5.2f  log %4.2f  all %5.2f us/request  p99 %5.0f us"
          % (label, statistics.median(column(label, 4)), statistics.median(column(label, 7)), statistics.median(column(label, 9)),
             statistics.median(column(label, 11)), statistics.median(column(label, 15)), statistics.median(column(label, 18))))
base = labels[0]
random.seed(1)
for label in labels[1:]:
    rounds = sorted(set(by[label]) & set(by[base]))
    rps = lambda l, k: float(by[l][k][4])
    cost = lambda sample: 100 * (1 - sum(rps(label, k) for k in sample) / sum(rps(base, k) for k in sample))
    boots = sorted(cost([random.choice(rounds) for _ in rounds]) for _ in range(2000))
    print("%s against %s: cost %.1f%% (median of %d pairs), %.1f%% from the summed requests/s (90%% interval %.1f to %.1f)"
          % (label, base, statistics.median(cost([k]) for k in rounds), len(rounds), cost(rounds), boots[100], boots[1899]))
PY
