"""Writes, once a second, the epoch second and how busy one CPU was over it (0 to 1, from
/proc/stat; steal counts as busy), until killed. run_wrk.sh runs it on the client core for the
server core, so that a report's dips and catch-ups can be set beside the core's load, and a
second with no line shows that the machine itself stalled.

    python3 bench/fleet/cpu_busy.py CPU OUTPUT
"""
import sys
import time


def ticks(name):
    with open("/proc/stat") as stat:
        for line in stat:
            if line.startswith(name + " "):
                fields = [int(value) for value in line.split()[1:]]
                return sum(fields), fields[3] + fields[4]  # all, idle + iowait
    raise SystemExit(f"cpu_busy.py: no {name} in /proc/stat")


def main():
    name, output = "cpu" + sys.argv[1], sys.argv[2]
    with open(output, "w") as out:
        before = ticks(name)
        while True:
            time.sleep(1 - time.time() % 1)
            now = ticks(name)
            total, idle = now[0] - before[0], now[1] - before[1]
            out.write(f"{int(time.time())} {1 - idle / total if total else 0:.3f}\n")
            out.flush()
            before = now


if __name__ == "__main__":
    main()
