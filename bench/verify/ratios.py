#!/usr/bin/env python3
"""Ratio tables for docs/benchmarks.md from verify_bench's Google Benchmark JSON.

Usage: ratios.py RUN.json [RUN.json ...]   (measure.py runs the benchmark and calls this)

Each file is one `verify_bench --benchmark_out=RUN.json --benchmark_out_format=json` run, usually
with --benchmark_repetitions=N --benchmark_enable_random_interleaving=true, so that each
benchmark and its baseline alternate. Repetition k of a benchmark is paired with repetition k of
its baseline in the same file; a ratio is reported as the median over those pairs with their
min..max. Rates are items per CPU second (per wall second for the threaded rows, which use real
time); aws-jwt-verify's rate is what node reports per CPU second of its process.
"""
import json
import statistics
import sys
from collections import defaultdict

# (what, subject, baseline, target or None)
UNCACHED = [
    ("RS256 vs OpenSSL, fresh context", "BM_VerifyUncached/RS256", "BM_OpenSslVerify/RS256", 0.9),
    ("RS256 vs OpenSSL, context prepared once", "BM_VerifyUncached/RS256",
     "BM_OpenSslPreparedRsaVerify", None),
    ("RS256 and reading one claim vs OpenSSL, fresh context", "BM_VerifyUncachedReadingAClaim",
     "BM_OpenSslVerify/RS256", None),
    ("ES256 vs OpenSSL, fresh context", "BM_VerifyUncached/ES256", "BM_OpenSslVerify/ES256", None),
    ("EdDSA vs OpenSSL, fresh context", "BM_VerifyUncached/EdDSA", "BM_OpenSslVerify/EdDSA", None),
    ("RS256 vs aws-jwt-verify", "BM_VerifyUncached/RS256", "BM_AwsJwtVerifySync/RS256", None),
    ("ES256 vs aws-jwt-verify", "BM_VerifyUncached/ES256", "BM_AwsJwtVerifySync/ES256", None),
    ("EdDSA vs aws-jwt-verify", "BM_VerifyUncached/EdDSA", "BM_AwsJwtVerifySync/EdDSA", None),
]
CACHED = [
    ("cached, 2 threads vs 1", "BM_VerifyCached/real_time/threads:2",
     "BM_VerifyCached/real_time/threads:1", 1.8),
    ("ceiling: a cache per thread, 2 threads vs 1", "BM_VerifyCachedOwnCachePerThread/real_time/threads:2",
     "BM_VerifyCachedOwnCachePerThread/real_time/threads:1", None),
    ("shared cache vs a cache per thread, 2 threads", "BM_VerifyCached/real_time/threads:2",
     "BM_VerifyCachedOwnCachePerThread/real_time/threads:2", None),
]


def base_name(entry):
    name = entry.get("run_name", entry["name"])
    return name.split("/iterations:")[0].split("/repeats:")[0]


def rate(entry):
    if "node_per_cpu_second" in entry:
        return entry["node_per_cpu_second"]
    return entry.get("items_per_second")


def load(paths):
    """{file index: {benchmark: {repetition: (rate or None, error or None)}}}"""
    runs = []
    for path in paths:
        with open(path) as f:
            document = json.load(f)
        by_name = defaultdict(dict)
        for entry in document["benchmarks"]:
            if entry.get("run_type") == "aggregate":
                continue
            repetition = entry.get("repetition_index", 0)
            error = entry.get("error_message") if entry.get("error_occurred") else None
            by_name[base_name(entry)][repetition] = (None if error else rate(entry), error)
        runs.append((document.get("context", {}), by_name))
    return runs


def pairs(runs, subject, baseline):
    ratios, subject_rates, baseline_rates, errors = [], [], [], set()
    for _, by_name in runs:
        for repetition, (s_rate, s_error) in by_name.get(subject, {}).items():
            b_rate, b_error = by_name.get(baseline, {}).get(repetition, (None, "not run"))
            for error in (s_error, b_error):
                if error:
                    errors.add(error)
            if s_rate and b_rate:
                ratios.append(s_rate / b_rate)
                subject_rates.append(s_rate)
                baseline_rates.append(b_rate)
    return ratios, subject_rates, baseline_rates, errors


def human(rate_value):
    for unit, scale in (("M", 1e6), ("k", 1e3)):
        if rate_value >= scale:
            return f"{rate_value / scale:.3g} {unit}/s"
    return f"{rate_value:.3g} /s"


def table(title, rows, runs):
    if not any(subject in by_name for _, by_name in runs for _, subject, _, _ in rows):
        return
    print(f"### {title}\n")
    print("| comparison | freshauth (median) | baseline (median) | ratio: median (min..max) | pairs | target |")
    print("|---|---:|---:|---:|---:|---|")
    for what, subject, baseline, target in rows:
        ratios, s_rates, b_rates, errors = pairs(runs, subject, baseline)
        if not ratios:
            why = "; ".join(sorted(errors)) or "not measured"
            print(f"| {what} | — | — | **no figure**: {why} | 0 | {'≥ %.2g×' % target if target else ''} |")
            continue
        median = statistics.median(ratios)
        verdict = ""
        if target:
            verdict = f"≥ {target:.2g}×: **{'met' if median >= target else 'not met'}**"
        print(f"| {what} | {human(statistics.median(s_rates))} | {human(statistics.median(b_rates))} "
              f"| **{median:.2f}×** ({min(ratios):.2f}..{max(ratios):.2f}) | {len(ratios)} | {verdict} |")
    print()


def main(paths):
    if not paths:
        sys.exit(__doc__)
    runs = load(paths)
    for context, _ in runs:
        load_avg = context.get("load_avg")
        if load_avg:
            print(f"<!-- {context.get('date', '')}: load average {', '.join(f'{x:.2f}' for x in load_avg)} -->")
    table("Uncached verification", UNCACHED, runs)
    table("Cached verification", CACHED, runs)


if __name__ == "__main__":
    main(sys.argv[1:])
