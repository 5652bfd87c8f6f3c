#!/usr/bin/env python3
"""Start to ready: how long `tollgate run` with the bench bundle takes to answer GET /health.

Each round starts every given binary once, in turn, with a fresh state file, so all of them see
the same machine. Readiness is polled by connecting to the port every millisecond from this one
process (spawning a client per poll would take a core away from the start-up being measured).

    bench/start_to_ready.py [rounds] [binary ...]      (default: 10 rounds of .build/release/tollgate)
"""
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
BUNDLE = os.path.join(HERE, "..", "..", "shared", "bench", "bundle")
PORT = 18289


def ready() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", PORT), timeout=0.5) as s:
            s.sendall(b"GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n")
            return s.recv(64).startswith(b"HTTP/1.1 200")
    except OSError:
        return False


def start_once(binary: str, state: str) -> float:
    shutil.rmtree(state, ignore_errors=True)
    os.makedirs(state)
    began = time.perf_counter()
    server = subprocess.Popen(
        [binary, "run", "--addr", f"127.0.0.1:{PORT}", "--policies", os.path.join(BUNDLE, "policies"),
         "--data", BUNDLE, "--state", os.path.join(state, "state.sqlite")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while not ready():
            if server.poll() is not None:
                sys.exit(f"{binary} exited with status {server.returncode} before it was ready")
            time.sleep(0.001)
        return (time.perf_counter() - began) * 1000
    finally:
        server.terminate()
        server.wait()


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    binaries = sys.argv[2:] or [os.path.join(HERE, "..", ".build", "release", "tollgate")]
    times = {b: [] for b in binaries}
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(rounds):
            for binary in binaries:
                times[binary].append(start_once(binary, os.path.join(folder, "state")))
    for binary, values in times.items():
        ordered = sorted(values)
        print(f"{binary}: median {statistics.median(ordered):.0f} ms, min {ordered[0]:.0f}, max {ordered[-1]:.0f} "
              f"({rounds} starts: {' '.join(f'{v:.0f}' for v in values)})")


if __name__ == "__main__":
    main()
