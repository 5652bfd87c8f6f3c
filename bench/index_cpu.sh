#!/bin/bash
# The log's thread's work per record, without a server or a client around it: the CPU time (user and
# system) `tollgate decisions list --limit 1` takes to index a journal of generated records into a
# fresh state file before it reads (queries index the journal's tail first), per record. The records
# are `bench/million_records.py`'s, naming SUBJECTS subjects in turn (0: none, and every record the
# fixture's one input), so the subject index's part shows; each round indexes a fresh copy.
#   bench/index_cpu.sh [records, 200000] [subjects, 1000] [rounds, 3] [binary, .build/release/tollgate]
set -eu
count=${1:-200000}
subjects=${2:-1000}
rounds=${3:-3}
project=$(cd "$(dirname "$0")/.." && pwd)
shared=$(cd "$project/../shared/bench" && pwd)
binary=${4:-$project/.build/release/tollgate}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$project/bench/million_records.py" "$work/generated.sqlite" "$count" --subjects "$subjects" --journal-only
# An empty state file, as the sidecar makes it.
"$binary" run --addr 127.0.0.1:18298 --policies "$shared/bundle/policies" --data "$shared/bundle" --state "$work/empty.sqlite" 2>/dev/null &
server=$!
for _ in $(seq 100); do curl -sf -o /dev/null http://127.0.0.1:18298/health && break; sleep 0.1; done
kill "$server"
wait "$server" 2>/dev/null || true
for round in $(seq "$rounds"); do
  rm -rf "$work/state.sqlite" "$work/state.sqlite-decisions"
  cp "$work/empty.sqlite" "$work/state.sqlite"
  mkdir "$work/state.sqlite-decisions"
  cp "$work/generated.sqlite-decisions/"*.log "$work/state.sqlite-decisions/"
  /usr/bin/time -f "%U %S" -o "$work/time" "$binary" decisions list --limit 1 --state "$work/state.sqlite" --format jsonl > /dev/null
  awk -v n="$count" -v r="$round" '{printf "round %d: %.2f µs per record (user %.2f, system %.2f)\n", r, ($1 + $2) * 1e6 / n, $1 * 1e6 / n, $2 * 1e6 / n}' "$work/time"
done
