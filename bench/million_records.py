#!/usr/bin/env python3
"""Fills a new state file's decision log with generated records, for measuring queries over a large log.

    bench/million_records.py STATE [COUNT] [--binary .build/release/tollgate]

Writes COUNT (default 1,000,000) records into the journal beside STATE (`STATE-decisions/`), as the
sidecar would have: a valid hash chain from the first record, 1,000 subjects (`user0000` …
`user0999`), half of them allowed, one millisecond apart from 2025-11-30T02:00:00Z, each about as
large as an `rbac` decision's record (`--subjects N` for N subjects; 0 for none, with the fixture's
one input in every record). Then it starts `tollgate run` on the state file until the
journal is indexed into the tables (the sidecar deletes each segment once it is), and stops it
(`--journal-only` stops before: `bench/index_cpu.sh` indexes such a journal). The state file must not
exist yet.
"""
import argparse
import hashlib
import json
import os
import struct
import subprocess
import sys
import time
import urllib.request

BASE_NS = 1764468000 * 1_000_000_000  # 2025-11-30T02:00:00Z
PER_SEGMENT = 100_000


def timestamp(ns):
    seconds, fraction = divmod(ns, 1_000_000_000)
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds)) + ".%09dZ" % fraction


def text(value):
    if value is None:
        return struct.pack("<I", 0xFFFFFFFF)
    data = value.encode()
    return struct.pack("<I", len(data)) + data


def frame(seq, ns, allowed, decision_id, path, subject, previous, digest, body):
    fields = b"".join(text(v) for v in (decision_id, path, subject, None, previous, digest)) + text(body)
    content = struct.pack("<BqqB", 1, seq, ns, 1 if allowed else 0) + fields
    return struct.pack("<I", len(content)) + content


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("state")
    parser.add_argument("count", nargs="?", type=int, default=1_000_000)
    parser.add_argument("--binary", default=os.path.join(os.path.dirname(__file__), "..", ".build", "release", "tollgate"))
    parser.add_argument("--port", type=int, default=18299)
    parser.add_argument("--subjects", type=int, default=1000,
                        help="how many subjects the records name in turn (0: none, and every record the same input)")
    parser.add_argument("--journal-only", action="store_true",
                        help="write the journal and stop: no state file is made, nothing is indexed")
    args = parser.parse_args()
    if os.path.exists(args.state) or os.path.exists(args.state + "-decisions"):
        sys.exit(f"{args.state} exists: give the path of a state file to create")
    journal = args.state + "-decisions"
    os.makedirs(journal, exist_ok=True)
    previous = "0" * 64
    out = None
    for seq in range(1, args.count + 1):
        if (seq - 1) % PER_SEGMENT == 0:
            if out:
                out.close()
            out = open(os.path.join(journal, "%020d.log" % seq), "wb")
        i = seq - 1
        ns = BASE_NS + i * 1_000_000
        allowed = i % 2 == 0
        subject = "user%04d" % (i % args.subjects) if args.subjects else None
        decision_id = "gen-%07d" % seq
        record = {
            "allowed": allowed, "decision_id": decision_id, "eval_ns": 18000,
            "input": {"action": "write", "type": "type%03d" % (i % 300), "user": subject} if subject
            else {"action": "write", "type": "type178", "user": "user0500"},
            "labels": {"app": "tollgate"}, "metrics": {"timer_rego_query_eval_ns": 18000},
            "path": "rbac/allow", "policy_hash": "2f6b1c03f6d9e3e3", "reasons": [],
            "requested_by": "127.0.0.1:40000", "result": allowed, "revision": "1",
            "timestamp": timestamp(ns),
        }
        if subject:
            record["subject"] = subject
        body = json.dumps(record, separators=(",", ":"), sort_keys=True)
        digest = hashlib.sha256((previous + body).encode()).hexdigest()
        out.write(frame(seq, ns, allowed, decision_id, "rbac/allow", subject, previous, digest, body))
        previous = digest
    out.close()
    if args.journal_only:
        return
    # The sidecar indexes the journal and deletes each segment once it is in the tables.
    shared = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "bench", "bundle")
    server = subprocess.Popen([args.binary, "run", "--addr", f"127.0.0.1:{args.port}", "--state", args.state,
                               "--policies", os.path.join(shared, "policies"), "--data", shared],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        started = time.time()
        while any(name.endswith(".log") and int(name[:20]) <= args.count for name in os.listdir(journal)):
            if server.poll() is not None:
                sys.exit("tollgate run stopped before the journal was indexed")
            time.sleep(0.5)
        print(f"{args.count} records indexed in {time.time() - started:.1f} s")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
