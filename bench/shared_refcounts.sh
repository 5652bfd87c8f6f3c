#!/bin/bash
# Reference-count operations per decision, and how many of them write to objects that both event
# loops use. Every `swift_retain` and `swift_release` is an atomic write to the object's count; on
# an object that the other loop's core touched last, it waits for the cache line to move between
# cores. `rbac` through `tollgate run` with `wrk -t2 -c4` for 2 s, each call caught by a uprobe
# (perf probe) with the object's address; the uprobes slow the server a hundredfold, so this counts
# operations and does not time them.
#   bench/shared_refcounts.sh [binary, .build/release/tollgate] [on|off: the decision log, on] [top callers, 15]
# Needs perf with uprobes (run as root), nm, wrk and python3.
#
# "Shared" counts operations on objects used in the first and in the last sixth of the run, and
# after the first sixth by both loops, the less busy one making a tenth of the operations at least:
# long-lived objects such as compiled rules and data documents (not an address that one loop freed
# and the other reused, nor a connection's objects, which its loop alone uses once it is set up).
# Addresses that are not objects (small strings, nil) and statics in the binary's image are left
# out: for them the runtime returns without writing.
set -eu
project=$(cd "$(dirname "$0")/.." && pwd)
shared=$(cd "$project/../shared/bench" && pwd)
binary=$(realpath "${1:-$project/.build/release/tollgate}")
log=${2:-on}
top=${3:-15}
work=$(mktemp -d)
cleanup() {
  [ -n "${server:-}" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  perf probe -q -d 'tgrc:*' 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
# The probes go on a copy, so that the build's binary stays as it was.
cp "$binary" "$work/tollgate"
# uprobe offsets are file offsets: the symbol's address less its segment's (address - offset).
offset() {
  local address segment
  address=$(nm "$work/tollgate" | awk -v s="$1" '$3 == s {print $1; exit}')
  # The executable segment's file offset and address.
  segment=$(readelf -lW "$work/tollgate" | awk '$1 == "LOAD" && / E / {print $2, $3; exit}')
  set -- $segment
  printf '0x%x\n' $(( 16#$address - (16#${2#0x} - 16#${1#0x}) ))
}
perf probe -q -x "$work/tollgate" -a "tgrc:retain=$(offset swift_retain) object=%di:u64"
perf probe -q -x "$work/tollgate" -a "tgrc:release=$(offset swift_release) object=%di:u64"
printf 'decision_log:\n  enabled: %s\n' "$([ "$log" = off ] && echo false || echo true)" > "$work/config.yaml"
"$work/tollgate" run --config "$work/config.yaml" --addr 127.0.0.1:18282 --policies "$shared/bundle/policies" \
  --data "$shared/bundle" --state "$work/state.sqlite" 2>/dev/null &
server=$!
sleep 1.5
perf record -q -e 'tgrc:*' --call-graph fp -p "$server" -o "$work/perf.data" 2>/dev/null &
recorder=$!
sleep 0.5
export WRK_INPUT_FILE="$shared/inputs/rbac.json" WRK_QUERY_PATH=/v1/data/rbac/allow
requests=$(wrk -t2 -c4 -d2s -s "$shared/wrk_post_rbac.lua" http://127.0.0.1:18282 | awk '/ requests in / {print $1; exit}')
sleep 0.2
# Where the binary itself is mapped: objects there are statics (empty collections, literals), which
# the runtime makes immortal, so their counts are only read.
awk -v f="$work/tollgate" '$6 == f {split($1, r, "-"); print r[1], r[2]}' "/proc/$server/maps" > "$work/image"
kill -INT "$recorder"
wait "$recorder" || true
perf script -i "$work/perf.data" -F comm,tid,time,event,trace,ip,sym 2>/dev/null > "$work/calls"
python3 - "$work/calls" "$requests" "$top" "$work/image" <<'EOF'
import re, shutil, subprocess, sys
from collections import Counter, defaultdict
path, requests, top = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
image = [tuple(int(x, 16) for x in line.split()) for line in open(sys.argv[4])]
head = re.compile(r"\s*(\S+)\s+(\d+)\s+([\d.]+):\s+tgrc:(\w+):.*object=(\d+)")
calls, current = [], None
for line in open(path, errors="replace"):
    match = head.match(line)
    if match:
        current = {"thread": match.group(1), "tid": match.group(2), "time": float(match.group(3)),
                   "op": match.group(4), "object": int(match.group(5)), "frames": []}
        calls.append(current)
    elif line.strip() and current is not None:
        current["frames"].append(line.split(None, 1)[1].strip() if len(line.split()) > 1 else "?")
loops = [c for c in calls if c["thread"].startswith("NIO")]
if not loops or not requests:
    sys.exit("no calls or no requests recorded: is perf allowed to place uprobes here?")
start, end = min(c["time"] for c in loops), max(c["time"] for c in loops)
sixth = (end - start) / 6
early, late, users = set(), set(), defaultdict(Counter)
for c in loops:
    if c["time"] < start + sixth: early.add(c["object"])
    else: users[c["object"]][c["tid"]] += 1
    if c["time"] > end - sixth: late.add(c["object"])
def both_loops(o):
    counts = sorted(users[o].values(), reverse=True)
    return len(counts) > 1 and counts[1] >= 0.1 * sum(counts)
def is_object(address):
    return 0x1000 <= address < 0x8000_0000_0000 and not any(low <= address < high for low, high in image)
shared = {o for o in early & late if both_loops(o) and is_object(o)}
operations = Counter(c["op"] for c in loops)
on_shared = [c for c in loops if c["object"] in shared]
callers = Counter((c["op"], c["frames"][1] if len(c["frames"]) > 1 else "?") for c in on_shared)
print(f"{requests} decisions; per decision on the event loops: {operations['retain'] / requests:.0f} retains, "
      f"{operations['release'] / requests:.0f} releases")
print(f"on {len(shared)} objects both loops use: {len(on_shared) / requests:.0f} operations per decision")
print("the functions that make them (per decision):")
rows = callers.most_common(top)
names = [caller for (_, caller), _ in rows]
if shutil.which("swift"):
    names = subprocess.run(["swift", "demangle", "--simplified", "--compact"], input="\n".join(names),
                           capture_output=True, text=True).stdout.splitlines() or names
for ((op, _), n), name in zip(rows, names):
    print(f"  {n / requests:6.1f}  {op:7}  {name[:110]}")
EOF
