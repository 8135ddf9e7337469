#!/usr/bin/env bash
# Capacity of a fleet of three `freshauth gateway` replicas sharing 100,000 sessions in one Redis,
# behind nginx (docs/fleet.md, "Capacity"). Two scenarios, each with a fresh harness (Redis, the
# replicas, nginx, the counting idp, the sessions):
#   staggered  the tokens were issued over the past 0.45 lifetimes (a fleet that has been running)
#   herd       all 100,000 tokens issued at the same instant
# In each, once the harness has written the sessions and requested each once through nginx (so
# that a replica holds it and refreshes it ahead of expiry), wrk alternates DURATION-long runs
# through nginx to the three replicas and through nginx to the first replica alone, each request
# with a random session's cookie, until the scenario has run its time (counted from then);
# meanwhile the idp counts every refresh per second and per session. Failed requests: any answer
# other than 2xx, and socket errors.
#
# Cores: wrk and the harness's own idp and upstream run on CLIENT_CPUS; nginx, the replicas and
# Redis (what a deployment runs) on SERVER_CPUS. Both at nice -20.
#
# REQUESTS=0 sends no requests after loading: the refreshes then run on a core of their own,
# which shows how the schedule spreads them, apart from what CPU the requests leave over.
#
#   bench/fleet/run_wrk.sh [HARNESS]   (needs wrk, nginx and redis-server; exits 77 without them)
#   LIFETIME=240 STAGGERED_SECONDS=480 HERD_SECONDS=240 DURATION=10 CONNECTIONS=32 \
#     CLIENT_CPUS=0 SERVER_CPUS=1 SESSIONS=100000 bench/fleet/run_wrk.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
harness=${1:-build/default/bench/fleet/fleet_load_harness}
sessions=${SESSIONS:-100000}
lifetime=${LIFETIME:-240}
staggered_seconds=${STAGGERED_SECONDS:-480}
herd_seconds=${HERD_SECONDS:-240}
duration=${DURATION:-10}
connections=${CONNECTIONS:-32}
client_cpus=${CLIENT_CPUS:-0}
server_cpus=${SERVER_CPUS:-1}
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
cleanup() {
  exec 3>&- 2>/dev/null || true
  wait 2>/dev/null || true
  if [ -n "$keep" ]; then echo "run_wrk.sh: outputs kept in $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

field() { python3 -c "import json,sys; print(json.loads(open(sys.argv[1]).readline())[sys.argv[2]])" "$@"; }
# wrk_run URL OUTPUT [wrk options...]
wrk_run() {
  local url=$1 out=$2
  shift 2
  nice -n -20 taskset -c "$client_cpus" wrk -t1 -c"$connections" --latency "$@" \
    -s bench/fleet/session_cookies.lua "$url" -- "$cookies" > "$out"
}

for scenario in ${SCENARIOS:-staggered herd}; do
  seconds_var=${scenario}_seconds
  run_for=${!seconds_var}
  dir="$work/$scenario"
  mkdir -p "$dir"
  uptime > "$dir/uptime.before"
  mkfifo "$dir/harness.in"
  nice -n -20 "$harness" --scenario="$scenario" --work="$dir/run" --sessions="$sessions" \
    --lifetime="$lifetime" --server-cpus="$server_cpus" --client-cpus="$client_cpus" \
    < "$dir/harness.in" > "$dir/harness.json" 2> "$dir/harness.err" &
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
  ready_at=$(field "$dir/harness.json" ready_at)
  fleet=$(field "$dir/harness.json" fleet)
  one=$(field "$dir/harness.json" one_replica)
  cookies=$(field "$dir/harness.json" cookies)
  echo "run_wrk.sh: $scenario: $sessions sessions ready" >&2
  round=0
  while [ "${REQUESTS:-1}" != 0 ] && [ $(( $(date +%s) - ready_at + 2 * duration )) -le "$run_for" ]; do
    round=$((round + 1))
    # Alternated, so that neither side always runs first.
    if [ $((round % 2)) -eq 1 ]; then order="fleet one"; else order="one fleet"; fi
    for side in $order; do
      if [ "$side" = fleet ]; then url=$fleet; else url=$one; fi
      wrk_run "$url" "$dir/$side.$round.txt" -d"${duration}s"
    done
    echo "run_wrk.sh: $scenario: round $round done ($(( $(date +%s) - ready_at )) s of $run_for)" >&2
  done
  sleep $(( run_for - ($(date +%s) - ready_at) > 0 ? run_for - ($(date +%s) - ready_at) : 0 ))
  exec 3>&-
  wait "$harness_pid"
  uptime > "$dir/uptime.after"
  echo "$round" > "$dir/rounds"
done

python3 bench/fleet/fleet_report.py "$work" "$duration" "$connections" "$client_cpus" "$server_cpus"
