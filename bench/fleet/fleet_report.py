"""Turns run_wrk.sh's outputs (wrk runs, the harness's JSON) into the tables and charts of
docs/fleet.md, "Capacity"."""
import os
import statistics
import sys

from fleet_phases import load, refresh_figures, seconds

SCENARIOS = {"staggered": "(a) staggered: tokens aged as in a running fleet when loading began",
             "herd": "(b) herd: all tokens issued at one instant"}
# The phases whose refreshes the report shows, and how it labels them.
REFRESH_PHASES = {"steady": "steady (paced)", "throughput": "throughput (saturated)"}
BIN_SECONDS = 5


def ms(value):
    return f"{value * 1e3:,.1f} ms"


def setup_line(data):
    ready, result = data["ready"], data["result"]
    phases = ", ".join(f"{name} {seconds(phase):.0f} s" for name, phase in data["phases"].items())
    load_average = [uptime.split("load average: ")[-1] for uptime in data["uptime"]]
    return (f"preloaded and first requested in {ready['preload_seconds']:.0f} s "
            f"({ready['preload_failed_requests']} failed); phases: {phases}; Redis "
            f"{ready['redis_bytes_per_session']:,.0f} bytes per session (used_memory "
            f"{ready['redis_used_memory_before']:,} → {ready['redis_used_memory_after']:,}; "
            f"{result['redis_used_memory_end']:,} at the end); idp refused "
            f"{result['refused']} other calls; exits: nginx {result['nginx_exit']}, replicas "
            f"{result['replica_exits']}; load: `{load_average[0]}` before, `{load_average[1]}` "
            f"after; {child_writes(data)}.")


def child_writes(data):
    """When Redis forked a child to write itself out (AOF rewrite, RDB save), in seconds after
    the steady phase began: that child runs on the core the replicas share."""
    windows = data["result"].get("redis_child_writes")
    if windows is None:
        return "Redis children not recorded"
    rewrites = ("AOF rewritten once before the phases, never during them"
                if data["ready"].get("aof_rewrite") == "before-steady" else "AOF rewrites on")
    if not windows:
        return f"{rewrites}; Redis forked no child to write (no AOF rewrite, no RDB save)"
    began = data["phases"]["steady"]["started_at"] if "steady" in data["phases"] else 0
    spans = ", ".join(f"{start - began:.0f}–{(end or start) - began:.0f} s" for start, end in windows)
    return (f"{rewrites}; Redis children writing (AOF rewrite or RDB save) at {spans} of the "
            "steady phase")


def steady_rows(all_data):
    print("| scenario | fleet peak, req/s | paced connections | steady req/s (÷ peak) | p50 | "
          "p99 | requests | failed (timeouts) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for scenario, data in all_data.items():
        steady, pacing = data["steady"], data["pacing"]
        if steady is None:
            print(f"| {scenario} (no requests: REQUESTS=0) | — | — | — | — | — | 0 | — |")
            continue
        source = "given" if pacing["peak_given"] else f"{data['peak']['failed']} failed"
        print(f"| {scenario} | {pacing['peak_rate']:,.0f} ({source}) | "
              f"{pacing['connections']} × {pacing['per_connection_rate']:,.0f}/s "
              f"(pause {pacing['pace_ms']} ms) | {steady['rate']:,.0f} "
              f"({steady['rate'] / pacing['peak_rate']:.2f}) | {ms(steady['p50'])} | "
              f"{ms(steady['p99'])} | {steady['requests']:,} | {steady['failed']} "
              f"({steady['timeouts']}) |")


def throughput_rows(all_data):
    print("| scenario | through nginx to 3 replicas, req/s (min–max) | to 1 replica, req/s "
          "(min–max) | 3 replicas / 1, per round: median (min–max) | p50 3 / 1 | p99 3 / 1 | "
          "requests | failed (timeouts) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for scenario, data in all_data.items():
        if data["rounds"] == 0:
            print(f"| {scenario} (no throughput phase) | — | — | — | — | — | 0 | — |")
            continue
        runs = data["runs"]
        rates = {side: [run["rate"] for run in side_runs] for side, side_runs in runs.items()}
        ratios = [f["rate"] / o["rate"] for f, o in zip(runs["fleet"], runs["one"])]
        med = {side: statistics.median(r) for side, r in rates.items()}
        p50, p99 = ({side: statistics.median(run[q] for run in side_runs)
                     for side, side_runs in runs.items()} for q in ("p50", "p99"))
        every_run = [run for side_runs in runs.values() for run in side_runs]
        print(f"| {scenario} ({data['rounds']} rounds) | {med['fleet']:,.0f} "
              f"({min(rates['fleet']):,.0f}–{max(rates['fleet']):,.0f}) | {med['one']:,.0f} "
              f"({min(rates['one']):,.0f}–{max(rates['one']):,.0f}) | "
              f"{statistics.median(ratios):.2f}× ({min(ratios):.2f}–{max(ratios):.2f}) | "
              f"{ms(p50['fleet'])} / {ms(p50['one'])} | {ms(p99['fleet'])} / {ms(p99['one'])} | "
              f"{sum(run['requests'] for run in every_run):,} | "
              f"{sum(run['failed'] for run in every_run)} "
              f"({sum(run['timeouts'] for run in every_run)}) |")


def refresh_rows(all_data):
    print("| scenario | phase | window | refreshes | mean/s | peak/s (second) | peak / mean | "
          "refreshes per session per lifetime | sessions by refreshes in the phase | "
          "refresh tokens presented twice |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---|---:|")
    for scenario, data in all_data.items():
        for name, label in REFRESH_PHASES.items():
            figures = (refresh_figures(data, data["phases"][name])
                       if name in data["phases"] else None)
            if figures is None:
                continue
            if name == "steady" and data["steady"] is None:
                label = "steady (no requests)"
            histogram = ", ".join(f"{k}×: {v:,}" for k, v in figures["sessions_by_refreshes"])
            print(f"| {scenario} | {label} | {len(figures['series'])} s | "
                  f"{figures['refreshes']:,} | {figures['mean']:,.0f} | {figures['peak']:,} "
                  f"({figures['peak_second']} s) | {figures['peak_over_mean']:.2f}× | "
                  f"{figures['per_session_per_lifetime']:.2f} | {histogram} | "
                  f"{figures['reused']} |")


def chart(scenario, data):
    series = refresh_figures(data, data["phases"]["steady"])["series"]
    mean = sum(series) / len(series)
    bins = [sum(series[i:i + BIN_SECONDS]) / len(series[i:i + BIN_SECONDS])
            for i in range(0, len(series), BIN_SECONDS)]
    print(f"\n```mermaid\nxychart-beta\n  title \"{scenario}, steady phase: refreshes per second "
          f"({BIN_SECONDS}-second means; flat lines: the mean and 1.2 × the mean)\"")
    print(f"  x-axis \"seconds after the steady phase began\" 0 --> {len(series)}")
    print("  y-axis \"refreshes/s\"")
    print("  line [" + ", ".join(f"{v:.0f}" for v in bins) + "]")
    print("  line [" + ", ".join(f"{mean:.0f}" for _ in bins) + "]")
    print("  line [" + ", ".join(f"{1.2 * mean:.0f}" for _ in bins) + "]\n```")


def main():
    work, duration, connections, client_cpus, server_cpus = sys.argv[1:6]
    all_data = {s: load(work, s) for s in SCENARIOS if os.path.isdir(f"{work}/{s}")}
    first = next(iter(all_data.values()))
    pacing = first["pacing"]
    phases = (f"Steady phase: one lifetime of wrk -t1 through nginx to the 3 replicas, paced at "
              f"{pacing['fraction']:.2f} of the fleet's peak. Throughput phase: wrk -t1 "
              f"-c{connections}, {duration} s per run, the two sides alternated."
              if pacing else "No requests (REQUESTS=0): a steady phase of one lifetime alone.")
    print(f"{first['ready']['sessions']:,} sessions, tokens living "
          f"{first['ready']['lifetime_seconds']} s. {phases} wrk and the harness (idp, upstream) "
          f"on CPU {client_cpus}, nginx, the replicas and Redis on CPU {server_cpus}.\n")
    for scenario, data in all_data.items():
        print(f"- {SCENARIOS[scenario]}: {setup_line(data)}")
    print("\nRequests in the steady phase (paced):\n")
    steady_rows(all_data)
    print("\nRequests in the throughput phase (saturating):\n")
    throughput_rows(all_data)
    print("\nRefreshes (the idp's counts) per phase:\n")
    refresh_rows(all_data)
    for scenario, data in all_data.items():
        chart(scenario, data)


main()
