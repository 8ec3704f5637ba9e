#!/usr/bin/env bash
# signal-burst-test.sh SIGNAL WORK_DIR SEATSIM: one event that delivers SIGNAL (INT or TERM) several
# times at once (two or three back to back; `timeout`, which signals the run and then its process
# group) stops a run once, cleanly: a partial result every time, over 20 rounds. A deliberate
# second signal, sent after the acknowledgement and the interval it states, still ends the run at
# once and writes nothing: the run is held at its --json FIFO, which nothing reads.
set -euo pipefail
signal=$1 work=$2 seatsim=$3
source "$(dirname "$0")/wait-until.sh"
rm -rf "$work" && mkdir -p "$work" && cd "$work"
fail() { echo "signal-burst-test $signal: $*" >&2; exit 1; }
expected_status=$((128 + $(kill -l "$signal")))
acknowledgement='seatsim: stopping at the next block to write the partial results'
long=("$seatsim" run --draws 1000000000 --threads 1 --quiet --checkpoint run.ckpt
  --checkpoint-every 1)

for round in $(seq 20); do
  rm -f run.ckpt partial.json stderr.log
  case $((round % 3)) in
    0) burst=2 ;;
    1) burst=3 ;;
    2) burst=timeout ;;
  esac
  if [ "$burst" = timeout ]; then
    # timeout passes a signal it receives on to its child, then to its whole process group.
    timeout -s "$signal" 3600 "${long[@]}" --json partial.json 2> stderr.log &
  else
    "${long[@]}" --json partial.json 2> stderr.log &
  fi
  pid=$!
  wait_until "$pid" test -s run.ckpt || fail "round $round: the run ended before its first checkpoint: $(cat stderr.log)"
  if [ "$burst" = timeout ]; then
    kill -s "$signal" "$pid"
  else
    for _ in $(seq "$burst"); do kill -s "$signal" "$pid"; done
  fi
  status=0
  wait "$pid" || status=$?
  [ "$status" -eq "$expected_status" ] || fail "round $round ($burst): exit status $status"
  [ "$(grep -c "$acknowledgement" stderr.log)" -eq 1 ] ||
    fail "round $round ($burst): not one acknowledgement: $(cat stderr.log)"
  grep -q 'results are partial' stderr.log ||
    fail "round $round ($burst): no partial result: $(cat stderr.log)"
  grep -q '^  "partial": true,$' partial.json || fail "round $round ($burst): no partial JSON"
done

rm -f run.ckpt stderr.log
mkfifo held.json
"${long[@]}" --json held.json --csv csv 2> stderr.log &
pid=$!
wait_until "$pid" test -s run.ckpt || fail "the held run ended before its first checkpoint"
kill -s "$signal" "$pid"
wait_until "$pid" grep -q "$acknowledgement" stderr.log || fail "no acknowledgement: $(cat stderr.log)"
interval=$(sed -n 's/.* again after \([0-9]*\) s .*/\1/p' stderr.log)
[ -n "$interval" ] || fail "the acknowledgement states no interval: $(cat stderr.log)"
# Sleeping is the point here: the second signal must come at least the stated interval later.
sleep "$interval"
sleep 0.1
kill -s "$signal" "$pid"
status=0
wait "$pid" || status=$?
[ "$status" -eq "$expected_status" ] || fail "the second signal: exit status $status"
! grep -q 'results are partial' stderr.log || fail "the second signal did not end the run at once"
[ ! -e csv ] || fail "the second signal left $(ls csv)"
echo "signal-burst-test $signal: 20 bursts gave 20 partial results; a second signal quit at once"
