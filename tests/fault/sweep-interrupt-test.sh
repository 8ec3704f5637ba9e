#!/usr/bin/env bash
# sweep-interrupt-test.sh WORK_DIR SEATSIM: a sweep on a terminal (script(1)) shows a progress line
# naming its grid point; SIGINT once it draws its second point ends it with status 130 and writes
# the points done, the last marked partial in the CSV (or complete, if the signal fell between two
# points) and the JSON marked partial. The last row equals a one-point sweep of its value and draws.
set -euo pipefail
work=$1 seatsim=$2
source "$(dirname "$0")/wait-until.sh"
rm -rf "$work" && mkdir -p "$work" && cd "$work"
fail() { echo "sweep-interrupt-test: $*" >&2; exit 1; }
draws=2000000

script -qfec "echo \$\$ > seatsim.pid; exec $seatsim sweep --draws $draws --seed 4 --threads 2 \
  --vary tiers.list.threshold=0.03,0.05,0.06,0.07 --csv sweep.csv --json sweep.json > /dev/null" \
  terminal.log > /dev/null &
script_pid=$!
second_point='point 2/4 \[[# ]+\] [0-9]+/[0-9]+ draws .*/s  ETA .*  largest SE [0-9.e-]+'
wait_until "$script_pid" grep -Eq "$second_point" terminal.log ||
  fail "no progress line of the second point: $(tr '\r' '\n' < terminal.log | tail -3)"
kill -INT "$(cat seatsim.pid)"
status=0
wait "$script_pid" || status=$?
grep -q 'grid points; results are partial' terminal.log ||
  fail "not stopped by SIGINT: $(tr '\r' '\n' < terminal.log | tail -3)"
if compgen -G "*.tmp*" > /dev/null; then fail "temporary files left: $(ls ./*.tmp*)"; fi

/usr/bin/python3 - "$draws" <<'PY' || fail "the partial sweep's CSV or JSON is wrong"
import csv, json, sys
draws = int(sys.argv[1])
rows = list(csv.DictReader(open("sweep.csv")))
assert 2 <= len(rows) <= 4, f"{len(rows)} rows"
for row in rows[:-1]:
    assert row["partial"] == "false" and int(row["draws"]) == draws, row
last = rows[-1]
if last["partial"] == "true":
    assert 0 < int(last["draws"]) < draws and int(last["draws"]) % 4096 == 0, last
else:
    assert int(last["draws"]) == draws and len(rows) < 4, last
result = json.load(open("sweep.json"))
assert result["partial"] is True, "the JSON is not marked partial"
assert [p["draws"] for p in result["sweep"]] == [int(r["draws"]) for r in rows]
open("last", "w").write(f'{last["tiers.list.threshold"]} {last["draws"]}\n')
PY
read -r value last_draws < last
"$seatsim" sweep --draws "$last_draws" --seed 4 --threads 1 --quiet \
  --vary "tiers.list.threshold=$value" --csv alone.csv
diff <(tail -n 1 sweep.csv | sed 's/,[a-z]*$//') <(tail -n 1 alone.csv | sed 's/,[a-z]*$//') ||
  fail "the last point differs from a sweep of $last_draws draws at $value"
echo "sweep-interrupt-test: stopped in point $(($(wc -l < sweep.csv) - 1)) of 4, the last after $last_draws draws"
