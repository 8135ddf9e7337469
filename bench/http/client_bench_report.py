#!/usr/bin/env python3
"""The report of bench/http/run_client_bench.sh: per thread count, the median and min..max over
rounds of the ratio Client/plain libcurl, for throughput (items per second, higher is better) and
for client CPU per call (lower is better), with each side's median beside it.

    python3 bench/http/client_bench_report.py build/client_bench

A round whose plain-libcurl run failed has no baseline: that is reported loudly (stderr
"BASELINE MISSING", exit code 77), never replaced by a lone Client figure.
"""
import json
import pathlib
import re
import statistics
import sys

NAME = re.compile(r"round(\d+)-threads(\d+)-(plain|client)\.json$")


def load_runs(folder):
    """{(threads, round): {side: benchmark row}} from the JSON files of one run."""
    runs = {}
    for path in sorted(folder.glob("round*-threads*-*.json")):
        match = NAME.search(path.name)
        if not match:
            continue
        rnd, threads, side = int(match[1]), int(match[2]), match[3]
        try:
            rows = json.loads(path.read_text()).get("benchmarks", [])
        except json.JSONDecodeError:
            rows = []
        rows = [r for r in rows if not r.get("error_occurred") and "items_per_second" in r]
        if rows:
            runs.setdefault((threads, rnd), {})[side] = rows[-1]
    return runs


def spread(values, digits):
    low, high = min(values), max(values)
    return f"{statistics.median(values):.{digits}f} ({low:.{digits}f}..{high:.{digits}f})"


def callgrind_total(path):
    """The Ir total callgrind wrote for the toggled function (its calls only)."""
    for line in path.read_text().splitlines():
        if line.startswith("totals:"):
            return int(line.split()[1])
    return None


def print_instructions(folder):
    calls_file = folder / "callgrind-calls.txt"
    if not calls_file.exists():
        return
    calls = int(calls_file.read_text())
    totals = {side: callgrind_total(folder / f"callgrind-{side}.out")
              for side in ("plain", "client")
              if (folder / f"callgrind-{side}.out").exists()}
    if totals.get("plain") is None:
        print("BASELINE MISSING: no callgrind count for plain libcurl", file=sys.stderr)
        return
    if totals.get("client") is None:
        print("\nInstructions per call: the Client count is missing")
        return
    plain, client = totals["plain"] / calls, totals["client"] / calls
    print(f"\nUser-space instructions per call (callgrind, {calls} calls, 1 thread): "
          f"plain libcurl {plain:,.0f}, Client {client:,.0f}, Client/libcurl {client / plain:.3f}")


def main():
    folder = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "build/client_bench")
    runs = load_runs(folder)
    missing = sorted(key for key, sides in runs.items() if "plain" not in sides)
    all_rounds = {(t, r) for t, r in runs}
    if missing or not all_rounds:
        print(f"BASELINE MISSING: no plain libcurl result for {missing or 'any round'} "
              f"in {folder}; no ratio reported", file=sys.stderr)
        return 77

    print("| threads | rounds | plain libcurl, calls/s | Client, calls/s "
          "| Client/libcurl throughput | plain CPU µs/call | Client CPU µs/call "
          "| Client/libcurl CPU per call |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for threads in sorted({t for t, _ in all_rounds}):
        pairs = [runs[key] for key in sorted(runs) if key[0] == threads and len(runs[key]) == 2]
        if not pairs:
            print(f"| {threads} | 0 | — | — | Client run missing | | | |")
            continue
        plain = [p["plain"]["items_per_second"] for p in pairs]
        client = [p["client"]["items_per_second"] for p in pairs]
        plain_cpu = [p["plain"]["client_cpu_us"] for p in pairs]
        client_cpu = [p["client"]["client_cpu_us"] for p in pairs]
        rate_ratio = [c / p for c, p in zip(client, plain)]
        cpu_ratio = [c / p for c, p in zip(client_cpu, plain_cpu)]
        print(f"| {threads} | {len(pairs)} | {statistics.median(plain):,.0f} "
              f"| {statistics.median(client):,.0f} | {spread(rate_ratio, 3)} "
              f"| {statistics.median(plain_cpu):.1f} | {statistics.median(client_cpu):.1f} "
              f"| {spread(cpu_ratio, 3)} |")
    print_instructions(folder)
    load = folder / "load.txt"
    if load.exists():
        print("\nThe machine before each round (others' CPU use over 1 s while this bench was idle):")
        print(load.read_text().rstrip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
