#!/usr/bin/env python3
"""`seatsim allocate --votes` in list districts gives a record's official seats in each district.

Usage: allocate-regions-from-history.py SEATSIM HISTORY [--move-seat]

Writes the list districts of HISTORY (a record with `[[regions]]`, scenarios/history/*.toml) as
the CSVs a user would give `seatsim allocate --votes FILE --region-column region --region-seats
SIZES`: one row per (district, party) with its votes (and, under regional compensation, the
district seats it won in the region), and one row per district with its seats and other valid
votes. The record's [rule] becomes the options. They are written at test time, so the test follows
the record as it grows (scot-2021 from six regions to eight). Every party must then hold its
official seats in each district and in all. --move-seat first moves one official seat of the first
district from its first seated party to the next party, so the check must fail and name that
district (the test of the test). Exit 0 when all match, 1 with what differs, 2 on a usage or run
error.
"""
import csv
import json
import os
import subprocess
import sys
import tempfile
import tomllib

# The record's [rule] keys and the allocate options that state them; `ties` has no option, and the
# two it may name allocate alike (registration order decides, `report` only counts ties).
OPTIONS = {"method": "--method", "threshold": "--threshold", "threshold_base": "--threshold-base",
           "threshold_scope": "--threshold-scope", "first_divisor": "--first-divisor",
           "quota_rounding": "--quota-rounding"}
TIES = {"registration_order", "report"}


def options(rule):
    """The allocate options that give the record's rule; exits 2 on a key this test cannot state."""
    args = []
    for key, value in rule.items():
        if key in OPTIONS:
            args += [OPTIONS[key], str(value)]
        elif key == "ties" and value in TIES:
            continue
        elif key == "mixed" and value == "compensatory":
            args += ["--mixed", "compensatory", "--district-seats-column", "district_seats"]
        elif not (key == "mixed" and value == "parallel"):
            sys.exit(f"allocate-regions: rule.{key} = {value!r} has no allocate option here")
    return args


def write_csvs(record, tmp):
    """The votes and sizes CSVs of the record's list districts, parties in record order."""
    parties = [p["name"] for p in record["parties"]]
    votes, sizes = os.path.join(tmp, "votes.csv"), os.path.join(tmp, "sizes.csv")
    compensatory = record["rule"].get("mixed") == "compensatory"
    with open(votes, "w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["region", "party", "votes"] + (["district_seats"] if compensatory else []))
        for region in record["regions"]:
            for i, party in enumerate(parties):
                row = [region["name"], party, region["votes"][i]]
                out.writerow(row + ([region["district_seats"][i]] if compensatory else []))
    with open(sizes, "w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["region", "seats", "other_valid"])
        for region in record["regions"]:
            out.writerow([region["name"], region["seats"], region.get("other_valid", 0)])
    return votes, sizes


def move_seat(record):
    seats = record["regions"][0]["official_seats"]
    first = next(i for i, s in enumerate(seats) if s > 0)
    seats[first] -= 1
    seats[(first + 1) % len(seats)] += 1


def main(argv):
    if len(argv) not in (3, 4) or (len(argv) == 4 and argv[3] != "--move-seat"):
        print(__doc__, file=sys.stderr)
        return 2
    seatsim, history = argv[1:3]
    with open(history, "rb") as f:
        record = tomllib.load(f)
    if len(argv) == 4:
        move_seat(record)
    with tempfile.TemporaryDirectory() as tmp:
        votes, sizes = write_csvs(record, tmp)
        run = subprocess.run([seatsim, "allocate", "--votes", votes, "--region-column", "region",
                              "--region-seats", sizes, "--json"] + options(record["rule"]),
                             capture_output=True, text=True)
    if run.returncode != 0:
        print(f"seatsim allocate failed ({run.returncode}): {run.stderr}", file=sys.stderr)
        return 2
    result = json.loads(run.stdout)
    failures = []
    for party in record["parties"]:
        if result["seats"][party["name"]] != party["official_seats"]:
            failures.append(f"{party['name']}: {result['seats'][party['name']]} seats, official "
                            f"{party['official_seats']}")
    got = {r["region"]: r["seats"] for r in result["regions"]}
    if list(got) != [r["name"] for r in record["regions"]]:
        failures.append(f"districts {list(got)}, the record's {[r['name'] for r in record['regions']]}")
    for region in record["regions"]:
        for party, official in zip(record["parties"], region["official_seats"]):
            seats = got.get(region["name"], {}).get(party["name"])
            if seats != official:
                failures.append(f"{region['name']}: {party['name']} {seats} seats, official {official}")
    for line in failures:
        print(line)
    print(f"{len(record['regions'])} list districts, {len(record['parties'])} parties: "
          + ("official seats in each" if not failures else f"{len(failures)} differences"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
