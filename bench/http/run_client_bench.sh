#!/usr/bin/env bash
# Authenticated GETs per second through freshauth::Client beside plain libcurl, measured so that
# the ratio means something: one idp process (`http_client_bench serve`) pinned to SERVER_CPU, the
# clients pinned to CLIENT_CPU, and the two sides alternated over RUNS rounds at each thread count
# (plain first in odd rounds, Client first in even ones, so a drift in the machine's load hits
# both sides alike). Each run is a fresh process. The report gives, per thread count, the median
# and min..max of the per-round ratio Client/libcurl, for throughput and for client CPU per call,
# then each side's instructions per call under callgrind (when valgrind is installed).
#
#   bench/http/run_client_bench.sh [BENCH]
#   RUNS=7 MIN_TIME=3 THREADS="1 64" SERVER_CPU=0 CLIENT_CPU=1 CALLS=400 OUT=build/client_bench \
#     QUIET=10 QUIET_WAIT=900 bench/http/run_client_bench.sh
# On a shared machine, QUIET and QUIET_WAIT hold each round until the other processes are nearly
# idle (their CPU share before each round is in the report either way).
set -euo pipefail
cd "$(dirname "$0")/../.."
bench=${1:-build/default/bench/http/http_client_bench}
runs=${RUNS:-5}
min_time=${MIN_TIME:-3}
threads=${THREADS:-1 64}
server_cpu=${SERVER_CPU:-0}
client_cpu=${CLIENT_CPU:-1}
out=${OUT:-build/client_bench}
calls=${CALLS:-400}  # per side under callgrind
quiet=${QUIET:-100}  # a round waits until the other processes use at most this % of the cores,
quiet_wait=${QUIET_WAIT:-0}  # but no longer than this many seconds
for tool in python3 taskset; do
  command -v "$tool" >/dev/null || { echo "run_client_bench.sh: $tool is missing" >&2; exit 2; }
done
[ -x "$bench" ] || {
  echo "run_client_bench.sh: build it first: cmake --build build/default --target http_client_bench" >&2
  exit 2
}
priority=()
if nice -n -20 true 2>/dev/null && [ "$(nice -n -20 nice)" = "-20" ]; then
  priority=(nice -n -20)
else
  echo "run_client_bench.sh: nice -n -20 not permitted here; running at normal priority" >&2
fi

rm -rf "$out"
mkdir -p "$out"
work=$(mktemp -d)
cleanup() {
  exec 3>&- 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# The server runs until its stdin (held open on fd 3) closes.
mkfifo "$work/server.in"
taskset -c "$server_cpu" "${priority[@]}" "$bench" serve < "$work/server.in" > "$work/server.url" &
exec 3> "$work/server.in"
for _ in $(seq 100); do [ -s "$work/server.url" ] && break; sleep 0.1; done
url=$(head -n 1 "$work/server.url")
[ -n "$url" ] || { echo "run_client_bench.sh: the server did not start" >&2; exit 1; }

# run ROUND THREADS SIDE: one benchmark process, its JSON in $out.
run() {
  local round=$1 count=$2 side=$3 name
  name=$([ "$side" = plain ] && echo BM_PlainCurlGet || echo BM_ClientGet)
  taskset -c "$client_cpu" "${priority[@]}" "$bench" --server="$url" \
    --benchmark_filter="^$name/real_time/threads:$count\$" --benchmark_min_time="$min_time" \
    --benchmark_format=json > "$out/round$round-threads$count-$side.json" 2> "$out/round$round-threads$count-$side.err"
}

{
  echo "server_cpu=$server_cpu client_cpu=$client_cpu runs=$runs min_time=$min_time"
  echo "priority=${priority[*]:-normal} url=$url"
} > "$out/setup.txt"
# Share of both cores busy over one second while this script runs nothing: the other processes'
# load (the load average would count this benchmark's own 64 threads).
others_busy() {
  local a b
  read -r -a a < <(grep '^cpu ' /proc/stat)
  sleep 1
  read -r -a b < <(grep '^cpu ' /proc/stat)
  local idle=$(( (b[4] + b[5]) - (a[4] + a[5]) )) total=0 i
  for i in 1 2 3 4 5 6 7 8; do total=$(( total + b[i] - a[i] )); done
  echo "$(( 100 * (total - idle) / (total > 0 ? total : 1) ))%"
}

# Waits, up to QUIET_WAIT seconds, until the others use at most QUIET percent of the cores.
wait_for_quiet() {
  local waited=0 busy
  busy=$(others_busy)
  while [ "${busy%\%}" -gt "$quiet" ] && [ "$waited" -lt "$quiet_wait" ]; do
    sleep 4
    waited=$((waited + 5))
    busy=$(others_busy)
  done
  echo "others busy $busy of both cores after waiting ${waited}s"
}

for round in $(seq "$runs"); do
  echo "round $round start: $(wait_for_quiet); loadavg $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/load.txt"
  for count in $threads; do
    if [ $((round % 2)) -eq 1 ]; then
      run "$round" "$count" plain
      run "$round" "$count" client
    else
      run "$round" "$count" client
      run "$round" "$count" plain
    fi
  done
  echo "run_client_bench.sh: round $round of $runs done" >&2
done
# Instructions per call, which the machine's load does not move: each side alone under callgrind,
# counting only the calls (not the first, which connects). User space only; the kernel's share of
# a call (the socket work) is the same for both sides.
if command -v valgrind >/dev/null; then
  for side in plain client; do
    taskset -c "$client_cpu" valgrind --tool=callgrind --toggle-collect='*measured_calls*' \
      --callgrind-out-file="$out/callgrind-$side.out" \
      "$bench" calls "$side" "$calls" --server="$url" 2> "$out/callgrind-$side.err"
  done
  echo "$calls" > "$out/callgrind-calls.txt"
else
  echo "run_client_bench.sh: valgrind is missing: no instruction counts" >&2
fi
python3 bench/http/client_bench_report.py "$out"
