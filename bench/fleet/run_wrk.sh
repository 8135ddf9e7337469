#!/usr/bin/env bash
# Capacity of a fleet of three `freshauth gateway` replicas sharing 100,000 sessions in one Redis,
# behind nginx (docs/fleet.md, "Capacity"). Two scenarios, each with a fresh harness (Redis, the
# replicas, nginx, the counting idp, the sessions):
#   staggered  the tokens aged as in a fleet that has been running, when loading began
#   herd       all 100,000 tokens issued at the same instant
# In each, once the harness has written the sessions and requested each once through nginx (so
# that a replica holds it and refreshes it ahead of expiry), three phases, every request through
# nginx with a random session's cookie (session_cookies.lua):
#   calibration  one saturating PEAK_SECONDS-long wrk run through nginx to the three replicas
#                measures the fleet's peak rate (or PEAK_RATE gives it); a 3-second run of
#                CALIBRATION_CONNECTIONS paced connections (each pausing PACE_MS after each answer,
#                wrk's delay()) measures what one paced connection sends, and a second 3-second
#                run at the number of connections that implies corrects it at that load.
#   steady       one LIFETIME-long wrk run through nginx to the three replicas, with enough paced
#                connections for PACED_FRACTION of that peak: a fleet in service, below
#                saturation, so that refreshes keep their schedule. The refresh figures (peak/mean
#                per second, refreshes per session per lifetime, sessions by refreshes) come from
#                this phase.
#   throughput   ROUNDS rounds, each a DURATION-long saturating run through nginx to the three
#                replicas and one through nginx to the first replica alone (which goes first
#                alternates): requests per second, fleet vs one replica. Refreshes are starved of
#                CPU here; their peak/mean is reported apart, as saturated.
# The harness is told each phase as it begins (a line on its standard input) and reports the
# idp's counts per phase: refreshes per second and per session, refresh tokens presented twice.
# Failed requests: any answer other than 2xx, and socket errors (timeouts included), counted per
# phase.
#
# Cores: wrk and the harness's own idp and upstream run on CLIENT_CPUS; nginx, the replicas and
# Redis (what a deployment runs) on SERVER_CPUS. Both at nice -20.
#
# REQUESTS=0 sends no requests: the steady phase begins when the sessions are loaded and has no
# load, and there is no calibration or throughput phase. The refreshes then run on a core of their
# own, which shows how the schedule spreads them.
#
#   bench/fleet/run_wrk.sh [HARNESS]   (needs wrk, nginx and redis-server; exits 77 without them)
#   LIFETIME=600 ROUNDS=6 DURATION=10 CONNECTIONS=32 PACED_FRACTION=0.5 PEAK_SECONDS=5 \
#     PACE_MS=10 CALIBRATION_CONNECTIONS=8 CLIENT_CPUS=0 SERVER_CPUS=1 SESSIONS=100000 \
#     bench/fleet/run_wrk.sh
#   PEAK_RATE=2000 skips the saturating run and paces against 2,000 requests/s.
#   SCENARIOS=herd runs one scenario; KEEP=1 keeps the raw outputs (named on stderr), among them
#   each scenario's server_cpu.txt: the server core's load per second (bench/fleet/cpu_busy.py).
#   AOF_REWRITE=before-steady has Redis rewrite its append-only file once the sessions are loaded
#   and never again in the run (default auto: whenever the file has grown, Redis's default); the
#   rewrite's forked child otherwise runs on the replicas' core.
set -euo pipefail
cd "$(dirname "$0")/../.."
harness=${1:-build/default/bench/fleet/fleet_load_harness}
sessions=${SESSIONS:-100000}
lifetime=${LIFETIME:-600}
rounds=${ROUNDS:-6}
duration=${DURATION:-10}
connections=${CONNECTIONS:-32}
paced_fraction=${PACED_FRACTION:-0.5}
peak_seconds=${PEAK_SECONDS:-5}
peak_rate=${PEAK_RATE:-}
pace_ms=${PACE_MS:-10}
calibration_connections=${CALIBRATION_CONNECTIONS:-8}
requests=${REQUESTS:-1}
client_cpus=${CLIENT_CPUS:-0}
server_cpus=${SERVER_CPUS:-1}
aof_rewrite=${AOF_REWRITE:-auto}
for tool in wrk nginx redis-server; do
  if ! command -v "$tool" >/dev/null; then
    echo "run_wrk.sh: BASELINE MISSING: $tool is not installed (apt-get install wrk nginx-light redis-server)" >&2
    exit 77
  fi
done
for tool in python3 taskset; do
  command -v "$tool" >/dev/null || { echo "run_wrk.sh: $tool is missing" >&2; exit 2; }
done
[ -x "$harness" ] || { echo "run_wrk.sh: build the harness first: cmake --build build/default --target fleet_load_harness" >&2; exit 2; }

work=$(mktemp -d)
chmod 700 "$work"  # the cookie files sign in
keep=${KEEP:-}
sampler_pid=
cleanup() {
  [ -n "$sampler_pid" ] && kill "$sampler_pid" 2>/dev/null
  { exec 3>&-; } 2>/dev/null || true  # (a bare `exec 2>/dev/null` would silence the rest)
  wait 2>/dev/null || true
  if [ -n "$keep" ]; then echo "run_wrk.sh: outputs kept in $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

field() { python3 -c "import json,sys; print(json.loads(open(sys.argv[1]).readline())[sys.argv[2]])" "$@"; }
# wrk_run URL OUTPUT CONNECTIONS SECONDS [PACE_MS]
wrk_run() {
  local url=$1 out=$2 conns=$3 seconds=$4
  shift 4
  nice -n -20 taskset -c "$client_cpus" wrk -t1 -c"$conns" -d"${seconds}s" --latency \
    -s bench/fleet/session_cookies.lua "$url" -- "$cookies" "$@" > "$out"
}
# Tells the harness that a phase begins (it counts the idp's refreshes per phase).
phase() {
  echo "$1" >&3
  echo "run_wrk.sh: $scenario: $1 phase" >&2
}

for scenario in ${SCENARIOS:-staggered herd}; do
  dir="$work/$scenario"
  mkdir -p "$dir"
  uptime > "$dir/uptime.before"
  # The server core's load, second by second (kept with KEEP=1): a second without a line means
  # the whole machine stalled.
  taskset -c "$client_cpus" python3 bench/fleet/cpu_busy.py "${server_cpus%%[,-]*}" \
    "$dir/server_cpu.txt" &
  sampler_pid=$!
  mkfifo "$dir/harness.in"
  nice -n -20 "$harness" --scenario="$scenario" --work="$dir/run" --sessions="$sessions" \
    --lifetime="$lifetime" --server-cpus="$server_cpus" --client-cpus="$client_cpus" \
    --aof-rewrite="$aof_rewrite" < "$dir/harness.in" > "$dir/harness.json" 2> "$dir/harness.err" &
  harness_pid=$!
  exec 3> "$dir/harness.in"
  until [ -s "$dir/harness.json" ]; do
    if ! kill -0 "$harness_pid" 2>/dev/null; then
      set +e; wait "$harness_pid"; status=$?; set -e
      cat "$dir/harness.err" >&2
      exit "$status"
    fi
    sleep 0.2
  done
  fleet=$(field "$dir/harness.json" fleet)
  one=$(field "$dir/harness.json" one_replica)
  cookies=$(field "$dir/harness.json" cookies)
  echo "run_wrk.sh: $scenario: $sessions sessions ready" >&2
  round=0
  if [ "$requests" = 0 ]; then
    phase steady
    sleep "$lifetime"
  else
    phase calibration
    [ -n "$peak_rate" ] || wrk_run "$fleet" "$dir/peak.txt" "$connections" "$peak_seconds"
    # A paced connection sends less as the server gets busier: a first run estimates how many
    # connections, a second one at about that load corrects it.
    paced=$calibration_connections
    for pass in 1 2; do
      wrk_run "$fleet" "$dir/calibration.$pass.txt" "$paced" 3 "$pace_ms"
      paced=$(python3 bench/fleet/pacing.py "$dir" "$paced_fraction" "$pace_ms" \
        "calibration.$pass" "$paced" ${peak_rate:+"$peak_rate"})
    done
    phase steady
    echo "run_wrk.sh: $scenario: $paced paced connections for $lifetime s" >&2
    wrk_run "$fleet" "$dir/steady.txt" "$paced" "$lifetime" "$pace_ms"
    phase throughput
    for round in $(seq "$rounds"); do
      # Alternated, so that neither side always runs first.
      if [ $((round % 2)) -eq 1 ]; then order="fleet one"; else order="one fleet"; fi
      for side in $order; do
        if [ "$side" = fleet ]; then url=$fleet; else url=$one; fi
        wrk_run "$url" "$dir/$side.$round.txt" "$connections" "$duration"
      done
      echo "run_wrk.sh: $scenario: round $round of $rounds done" >&2
    done
  fi
  exec 3>&-
  wait "$harness_pid"
  kill "$sampler_pid" 2>/dev/null || true
  wait "$sampler_pid" 2>/dev/null || true
  sampler_pid=
  uptime > "$dir/uptime.after"
  echo "$round" > "$dir/rounds"
done

python3 bench/fleet/fleet_report.py "$work" "$duration" "$connections" "$client_cpus" "$server_cpus"
