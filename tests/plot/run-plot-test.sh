#!/usr/bin/env bash
# ctest driver for scripts/plot.py: run-plot-test.sh CASE WORKDIR [SEATSIM]
#   result  SEATSIM runs the default scenario (mixed list + districts); plot it
#   list    SEATSIM runs tests/plot/list-only.toml; plot it, with East in its own colour
#   dist    SEATSIM runs tests/plot/districts-only.toml; plot it (no threshold chart)
#   districts  SEATSIM runs the default scenario; the district chart's rows are its districts,
#           smallest margin first, by the JSON's own margins
#   shares  SEATSIM runs the Kurultai (a 7% share line); each list option's share panel is titled
#           with its mean and the 90% interval read off its histogram here; the key names the
#           threshold and the share line
#   sweep   plot the synthetic sweep fixtures (two keys, one key)
#   words   SEATSIM's timeline of the 2023 forecast (a date axis) and a sweep over two methods
#           (categories, in the order swept); plot both
#   errors  bad inputs: exit status 2 and a message naming the file
# Every chart must exist as a real PNG and SVG.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
plot="$here/../../scripts/plot.py"
case_name=$1 work=$2 seatsim=${3:-}
rm -rf "$work" && mkdir -p "$work"

fail() { echo "run-plot-test: $*" >&2; exit 1; }

check_charts() {  # DIR NAME...
  local dir=$1; shift
  for name in "$@"; do
    [ "$(head -c 8 "$dir/$name.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] ||
      fail "$dir/$name.png is missing or not a PNG"
    grep -q '<svg' "$dir/$name.svg" || fail "$dir/$name.svg is missing or not an SVG"
  done
  local made
  made=$(find "$dir" -type f | wc -l)
  [ "$made" -eq $((2 * $#)) ] || fail "$dir holds $made files, expected $((2 * $#)): $(ls "$dir")"
}

expect_input_error() {  # FILE MESSAGE
  local status=0
  "$plot" "$1" --out "$work/unused" 2>"$work/stderr" >/dev/null || status=$?
  [ "$status" -eq 2 ] || fail "$1: exit status $status, expected 2"
  grep -qF "$1: $2" "$work/stderr" || fail "$1: expected '$1: $2' in: $(cat "$work/stderr")"
}

case $case_name in
  result)
    "$seatsim" run --draws 20000 --json "$work/result.json" --quiet
    "$plot" "$work/result.json" --out "$work/charts" >/dev/null
    check_charts "$work/charts" threshold seats hemicycle districts shares ;;
  districts)
    "$seatsim" run --draws 5000 --json "$work/result.json" --quiet
    "$plot" "$work/result.json" --out "$work/charts" >/dev/null
    check_charts "$work/charts" threshold seats hemicycle districts shares
    # The rows, top to bottom, as the SVG names them (matplotlib writes each label as a comment, in
    # the order of the ticks: the top row first), against the JSON sorted by margin.
    python3 - "$work/result.json" "$work/charts/districts.svg" <<'PY' || fail "district rows out of order"
import json, re, sys
districts = json.load(open(sys.argv[1]))["districts"]
expected = [d["name"][:40] for _, d in sorted(enumerate(districts), key=lambda x: (x[1]["margin"], x[0]))]
assert len(expected) == 29 and len({d["margin"] for d in districts}) > 5
labels = [m for m in re.findall(r"<!-- (.*?) -->", open(sys.argv[2]).read()) if m in expected]
shown = labels[:len(expected)]
sys.exit(0 if shown == expected else f"rows {shown[:3]}..., expected {expected[:3]}...")
PY
    ;;
  list | dist)
    scenario="$here/list-only.toml"
    [ "$case_name" = dist ] && scenario="$here/districts-only.toml"
    "$seatsim" run "$scenario" --draws 5000 --json "$work/result.json" --quiet
    "$plot" "$work/result.json" --out "$work/charts" >/dev/null 2>"$work/stderr"
    if [ "$case_name" = list ]; then
      check_charts "$work/charts" threshold seats hemicycle shares
      # East's [parties.east] colour, through the JSON, in every chart that draws parties.
      for chart in threshold seats hemicycle shares; do
        grep -qi 'fill: #aa00bb' "$work/charts/$chart.svg" || fail "$chart.svg lacks East's colour"
      done
    else
      check_charts "$work/charts" seats hemicycle districts shares
      grep -qF "no threshold chart" "$work/stderr" || fail "no note about the missing chart"
    fi ;;
  shares)
    "$seatsim" run "$here/../../scenarios/kz-kurultai.toml" --draws 20000 --quiet \
      --json "$work/result.json"
    "$plot" "$work/result.json" --out "$work/charts" >/dev/null
    python3 - "$work/result.json" "$work/charts/shares.svg" <<'PY' || fail "shares chart"
import json, re, sys
doc = json.load(open(sys.argv[1]))
texts = re.findall(r"<!-- (.*?) -->", open(sys.argv[2]).read())
options = [p for p in doc["parties"] if "share" in p]
assert len(options) == 8 and doc["parties"][0]["share_lines"], "the Kurultai: 8 list options, a 7% line"
for p in options:
    # The panel's 90% interval, read off the histogram here: the q-th percentile's bin is the first
    # at which the cumulative count reaches q% of the draws; the interval runs from the lower edge
    # of the 5th's bin to the upper edge of the 95th's, as the text report prints it.
    share, cumulative, edges = p["share"], 0, {}
    for i, count in enumerate(share["histogram"]):
        cumulative += count
        for q in (5, 95):
            if q not in edges and 100 * cumulative >= q * doc["draws"]:
                edges[q] = (share["first_bin"] + i + (q == 95)) * share["bin_width"]
    title = f"mean {p['mean_share']:.1%}, 90%: {edges[5]:.1%}–{edges[95]:.1%}"
    assert p["name"] in texts and title in texts, f"{p['name']}: no panel titled {title!r}"
key = [t for t in texts if t.startswith("Vote share densities")]
assert key and "the 5% threshold of the valid vote" in key[0] and "the 7% share line" in key[0], key
PY
    ;;
  sweep)
    "$plot" "$here/sweep-2d.json" --out "$work/2d" >/dev/null
    check_charts "$work/2d" sweep-threshold sweep-any-seat
    "$plot" "$here/sweep-1d.json" --out "$work/1d" >/dev/null
    check_charts "$work/1d" sweep-threshold sweep-any-seat ;;
  words)
    "$seatsim" timeline "$here/../../scenarios/kz-2023-forecast.toml" --step 5 --draws 2000 \
      --quiet --json "$work/timeline.json"
    "$plot" "$work/timeline.json" --out "$work/timeline" >/dev/null
    check_charts "$work/timeline" sweep-threshold sweep-any-seat
    # The date axis: ConciseDateFormatter labels the days of the month and names the month once.
    grep -q 'Feb' "$work/timeline/sweep-threshold.svg" || fail "the timeline's axis shows no dates"
    "$seatsim" sweep "$here/list-only.toml" --vary tiers.list.method=sainte-lague,dhondt \
      --draws 2000 --quiet --json "$work/methods.json"
    "$plot" "$work/methods.json" --out "$work/methods" >/dev/null
    check_charts "$work/methods" sweep-threshold sweep-any-seat
    python3 - "$work/methods/sweep-threshold.svg" <<'PY' || fail "method ticks missing or out of order"
import re, sys
labels = [m for m in re.findall(r"<!-- (.*?) -->", open(sys.argv[1]).read())
          if m in ("sainte-lague", "dhondt")]
sys.exit(0 if labels[:2] == ["sainte-lague", "dhondt"] else f"tick labels {labels}")
PY
    ;;
  errors)
    expect_input_error "$work/absent.json" "cannot read (No such file or directory)"
    printf '{"schema": "seatsim.result/1",\n "draws": }\n' >"$work/broken.json"
    expect_input_error "$work/broken.json" "line 2: not valid JSON"
    printf '{"schema": "seatsim.result/9"}\n' >"$work/future.json"
    expect_input_error "$work/future.json" 'schema "seatsim.result/9" is not one this script reads'
    header='"scenario": {"source": "s", "election": "e", "date": "d"}, "seed": 1, "draws": 1'
    cat >"$work/keys.json" <<JSON
{"schema": "seatsim.sweep/1", $header,
 "sweep": [{"point": {"a": 1}, "parties": []}, {"point": {"b": 1}, "parties": []}]}
JSON
    expect_input_error "$work/keys.json" ".sweep[1].point has keys ['b'], not ['a'] as row 0"
    cat >"$work/short.json" <<JSON
{"schema": "seatsim.result/1", $header,
 "parties": [{"id": "a", "name": "A", "seats": {"p50": 1}}]}
JSON
    expect_input_error "$work/short.json" ".parties[0].seats.histogram is missing"
    cat >"$work/lost.json" <<JSON
{"schema": "seatsim.result/1", $header, "tiers": {}, "house_size": 1,
 "parties": [{"id": "a", "name": "A", "seats": {"histogram": [0, 0]}}]}
JSON
    expect_input_error "$work/lost.json" ".parties[0].seats.histogram does not add up to the draws"
    echo "{\"schema\": \"seatsim.sweep/1\", $header, \"sweep\": []}" >"$work/empty.json"
    expect_input_error "$work/empty.json" ".sweep is empty"
    status=0
    "$plot" "$here/sweep-1d.json" --html "$work/page.html" 2>"$work/stderr" || status=$?
    [ "$status" -eq 2 ] && grep -qF -- "--html takes a seatsim.result/1 file" "$work/stderr" ||
      fail "--html of a sweep: exit status $status, $(cat "$work/stderr")"
    for args in "--out $work/unused" "$here/sweep-1d.json"; do
      status=0
      # shellcheck disable=SC2086 (two words on purpose)
      "$plot" $args 2>/dev/null || status=$?
      [ "$status" -eq 2 ] || fail "plot.py $args: exit status $status, expected 2"
    done ;;
  *) fail "unknown case $case_name" ;;
esac
echo "run-plot-test: $case_name ok"
