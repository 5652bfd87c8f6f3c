#!/bin/bash
# Two builds of the sidecar side by side, both with the decision log on: rbac through `tollgate run`
# with wrk, alternating run by run so both see the same machine. Each row gives requests/s and the
# CPU per request (user + system, from /proc) of the event loops and of the log's thread; the log's
# thread's medians close the output. Its CPU per request hardly depends on how the cores were shared,
# so it tells a change to the log's indexing apart where requests/s cannot. Needs wrk.
#   bench/log_cpu_ab.sh BINARY_A BINARY_B [rounds, 8] [seconds, 4] [connections, 32]
set -eu
[ $# -ge 2 ] || { echo "usage: $0 BINARY_A BINARY_B [rounds] [seconds] [connections]" >&2; exit 2; }
project=$(cd "$(dirname "$0")/.." && pwd)
shared=$(cd "$project/../shared/bench" && pwd)
rounds=${3:-8}
seconds=${4:-4}
connections=${5:-32}
. "$project/bench/wrk_row.sh"
state=$(mktemp -d)
printf 'decision_log:\n  enabled: true\n' > "$state/on.yaml"
start_server "$1" 18282 "$state/a.sqlite" "$state/on.yaml"; server_a=$server
start_server "$2" 18283 "$state/b.sqlite" "$state/on.yaml"; server_b=$server
sleep 1
# Clock ticks so far of the server's event loops and of its log's thread.
ticks() {
  for task in /proc/"$1"/task/*; do
    echo "$(tr ' ' _ < "$task/comm") $(awk '{print $14 + $15}' "$task/stat")"
  done | awk '$1 ~ /^NIO/ {loops += $2} $1 == "decision-log" {indexer += $2} END {print loops + 0, indexer + 0}'
}
export WRK_INPUT_FILE="$shared/inputs/rbac.json" WRK_QUERY_PATH=/v1/data/rbac/allow
threads=$([ "$connections" = 1 ] && echo 1 || echo 2)
for round in $(seq "$rounds"); do
  for build in a b; do
    if [ $build = a ]; then server=$server_a port=18282; else server=$server_b port=18283; fi
    before=$(ticks $server)
    steal_before=$(steal_ticks)
    result=$(wrk -t"$threads" -c"$connections" -d"${seconds}s" -s "$shared/wrk_post_rbac.lua" http://127.0.0.1:$port)
    steal_after=$(steal_ticks)
    after=$(ticks $server)
    requests=$(echo "$result" | awk '$2 == "requests" && $3 == "in" {print $1; exit}')
    rps=$(echo "$result" | awk '/Requests\/sec/ {print $2}')
    echo "$before $after" | awk -v b=$build -v r="$round" -v n="$requests" -v rps="$rps" -v t="$(getconf CLK_TCK)" \
      -v steal="$(most_stolen "$steal_before" "$steal_after")" \
      '{printf "round %s  build %s  req/s %s  event loops %.1f us  log thread %.2f us per request  steal %s\n", r, b, rps, ($3 - $1) * 1e6 / t / n, ($4 - $2) * 1e6 / t / n, steal}'
  done
done | tee "$state/rows"
kill $server_a $server_b
wait $server_a $server_b 2>/dev/null || true
for build in a b; do
  awk -v b=$build '$4 == b {print $(NF - 6)}' "$state/rows" | sort -g |
    awk -v b=$build '{v[NR] = $1} END {m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "build %s: log thread median %.2f us per request\n", b, m}'
done
rm -rf "$state"
