#!/usr/bin/env bash
# Requests per second and latency of one trivial upstream, hit directly, through nginx
# proxy_pass, and through the freshauth gateway in both roles (the BFF holding 100,000 sessions),
# measured with wrk on keep-alive connections in the same run. Each round runs every target once,
# in a rotated order; the table gives the medians over the rounds and each target's ratio to the
# direct rate. Tokens live 20 s, so they expire and refresh during every run: any non-2xx answer
# is counted and reported.
#
#   bench/gateway/run_wrk.sh [HARNESS]    (needs wrk and nginx: apt-get install wrk nginx-light)
#   ROUNDS=5 DURATION=10s CONNECTIONS=32 bench/gateway/run_wrk.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
harness=${1:-build/default/bench/gateway/gateway_load_harness}
rounds=${ROUNDS:-3}
duration=${DURATION:-10s}
connections=${CONNECTIONS:-32}
for tool in wrk nginx python3; do
  command -v "$tool" >/dev/null || { echo "run_wrk.sh: $tool is missing (apt-get install wrk nginx-light)" >&2; exit 2; }
done
[ -x "$harness" ] || { echo "run_wrk.sh: build the harness first: cmake --build build/default --target gateway_load_harness" >&2; exit 2; }

work=$(mktemp -d)
cleanup() {
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  exec 3>&- 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

mkfifo "$work/in"
"$harness" < "$work/in" > "$work/harness.json" &
exec 3> "$work/in"  # held open: the harness serves until it closes
for _ in $(seq 600); do [ -s "$work/harness.json" ] && break; sleep 0.1; done
[ -s "$work/harness.json" ] || { echo "run_wrk.sh: the harness did not start" >&2; exit 1; }
field() { python3 -c "import json,sys; print(json.load(open('$work/harness.json'))['$1'])"; }
direct=$(field direct); bff=$(field bff); sidecar=$(field sidecar); cookie=$(field bff_cookie)
sessions=$(field sessions)

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
nginx -p "$work/nginx" -c "$work/nginx.conf"

declare -A url=([direct]="$direct" [nginx]="http://127.0.0.1:$nginx_port" [bff]="$bff" [sidecar]="$sidecar")
targets=(direct nginx bff sidecar)
run() {  # run TARGET ROUND
  local target=$1 extra=()
  [ "$target" = bff ] && extra=(-H "Cookie: $cookie" -H "X-CSRF: 1")
  wrk -t1 -c"$connections" -d"$duration" --latency "${extra[@]}" "${url[$target]}/api/ping" \
    > "$work/$target.$2.txt"
}
for round in $(seq "$rounds"); do
  for i in "${!targets[@]}"; do
    run "${targets[$(( (i + round) % ${#targets[@]} ))]}" "$round"
  done
done

python3 - "$work" "$rounds" "$sessions" "$connections" "$duration" <<'EOF'
import re, statistics, sys
work, rounds, sessions, connections, duration = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
def seconds(text):
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 1e-6, "ms": 1e-3, "s": 1.0}[unit]
rows = {}
for target in ["direct", "nginx", "bff", "sidecar"]:
    rates, p50, p99, bad = [], [], [], 0
    for r in range(1, rounds + 1):
        text = open(f"{work}/{target}.{r}.txt").read()
        rates.append(float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)))
        p50.append(seconds(re.search(r"50%\s+(\S+)", text).group(1)))
        p99.append(seconds(re.search(r"99%\s+(\S+)", text).group(1)))
        m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
        bad += int(m.group(1)) if m else 0
        m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
        bad += sum(int(x) for x in m.groups()) if m else 0
    rows[target] = (statistics.median(rates), min(rates), max(rates), statistics.median(p50), statistics.median(p99), bad)
base = rows["direct"][0]
print(f"wrk -t1 -c{connections} -d{duration}, {rounds} rounds (rotated order), medians; BFF holding {sessions} sessions")
print()
print("| path | requests/s (min–max) | ratio to direct | p50 | p99 | failed requests |")
print("|---|---:|---:|---:|---:|---:|")
names = {"direct": "upstream directly", "nginx": "nginx proxy_pass", "bff": "freshauth BFF", "sidecar": "freshauth sidecar"}
for target, (rate, lo, hi, p50, p99, bad) in rows.items():
    print(f"| {names[target]} | {rate:,.0f} ({lo:,.0f}–{hi:,.0f}) | {rate / base:.2f}× | {p50 * 1e6:,.0f} µs | {p99 * 1e6:,.0f} µs | {bad} |")
EOF
