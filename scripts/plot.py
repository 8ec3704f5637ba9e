#!/usr/bin/python3
"""Turn a seatsim result (or sweep) JSON into PNG and SVG charts, or a result into a report page.

    scripts/plot.py RESULT.json --out DIR
    scripts/plot.py RESULT.json --html FILE

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
  shares     the density of each list-ballot option's share of the valid vote, one panel per
             option, from `share.histogram` (draws per 0.1-point bin, shown per point), with the
             list threshold (parties only) and `report.share_lines` as vertical lines.

--html FILE (seatsim.result/1 only) writes one self-contained HTML page: headline probabilities
(the events that happen in some draw, the likeliest largest option), the seat and share table
with intervals, the charts above inline as SVG, the district odds (the ten closest, then all),
`blocs` when the result has them, the smallest coalitions, and the scenario, seed and draws. It
loads nothing (no script, font or image from anywhere; a Content-Security-Policy forbids it), and
fits a phone's width: tables scroll sideways in their own box, charts shrink to the column down
to half their drawn width and scroll sideways below that.

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
import html
import io
import json
import math
import pathlib
import re
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


def panels(count, title_height):
    """A figure of `count` small panels, four to a row."""
    ncols = min(4, count)
    nrows = math.ceil(count / ncols)
    return plt.subplots(nrows, ncols, figsize=(max(7.5, 3.2 * ncols), 2.6 * nrows + title_height),
                        squeeze=False)


def finish_panels(fig, axes, count, ylabel, title, cap):
    """Label the first column, hide the unused panels, and add the title and caption."""
    for ax in axes[:, 0]:
        ax.set_ylabel(ylabel)
    for ax in list(axes.flat)[count:]:
        ax.set_visible(False)
    fig.suptitle(title, x=0.01, ha="left", fontsize=12)
    fig.tight_layout(rect=(0, 0.4 / fig.get_figheight(), 1, 1))
    add_caption(fig, cap)
    return fig


def plot_seats(doc, parties, colours, cap):
    draws = require(doc, "draws", int, "")
    rows = [(i, p) for i, p in enumerate(parties) if "seats" in p]
    fig, axes = panels(len(rows), 0.9)
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
    return finish_panels(fig, axes, len(rows), "share of draws",
                         "Total seats per option  (solid: 5th–95th percentile; dashed: median)",
                         cap)


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


def share_density(party, i, draws):
    """The bin edges of the option's share histogram and the share of draws per percentage point
    in each bin (docs/json-schema.md, `share`)."""
    where = f".parties[{i}].share"
    share = require(party, "share", dict, f".parties[{i}]")
    width = require(share, "bin_width", float, where)
    first = require(share, "first_bin", int, where)
    histogram = np.array(require(share, "histogram", list, where), dtype=float)
    if histogram.size == 0 or histogram.sum() != draws or width <= 0:
        raise InputError(f"{where}.histogram does not add up to the draws ({draws})")
    edges = (first + np.arange(histogram.size + 1)) * width
    return edges, histogram / (draws * 100 * width)


def share_lines(doc, party, i):
    """The vertical lines of the option's share panel, as (share, label, style): the list threshold
    (on its declared base) for a party subject to it, and the scenario's share lines."""
    lines = []
    tiers = require(doc, "tiers", dict, "")
    if "p_threshold" in party:
        base = require(tiers, "threshold_base", str, ".tiers")
        value = require(tiers, "threshold", float, ".tiers")
        lines.append((value, f"red dashed: the {100 * value:g}% threshold of the {base} vote",
                      dict(color="#c0392b", linestyle="--")))
    for j, line in enumerate(party.get("share_lines", [])):
        value = require(line, "line", float, f".parties[{i}].share_lines[{j}]")
        lines.append((value, f"grey dotted: the {100 * value:g}% share line",
                      dict(color="0.35", linestyle=":")))
    return lines


def shown_range(edges, density, lines):
    """The shares holding all but the outer 0.05% of draws on each side, widened to take in a line
    that lies within one such width of it (so a small party's threshold is always in view)."""
    cumulative = np.cumsum(density) / density.sum()
    lo = edges[int(np.searchsorted(cumulative, 0.0005))]
    hi = edges[int(np.searchsorted(cumulative, 0.9995)) + 1]
    span = hi - lo
    for value, _, _ in lines:
        if lo - span <= value <= hi + span:
            lo, hi = min(lo, value - 0.1 * span), max(hi, value + 0.1 * span)
    return max(lo, 0.0), min(hi, 1.0)


def share_interval(party, i):
    """", 90%: a–b" as the text report prints it: from the lower edge of the bin holding the 5%
    quantile to the upper edge of the bin holding the 95% one (README.md, "90% share")."""
    where = f".parties[{i}].share"
    quantiles = {require(q, "percent", int, f"{where}.quantiles[{j}]"):
                 require(q, "value", float, f"{where}.quantiles[{j}]")
                 for j, q in enumerate(require(party["share"], "quantiles", list, where))}
    if not {5, 95} <= quantiles.keys():
        return ""
    width = require(party["share"], "bin_width", float, where)
    return f", 90%: {quantiles[5]:.1%}–{quantiles[95] + width:.1%}"


def plot_shares(doc, parties, colours, cap):
    draws = require(doc, "draws", int, "")
    rows = [(i, p) for i, p in enumerate(parties) if "share" in p]
    key = {}  # the lines drawn, in order, once each
    fig, axes = panels(len(rows), 1.1)
    for ax, (i, party) in zip(axes.flat, rows):
        edges, density = share_density(party, i, draws)
        lines = share_lines(doc, party, i)
        key.update((label, None) for _, label, _ in lines)
        colour = colours[party["id"]]
        ax.stairs(density, edges, fill=True, color=colour, alpha=0.45)
        ax.stairs(density, edges, color=colour, linewidth=1)
        lo, hi = shown_range(edges, density, lines)
        for value, _, style in lines:
            if lo <= value <= hi:
                ax.axvline(value, linewidth=1.2, **style)
        mean = require(party, "mean_share", float, f".parties[{i}]")
        ax.set_title(f"{party['name']}\nmean {mean:.1%}{share_interval(party, i)}", fontsize=10)
        ax.set_xlim(lo, hi)
        ax.set_ylim(bottom=0)
        ax.xaxis.set_major_locator(MaxNLocator(nbins=5))
        ax.xaxis.set_major_formatter(lambda x, _: f"{100 * x:g}%")
        ax.set_xlabel("share of the valid vote")
    key = "; ".join(key)
    return finish_panels(fig, axes, len(rows), "share of draws per point",
                         "Vote share densities" + (f"  ({key})" if key else ""), cap)


def result_figures(doc):
    """The charts of a seatsim.result/1 document, as (name, figure), in docs/plots.md's order."""
    cap = caption(doc)
    parties = require(doc, "parties", list, "")
    for i, party in enumerate(parties):
        require(party, "id", str, f".parties[{i}]")
        require(party, "name", str, f".parties[{i}]")
    colours = party_colours(parties)
    if any("p_threshold" in p for p in parties):
        yield "threshold", plot_threshold(doc, parties, colours, cap)
    else:
        print("plot.py: no list threshold in this result; no threshold chart", file=sys.stderr)
    if not any("seats" in p for p in parties):
        raise InputError(".parties: no option has seats")
    yield "seats", plot_seats(doc, parties, colours, cap)
    yield "hemicycle", plot_hemicycle(doc, parties, colours, cap)
    if require(doc, "districts", list, ""):
        yield "districts", plot_districts(doc, parties, colours, cap)
    if any("share" in p for p in parties):
        yield "shares", plot_shares(doc, parties, colours, cap)


def plot_result(doc, args, written):
    """The charts into --out DIR, the report page into --html FILE, or both."""
    svgs = {}
    for n, (name, fig) in enumerate(result_figures(doc)):
        if args.html:
            svgs[name] = inline_svg(fig, n)
        if args.out:
            save(fig, args.out, name, written)
        plt.close(fig)
    if args.html:
        write_page(doc, svgs, args.input.name, args.html)
        written.append(args.html)


# --- the report page (--html) ----------------------------------------------------------------

# The page loads nothing: everything is inline, and the browser is told to refuse any fetch.
PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; script-src 'none'"

PAGE_CSS = """
body { margin: 0; color: #222; background: #fff; line-height: 1.45;
       font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
main { max-width: 62rem; margin: 0 auto; padding: 0.75rem 1rem 2rem; }
h1 { font-size: 1.5rem; margin: 0.5rem 0 0.25rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 0.5rem; border-bottom: 1px solid #ccc; }
.meta, .note { color: #555; font-size: 0.9rem; }
.scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; white-space: nowrap;
        font-size: 0.9rem; }
th, td { padding: 0.25rem 0.6rem; border-bottom: 1px solid #e3e3e3; text-align: right; }
th { background: #f4f4f4; }
th:first-child, td:first-child { text-align: left; position: sticky; left: 0; background: #fff;
                                white-space: normal; min-width: 7rem; max-width: 40vw; }
th:first-child { background: #f4f4f4; }
.swatch { display: inline-block; width: 0.8em; height: 0.8em; margin-right: 0.4em;
          border-radius: 2px; vertical-align: -0.05em; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(9.5rem, 1fr));
         gap: 0.5rem; }
.card { border: 1px solid #ddd; border-radius: 0.4rem; padding: 0.5rem 0.7rem; }
.card b { display: block; font-size: 1.25rem; font-variant-numeric: tabular-nums; }
figure { margin: 1rem 0; }
figure svg { display: block; width: 100%; height: auto; }
details summary { cursor: pointer; margin: 0.5rem 0; }
"""


def probability(p, se):
    """`p` in percent with its standard error, to two significant digits of the error, as the
    text report writes them."""
    if se <= 0:
        return f"{100 * p:.0f}%" if p in (0, 1) else f"{100 * p:.2f}%"
    digits = min(4, max(0, 1 - math.floor(math.log10(100 * se))))
    return f"{100 * p:.{digits}f}% ±{100 * se:.{digits}f}"


def html_table(head, rows):
    """A table in a horizontally scrolling box; cells are already escaped HTML."""
    cells = "".join(f"<th>{h}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return (f'<div class="scroll"><table><thead><tr>{cells}</tr></thead>'
            f"<tbody>{body}</tbody></table></div>")


def inline_svg(fig, n):
    """The figure as an <svg> element for the page: no XML prolog, no fixed size (CSS scales it
    to the column, between half and all of its drawn size), and its ids prefixed with `cN-` so
    that the charts' ids stay unique."""
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg",
                metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]
    head, rest = svg.split(">", 1)
    width = re.search(r'\swidth="([^"]+)"', head).group(1)
    head = re.sub(r'\s(width|height|xmlns(:xlink)?)="[^"]*"', "", head)
    # Never wider than drawn; on a phone at least half as wide as drawn (the figure's box scrolls
    # sideways), so that the panels' labels stay legible.
    head += f' style="max-width: {width}; min-width: calc(0.5 * {width})"'
    rest = re.sub(r'\bid="([^"]+)"', rf'id="c{n}-\1"', rest)
    rest = re.sub(r'(href="#|url\(#)([^")]+)', rf"\1c{n}-\2", rest)
    return f'{head} role="img">{rest}'


def option_names(parties):
    return {p["id"]: p["name"] for p in parties}


def headline(doc, parties):
    """Cards: every event that happens in some draw, and the likeliest largest option."""
    names = option_names(parties)
    cards = []
    for j, event in enumerate(require(doc, "events", list, "")):
        name = require(event, "name", str, f".events[{j}]")
        p = require(event, "p", float, f".events[{j}]")
        if p <= 0:
            continue
        match = re.fullmatch(r"(\S+) >= (\d+) seats \((.+)\)", name)
        if match and match.group(1) in names:
            name = f"{names[match.group(1)]} ≥ {match.group(2)} seats ({match.group(3)})"
        cards.append((probability(p, require(event, "se", float, f".events[{j}]")), name))
    largest = [p for p in parties if "p_largest" in p]
    if largest:
        top = max(largest, key=lambda p: p["p_largest"])
        cards.insert(0, (probability(top["p_largest"], top["p_largest_se"]),
                         f"{top['name']} has the most seats"))
    items = "".join(f"<div class=\"card\"><b>{html.escape(value)}</b>{html.escape(label)}</div>"
                    for value, label in cards)
    return f'<h2>Headline</h2><div class="cards">{items}</div>'


def seat_table(parties, colours):
    """One row per option: share and its 90% interval, threshold, any seat, largest, seats."""
    def cell(party, key):
        return probability(party[key], party[key + "_se"]) if key in party else ""
    rows = []
    for i, party in enumerate(parties):
        colour = matplotlib.colors.to_hex(colours[party["id"]])
        swatch = f'<span class="swatch" style="background:{colour}"></span>'
        share = (f"{party['mean_share']:.1%}", share_interval(party, i)[len(", 90%: "):]) \
            if "share" in party else ("", "")
        seats = party.get("seats")
        seat_cells = ((f"{seats['mean']:.2f}", str(seats["p50"]), f"{seats['p5']}–{seats['p95']}")
                      if seats else ("", "", ""))
        rows.append([swatch + html.escape(party["name"]), *share, cell(party, "p_threshold"),
                     cell(party, "p_any_seat"), cell(party, "p_largest"), *seat_cells])
    head = ["option", "mean share", "90% share", "P(passes threshold)", "P(any seat)",
            "P(most seats)", "mean seats", "median", "90% seats"]
    return ("<h2>Seats and shares</h2>" + html_table(head, rows)
            + '<p class="note">± one Monte Carlo standard error; intervals are the 5th and 95th '
              "percentiles.</p>")


def district_table(rows, names):
    out = []
    for district in rows:
        ranked = sorted(district["contenders"], key=lambda c: -c["p_win"])
        runner = ranked[1] if len(ranked) > 1 else None
        out.append([html.escape(district["name"]), html.escape(district.get("region", "")),
                    html.escape(names.get(district["favourite"], district["favourite"])),
                    probability(ranked[0]["p_win"], ranked[0]["p_win_se"]),
                    html.escape(names.get(runner["id"], runner["id"])) if runner else "",
                    probability(runner["p_win"], runner["p_win_se"]) if runner else "",
                    probability(district["margin"], district["margin_se"])])
    return html_table(["district", "region", "favourite", "P(win)", "runner-up", "P(win)",
                       "margin"], out)


def districts_section(doc, parties, svgs):
    districts = require(doc, "districts", list, "")
    if not districts:
        return ""
    names = option_names(parties)
    closest = [d for _, d in sorted(enumerate(districts), key=lambda x: (x[1]["margin"], x[0]))]
    shown = min(10, len(closest))
    return (f"<h2>District odds</h2><h3>The {shown} closest districts</h3>"
            + district_table(closest[:shown], names)
            + f"<details><summary>All {len(districts)} districts, closest first</summary>"
            + district_table(closest, names) + "</details>"
            + f'<figure class="scroll">{svgs["districts"]}</figure>')


def blocs_section(doc):
    """Named blocs, when the result has them: each one's odds of a majority and of two thirds and
    its seats."""
    blocs = doc.get("blocs")
    if not blocs:
        return ""
    rows = []
    for bloc in blocs:
        seats = bloc["seats"]
        rows.append([html.escape(bloc["name"]), html.escape(", ".join(bloc["parties"])),
                     probability(bloc["p_majority"], bloc["p_majority_se"]),
                     probability(bloc["p_two_thirds"], bloc["p_two_thirds_se"]),
                     f"{seats['mean']:.2f}", f"{seats['p5']}–{seats['p95']}"])
    return "<h2>Blocs</h2>" + html_table(
        ["bloc", "members", "P(majority)", "P(two thirds)", "mean seats", "90% seats"], rows)


def coalitions_section(doc, parties):
    """The smallest coalitions likely to reach a majority, as the text report lists them."""
    coalitions = require(doc, "coalitions", dict, "")
    if not require(coalitions, "counted", bool, ".coalitions"):
        return ('<h2>Coalitions</h2><p class="note">Not counted (more than 16 seat-winning '
                "options).</p>")
    names = option_names(parties)
    small = [c for c in require(coalitions, "subsets", list, ".coalitions")
             if len(c["parties"]) <= 3 and c["p_majority"] > 0]
    small.sort(key=lambda c: (len(c["parties"]), -c["p_majority"]))
    rows = [[html.escape(" + ".join(names.get(m, m) for m in c["parties"])),
             probability(c["p_majority"], c["p_majority_se"]),
             probability(c["p_two_thirds"], c["p_two_thirds_se"])] for c in small[:12]]
    return (f"<h2>Coalitions</h2><p class=\"note\">Coalitions of up to three options, the smallest "
            f"first: majority ≥ {coalitions['majority_seats']} seats, two thirds ≥ "
            f"{coalitions['two_thirds_seats']}; the JSON lists every coalition.</p>"
            + html_table(["coalition", "P(majority)", "P(two thirds)"], rows))


def page_html(doc, svgs, source):
    """The whole report page: one HTML document with its charts inline and no external resource."""
    parties = doc["parties"]
    colours = party_colours(parties)
    scenario = doc["scenario"]
    title = html.escape(scenario["election"])
    partial = " (partial: the run was stopped)" if doc.get("partial") else ""
    figure = "".join(f'<figure class="scroll">{svgs[name]}</figure>'
                     for name in ("threshold", "shares") if name in svgs)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{PAGE_POLICY}">
<title>{title}: seatsim forecast</title>
<style>{PAGE_CSS}</style>
</head>
<body>
<main>
<h1>{title}</h1>
<p class="meta">Election date {html.escape(scenario["date"])} · scenario
{html.escape(scenario["source"])} · {doc["draws"]:,} draws{partial} · seed {doc["seed"]} ·
{doc["house_size"]} seats</p>
{headline(doc, parties)}
{seat_table(parties, colours)}
<figure class="scroll">{svgs["seats"]}</figure>
<figure class="scroll">{svgs["hemicycle"]}</figure>
<h2>Vote shares</h2>
{figure}
{districts_section(doc, parties, svgs)}
{blocs_section(doc)}
{coalitions_section(doc, parties)}
<p class="meta">Made by seatsim's scripts/plot.py from {html.escape(source)}
({html.escape(doc["schema"])}).</p>
</main>
</body>
</html>
"""


def write_page(doc, svgs, source, path):
    try:
        path.write_text(page_html(doc, svgs, source), encoding="utf-8")
    except OSError as error:
        raise InputError(f"cannot write {path} ({error.strerror})") from None


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
        description="Draw PNG and SVG charts of a seatsim result or sweep JSON file, or a report "
                    "page of a result.",
        epilog=f"{RESULT_SCHEMA} (seatsim run --json) gives threshold, seats, hemicycle, districts "
               f"and shares, and the page; {SWEEP_SCHEMA} gives sweep-threshold and "
               "sweep-any-seat. The module docstring describes each chart, the page and the sweep "
               "input.")
    parser.add_argument("input", metavar="RESULT.json", type=pathlib.Path,
                        help="a seatsim.result/1 or seatsim.sweep/1 JSON file")
    parser.add_argument("--out", metavar="DIR", type=pathlib.Path,
                        help="directory for the charts (created if missing)")
    parser.add_argument("--html", metavar="FILE", type=pathlib.Path,
                        help="write a self-contained report page of a result (charts inline)")
    args = parser.parse_args()
    if not args.out and not args.html:
        parser.error("give --out DIR, --html FILE or both")

    try:
        doc = load(args.input)
        if args.html and doc["schema"] != RESULT_SCHEMA:
            raise InputError(f"--html takes a {RESULT_SCHEMA} file (seatsim run --json), "
                             f"not {doc['schema']}")
    except InputError as error:
        print(f"plot.py: {args.input}: {error}", file=sys.stderr)
        return INPUT_ERROR
    try:
        if args.out:
            args.out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        print(f"plot.py: {args.out}: cannot create directory ({error.strerror})", file=sys.stderr)
        return INPUT_ERROR
    written = []
    try:
        if doc["schema"] == RESULT_SCHEMA:
            plot_result(doc, args, written)
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
