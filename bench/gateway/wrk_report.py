"""Turns run_wrk.sh's wrk outputs into the tables and charts of docs/benchmarks.md."""
import re
import statistics
import sys

NAMES = {"direct": "upstream directly", "nginx": "nginx proxy_pass",
         "bff": "freshauth BFF", "sidecar": "freshauth sidecar"}
TARGETS = list(NAMES)


def seconds(text):
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 1e-6, "ms": 1e-3, "s": 1.0}[unit]


def parse(path):
    text = open(path).read()
    failed = 0
    m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    failed += int(m.group(1)) if m else 0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    failed += sum(int(x) for x in m.groups()) if m else 0
    return {
        "rate": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)),
        "requests": int(re.search(r"(\d+) requests in", text).group(1)),
        "p50": seconds(re.search(r"50%\s+(\S+)", text).group(1)),
        "p99": seconds(re.search(r"99%\s+(\S+)", text).group(1)),
        "failed": failed,
    }


def summarise(work, phase, rounds):
    rows = {}
    for target in TARGETS:
        runs = [parse(f"{work}/{phase}.{target}.{r}.txt") for r in range(1, rounds + 1)]
        rates = [run["rate"] for run in runs]
        rows[target] = {
            "rate": statistics.median(rates), "lo": min(rates), "hi": max(rates),
            "p50": statistics.median(run["p50"] for run in runs),
            "p99": statistics.median(run["p99"] for run in runs),
            "requests": sum(run["requests"] for run in runs),
            "failed": sum(run["failed"] for run in runs),
        }
    return rows


def micros(value):
    return f"{value * 1e6:,.0f} µs"


def main():
    work, rounds, sessions, connections, duration, paced, client_cpus, proxy_cpus = sys.argv[1:9]
    rounds = int(rounds)
    peak = summarise(work, "peak", rounds)
    half = summarise(work, "half", rounds)
    base, nginx = peak["direct"]["rate"], peak["nginx"]["rate"]
    print(f"wrk -t1, {duration} per run, {rounds} rounds in rotated order, medians; wrk and the "
          f"upstream on CPU {client_cpus}, the proxy under test on CPU {proxy_cpus}; the BFF holds "
          f"{sessions} sessions; tokens live 20 s.\n")
    print(f"Peak ({connections} keep-alive connections):\n")
    print("| path | requests/s (min–max) | ratio to direct | ratio to nginx | p50 | p99 | "
          "requests | failed |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for target, row in peak.items():
        print(f"| {NAMES[target]} | {row['rate']:,.0f} ({row['lo']:,.0f}–{row['hi']:,.0f}) | "
              f"{row['rate'] / base:.2f}× | {row['rate'] / nginx:.2f}× | {micros(row['p50'])} | "
              f"{micros(row['p99'])} | {row['requests']:,} | {row['failed']} |")
    print(f"\nHalf the direct peak ({paced} connections, each pausing 1 ms after every answer):\n")
    print("| path | requests/s | p50 | p99 | p99 added to direct | requests | failed |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for target, row in half.items():
        added = "—" if target == "direct" else micros(row["p99"] - half["direct"]["p99"])
        print(f"| {NAMES[target]} | {row['rate']:,.0f} | {micros(row['p50'])} | "
              f"{micros(row['p99'])} | {added} | {row['requests']:,} | {row['failed']} |")
    labels = ", ".join(f'"{NAMES[t].replace("freshauth ", "")}"' for t in TARGETS)
    print("\n```mermaid\nxychart-beta\n  title \"Peak requests/s (median)\"")
    print(f"  x-axis [{labels}]\n  y-axis \"requests/s\"")
    print("  bar [" + ", ".join(f"{peak[t]['rate']:.0f}" for t in TARGETS) + "]\n```")
    print("\n```mermaid\nxychart-beta\n  title \"p99 latency at half the direct peak (µs)\"")
    print(f"  x-axis [{labels}]\n  y-axis \"µs\"")
    print("  bar [" + ", ".join(f"{half[t]['p99'] * 1e6:.0f}" for t in TARGETS) + "]\n```")


main()
