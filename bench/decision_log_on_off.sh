#!/bin/sh
# Decision throughput on the rbac fixture with the decision log on (sync, the default) and off. Both
# servers run side by side the whole time and wrk alternates between them run by run, so that each
# pair of runs sees the same machine; the cost of each pair, and their median, closes the output,
# with the server CPU per request with the log on against off (the CPU logging takes, in all).
# Odd rounds run the log-off server first, even ones the other. Needs a release build and wrk.
# Single pairs on a shared host spread by twenty points or more, so the default is eight pairs of 4 s
# per connection count: four cannot tell 10% from 17%. For more than two servers, and an interval
# around the cost, see bench/decision_log_variants.sh.
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
# Odd rounds run the log-off server first, even ones the log-on server: whatever a run leaves to the
# next (the log's indexing of its records, the host's drift) falls on each side alike.
for round in $(seq "$rounds"); do
  for connections in 1 32; do
    if [ $((round % 2)) = 1 ]; then
      wrk_row "round $round  log off" "$connections" "$seconds" "$script" http://127.0.0.1:18282 "$off"
      wrk_row "round $round  log on " "$connections" "$seconds" "$script" http://127.0.0.1:18283 "$on"
    else
      wrk_row "round $round  log on " "$connections" "$seconds" "$script" http://127.0.0.1:18283 "$on"
      wrk_row "round $round  log off" "$connections" "$seconds" "$script" http://127.0.0.1:18282 "$off"
    fi
  done
done | tee "$state/rows"
kill "$off" "$on"
wait "$off" "$on" 2>/dev/null || true
# Cost of logging per pair: 1 - (requests/s with the log on) / (requests/s with it off); and the
# server CPU each request took (all threads, from /proc), on against off, which does not depend on
# how the two cores were shared with wrk.
awk '{k = $2 " " $6} $4 == "off" {off[k] = $8; offcpu[k] = $15} $4 == "on" {on[k] = $8; oncpu[k] = $15} $2 > last {last = $2}
  END {for (c = 1; c <= 32; c += 31) {
         cost = ""; extra = ""
         for (r = 1; r <= last; r++) {
           k = r " " c
           if (!(k in off) || !(k in on)) continue
           cost = cost " " sprintf("%.1f", 100 * (1 - on[k] / off[k])); extra = extra " " sprintf("%.1f", 100 * (oncpu[k] / offcpu[k] - 1))
         }
         if (cost == "") continue
         print "cost at " c " connections (%):" cost; print "CPU per request at " c " connections, on against off (+%):" extra}}' "$state/rows" |
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
