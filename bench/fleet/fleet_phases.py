"""One scenario's outputs of run_wrk.sh (the harness's JSON, the wrk runs), and the refresh
figures of one phase of it, for fleet_report.py."""
import json
import math
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from wrk_output import parse  # noqa: E402


def _read(path):
    with open(path) as f:
        return f.read()


def load(work, scenario):
    d = f"{work}/{scenario}"
    ready, result = (json.loads(line) for line in _read(f"{d}/harness.json").splitlines()[:2])
    rounds = int(_read(f"{d}/rounds"))
    optional = {name: parse(f"{d}/{name}.txt") if os.path.exists(f"{d}/{name}.txt") else None
                for name in ("peak", "steady")}
    return {"ready": ready, "result": result, "rounds": rounds,
            "phases": {phase["name"]: phase for phase in result["phases"]},
            "runs": {side: [parse(f"{d}/{side}.{r}.txt") for r in range(1, rounds + 1)]
                     for side in ("fleet", "one")},
            "pacing": (json.loads(_read(f"{d}/pacing.json"))
                       if os.path.exists(f"{d}/pacing.json") else None),
            "uptime": [_read(f"{d}/uptime.{w}").strip() for w in ("before", "after")],
            **optional}


def seconds(phase):
    return phase["ended_at"] - phase["started_at"]


def per_second(data, phase):
    """Refreshes in each whole second within the phase."""
    counts = dict((second, n) for second, n in data["result"]["refreshes_by_second"])
    return [counts.get(second, 0)
            for second in range(math.ceil(phase["started_at"]), math.floor(phase["ended_at"]))]


def refresh_figures(data, phase):
    """Peak and mean refreshes per second over the phase's whole seconds; refreshes per session
    per lifetime and sessions by refreshes over the phase itself (the idp's per-session counts at
    its start and end). None for a phase without a whole second."""
    series = per_second(data, phase)
    if not series:
        return None
    mean = sum(series) / len(series)
    peak = max(series)
    lifetimes = seconds(phase) / data["ready"]["lifetime_seconds"]
    return {"series": series, "mean": mean, "peak": peak, "peak_second": series.index(peak) + 1,
            "peak_over_mean": peak / mean if mean else float("nan"),
            "refreshes": phase["refreshes"],
            "per_session_per_lifetime": phase["refreshes"] / data["ready"]["sessions"] / lifetimes,
            "sessions_by_refreshes": sorted(((int(k), v) for k, v in
                                             phase["sessions_by_refreshes"].items())),
            "reused": phase["reused"]}
