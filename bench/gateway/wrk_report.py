"""Turns run_wrk.sh's wrk outputs into the tables and charts of docs/benchmarks.md."""
import os
import statistics
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from wrk_output import parse  # noqa: E402

NAMES = {"direct": "upstream directly", "nginx": "nginx proxy_pass",
         "bff": "freshauth BFF", "sidecar": "freshauth sidecar"}
TARGETS = list(NAMES)


def with_cpu(path, ticks_per_second):
    """parse(), and the serving process's user and system CPU seconds per request (run_wrk.sh's
    NAME.cpu: user and system ticks)."""
    run = parse(path)
    user, system = (int(t) for t in open(path.removesuffix(".txt") + ".cpu").read().split())
    per_request = ticks_per_second * max(run["requests"], 1)
    run["user"], run["system"] = user / per_request, system / per_request
    run["cpu"] = run["user"] + run["system"]
    return run


def summarise(work, phase, rounds, ticks_per_second):
    rows = {}
    for target in TARGETS:
        runs = [with_cpu(f"{work}/{phase}.{target}.{r}.txt", ticks_per_second)
                for r in range(1, rounds + 1)]
        rates = [run["rate"] for run in runs]
        rows[target] = {
            "rate": statistics.median(rates), "lo": min(rates), "hi": max(rates),
            "p50": statistics.median(run["p50"] for run in runs),
            "p99": statistics.median(run["p99"] for run in runs),
            "cpu": statistics.median(run["cpu"] for run in runs),
            "user": statistics.median(run["user"] for run in runs),
            "system": statistics.median(run["system"] for run in runs),
            "requests": sum(run["requests"] for run in runs),
            "failed": sum(run["failed"] for run in runs),
        }
    return rows


def micros(value):
    return f"{value * 1e6:,.0f} µs"


def main():
    work, rounds, sessions, connections, duration, paced, client_cpus, proxy_cpus, ticks = \
        sys.argv[1:10]
    rounds, ticks = int(rounds), int(ticks)
    peak = summarise(work, "peak", rounds, ticks)
    half = summarise(work, "half", rounds, ticks)
    base, nginx = peak["direct"]["rate"], peak["nginx"]["rate"]
    print(f"wrk -t1, {duration} per run, {rounds} rounds in rotated order, medians; wrk and the "
          f"upstream on CPU {client_cpus}, the proxy under test on CPU {proxy_cpus}; the BFF holds "
          f"{sessions} sessions; tokens live 20 s.\n")
    print(f"Peak ({connections} keep-alive connections):\n")
    print("| path | requests/s (min–max) | ratio to direct | ratio to nginx | p50 | p99 | "
          "server CPU per request | of it user / system | requests | failed |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for target, row in peak.items():
        print(f"| {NAMES[target]} | {row['rate']:,.0f} ({row['lo']:,.0f}–{row['hi']:,.0f}) | "
              f"{row['rate'] / base:.2f}× | {row['rate'] / nginx:.2f}× | {micros(row['p50'])} | "
              f"{micros(row['p99'])} | {micros(row['cpu'])} | {micros(row['user'])} / "
              f"{micros(row['system'])} | {row['requests']:,} | "
              f"{row['failed']} |")
    print(f"\nPaced for half the direct peak ({paced} connections, each pausing after every "
          "answer):\n")
    print("| path | requests/s | share of the direct peak | p50 | p99 | p99 added to direct | "
          "requests | failed |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for target, row in half.items():
        added = "—" if target == "direct" else micros(row["p99"] - half["direct"]["p99"])
        print(f"| {NAMES[target]} | {row['rate']:,.0f} | {row['rate'] / base:.2f} | "
              f"{micros(row['p50'])} | {micros(row['p99'])} | {added} | {row['requests']:,} | "
              f"{row['failed']} |")
    labels = ", ".join(f'"{NAMES[t].replace("freshauth ", "")}"' for t in TARGETS)
    print("\n```mermaid\nxychart-beta\n  title \"Peak requests/s (median)\"")
    print(f"  x-axis [{labels}]\n  y-axis \"requests/s\"")
    print("  bar [" + ", ".join(f"{peak[t]['rate']:.0f}" for t in TARGETS) + "]\n```")
    print("\n```mermaid\nxychart-beta\n  title \"p99 latency at half the direct peak (µs)\"")
    print(f"  x-axis [{labels}]\n  y-axis \"µs\"")
    print("  bar [" + ", ".join(f"{half[t]['p99'] * 1e6:.0f}" for t in TARGETS) + "]\n```")


main()
