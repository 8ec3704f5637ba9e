#!/usr/bin/python3
"""Re-run the [C] seat reproductions of scenarios/data/ from their CSV files.

Each check reads a case's CSVs, applies the allocation rule its SOURCES.md states (exact
arithmetic on integer vote counts, fractions.Fraction, no floating point), and compares the
result with the official seats recorded in the same CSVs. A tie at a seat boundary is reported
as a mismatch, since the official tie-break (lot, registration order) is not modelled here.

Usage: scripts/check-data.py [DATA_DIR]   (default: scenarios/data next to this script)
Exit status: 0 when every reproduction matches, 1 on any mismatch, 2 on unreadable input.
"""

import csv
import sys
from fractions import Fraction
from pathlib import Path


class InputError(Exception):
    pass


def read_rows(path, *columns):
    """Rows of a CSV file as dicts; `columns` must all be in its header."""
    try:
        with open(path, newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            missing = [c for c in columns if c not in (reader.fieldnames or [])]
            if missing:
                raise InputError(f"{path}: header lacks column(s) {', '.join(missing)}")
            return list(reader)
    except OSError as e:
        raise InputError(f"{path}: {e.strerror}") from e


class Rules:
    """The key,value pairs of a case's rules.csv; a missing or malformed value is an input error."""

    def __init__(self, path):
        self.path_ = path
        self.values_ = {row["key"]: row["value"] for row in read_rows(path, "key", "value")}

    def text(self, key):
        if key not in self.values_:
            raise InputError(f"{self.path_}: no key '{key}'")
        return self.values_[key]

    def number(self, key):
        try:
            return Fraction(self.text(key))
        except ValueError as e:
            raise InputError(f"{self.path_}: key '{key}' is not a number") from e

    def integer(self, key):
        value = self.number(key)
        if value.denominator != 1:
            raise InputError(f"{self.path_}: key '{key}' is not an integer")
        return int(value)

    def expect(self, key, value):
        if self.text(key) != value:
            raise InputError(f"{self.path_}: key '{key}' is '{self.text(key)}', this check implements '{value}'")


def integer(row, key, path):
    try:
        return int(row[key])
    except (KeyError, ValueError) as e:
        raise InputError(f"{path}: row {row}: key '{key}' is not an integer") from e


def highest_averages(votes, seats, divisor, already=None, order=None):
    """Award `seats` one at a time to the largest votes / divisor(k), k = seats held so far.

    `already` gives seats held before the first award (Scottish regional lists count the
    constituency seats here); `order`, if a list, receives the winner of each award in turn.
    Returns (seats won in this allocation, tie at the last seat?).
    """
    held = dict(already or {})
    for party in votes:
        held.setdefault(party, 0)
    won = {party: 0 for party in votes}
    tie_at_end = False
    for _ in range(seats):
        quotients = {p: Fraction(votes[p], divisor(held[p])) for p in votes}
        best = max(quotients.values())
        leaders = [p for p in votes if quotients[p] == best]
        # Earlier ties resolve themselves (each leader gets a seat in turn); one at the last seat does not.
        tie_at_end = len(leaders) > 1
        if order is not None:
            order.append(leaders[0])
        won[leaders[0]] += 1
        held[leaders[0]] += 1
    return won, tie_at_end


def dhondt(k):
    return k + 1


def hare_largest_remainder(votes, seats):
    """Hare quota = total / seats; integer parts first, leftover seats to the largest remainders."""
    total = sum(votes.values())
    exact = {p: Fraction(v * seats, total) for p, v in votes.items()}
    won = {p: int(q) for p, q in exact.items()}
    left = seats - sum(won.values())
    order = sorted(votes, key=lambda p: exact[p] - won[p], reverse=True)
    tie = left < len(order) and left > 0 and (
        exact[order[left - 1]] - won[order[left - 1]] == exact[order[left]] - won[order[left]])
    for party in order[:left]:
        won[party] += 1
    return won, tie


class Report:
    def __init__(self):
        self.failures = 0

    def check(self, case, what, got, expected):
        if got == expected:
            print(f"  ok    {case}: {what}")
        else:
            self.failures += 1
            print(f"  FAIL  {case}: {what}: computed {got}, official {expected}")


def check_scotland(case_dir, report):
    """Scotland Act 1998 ss 6-8: each region's 7 list seats go one at a time to the party with the
    highest list votes / (constituency seats won in the region + list seats already allocated + 1)."""
    case = case_dir.name
    regions_path = case_dir / "regions.csv"
    seats_path = case_dir / "seats.csv"
    votes_path = case_dir / "list_votes.csv"
    seats = read_rows(seats_path, "region", "party", "constituency_seats", "list_seats")
    votes = read_rows(votes_path, "region", "party", "list_votes")
    regions = read_rows(regions_path, "region", "constituencies", "list_seats", "list_votes_tag",
                        "omitted_party_votes_at_most")
    Rules(case_dir / "rules.csv").expect("method", "dhondt_counting_constituency_seats")
    totals = {}
    for region in regions:
        name = region["region"]
        held = {r["party"]: integer(r, "constituency_seats", seats_path) for r in seats if r["region"] == name}
        official = {r["party"]: integer(r, "list_seats", seats_path) for r in seats if r["region"] == name}
        report.check(case, f"{name}: constituency seats sum to its constituencies",
                     sum(held.values()), integer(region, "constituencies", regions_path))
        report.check(case, f"{name}: list seats sum to {region['list_seats']}",
                     sum(official.values()), integer(region, "list_seats", regions_path))
        for party in held:
            totals[party] = totals.get(party, 0) + held[party] + official[party]
        if region["list_votes_tag"] == "none":
            print(f"  skip  {case}: {name}: no list votes gathered, D'Hondt not reproduced")
            continue
        list_votes = {r["party"]: integer(r, "list_votes", votes_path) for r in votes if r["region"] == name}
        seats_to_fill = integer(region, "list_seats", regions_path)
        won, tie = highest_averages(list_votes, seats_to_fill, dhondt, held)
        tag = " (list votes [U])" if region["list_votes_tag"] == "U" else ""
        report.check(case, f"{name}: no tie for the last list seat", tie, False)
        report.check(case, f"{name}: D'Hondt list seats{tag}",
                     {p: n for p, n in won.items() if n}, {p: n for p, n in official.items() if n})
        # A party missing from list_votes.csv could only have changed the result if its votes reached
        # the last quotient awarded; regions.csv bounds their votes (0 when the list is complete).
        final = {p: held.get(p, 0) + won[p] for p in list_votes}
        last = min(Fraction(list_votes[p], final[p]) for p in list_votes if won[p])
        report.check(case, f"{name}: parties not listed stay below the last quotient {float(last):.1f}",
                     integer(region, "omitted_party_votes_at_most", regions_path) < last, True)
    national_path = case_dir / "national.csv"
    national = {r["party"]: integer(r, "seats", national_path)
                for r in read_rows(national_path, "party", "seats")}
    report.check(case, "seats per party, all Scotland", totals, national)
    missing = [r["region"] for r in regions if r["list_votes_tag"] == "none"]
    check_scotland_list_totals(case_dir, votes, votes_path, national, missing, report)


def check_scotland_list_totals(case_dir, votes, votes_path, seat_winners, missing, report):
    """Each party's list votes in the regions gathered can add up to at most its national list
    total; what is left of a seat winner's total is what the `missing` regions hold together.
    Independent candidates ("Independent (name)") count against the national line "Independent"."""
    case = case_dir.name
    path = case_dir / "national_list_votes.csv"
    national = {r["party"]: integer(r, "list_votes", path) for r in read_rows(path, "party", "list_votes")}
    gathered = {}
    for r in votes:
        party = r["party"].split(" (")[0]
        if party not in national:
            raise InputError(f"{votes_path}: party '{r['party']}' has no line in {path}")
        gathered[party] = gathered.get(party, 0) + integer(r, "list_votes", votes_path)
    over = {p: n for p, n in gathered.items() if n > national[p]}
    left = ", ".join(f"{p} {national[p] - gathered.get(p, 0)}" for p in seat_winners)
    note = f" (left for {' and '.join(missing)}: {left})" if missing else ""
    report.check(case, f"list votes per party within its national list total{note}", over, {})


def greek_bonus(share_percent, rules):
    """Bonus seats to the first party by its share of valid votes (PD 26/2012 as amended 2020)."""
    low = rules.number("bonus_min_percent")
    if share_percent < low:
        return 0
    steps = int((share_percent - low) / rules.number("bonus_step_percent"))
    bonus = rules.integer("bonus_at_min") + steps * rules.integer("bonus_seats_per_step")
    return min(bonus, rules.integer("bonus_max"))


def check_greece(case_dir, report):
    """Bonus to the first party, then the remaining seats by Hare largest remainder among the
    parties with >= 3% of valid votes (national totals only). A bonus of 0 in rules.csv is the
    2016 law that governed May 2023. parties-electionguide.csv, where present, is a second count."""
    case = case_dir.name
    rules = Rules(case_dir / "rules.csv")
    rules.expect("remaining_method", "hare_largest_remainder")
    valid = rules.integer("valid_votes")
    threshold = rules.number("threshold_percent_of_valid_votes") / 100
    for name in ("parties.csv", "parties-electionguide.csv"):
        path = case_dir / name
        if name != "parties.csv" and not path.exists():
            continue
        rows = read_rows(path, "party", "votes", "seats")
        votes = {r["party"]: integer(r, "votes", path) for r in rows}
        report.check(case, f"{name}: party votes within valid votes",
                     sum(votes.values()) <= valid, True)
        qualifying = {p: v for p, v in votes.items() if v >= threshold * valid}
        first = max(qualifying, key=qualifying.get)
        bonus = greek_bonus(Fraction(100 * votes[first], valid), rules)
        won, tie = hare_largest_remainder(qualifying, rules.integer("total_seats") - bonus)
        won[first] += bonus
        report.check(case, f"{name}: no tie on the last remainder", tie, False)
        report.check(case, f"{name}: bonus {bonus} + Hare, seats per party",
                     {p: won.get(p, 0) for p in votes},
                     {r["party"]: integer(r, "seats", path) for r in rows})


def rounding_interval(text, scale):
    """The interval a published percentage stands for: 27.69 is any share in [27.685, 27.695],
    times `scale` / 100 (the voters of the circle, or 100 to stay in percentage points)."""
    value = Fraction(text)
    decimals = len(text.split(".")[1]) if "." in text else 0
    half = Fraction(1, 2 * 10 ** decimals)
    return (value - half) * scale / 100, (value + half) * scale / 100


def circle_bounds(circle, rows, path):
    """Each named list's votes as an interval [low, high], and a bound on any list not named.

    With the circle's voters known, a count is exact and a percentage of voters stands for its
    rounding interval; without them every list must have a percentage and the unit is the
    percentage point. A list not named has at most the stated bound (the fourth list's votes when
    a source ranks the lists) or else what the named lists, blank and null votes leave of all."""
    voters = circle["voters"]
    scale = Fraction(int(voters)) if voters else Fraction(100)
    bounds = {}
    for r in rows:
        if voters and r["votes"]:
            bounds[r["list"]] = (Fraction(integer(r, "votes", path)),) * 2
        elif r["percent"]:
            bounds[r["list"]] = rounding_interval(r["percent"], scale)
        else:
            raise InputError(f"{path}: {circle['circle']}, {r['list']}: no percentage and no voters to use its votes")
    if circle["other_max_votes"]:
        other = Fraction(int(circle["other_max_votes"]))
    elif circle["other_max_percent"]:
        other = rounding_interval(circle["other_max_percent"], scale)[1]
    else:
        spoilt = sum(int(circle[k]) for k in ("blank", "null") if voters and circle[k])
        other = scale - spoilt - sum(low for low, _ in bounds.values())
    return bounds, other


def check_portugal(case_dir, report):
    """Lei 14/79 (Lei Eleitoral da AR) arts. 12-16: each circle's seats by D'Hondt over its lists'
    votes, no threshold; blank and null votes count for no list. The official seats are the D'Hondt
    result for every vote count inside the intervals exactly when the smallest quotient that won,
    low / seats, beats the largest that did not, high / (seats + 1), and any list not named."""
    case = case_dir.name
    circles_path = case_dir / "circles.csv"
    lists_path = case_dir / "lists.csv"
    circles = read_rows(circles_path, "circle", "seats", "voters", "blank", "null",
                        "other_max_votes", "other_max_percent")
    lists = read_rows(lists_path, "circle", "list", "votes", "percent", "seats")
    total = 0
    for circle in circles:
        name = circle["circle"]
        rows = [r for r in lists if r["circle"] == name]
        seats = {r["list"]: integer(r, "seats", lists_path) for r in rows}
        total += sum(seats.values())
        report.check(case, f"{name}: seats sum to {circle['seats']}", sum(seats.values()),
                     integer(circle, "seats", circles_path))
        bounds, other = circle_bounds(circle, rows, lists_path)
        last_won = min(bounds[p][0] / seats[p] for p in seats if seats[p])
        best_lost = max(bounds[p][1] / (seats[p] + 1) for p in seats)
        unit = "votes" if circle["voters"] else "points"
        report.check(case, f"{name}: D'Hondt gives the official seats (last won {float(last_won):.2f} > "
                     f"next {float(best_lost):.2f} {unit})", last_won > best_lost, True)
        if other < last_won:
            print(f"  ok    {case}: {name}: any list not named has at most {float(other):.2f} {unit}")
        else:
            print(f"  skip  {case}: {name}: a list not named could have up to {float(other):.2f} {unit}, "
                  f"more than the last seat's {float(last_won):.2f}: not bounded")
    national_path = case_dir / "national.csv"
    national = {r["list"]: integer(r, "seats", national_path) for r in read_rows(national_path, "list", "seats")}
    summed = {}
    for r in lists:
        summed[r["list"]] = summed.get(r["list"], 0) + integer(r, "seats", lists_path)
    report.check(case, "seats per list, all circles", {p: n for p, n in summed.items() if n}, national)
    report.check(case, "seats of all circles", total, sum(national.values()))


CHECKS = {
    "gr-2023-06": check_greece,
    "gr-2023-05": check_greece,
    "pt-2024": check_portugal,
    "scot-2021": check_scotland,
}


def main(argv):
    data_dir = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent / "scenarios" / "data"
    report = Report()
    try:
        for case, check in CHECKS.items():
            print(case)
            check(data_dir / case, report)
    except InputError as e:
        print(f"check-data: {e}", file=sys.stderr)
        return 2
    if report.failures:
        print(f"check-data: {report.failures} mismatch(es)")
        return 1
    print("check-data: every reproduction matches the official seats")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
