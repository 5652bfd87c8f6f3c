# Sourced by the bench scripts: runs wrk once and prints one row.
#   wrk_row LABEL CONNECTIONS SECONDS SCRIPT URL [SERVER_PID]
# With SERVER_PID the row also gives the server's CPU time (user + system, from /proc) per request:
# unlike requests/s, it does not depend on how the two cores were shared with wrk or other work.
# Every row ends with the time the hypervisor took from this machine's busiest vCPU during the run
# (`steal`, from /proc/stat): this host sometimes stops a vCPU for about 100 ms, and wrk, which
# corrects its percentiles for the requests a stalled connection did not send, then reports a p99
# of tens of milliseconds. A row with steal of 20 ms or more measured the host, not the server.
steal_ticks() { awk '/^cpu[0-9]/ {printf "%s ", $9}' /proc/stat; }
# The most one vCPU lost between two `steal_ticks` readings, as "N ms".
most_stolen() {
  echo "$1" "$2" | awk -v t="$(getconf CLK_TCK)" '{n = NF / 2; for (i = 1; i <= n; i++) if ($(i + n) - $i > m) m = $(i + n) - $i; printf "%d ms", m * 1000 / t}'
}
wrk_row() {
  threads=$([ "$2" = 1 ] && echo 1 || echo 2)
  cpu_before=$([ -n "${6:-}" ] && awk '{print $14 + $15}' "/proc/$6/stat" || echo 0)
  steal_before=$(steal_ticks)
  result=$(wrk -t"$threads" -c"$2" -d"$3s" --latency -s "$4" "$5")
  steal_after=$(steal_ticks)
  cpu_after=$([ -n "${6:-}" ] && awk '{print $14 + $15}' "/proc/$6/stat" || echo 0)
  rps=$(echo "$result" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$result" | awk '$1 == "50%" {print $2}')
  p99=$(echo "$result" | awk '$1 == "99%" {print $2}')
  row="$1  connections $2  req/s $rps  p50 $p50  p99 $p99"
  ticks=$(getconf CLK_TCK)
  if [ -n "${6:-}" ]; then
    requests=$(echo "$result" | awk '/requests in/ {print $1}')
    row="$row  server CPU/request $(awk -v c=$((cpu_after - cpu_before)) -v r="$requests" -v t="$ticks" 'BEGIN {printf "%.0f us", c * 1000000 / t / r}')"
  fi
  echo "$row  steal $(most_stolen "$steal_before" "$steal_after")"
}
# Starts BINARY's sidecar in the background on the bench bundle (`$shared/bundle`), listening on
# 127.0.0.1:PORT with the state file STATE and the configuration file CONFIG; leaves its process id
# in `server`.
#   start_server BINARY PORT STATE CONFIG
start_server() {
  "$1" run --config "$4" --addr "127.0.0.1:$2" --policies "$shared/bundle/policies" \
    --data "$shared/bundle" --state "$3" 2>/dev/null &
  server=$!
}
