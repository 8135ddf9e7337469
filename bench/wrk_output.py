"""What the wrk-driven benchmarks read from a wrk run's output (bench/gateway, bench/fleet)."""
import re


def seconds(text):
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}[unit]


def parse(path):
    """Rate, requests, p50 and p99 (seconds; run with --latency) and failed requests: socket
    errors, plus the answers other than 2xx a wrk script counted ("non-2xx answers: N"), or else
    wrk's own count of answers of 400 and above; and the timeouts among the socket errors."""
    text = open(path).read()
    failed = 0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    socket_errors = [int(x) for x in m.groups()] if m else [0, 0, 0, 0]
    failed += sum(socket_errors)
    counted = re.search(r"non-2xx answers: (\d+)", text)
    if counted:
        failed += int(counted.group(1))
    else:
        m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
        failed += int(m.group(1)) if m else 0
    return {
        "rate": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)),
        "requests": int(re.search(r"(\d+) requests in", text).group(1)),
        # The latency distribution's lines; "78.50%" in the thread stats above is not one.
        "p50": seconds(re.search(r"^\s+50%\s+(\S+)", text, re.M).group(1)),
        "p99": seconds(re.search(r"^\s+99%\s+(\S+)", text, re.M).group(1)),
        "failed": failed,
        "timeouts": socket_errors[3],
    }
