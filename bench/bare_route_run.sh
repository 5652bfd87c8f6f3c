#!/bin/sh
# The bare Hummingbird route (tollgate-bare-route) behind tollgate's command line, so that the bench
# scripts that start `BINARY run --addr 127.0.0.1:PORT ...` can start it too; every argument but the
# port of --addr is ignored.
#   bench/decision_log_variants.sh 12 6 32 bare=bench/bare_route_run.sh on=.build/release/tollgate
project=$(cd "$(dirname "$0")/.." && pwd)
port=""
while [ $# -gt 0 ]; do
  case "$1" in
    --addr) port=${2##*:}; shift 2 ;;
    *) shift ;;
  esac
done
[ -n "$port" ] || { echo "bench/bare_route_run.sh: give --addr HOST:PORT" >&2; exit 2; }
exec "$project/.build/release/tollgate-bare-route" "$port"
