#!/usr/bin/env bash
# interrupt-test.sh SIGNAL WORK_DIR SEATSIM: a long run stopped by SIGNAL (INT or TERM) exits with
# 128 + the signal's number, leaves no temporary file, and writes complete JSON and CSV marked
# partial; apart from timing and that mark, the JSON is byte for byte a complete run of the draws
# it did. The signal is sent once the run has saved its first checkpoint, so it is drawing.
set -euo pipefail
signal=$1 work=$2 seatsim=$3
source "$(dirname "$0")/wait-until.sh"
rm -rf "$work" && mkdir -p "$work" && cd "$work"
fail() { echo "interrupt-test $signal: $*" >&2; exit 1; }

"$seatsim" run --draws 1000000000 --seed 11 --threads 2 --quiet --json partial.json --csv csv \
  --checkpoint run.ckpt --checkpoint-every 1 &
pid=$!
wait_until "$pid" test -s run.ckpt || fail "the run ended before its first checkpoint"
kill -s "$signal" "$pid"
status=0
wait "$pid" || status=$?
[ "$status" -eq $((128 + $(kill -l "$signal"))) ] || fail "exit status $status"
if compgen -G "*.tmp*" > /dev/null || compgen -G "csv/*.tmp*" > /dev/null; then
  fail "temporary files left: $(ls ./*.tmp* csv/*.tmp* 2>/dev/null)"
fi

draws=$(/usr/bin/python3 -c '
import json
result = json.load(open("partial.json"))
assert result["partial"] is True, "not marked partial"
print(result["draws"])') || fail "partial.json is not complete JSON marked partial"
[ "$draws" -gt 0 ] && [ $((draws % 4096)) -eq 0 ] || fail "$draws draws is not a whole number of blocks"
grep -q ",$draws,true\$" csv/run.csv || fail "csv/run.csv does not say partial: $(cat csv/run.csv)"

"$seatsim" run --draws "$draws" --seed 11 --threads 1 --quiet --json whole.json
diff <(grep -v '^  "partial": true,$' partial.json | sed '/"timing"/,$d') \
  <(sed '/"timing"/,$d' whole.json) || fail "the partial result differs from a run of $draws draws"
echo "interrupt-test $signal: stopped after $draws draws, equal to a complete run of them"
