#!/bin/sh
# Decision throughput on the rbac fixture with the decision log on (sync, the default) and off. Both
# servers run side by side the whole time and wrk alternates between them run by run, so that each
# pair of runs sees the same machine; the cost of each pair, and their median, closes the output,
# with the server CPU per request with the log on against off (the CPU logging takes, in all).
# Needs a release build and wrk. Single pairs on a shared host spread by twenty points or more, so
# the default is eight pairs of 4 s per connection count: four cannot tell 10% from 17%.
# The fourth argument is the wrk script: the fixture's (one input, no subject) by default, or
# bench/wrk_rbac_subjects.lua for records naming 1,000 different subjects.
#   bench/decision_log_on_off.sh [rounds, 8] [seconds, 4] [binary, .build/release/tollgate] [wrk script]
set -eu
rounds=${1:-8}
seconds=${2:-4}
project=$(cd "$(dirname "$0")/.." && pwd)
shared=$(cd "$project/../shared/bench" && pwd)
binary=${3:-$project/.build/release/tollgate}
script=${4:-$shared/wrk_post_rbac.lua}
. "$project/bench/wrk_row.sh"
state=$(mktemp -d)
printf 'decision_log:\n  enabled: false\n' > "$state/off.yaml"
printf 'decision_log:\n  enabled: true\n' > "$state/on.yaml"
start_server "$binary" 18282 "$state/state-off.sqlite" "$state/off.yaml"; off=$server
start_server "$binary" 18283 "$state/state-on.sqlite" "$state/on.yaml"; on=$server
sleep 1
export WRK_INPUT_FILE="$shared/inputs/rbac.json" WRK_QUERY_PATH=/v1/data/rbac/allow
for round in $(seq "$rounds"); do
  for connections in 1 32; do
    wrk_row "round $round  log off" "$connections" "$seconds" "$script" http://127.0.0.1:18282 "$off"
    wrk_row "round $round  log on " "$connections" "$seconds" "$script" http://127.0.0.1:18283 "$on"
  done
done | tee "$state/rows"
kill "$off" "$on"
wait "$off" "$on" 2>/dev/null || true
# Cost of logging per pair: 1 - (requests/s with the log on) / (requests/s with it off); and the
# server CPU each request took (all threads, from /proc), on against off, which does not depend on
# how the two cores were shared with wrk.
awk '{rps = $8; cpu = $15} $4 == "off" {off[$6] = rps; offcpu[$6] = cpu}
  $4 == "on" {cost[$6] = cost[$6] " " sprintf("%.1f", 100 * (1 - rps / off[$6])); extra[$6] = extra[$6] " " sprintf("%.1f", 100 * (cpu / offcpu[$6] - 1))}
  END {for (c in cost) {print "cost at " c " connections (%):" cost[c]; print "CPU per request at " c " connections, on against off (+%):" extra[c]}}' "$state/rows" | sort -k1,1 -k3n,3 -k4n,4 |
  while read -r line; do
    median=$(echo "${line#*:}" | tr ' ' '\n' | grep . | sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}')
    echo "$line  median $median"
  done
# The same cost from all the runs' requests together, 1 - (requests/s on, summed) / (off, summed):
# a pair's ratio spreads by thirty points on a shared host, and its median moves with one pair
# where the sums do not.
awk '$4 == "off" {off[$6] += $8} $4 == "on" {on[$6] += $8}
  END {for (c in on) printf "cost at %s connections from the summed requests/s: %.1f%%\n", c, 100 * (1 - on[c] / off[c])}' "$state/rows" | sort -k4n
rm -rf "$state"
