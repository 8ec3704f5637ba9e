#!/usr/bin/python3
"""Turn a seatsim result (or sweep) JSON into PNG and SVG charts.

    scripts/plot.py RESULT.json --out DIR

Each chart is written twice, as DIR/NAME.png and DIR/NAME.svg. The input's "schema" decides
which charts are drawn; any other schema is an error.

seatsim.result/1 (`seatsim run --json FILE`, documented in docs/json-schema.md):
  threshold  P(passes the list threshold) per party, with error bars of +-2 Monte Carlo standard
             errors and each value written beside its bar. Only with a list tier.
  seats      the distribution of each seat-winning option's total seats, one panel per option,
             from `seats.histogram`; the 5th-95th percentile range is drawn solid.
  hemicycle  a parliament that occurred: the seats of the run's draw nearest the median seats
             (`parliament`: the smallest total |seats - median| among the run's first 4096 draws),
             labelled with its draw number. Medians themselves need not add up to the house, and
             topping them up drew parliaments no draw had.
  districts  one row per single-member district, a bar of its contenders' P(win) stacked in
             ballot order, the most uncertain (smallest margin between favourite and runner-up)
             at the top; at most the closest 100. Only with single-member districts.

seatsim.sweep/1 (`seatsim sweep --json FILE` and `seatsim timeline --json FILE`, docs/sweep.md):
    {
      "schema": "seatsim.sweep/1",
      "scenario": {"source": ..., "election": ..., "date": ...},
      "seed": 1, "draws": 100000,
      "sweep": [
        {"point": {"parties.baytaq.share": 0.02, "tiers.list.threshold": 0.05},
         "parties": [ ...party objects as in seatsim.result/1... ]},
        ...
      ]
    }
  Every row has the same point keys in the same order. The first key is the x axis; each
  combination of the other keys is one curve. A point value is a number, or a word: ISO dates
  (a timeline's polls.as_of) make a date axis, the trend over time; other words (a method
  swept) are categories, in the order of the sweep. Charts, one panel per party that has the field:
  sweep-threshold  p_threshold +- 2 p_threshold_se
  sweep-any-seat   p_any_seat +- 2 p_any_seat_se

A file that cannot be read, is not JSON, has another schema or lacks a field the charts need is
reported as `plot.py: FILE: problem` with exit status 2.
"""

import argparse
import datetime
import json
import math
import pathlib
import sys

import matplotlib
import matplotlib.colors
import matplotlib.dates

matplotlib.use("Agg")  # files only: never needs a display

import matplotlib.pyplot as plt  # noqa: E402 (after choosing the backend)
import numpy as np  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.ticker import MaxNLocator, PercentFormatter  # noqa: E402

RESULT_SCHEMA = "seatsim.result/1"
SWEEP_SCHEMA = "seatsim.sweep/1"
INPUT_ERROR = 2

# Tableau 10: distinct, colour-blind-friendlier than the default cycle beyond ten entries.
PALETTE = plt.get_cmap("tab10").colors

plt.rcParams.update({
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.hashsalt": "seatsim",  # stable ids, so a re-run gives the same SVG bytes
})


class InputError(Exception):
    """A problem with the input file, reported as `FILE: message`."""


def require(obj, key, kind, where):
    """obj[key], checked to be of type kind; `where` names obj in the message."""
    if not isinstance(obj, dict) or key not in obj:
        raise InputError(f"{where}.{key} is missing")
    value = obj[key]
    if kind is float:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    else:
        ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
    if not ok:
        raise InputError(f"{where}.{key} is {json.dumps(value)[:40]} (must be {kind.__name__})")
    return value


def load(path):
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise InputError(f"cannot read ({error.strerror})") from None
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text") from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(f"line {error.lineno}: not valid JSON ({error.msg})") from None
    if not isinstance(doc, dict):
        raise InputError("not a JSON object")
    schema = doc.get("schema")
    if schema not in (RESULT_SCHEMA, SWEEP_SCHEMA):
        raise InputError(f"schema {json.dumps(schema)} is not one this script reads "
                         f"({RESULT_SCHEMA}, {SWEEP_SCHEMA})")
    return doc


def caption(doc):
    scenario = require(doc, "scenario", dict, "")
    election = require(scenario, "election", str, ".scenario")
    date = require(scenario, "date", str, ".scenario")
    source = require(scenario, "source", str, ".scenario")
    draws = require(doc, "draws", int, "")
    seed = require(doc, "seed", int, "")
    return f"{election}, {date}  ·  {source}  ·  {draws:,} draws, seed {seed}"


def add_caption(fig, text):
    fig.text(0.01, 0.01, text, fontsize=8, color="0.35", ha="left", va="bottom")


def save(fig, out_dir, name, written):
    for ext in ("png", "svg"):
        path = out_dir / f"{name}.{ext}"
        # No creation date in the files, so the same input gives the same bytes.
        metadata = {"Date": None} if ext == "svg" else {}
        fig.savefig(path, metadata=metadata)
        written.append(path)
    plt.close(fig)


def percent(p):
    return f"{100 * p:.2f}%"


# --- seatsim.result/1 ------------------------------------------------------------------------


def default_colours(n):
    """n distinct colours: Tableau 10 up to ten, else n hues evenly spaced around the colour wheel
    at two alternating lightnesses, so that neighbours on the ballot stay apart."""
    if n <= len(PALETTE):
        return list(PALETTE[:n])
    hsv = matplotlib.colors.hsv_to_rgb
    return [tuple(hsv((i / n, 0.65, 0.85 if i % 2 == 0 else 0.6))) for i in range(n)]


def party_colours(parties):
    """Each option's `colour` from the scenario (`[parties.<id>] colour`), else a default by its
    position on the ballot, so each party keeps its colour in every chart."""
    defaults = default_colours(len(parties))
    colours = {}
    for i, party in enumerate(parties):
        colour = party.get("colour")
        if colour is not None and not (isinstance(colour, str) and matplotlib.colors.is_color_like(colour)
                                       and len(colour) == 7 and colour.startswith("#")):
            raise InputError(f".parties[{i}].colour is {json.dumps(colour)[:40]} (must be \"#rrggbb\")")
        colours[party["id"]] = colour if colour is not None else defaults[i]
    return colours


def plot_threshold(doc, parties, colours, cap):
    tiers = require(doc, "tiers", dict, "")
    threshold = require(tiers, "threshold", float, ".tiers")
    base = require(tiers, "threshold_base", str, ".tiers")
    rows = [(i, p) for i, p in enumerate(parties) if "p_threshold" in p]
    names = [f"{p['name']}  ({require(p, 'mean_share', float, f'.parties[{i}]'):.1%})"
             for i, p in rows]
    probs = np.array([require(p, "p_threshold", float, f".parties[{i}]") for i, p in rows])
    ses = np.array([require(p, "p_threshold_se", float, f".parties[{i}]") for i, p in rows])

    fig, ax = plt.subplots(figsize=(8, 0.5 * len(rows) + 1.6))
    y = np.arange(len(rows))[::-1]
    ax.barh(y, probs, color=[colours[p["id"]] for _, p in rows], height=0.62)
    # Error bars are +-2 SE, clipped to [0, 1]; at large draw counts they are thinner than a line.
    low = np.minimum(2 * ses, probs)
    high = np.minimum(2 * ses, 1 - probs)
    ax.errorbar(probs, y, xerr=[low, high], fmt="none", ecolor="black", elinewidth=1.2, capsize=4)
    for yy, p, se in zip(y, probs, ses):
        ax.text(1.02, yy, f"{percent(p)} ± {100 * 2 * se:.2f}", va="center", fontsize=9,
                family="monospace")
    ax.axvline(0.5, color="0.6", linewidth=0.8, linestyle=":")
    ax.set_yticks(y, names)
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlabel("probability  (error bars and ±: 2 standard errors; ± in percentage points)")
    fig.suptitle(f"P(passes the {100 * threshold:g}% threshold of the {base} vote)  "
                 "(party, mean vote share)", x=0.01, ha="left", fontsize=12)
    fig.subplots_adjust(left=0.3, right=0.8, top=1 - 0.55 / fig.get_figheight(),
                        bottom=0.9 / fig.get_figheight())
    add_caption(fig, cap)
    return fig


def seat_histogram(party, i, draws):
    seats = require(party, "seats", dict, f".parties[{i}]")
    histogram = np.array(require(seats, "histogram", list, f".parties[{i}].seats"), dtype=float)
    if histogram.size == 0 or histogram.sum() != draws:
        raise InputError(f".parties[{i}].seats.histogram does not add up to the draws ({draws})")
    return seats, histogram / draws


def plot_seats(doc, parties, colours, cap):
    draws = require(doc, "draws", int, "")
    rows = [(i, p) for i, p in enumerate(parties) if "seats" in p]
    ncols = min(4, len(rows))
    nrows = math.ceil(len(rows) / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(max(7.5, 3.2 * ncols), 2.6 * nrows + 0.9),
                             squeeze=False)
    for ax, (i, party) in zip(axes.flat, rows):
        seats, prob = seat_histogram(party, i, draws)
        cumulative = np.cumsum(prob)
        # Show the seats holding all but the outer 0.05% of draws on each side.
        lo = int(np.searchsorted(cumulative, 0.0005))
        hi = max(int(np.searchsorted(cumulative, 0.9995)), lo + 4)
        s = np.arange(lo, min(hi, prob.size - 1) + 1)
        p5, p50, p95 = (require(seats, k, int, f".parties[{i}].seats")
                        for k in ("p5", "p50", "p95"))
        inside = (s >= p5) & (s <= p95)
        colour = colours[party["id"]]
        ax.bar(s[inside], prob[s[inside]], width=0.85, color=colour)
        ax.bar(s[~inside], prob[s[~inside]], width=0.85, color=colour, alpha=0.35)
        ax.axvline(p50, color="black", linewidth=1, linestyle="--")
        mean = require(seats, "mean", float, f".parties[{i}].seats")
        ax.set_title(f"{party['name']}\nmean {mean:.1f}, median {p50}, 90%: {p5}–{p95}",
                     fontsize=10)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=6))
        ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        ax.set_xlabel("seats")
    for ax in axes[:, 0]:
        ax.set_ylabel("share of draws")
    for ax in list(axes.flat)[len(rows):]:
        ax.set_visible(False)
    fig.suptitle("Total seats per option  (solid: 5th–95th percentile; dashed: median)",
                 x=0.01, ha="left", fontsize=12)
    fig.tight_layout(rect=(0, 0.4 / fig.get_figheight(), 1, 1))
    add_caption(fig, cap)
    return fig


def parliament(doc, parties):
    """The seats of the run's draw nearest the median seats (`parliament`), per party in ballot
    order: a composition that occurred, unlike the medians themselves."""
    chosen = require(doc, "parliament", dict, "")
    seats = require(chosen, "seats", dict, ".parliament")
    rows = []
    for i, party in enumerate(parties):
        if "seats" in party:
            rows.append((party, require(seats, party["id"], int, ".parliament.seats")))
    return rows, chosen


def hemicycle_seats(n):
    """Seat centres for n seats in concentric half rings (radii 0.4 to 1), left to right.

    The number of rings makes the spacing along a ring close to the spacing between rings; each
    ring gets seats in proportion to its radius (largest remainders)."""
    inner = 0.4

    def radii(rings):
        return np.linspace(inner, 1.0, rings) if rings > 1 else np.array([1.0])

    def mismatch(rings):
        r = radii(rings)
        along = math.pi * r.sum() / max(n - rings, 1)
        across = (1.0 - inner) / (rings - 1) if rings > 1 else 1.0
        return abs(math.log(along / across))

    rings = min(range(1, max(2, n // 3) + 1), key=mismatch)
    r = radii(rings)
    quota = n * r / r.sum()
    per_ring = np.floor(quota).astype(int)
    for k in np.argsort(-(quota - per_ring), kind="stable")[: n - per_ring.sum()]:
        per_ring[k] += 1
    seats = []
    for radius, count in zip(r, per_ring):
        angles = np.linspace(math.pi, 0, count) if count > 1 else np.array([math.pi / 2])
        seats += [(a, radius) for a in angles]
    seats.sort(key=lambda seat: (-seat[0], seat[1]))  # left to right, inner ring first
    spacing = min((1.0 - inner) / max(rings - 1, 1), math.pi * r.sum() / n)
    return np.array([(rad * math.cos(a), rad * math.sin(a)) for a, rad in seats]), spacing


def plot_hemicycle(doc, parties, colours, cap):
    rows, chosen = parliament(doc, parties)
    house_size = sum(count for _, count in rows)
    xy, spacing = hemicycle_seats(house_size)
    fig, ax = plt.subplots(figsize=(8, 5.4))
    fig.subplots_adjust(left=0.02, right=0.98, top=0.93, bottom=0.22)
    xlim, ylim = (-1.15, 1.15), (-0.15, 1.15)
    # Seat diameter: 80% of the seat spacing, at most 0.25 (a small house would get huge seats),
    # converted to points through the axes' size; with equal aspect the tighter side sets the scale.
    box = ax.get_position()
    inches_per_unit = min(box.width * fig.get_figwidth() / (xlim[1] - xlim[0]),
                          box.height * fig.get_figheight() / (ylim[1] - ylim[0]))
    diameter = min(0.8 * spacing, 0.25) * inches_per_unit * 72
    start = 0
    handles = []
    for party, count in rows:
        chunk = xy[start:start + count]
        start += count
        colour = colours[party["id"]]
        ax.scatter(chunk[:, 0], chunk[:, 1], s=diameter ** 2, color=colour, linewidths=0)
        handles.append(Line2D([], [], marker="o", linestyle="", markersize=9, color=colour,
                              label=f"{party['name']}  {count}"))
    ax.text(0, 0.02, f"{house_size}", ha="center", va="bottom", fontsize=26, weight="bold")
    ax.text(0, -0.02, f"seats; majority {house_size // 2 + 1}", ha="center", va="top",
            fontsize=10)
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0),
              ncol=min(4, len(handles)), frameon=False, fontsize=9, handletextpad=0.3,
              columnspacing=1.4)
    draw = require(chosen, "draw", int, ".parliament")
    among = require(chosen, "among", int, ".parliament")
    distance = require(chosen, "distance", int, ".parliament")
    fig.suptitle(f"A simulated parliament: draw {draw}, the nearest to the median seats among the "
                 f"first {among:,} draws\n(its seats differ from the medians by {distance} in all; "
                 "medians need not add up to the house)", x=0.01, ha="left", fontsize=10)
    add_caption(fig, cap)
    return fig


MAX_DISTRICT_ROWS = 100


def district_rows(doc):
    """The districts, most uncertain (smallest margin) first, ties in the file's order."""
    rows = []
    for d, district in enumerate(require(doc, "districts", list, "")):
        where = f".districts[{d}]"
        name = require(district, "name", str, where)
        margin = require(district, "margin", float, where)
        contenders = require(district, "contenders", list, where)
        probs = {require(c, "id", str, f"{where}.contenders[{i}]"):
                 require(c, "p_win", float, f"{where}.contenders[{i}]")
                 for i, c in enumerate(contenders)}
        rows.append((margin, d, name, probs))
    rows.sort(key=lambda row: (row[0], row[1]))
    return rows


def plot_districts(doc, parties, colours, cap):
    rows = district_rows(doc)
    shown = rows[:MAX_DISTRICT_ROWS]
    fig, ax = plt.subplots(figsize=(9, 0.24 * len(shown) + 2.2))
    y = np.arange(len(shown))[::-1]  # the most uncertain district at the top
    left = np.zeros(len(shown))
    for party in parties:
        widths = np.array([probs.get(party["id"], 0.0) for _, _, _, probs in shown])
        if not widths.any():
            continue
        ax.barh(y, widths, left=left, height=0.8, color=colours[party["id"]],
                label=party["name"])
        left += widths
    ax.set_yticks(y, [name[:40] for _, _, name, _ in shown], fontsize=8)
    ax.set_ylim(-0.6, len(shown) - 0.4)
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.axvline(0.5, color="white", linewidth=0.8, linestyle=":")
    ax.set_xlabel("P(wins the district)")
    more = f"; the closest {len(shown)} of {len(rows)}" if len(rows) > len(shown) else ""
    fig.suptitle(f"District odds, most uncertain first  (margin of the favourite{more})",
                 x=0.01, ha="left", fontsize=12)
    handles, labels = ax.get_legend_handles_labels()
    height = fig.get_figheight()
    fig.legend(handles, labels, loc="lower center", bbox_to_anchor=(0.5, 0.3 / height), ncol=4,
               frameon=False, fontsize=8)
    fig.subplots_adjust(left=0.36, right=0.97, top=1 - 0.5 / height,
                        bottom=(0.95 + 0.2 * math.ceil(len(labels) / 4)) / height)
    add_caption(fig, cap)
    return fig


def plot_result(doc, out_dir, written):
    cap = caption(doc)
    parties = require(doc, "parties", list, "")
    for i, party in enumerate(parties):
        require(party, "id", str, f".parties[{i}]")
        require(party, "name", str, f".parties[{i}]")
    colours = party_colours(parties)
    if any("p_threshold" in p for p in parties):
        save(plot_threshold(doc, parties, colours, cap), out_dir, "threshold", written)
    else:
        print("plot.py: no list threshold in this result; no threshold chart", file=sys.stderr)
    if not any("seats" in p for p in parties):
        raise InputError(".parties: no option has seats")
    save(plot_seats(doc, parties, colours, cap), out_dir, "seats", written)
    save(plot_hemicycle(doc, parties, colours, cap), out_dir, "hemicycle", written)
    if require(doc, "districts", list, ""):
        save(plot_districts(doc, parties, colours, cap), out_dir, "districts", written)


# --- seatsim.sweep/1 -------------------------------------------------------------------------

SWEEP_CHARTS = (
    ("sweep-threshold", "p_threshold", "P(passes the list threshold)"),
    ("sweep-any-seat", "p_any_seat", "P(wins at least one seat)"),
)


def sweep_rows(doc):
    rows = require(doc, "sweep", list, "")
    if not rows:
        raise InputError(".sweep is empty")
    keys = None
    for n, row in enumerate(rows):
        point = require(row, "point", dict, f".sweep[{n}]")
        for key, value in point.items():
            if not isinstance(value, str):
                require(point, key, float, f".sweep[{n}].point")
        if keys is None:
            keys = list(point)
            if not keys:
                raise InputError(".sweep[0].point has no keys")
        elif list(point) != keys:
            raise InputError(f".sweep[{n}].point has keys {list(point)}, not {keys} as row 0")
        parties = require(row, "parties", list, f".sweep[{n}]")
        for i, party in enumerate(parties):
            require(party, "id", str, f".sweep[{n}].parties[{i}]")
            require(party, "name", str, f".sweep[{n}].parties[{i}]")
    return rows, keys


def iso_date(value):
    """The date a word such as 2023-02-12 names, or None."""
    try:
        return datetime.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def x_axis(rows, x_key):
    """Where each x value sits: numbers as they are, ISO dates as dates, other words as categories
    in the order of the sweep (with their tick labels)."""
    values = [row["point"][x_key] for row in rows]
    if all(not isinstance(v, str) for v in values):
        return {v: v for v in values}, None
    if all(iso_date(v) for v in values):
        return {v: iso_date(v) for v in values}, None
    categories = list(dict.fromkeys(values))
    return {v: categories.index(v) for v in values}, categories


def value_label(key, value):
    return f"{key} = {value:g}" if not isinstance(value, str) else f"{key} = {value}"


def plot_sweep_metric(rows, keys, field, label, cap):
    x_key, curve_keys = keys[0], keys[1:]
    position, categories = x_axis(rows, x_key)
    names = {}
    for row in rows:
        for party in row["parties"]:
            if field in party:
                names.setdefault(party["id"], party["name"])
    curves = list(dict.fromkeys(tuple(row["point"][k] for k in curve_keys) for row in rows))
    ncols = min(3, len(names))
    nrows = math.ceil(len(names) / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(max(7.5, 4 * ncols), 3 * nrows + 1.2),
                             squeeze=False)
    shades = plt.get_cmap("viridis")(np.linspace(0.05, 0.8, len(curves)))
    for ax, (pid, name) in zip(axes.flat, names.items()):
        for curve, shade in zip(curves, shades):
            xs, ps, ses = [], [], []
            for n, row in enumerate(rows):
                if tuple(row["point"][k] for k in curve_keys) != curve:
                    continue
                for i, party in enumerate(row["parties"]):
                    if party["id"] == pid and field in party:
                        where = f".sweep[{n}].parties[{i}]"
                        xs.append(position[row["point"][x_key]])
                        ps.append(require(party, field, float, where))
                        ses.append(require(party, field + "_se", float, where))
            order = sorted(range(len(xs)), key=lambda j: xs[j])
            x = [xs[j] for j in order]
            p, se = (np.array(v)[order] for v in (ps, ses))
            legend = ", ".join(value_label(k, v) for k, v in zip(curve_keys, curve)) or None
            ax.fill_between(x, np.clip(p - 2 * se, 0, 1), np.clip(p + 2 * se, 0, 1),
                            color=shade, alpha=0.25, linewidth=0)
            ax.plot(x, p, marker="o", markersize=3.5, color=shade, label=legend)
        ax.set_title(name)
        ax.set_ylim(-0.03, 1.03)
        ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        ax.set_xlabel(x_key)
        if categories:
            ax.set_xticks(range(len(categories)), categories, rotation=30, ha="right")
        elif isinstance(next(iter(position.values())), datetime.date):
            ax.xaxis.set_major_locator(matplotlib.dates.AutoDateLocator(maxticks=6))
            ax.xaxis.set_major_formatter(matplotlib.dates.ConciseDateFormatter(
                ax.xaxis.get_major_locator()))
        ax.grid(alpha=0.3)
    for ax in axes[:, 0]:
        ax.set_ylabel(label)
    for ax in list(axes.flat)[len(names):]:
        ax.set_visible(False)
    fig.suptitle(f"{label} across the sweep  (band: ±2 standard errors)", x=0.01, ha="left",
                 fontsize=12)
    bottom = 0.4 / fig.get_figheight()
    if curve_keys:
        handles, labels = axes[0, 0].get_legend_handles_labels()
        fig.legend(handles, labels, loc="lower center", ncol=min(3, len(curves)), frameon=False,
                   bbox_to_anchor=(0.5, bottom))
        bottom += 0.35 * math.ceil(len(curves) / 3) / fig.get_figheight()
    fig.tight_layout(rect=(0, bottom, 1, 1))
    add_caption(fig, cap)
    return fig


def plot_sweep(doc, out_dir, written):
    cap = caption(doc) + "  ·  per grid point"
    rows, keys = sweep_rows(doc)
    drawn = False
    for name, field, label in SWEEP_CHARTS:
        if any(field in p for row in rows for p in row["parties"]):
            save(plot_sweep_metric(rows, keys, field, label, cap), out_dir, name, written)
            drawn = True
    if not drawn:
        raise InputError(".sweep: no party has " + " or ".join(f for _, f, _ in SWEEP_CHARTS))


def main():
    parser = argparse.ArgumentParser(
        prog="plot.py",
        description="Draw PNG and SVG charts of a seatsim result or sweep JSON file.",
        epilog=f"{RESULT_SCHEMA} (seatsim run --json) gives threshold, seats, hemicycle and districts; "
               f"{SWEEP_SCHEMA} gives sweep-threshold and sweep-any-seat. "
               "The module docstring describes each chart and the sweep input.")
    parser.add_argument("input", metavar="RESULT.json", type=pathlib.Path,
                        help="a seatsim.result/1 or seatsim.sweep/1 JSON file")
    parser.add_argument("--out", metavar="DIR", type=pathlib.Path, required=True,
                        help="directory for the charts (created if missing)")
    args = parser.parse_args()

    try:
        doc = load(args.input)
    except InputError as error:
        print(f"plot.py: {args.input}: {error}", file=sys.stderr)
        return INPUT_ERROR
    try:
        args.out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        print(f"plot.py: {args.out}: cannot create directory ({error.strerror})", file=sys.stderr)
        return INPUT_ERROR
    written = []
    try:
        if doc["schema"] == RESULT_SCHEMA:
            plot_result(doc, args.out, written)
        else:
            plot_sweep(doc, args.out, written)
    except InputError as error:
        print(f"plot.py: {args.input}: {error}", file=sys.stderr)
        return INPUT_ERROR
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
