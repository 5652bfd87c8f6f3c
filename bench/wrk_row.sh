# Sourced by the bench scripts: runs wrk once and prints one row.
#   wrk_row LABEL CONNECTIONS SECONDS SCRIPT URL
wrk_row() {
  threads=$([ "$2" = 1 ] && echo 1 || echo 2)
  result=$(wrk -t"$threads" -c"$2" -d"$3s" --latency -s "$4" "$5")
  rps=$(echo "$result" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$result" | awk '$1 == "50%" {print $2}')
  p99=$(echo "$result" | awk '$1 == "99%" {print $2}')
  echo "$1  connections $2  req/s $rps  p50 $p50  p99 $p99"
}
