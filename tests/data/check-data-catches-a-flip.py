#!/usr/bin/env python3
"""scripts/check-data.py fails on a copy of scenarios/data with one seat moved.

Usage: check-data-catches-a-flip.py REPO_DIR

Copies scenarios/data to a temporary folder, moves one of Porto's seats from AD to PS in
pt-2024/lists.csv (Porto's closest call, 72 votes: AD's 14th quotient against PS's), and runs the
check on the copy: it must exit 1 and name Porto's D'Hondt check as failed. Exit 0 when so.
"""
import csv
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def move_seat(path, circle, source, target):
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        fields, rows = reader.fieldnames, list(reader)
    for row in rows:
        if row["circle"] == circle and row["list"] in (source, target):
            row["seats"] = str(int(row["seats"]) + (1 if row["list"] == target else -1))
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(argv):
    repo = Path(argv[1])
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(repo / "scenarios" / "data", data)
        move_seat(data / "pt-2024" / "lists.csv", "Porto", "AD", "PS")
        run = subprocess.run([sys.executable, str(repo / "scripts" / "check-data.py"), str(data)],
                             capture_output=True, text=True)
    caught = run.returncode == 1 and "FAIL  pt-2024: Porto: D'Hondt" in run.stdout
    print(run.stdout if not caught else "check-data.py caught the moved Porto seat")
    return 0 if caught else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
