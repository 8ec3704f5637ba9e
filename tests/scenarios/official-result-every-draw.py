#!/usr/bin/env python3
"""`seatsim run` at an official result gives the official seats in every draw.

Usage: official-result-every-draw.py SEATSIM SCENARIO HISTORY [--set KEY=VALUE ...]

Runs SCENARIO (a scenario at an official result: type = "fixed", the electorates held by their
winners) and reads the official seats from HISTORY (the same election's record for `seatsim
allocate`), matching parties by name. Every party of the record must hold its official seats in
every draw (its seat histogram is all at that count), and every other option none. Exit 0 when so,
1 with the parties that differ, 2 on a usage or run error.
"""
import json
import os
import subprocess
import sys
import tempfile
import tomllib

DRAWS = 100_000


def main(argv):
    if len(argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    seatsim, scenario, history = argv[1:4]
    with open(history, "rb") as f:
        official = {p["name"]: p["official_seats"] for p in tomllib.load(f)["parties"]}
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "run.json")
        run = subprocess.run([seatsim, "run", scenario, "--draws", str(DRAWS), "--quiet",
                              "--json", out] + argv[4:], capture_output=True, text=True)
        if run.returncode != 0:
            print(f"seatsim run failed ({run.returncode}): {run.stderr}", file=sys.stderr)
            return 2
        with open(out) as f:
            result = json.load(f)
    failures = []
    seen = set()
    for party in result["parties"]:
        if "seats" not in party:
            continue  # an option that never holds seats
        name = party["name"]
        seen.add(name)
        want = official.get(name, 0)
        histogram = party["seats"]["histogram"]
        held = histogram[want] if want < len(histogram) else 0
        if held != result["draws"]:
            failures.append(f"{name}: official {want} in {held} of {result['draws']} draws")
    failures += [f"{name}: in the record, not in the scenario" for name in official if
                 name not in seen and official[name] > 0]
    for line in failures:
        print(line)
    print(f"{scenario}: {'FAIL' if failures else 'ok'}, {result['draws']} draws")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
