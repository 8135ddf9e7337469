#!/bin/sh
# The verification figures of docs/benchmarks.md: verify_bench with every benchmark and its
# baseline alternating in random order over REPETITIONS rounds, then ratios.py's tables.
# Usage: bench/verify/measure.sh [BUILD_DIR] [REPETITIONS]   (OUT=dir keeps the JSON there)
# Single-threaded rows run on CPU 1 (node, started by the benchmark, inherits that); the cached
# rows need both CPUs, so measure when nothing else runs and report `uptime` with them.
set -eu
build=${1:-build/default}
repetitions=${2:-5}
bench=$build/bench/verify/verify_bench
out=${OUT:-$(mktemp -d)}
here=$(dirname "$0")
status=0
run() {
  name=$1
  shift
  "$@" --benchmark_repetitions="$repetitions" --benchmark_enable_random_interleaving=true \
    --benchmark_min_time=1 --benchmark_out="$out/$name.json" --benchmark_out_format=json \
    >"$out/$name.txt" || status=$?
}
echo "before: $(uptime)"
run uncached nice -n -20 taskset -c 1 "$bench" --benchmark_filter='OpenSsl|Uncached|Aws'
echo "between: $(uptime)"
run cached nice -n -20 "$bench" --benchmark_filter='VerifyCached'
echo "after: $(uptime)"
python3 "$here/ratios.py" "$out/uncached.json" "$out/cached.json"
echo "JSON and console output in $out"
exit "$status"
