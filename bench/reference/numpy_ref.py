#!/usr/bin/python3
"""The reference throughput workload (bench/reference.toml) in vectorised NumPy.

This is the workload as a Python analyst would write it: draws in batches, Dirichlet shares from
NumPy's gamma sampler, Hare largest remainder with a sort, districts by argmax of log scores. It is
an independent implementation, so besides timing it checks seatsim: bench/compare.sh prints both
results side by side, and tests/bench runs it against seatsim within Monte Carlo error.

Usage: numpy_ref.py [SCENARIO] [--draws N] [--batch B] [--seed S] [--json FILE]
"""
import argparse
import csv
import json
import os
import sys
import time
import tomllib

import numpy as np


def load(path):
    """Reads the parts of a reference-style scenario this script supports, refusing anything else."""
    with open(path, "rb") as f:
        cfg = tomllib.load(f)
    ids = list(cfg["parties"])  # tomllib keeps file (ballot) order
    kinds = [cfg["parties"][i].get("kind", "party") for i in ids]
    if any(k not in ("party", "against_all") for k in kinds):
        sys.exit(f"numpy_ref.py: {path}: only party and against_all options are supported")
    share = np.array([cfg["parties"][i]["share"] for i in ids], dtype=float)
    mean = share / share.sum()
    party = np.array([k == "party" for k in kinds])
    lst = cfg["tiers"]["list"]
    if lst.get("method", "hare") != "hare" or lst.get("threshold_base", "valid") != "valid":
        sys.exit(f"numpy_ref.py: {path}: only hare over the valid vote is supported")
    party_ids = [i for i, p in zip(ids, party) if p]
    districts = cfg["tiers"]["districts"]
    if "file" in districts:  # one CSV row per district (scenarios/README.md, `file`)
        if districts.get("values", "baseline") != "multiplier":
            sys.exit(f"numpy_ref.py: {path}: only multiplier district files are supported")
        with open(os.path.join(os.path.dirname(path), districts["file"]), newline="") as f:
            rows = [{p: float(r[p]) for p in party_ids if r.get(p)} for r in csv.DictReader(f)]
    else:
        rows = [d["multiplier"] for d in districts["district"]]
    log_m = np.log(np.array([[row.get(p, 1.0) for p in party_ids] for row in rows]))
    lines = cfg.get("report", {}).get("majority_lines", {"majority": 50, "two_thirds": 66})
    return dict(ids=ids, party_ids=party_ids, alpha=cfg["model"]["n_eff"] * mean, party=party,
                seats=lst["seats"], threshold=lst.get("threshold", 0.0), log_m=log_m,
                noise=districts["noise"], lines=lines)


def simulate(s, draws, batch, seed):
    rng = np.random.default_rng(seed)
    n_party = int(s["party"].sum())
    n_district = s["log_m"].shape[0]
    house = s["seats"] + n_district
    passed = np.zeros(n_party, dtype=np.int64)
    histogram = np.zeros((n_party, house + 1), dtype=np.int64)
    first_at = {name: 0 for name in s["lines"]}
    done = 0
    while done < draws:
        b = min(batch, draws - done)
        g = rng.gamma(s["alpha"], size=(b, len(s["alpha"])))
        shares = g / g.sum(axis=1, keepdims=True)
        ps = shares[:, s["party"]]

        # List tier: Hare quota and largest remainders among parties over the threshold.
        eligible = ps >= s["threshold"]
        votes = np.where(eligible, ps, 0.0)
        quotas = votes * s["seats"] / votes.sum(axis=1, keepdims=True)
        floors = np.floor(quotas)
        remainders = np.where(eligible, quotas - floors, -1.0)
        left = s["seats"] - floors.sum(axis=1)
        order = np.argsort(-remainders, axis=1, kind="stable")
        rank = np.empty_like(order)
        np.put_along_axis(rank, order, np.broadcast_to(np.arange(n_party), order.shape), axis=1)
        list_seats = floors.astype(np.int64) + (rank < left[:, None])

        # Districts: plurality of national share x multiplier x lognormal noise, in logs.
        z = rng.standard_normal((b, n_district, n_party))
        score = np.log(ps)[:, None, :] + s["log_m"][None, :, :] + s["noise"] * z
        winners = score.argmax(axis=2)
        district_seats = (winners[:, :, None] == np.arange(n_party)).sum(axis=1)

        total = list_seats + district_seats
        passed += eligible.sum(axis=0)
        for k in range(n_party):
            histogram[k] += np.bincount(total[:, k], minlength=house + 1)
        for name, line in s["lines"].items():
            first_at[name] += int((total[:, 0] >= line).sum())
        done += b
    return passed, histogram, first_at


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", nargs="?", default="bench/reference.toml")
    parser.add_argument("--draws", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=100_000, help="draws per vectorised batch")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", help="write the results and timing to this file")
    args = parser.parse_args()
    s = load(args.scenario)
    start = time.perf_counter()
    passed, histogram, first_at = simulate(s, args.draws, args.batch, args.seed)
    seconds = time.perf_counter() - start
    n = args.draws
    seats = np.arange(histogram.shape[1])
    result = {
        "draws": n,
        "seconds": seconds,
        "draws_per_second": n / seconds,
        "parties": [{"id": pid, "p_threshold": passed[k] / n,
                     "mean_seats": float((histogram[k] * seats).sum() / n)}
                    for k, pid in enumerate(s["party_ids"])],
        "first_party": {name: count / n for name, count in first_at.items()},
    }
    print(f"numpy_ref: {n} draws in {seconds:.2f} s = {n / seconds:,.0f} draws/s")
    for p in result["parties"]:
        print(f"  {p['id']:<12} P(threshold) {p['p_threshold']:.4f}  mean seats {p['mean_seats']:.3f}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=2)


if __name__ == "__main__":
    main()
