#!/usr/bin/env bash
# Requests per second and latency of one trivial upstream, hit directly, through nginx
# proxy_pass, and through the freshauth gateway in both roles (the BFF holding 100,000 sessions),
# measured with wrk on keep-alive connections in the same run.
#
# Cores: wrk and the upstream share CLIENT_CPUS; the proxy under test (nginx, or the gateway
# process) runs on PROXY_CPUS, as a proxy on its own core would in a deployment. The direct row
# runs on CLIENT_CPUS alone, so a ratio near 1 means the proxy keeps up with the client and the
# upstream; without the split, every row measures three processes fighting over the same cores.
#
# Two phases:
#   1. peak: each round runs every target once for DURATION in a rotated order; medians and
#      min-max over ROUNDS, each target's ratio to the direct rate.
#   2. half peak: wrk paces every connection (a 1 ms pause after each answer, a Lua delay()); a
#      short calibration run against the upstream measures what one paced connection sends, and
#      enough connections to make half the direct peak rate are opened. Each target's p99 minus
#      the direct p99 at that load is the latency the proxy adds.
# Beside each rate: the CPU time the serving process (the upstream for the direct row, nginx's
# worker, the gateway process) spent per request, from /proc/PID/stat; it moves less with the
# machine's load than a rate does.
# Tokens live 20 s, so they expire and refresh during every run: any non-2xx answer or socket
# error is counted and reported as a failed request.
#
#   bench/gateway/run_wrk.sh [HARNESS]    (needs wrk and nginx: apt-get install wrk nginx-light)
#   ROUNDS=5 DURATION=10s CONNECTIONS=32 CLIENT_CPUS=0 PROXY_CPUS=1 bench/gateway/run_wrk.sh
#   KEEP=1 keeps wrk's outputs (the directory is named on stderr).
set -euo pipefail
cd "$(dirname "$0")/../.."
harness=${1:-build/default/bench/gateway/gateway_load_harness}
rounds=${ROUNDS:-5}
duration=${DURATION:-10s}
connections=${CONNECTIONS:-32}
client_cpus=${CLIENT_CPUS:-0}
proxy_cpus=${PROXY_CPUS:-1}
for tool in wrk nginx python3 taskset; do
  command -v "$tool" >/dev/null || { echo "run_wrk.sh: $tool is missing (apt-get install wrk nginx-light)" >&2; exit 2; }
done
[ -x "$harness" ] || { echo "run_wrk.sh: build the harness first: cmake --build build/default --target gateway_load_harness" >&2; exit 2; }

work=$(mktemp -d)
cleanup() {
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  exec 3>&- 4>&- 2>/dev/null || true
  wait 2>/dev/null || true
  if [ -n "${KEEP:-}" ]; then echo "run_wrk.sh: outputs kept in $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

# start_harness NAME FD CPUS ARGS...: runs the harness pinned, its stdin held open on FD.
start_harness() {
  local name=$1 fd=$2 cpus=$3
  shift 3
  mkfifo "$work/$name.in"
  taskset -c "$cpus" "$harness" "$@" < "$work/$name.in" > "$work/$name.json" &
  echo $! > "$work/$name.pid"
  eval "exec $fd> \"$work/$name.in\""
  for _ in $(seq 900); do [ -s "$work/$name.json" ] && return 0; sleep 0.1; done
  echo "run_wrk.sh: the harness ($name) did not start" >&2
  exit 1
}
field() { python3 -c "import json,sys; print(json.load(open('$work/$1.json'))['$2'])"; }
start_harness upstream 3 "$client_cpus" upstream
direct=$(field upstream direct)
start_harness gateways 4 "$proxy_cpus" gateways "$direct"
bff=$(field gateways bff); sidecar=$(field gateways sidecar); cookie=$(field gateways bff_cookie)
sessions=$(field gateways sessions)

nginx_port=$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1',0)); print(s.getsockname()[1])")
mkdir -p "$work/nginx/logs"
cat > "$work/nginx.conf" <<EOF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx/logs/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  upstream api { server ${direct#http://}; keepalive 64; }
  server {
    listen 127.0.0.1:$nginx_port;
    location / {
      proxy_pass http://api;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
EOF
taskset -c "$proxy_cpus" nginx -p "$work/nginx" -c "$work/nginx.conf"

for _ in $(seq 50); do [ -s "$work/nginx.pid" ] && break; sleep 0.1; done
nginx_worker=$(pgrep -P "$(cat "$work/nginx.pid")" | head -1)
declare -A url=([direct]="$direct" [nginx]="http://127.0.0.1:$nginx_port" [bff]="$bff" [sidecar]="$sidecar")
declare -A server_pid=([direct]="$(cat "$work/upstream.pid")" [nginx]="$nginx_worker"
                       [bff]="$(cat "$work/gateways.pid")" [sidecar]="$(cat "$work/gateways.pid")")
# User and system CPU ticks of a process.
cpu_ticks() { awk '{print $14, $15}' "/proc/$1/stat"; }
targets=(direct nginx bff sidecar)
echo 'function delay() return 1 end' > "$work/paced.lua"
# wrk_run TARGET OUTPUT CONNECTIONS [wrk options...]: wrk's output, and the serving process's
# user and system CPU ticks over the run in OUTPUT.cpu.
wrk_run() {
  local target=$1 out=$2 conns=$3 extra=() before after
  shift 3
  [ "$target" = bff ] && extra=(-H "Cookie: $cookie" -H "X-CSRF: 1")
  before=($(cpu_ticks "${server_pid[$target]}"))
  taskset -c "$client_cpus" wrk -t1 -c"$conns" -d"$duration" --latency "${extra[@]}" "$@" \
    "${url[$target]}/api/ping" > "$work/$out.txt"
  after=($(cpu_ticks "${server_pid[$target]}"))
  echo "$(( after[0] - before[0] )) $(( after[1] - before[1] ))" > "$work/$out.cpu"
}
for round in $(seq "$rounds"); do
  echo "run_wrk.sh: peak round $round of $rounds" >&2
  for i in "${!targets[@]}"; do
    target=${targets[$(( (i + round) % ${#targets[@]} ))]}
    wrk_run "$target" "peak.$target.$round" "$connections"
  done
done

# What one paced connection sends here (the pause is at least 1 ms, often more: wrk's timers),
# then a second step at the first estimate, since each connection sends less as the load grows.
# connections_for_half NAME CONNECTIONS: how many paced connections make half the direct peak,
# scaled from what CONNECTIONS of them sent in the run NAME.
connections_for_half() {
  python3 - "$work" "$rounds" "$1" "$2" <<'EOF'
import statistics, sys
sys.path.insert(0, "bench")
from wrk_output import parse
from wrk_pacing import paced_connections
work, rounds, name, connections = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
peak = statistics.median(parse(f"{work}/peak.direct.{r}.txt")["rate"] for r in range(1, rounds + 1))
print(paced_connections(peak / 2, f"{work}/{name}.txt", connections)[0])
EOF
}
duration_was=$duration
duration=3s
wrk_run direct calibration 8 -s "$work/paced.lua"
first=$(connections_for_half calibration 8)
wrk_run direct calibration2 "$first" -s "$work/paced.lua"
connections_for_half calibration2 "$first" > "$work/paced_connections"
duration=$duration_was
paced=$(cat "$work/paced_connections")
for round in $(seq "$rounds"); do
  echo "run_wrk.sh: half-peak round $round of $rounds ($paced paced connections)" >&2
  for i in "${!targets[@]}"; do
    target=${targets[$(( (i + round) % ${#targets[@]} ))]}
    wrk_run "$target" "half.$target.$round" "$paced" -s "$work/paced.lua"
  done
done

python3 bench/gateway/wrk_report.py "$work" "$rounds" "$sessions" "$connections" \
  "$duration" "$paced" "$client_cpus" "$proxy_cpus" "$(getconf CLK_TCK)"
