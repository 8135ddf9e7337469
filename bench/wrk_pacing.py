"""How many wrk connections, each pausing after every answer (a Lua delay()), send a target
rate: scaled from a calibration run of a known number of such connections."""
from wrk_output import parse


def paced_connections(target_rate, calibration_path, calibration_connections):
    """(connections, what one sent in the calibration run): at least one connection."""
    per_connection = parse(calibration_path)["rate"] / calibration_connections
    return max(1, round(target_rate / per_connection)), per_connection
