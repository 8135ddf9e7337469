#!/usr/bin/env python3
"""The verification figures of docs/benchmarks.md, section 3.

Runs verify_bench with every benchmark and its baseline alternating in random order over
--repetitions rounds (Google Benchmark's random interleaving), then prints ratios.py's tables.
The single-threaded rows run on CPU 1 (node, which the benchmark starts, inherits that); the
cached rows need both CPUs. For each phase it prints how much CPU other processes took while it
ran: a 2-thread figure means something only when that share is near zero.

Usage: measure.py [--build build/default] [--repetitions 5] [--only uncached|cached]
                  [--wait-idle] [--out DIR]
Exit status: verify_bench's (77 when the aws-jwt-verify baseline is missing).
"""
import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time

import ratios

PHASES = {
    "uncached": (["taskset", "-c", "1"], "OpenSsl|Uncached|Aws"),
    "cached": ([], "VerifyCached"),  # both rows: the shared cache and a cache per thread
}


def cpu_times():
    """(busy, total) jiffies of all CPUs."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    idle = fields[3] + fields[4]
    total = sum(fields[:8])
    return total - idle, total


def children_cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def wait_until_idle(share=0.95, limit=900):
    deadline = time.time() + limit
    while time.time() < deadline:
        busy0, total0 = cpu_times()
        time.sleep(3)
        busy1, total1 = cpu_times()
        if 1 - (busy1 - busy0) / max(1, total1 - total0) >= share:
            return True
    return False


def run(phase, args, out):
    prefix, pattern = PHASES[phase]
    command = ["nice", "-n", "-20", *prefix, os.path.join(args.build, "bench/verify/verify_bench"),
               f"--benchmark_filter={pattern}", f"--benchmark_repetitions={args.repetitions}",
               "--benchmark_enable_random_interleaving=true", "--benchmark_min_time=1",
               f"--benchmark_out={out}/{phase}.json", "--benchmark_out_format=json"]
    if args.wait_idle and not wait_until_idle():
        print(f"{phase}: the machine never became idle; measuring anyway", file=sys.stderr)
    ticks = os.sysconf("SC_CLK_TCK")
    busy0, total0 = cpu_times()
    ours0 = children_cpu_seconds()
    with open(f"{out}/{phase}.txt", "w") as console:
        status = subprocess.run(command, stdout=console, stderr=subprocess.STDOUT).returncode
    busy1, total1 = cpu_times()
    ours = children_cpu_seconds() - ours0
    others = max(0.0, (busy1 - busy0) / ticks - ours)
    capacity = (total1 - total0) / ticks
    with open("/proc/loadavg") as f:
        load = " ".join(f.read().split()[:3])
    print(f"<!-- {phase}: other processes used {100 * others / capacity:.0f} % of the CPUs while it "
          f"ran; load average after: {load} -->")
    return status


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", default="build/default")
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--only", choices=sorted(PHASES))
    parser.add_argument("--wait-idle", action="store_true",
                        help="before each phase, wait until the CPUs are 95 %% idle")
    parser.add_argument("--out", default=None, help="keep the JSON and console output here")
    args = parser.parse_args()
    out = args.out or tempfile.mkdtemp(prefix="verify-bench-")
    os.makedirs(out, exist_ok=True)
    phases = [args.only] if args.only else list(PHASES)
    statuses = [run(phase, args, out) for phase in phases]
    ratios.main([f"{out}/{phase}.json" for phase in phases])
    print(f"<!-- JSON and console output in {out} -->")
    failed = [s for s in statuses if s != 0]
    sys.exit(failed[0] if failed else 0)


if __name__ == "__main__":
    main()
