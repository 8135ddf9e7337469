"""Turns run_wrk.sh's outputs (wrk runs, the harness's JSON) into the tables and charts of
docs/fleet.md, "Capacity"."""
import json
import os
import statistics
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from wrk_output import parse  # noqa: E402

SCENARIOS = {"staggered": "(a) staggered: tokens issued over the past 0.45 lifetimes",
             "herd": "(b) herd: all tokens issued at one instant"}
BIN_SECONDS = 5


def load(work, scenario):
    d = f"{work}/{scenario}"
    with open(f"{d}/harness.json") as f:
        ready, result = (json.loads(line) for line in f.read().splitlines()[:2])
    rounds = int(open(f"{d}/rounds").read())
    runs = {side: [parse(f"{d}/{side}.{r}.txt") for r in range(1, rounds + 1)]
            for side in ("fleet", "one")}
    return {"ready": ready, "result": result, "rounds": rounds, "runs": runs,
            "uptime": [open(f"{d}/uptime.{w}").read().strip() for w in ("before", "after")]}


def per_second(data):
    """Refreshes in each whole second from ready to stop."""
    start, stop = data["ready"]["ready_at"], data["result"]["stopped_at"]
    counts = dict((second, n) for second, n in data["result"]["refreshes_by_second"])
    return [counts.get(second, 0) for second in range(start + 1, stop)]


def ms(value):
    return f"{value * 1e3:,.1f} ms"


def throughput_rows(all_data):
    print("| scenario | through nginx to 3 replicas, req/s (min–max) | to 1 replica, req/s "
          "(min–max) | 3 replicas / 1, per round: median (min–max) | p50 3 / 1 | p99 3 / 1 | "
          "requests | failed |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for scenario, data in all_data.items():
        if data["rounds"] == 0:
            print(f"| {scenario} (no requests: REQUESTS=0) | — | — | — | — | — | 0 | — |")
            continue
        fleet, one = data["runs"]["fleet"], data["runs"]["one"]
        rates = {side: [run["rate"] for run in runs] for side, runs in data["runs"].items()}
        ratios = [f["rate"] / o["rate"] for f, o in zip(fleet, one)]
        med = {side: statistics.median(r) for side, r in rates.items()}
        p50 = {side: statistics.median(run["p50"] for run in runs)
               for side, runs in data["runs"].items()}
        p99 = {side: statistics.median(run["p99"] for run in runs)
               for side, runs in data["runs"].items()}
        requests = sum(run["requests"] for runs in data["runs"].values() for run in runs)
        failed = sum(run["failed"] for runs in data["runs"].values() for run in runs)
        print(f"| {scenario} ({data['rounds']} rounds) | {med['fleet']:,.0f} "
              f"({min(rates['fleet']):,.0f}–{max(rates['fleet']):,.0f}) | {med['one']:,.0f} "
              f"({min(rates['one']):,.0f}–{max(rates['one']):,.0f}) | "
              f"{statistics.median(ratios):.2f}× ({min(ratios):.2f}–{max(ratios):.2f}) | "
              f"{ms(p50['fleet'])} / {ms(p50['one'])} | {ms(p99['fleet'])} / {ms(p99['one'])} | "
              f"{requests:,} | {failed} |")


def refresh_rows(all_data):
    print("| scenario | window | refreshes | mean/s | peak/s (second) | peak / mean | "
          "refreshes per session per lifetime | sessions by refreshes over the whole run | "
          "refresh tokens presented twice |")
    print("|---|---:|---:|---:|---:|---:|---:|---|---:|")
    for scenario, data in all_data.items():
        series = per_second(data)
        total = sum(series)
        mean = total / len(series)
        peak = max(series)
        lifetime = data["ready"]["lifetime_seconds"]
        sessions = data["ready"]["sessions"]
        per_lifetime = total / sessions / (len(series) / lifetime)
        histogram = ", ".join(f"{k}×: {v:,}" for k, v in sorted(
            data["result"]["sessions_by_refreshes"].items(), key=lambda kv: int(kv[0])))
        print(f"| {scenario} | {len(series)} s | {total:,} | {mean:,.0f} | {peak:,} "
              f"({series.index(peak) + 1} s) | {peak / mean:.2f}× | {per_lifetime:.2f} | "
              f"{histogram} | {data['result']['reused']} |")


def chart(scenario, data):
    series = per_second(data)
    mean = sum(series) / len(series)
    bins = [sum(series[i:i + BIN_SECONDS]) / len(series[i:i + BIN_SECONDS])
            for i in range(0, len(series), BIN_SECONDS)]
    print(f"\n```mermaid\nxychart-beta\n  title \"{scenario}: refreshes per second "
          f"({BIN_SECONDS}-second means; flat lines: the mean and 1.2 × the mean)\"")
    print(f"  x-axis \"seconds after the sessions were loaded\" 0 --> {len(series)}")
    print("  y-axis \"refreshes/s\"")
    print("  line [" + ", ".join(f"{v:.0f}" for v in bins) + "]")
    print("  line [" + ", ".join(f"{mean:.0f}" for _ in bins) + "]")
    print("  line [" + ", ".join(f"{1.2 * mean:.0f}" for _ in bins) + "]\n```")


def main():
    work, duration, connections, client_cpus, server_cpus = sys.argv[1:6]
    all_data = {s: load(work, s) for s in SCENARIOS if os.path.isdir(f"{work}/{s}")}
    first = next(iter(all_data.values()))["ready"]
    print(f"{first['sessions']:,} sessions, tokens living {first['lifetime_seconds']} s; wrk -t1 "
          f"-c{connections}, {duration} s per run, the two sides alternated; wrk and the "
          f"harness (idp, upstream) on CPU {client_cpus}, nginx, the replicas and Redis on CPU "
          f"{server_cpus}.\n")
    for scenario, data in all_data.items():
        ready, result = data["ready"], data["result"]
        print(f"- {SCENARIOS[scenario]}: preloaded and first requested in "
              f"{ready['preload_seconds']:.0f} s ({ready['preload_failed_requests']} failed); "
              f"Redis {ready['redis_bytes_per_session']:,.0f} bytes per session "
              f"(used_memory {ready['redis_used_memory_before']:,} → "
              f"{ready['redis_used_memory_after']:,}; {result['redis_used_memory_end']:,} at the "
              f"end); idp refused {result['refused']} other calls; exits: nginx "
              f"{result['nginx_exit']}, replicas {result['replica_exits']}; load: "
              f"`{data['uptime'][0].split('load average: ')[-1]}` before, "
              f"`{data['uptime'][1].split('load average: ')[-1]}` after.")
    print()
    throughput_rows(all_data)
    print()
    refresh_rows(all_data)
    for scenario, data in all_data.items():
        chart(scenario, data)


main()
