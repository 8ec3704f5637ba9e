#!/usr/bin/env python3
"""`seatsim run` at an official result gives the official seats in every draw.

Usage: official-result-every-draw.py SEATSIM SCENARIO HISTORY [--set KEY=VALUE ...]

Runs SCENARIO (a scenario at an official result: type = "fixed", the electorates held by their
winners) and reads the official seats from HISTORY (the same election's record for `seatsim
allocate`), matching parties by name. Every party of the record must hold its official seats in
every draw (its seat histogram is all at that count), and every other option none. Where the record
has list districts (`[[regions]]`), each party must also hold its official seats in each of them in
every draw (the run's `region_seats`: mean equal to the official count, standard error 0). Exit 0
when so, 1 with the parties that differ, 2 on a usage or run error.
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
        record = tomllib.load(f)
    official = {p["name"]: p["official_seats"] for p in record["parties"]}
    # Per list district: {(party name, district name): official seats}.
    names = [p["name"] for p in record["parties"]]
    official_regions = {(names[j], region["name"]): seats for region in record.get("regions", [])
                        for j, seats in enumerate(region["official_seats"])}
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
        regions = {r["name"]: r for r in party.get("region_seats", [])}
        for (who, where), seats in official_regions.items():
            if who != name:
                continue
            got = regions.get(where)
            if got is None or got["mean"] != seats or got["mean_se"] != 0:
                failures.append(f"{name} in {where}: official {seats}, run gives "
                                f"{'none' if got is None else got['mean']} on average")
    failures += [f"{name}: in the record, not in the scenario" for name in official if
                 name not in seen and official[name] > 0]
    for line in failures:
        print(line)
    print(f"{scenario}: {'FAIL' if failures else 'ok'}, {result['draws']} draws")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
