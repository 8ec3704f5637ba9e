#!/usr/bin/python3
"""The seatsim Python module against the seatsim CLI, one case per ctest entry.

seatsim_test.py CASE SEATSIM SOURCE_DIR WORK_DIR, with the module on PYTHONPATH. Exits non-zero on
a failure. Cases: equals-cli, allocate, read-draws, gil, errors.
"""
import json
import os
import pathlib
import subprocess
import sys
import threading
import time

import numpy

import seatsim

CASE, SEATSIM, SOURCE, WORK = sys.argv[1], sys.argv[2], pathlib.Path(sys.argv[3]), pathlib.Path(sys.argv[4])
WORK.mkdir(parents=True, exist_ok=True)


def cli(*args, cwd=WORK):
    return subprocess.run([SEATSIM, *map(str, args)], cwd=cwd, check=True, capture_output=True,
                          text=True).stdout


def without_timing(result):
    result = dict(result)
    del result["timing"]
    return json.dumps(result)  # the same serialiser for both sides: order, types and values


def equals_cli():
    # The module and the CLI on one scenario, seed and overrides, at different thread counts: the
    # JSON apart from "timing" must be the same, key order and number types included.
    scenario = str(SOURCE / "scenarios/kz-2027.toml")
    out = WORK / "cli.json"
    cli("run", scenario, "--draws", 20000, "--seed", 7, "--threads", 2, "--quiet",
        "--set", "tiers.list.threshold=0.07", "--set", "parties.baytaq.share=0.04", "--json", out)
    expected = json.loads(out.read_text())
    got = seatsim.run(scenario, draws=20000, seed=7, threads=1,
                      set={"tiers.list.threshold": 0.07, "parties.baytaq.share": "0.04"})
    assert without_timing(got) == without_timing(expected), "run() differs from run --json"
    assert got["timing"]["threads"] == 1
    # The built-in default scenario, as `seatsim run` without a file.
    cli("run", "--draws", 4096, "--quiet", "--json", out)
    default = seatsim.run(draws=4096)
    assert without_timing(default) == without_timing(json.loads(out.read_text()))


def allocate():
    # The official 2023 Majilis list tier (scenarios/history/kz-2023.toml): 69 seats, Hare, 5% of
    # the valid vote with "against all" in it; as `seatsim allocate --votes ... --json` gives.
    votes = [3431510, 693938, 547154, 432920, 146431, 535139, 331058]
    csv = WORK / "votes.csv"
    csv.write_text("party,votes\n" + "".join(f"p{i},{v}\n" for i, v in enumerate(votes)))
    expected = json.loads(cli("allocate", "--votes", csv, "--seats", 69, "--threshold", 0.05,
                              "--against-all", 248291, "--json"))
    got = seatsim.allocate(votes, 69, threshold=0.05, against_all=248291)
    assert got["seats"] == [expected["seats"][f"p{i}"] for i in range(len(votes))]
    assert got["seats"] == [40, 8, 6, 5, 0, 6, 4]
    assert got["admitted"] == [True, True, True, True, False, True, True]
    assert got["total"] == expected["total"] and got["tie_decided"] == expected["tie_decided"]
    # A mixed system, compensatory: as the CLI's --mixed compensatory.
    (WORK / "mixed.csv").write_text("party,votes,districts\na,5000,6\nb,3000,0\nc,2000,1\n")
    expected = json.loads(cli("allocate", "--votes", WORK / "mixed.csv", "--seats", 10,
                              "--method", "sainte-lague", "--district-seats-column", "districts",
                              "--mixed", "compensatory", "--json"))
    got = seatsim.allocate([5000, 3000, 2000], 10, method="sainte-lague",
                           district_seats=[6, 0, 1], mixed="compensatory")
    assert got["seats"] == [expected["seats"][p] for p in "abc"], (got, expected)
    assert got["total"] == expected["total"] and got["overhang"] == expected["overhang"]


def read_draws():
    scenario = str(SOURCE / "scenarios/kz-2027.toml")
    draws_file = WORK / "run.draws"
    out = WORK / "draws.json"
    cli("run", scenario, "--draws", 10000, "--quiet", "--save-draws", draws_file, "--json", out)
    result = json.loads(out.read_text())
    draws = seatsim.read_draws(str(draws_file))
    assert isinstance(draws, numpy.ndarray) and len(draws) == 10000
    ids = [p["id"] for p in result["parties"]]
    assert list(draws.dtype.names) == [f"{i}.{f}" for i in ids
                                       for f in ("share", "passed", "list_seats", "district_seats")]
    house = result["house_size"]
    seats = sum(draws[f"{i}.list_seats"].astype(int) + draws[f"{i}.district_seats"] for i in ids)
    assert (seats == house).all(), "every draw fills the house"
    # Counts from the saved draws are the run's tallies: P(threshold) x draws, exactly.
    for party in result["parties"]:
        if "p_threshold" in party:
            passed = int(draws[party["id"] + ".passed"].sum())
            assert passed == round(party["p_threshold"] * 10000), party["id"]
        if "seats" in party:
            mean = (draws[party["id"] + ".list_seats"].astype(float)
                    + draws[party["id"] + ".district_seats"]).mean()
            assert abs(mean - party["seats"]["mean"]) < 1e-9, party["id"]


def gil():
    # While run() draws, another Python thread runs: the GIL is released. The switch interval is
    # raised so that only a release (not the interpreter's periodic switch) lets the main thread
    # in; without one it would wait for the whole run and count nothing before `done`.
    sys.setswitchinterval(1000)
    started, done = threading.Event(), threading.Event()

    def draw():
        started.set()
        seatsim.run(str(SOURCE / "scenarios/kz-kurultai.toml"), draws=2_000_000, threads=1)
        done.set()

    worker = threading.Thread(target=draw)
    worker.start()
    started.wait()
    ran = 0
    while not done.is_set():
        ran += 1
        time.sleep(0)  # a yield that lets the worker take the GIL back when its run returns
    worker.join()
    assert ran > 0, "the main thread never ran while run() was drawing"


def errors():
    # Input errors come back as seatsim.InputError (a ValueError) with the CLI's message.
    bad = WORK / "bad.toml"
    bad.write_text((SOURCE / "tests/bad-input/scenarios/share-above-one.toml").read_text())
    try:
        seatsim.run(str(bad), draws=1)
    except seatsim.InputError as error:
        assert isinstance(error, ValueError)
        assert str(error).startswith(str(bad) + ":"), str(error)
    else:
        raise AssertionError("no InputError for a share above 1")
    for call in (lambda: seatsim.run(draws=0), lambda: seatsim.allocate([1, 2], 0),
                 lambda: seatsim.allocate([1, -2], 5), lambda: seatsim.allocate([1, 2], 5, method="x"),
                 lambda: seatsim.run(set={"tiers.list.threshold": "abc"}, draws=1),
                 lambda: seatsim.read_draws(str(bad))):
        try:
            call()
        except ValueError:
            continue
        raise AssertionError("bad input accepted")


{"equals-cli": equals_cli, "allocate": allocate, "read-draws": read_draws, "gil": gil,
 "errors": errors}[CASE]()
print(f"python/{CASE}: ok")
