"""How many paced connections make the steady phase's rate (bench/fleet/run_wrk.sh):
    pacing.py DIR FRACTION PACE_MS CALIBRATION CONNECTIONS [PEAK_RATE]
from the saturating run DIR/peak.txt (unless PEAK_RATE is given) and the paced run
DIR/CALIBRATION.txt of CONNECTIONS connections. Writes what it used to DIR/pacing.json and prints
the number of connections."""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from wrk_output import parse  # noqa: E402
from wrk_pacing import paced_connections  # noqa: E402


def main():
    directory, fraction, pace_ms, calibration, calibration_connections = sys.argv[1:6]
    fraction, calibration_connections = float(fraction), int(calibration_connections)
    given = len(sys.argv) > 6
    peak = float(sys.argv[6]) if given else parse(f"{directory}/peak.txt")["rate"]
    connections, per_connection = paced_connections(
        fraction * peak, f"{directory}/{calibration}.txt", calibration_connections)
    with open(f"{directory}/pacing.json", "w") as f:
        json.dump({"peak_rate": peak, "peak_given": given, "fraction": fraction,
                   "pace_ms": int(pace_ms), "calibration": calibration,
                   "calibration_connections": calibration_connections,
                   "per_connection_rate": per_connection, "connections": connections}, f)
    print(connections)


main()
