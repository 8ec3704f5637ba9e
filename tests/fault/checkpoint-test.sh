#!/usr/bin/env bash
# checkpoint-test.sh WORK_DIR SEATSIM: a run killed with SIGKILL mid-way and resumed from its
# checkpoint (on another thread count) gives the full JSON of an uninterrupted run, byte for byte
# apart from timing, with a fixed --draws and with --target-se; so a tally count that checkpoints
# leave out fails here. A checkpoint refuses to resume another seed, another scenario, another
# --target-se, or fewer draws than it holds.
set -euo pipefail
source "$(dirname "$0")/wait-until.sh"
work=$1 seatsim=$2
rm -rf "$work" && mkdir -p "$work" && cd "$work"
fail() { echo "checkpoint-test: $*" >&2; exit 1; }
draws=300000
run() { "$seatsim" run --draws "$draws" --seed 5 --quiet "$@"; }

run --threads 2 --json whole.json

run --threads 2 --checkpoint run.ckpt --checkpoint-every 1 &
pid=$!
wait_until "$pid" test -s run.ckpt || true
kill -KILL "$pid" 2> /dev/null || true
wait "$pid" 2> /dev/null || true
# How many draws the killed run saved: the resumed run says so on stderr (docs/checkpoint.md),
# so this does not depend on the checkpoint's byte layout.
resumed_from() {
  sed -n "s/^seatsim: resuming $1 from \([0-9]*\) draws to .*/\1/p" "$2"
}
run --threads 1 --checkpoint run.ckpt --resume --json resumed.json 2> resume.err ||
  fail "the resume failed: $(cat resume.err)"
saved=$(resumed_from run.ckpt resume.err)
[ "$saved" -gt 0 ] && [ "$saved" -lt "$draws" ] || fail "the killed run saved '$saved' draws"
diff <(sed '/"timing"/,$d' whole.json) <(sed '/"timing"/,$d' resumed.json) ||
  fail "resumed from $saved draws, the result differs from an uninterrupted run"

# The same with --target-se, whose checkpoints are taken where a target round ends (the first after
# 64 blocks): killed after one, it resumes to the draw the uninterrupted run stopped at.
target=(--target-se 0.0009 --seed 5 --quiet)
"$seatsim" run "${target[@]}" --threads 2 --json target-whole.json
"$seatsim" run "${target[@]}" --threads 2 --checkpoint target.ckpt --checkpoint-every 1 &
pid=$!
wait_until "$pid" test -s target.ckpt || true
kill -KILL "$pid" 2> /dev/null || true
wait "$pid" 2> /dev/null || true
"$seatsim" run "${target[@]}" --threads 1 --checkpoint target.ckpt --resume \
  --json target-resumed.json 2> target-resume.err || fail "the resume failed: $(cat target-resume.err)"
target_saved=$(resumed_from target.ckpt target-resume.err)
whole_draws=$(sed -n 's/^  "draws": \([0-9]*\),$/\1/p' target-whole.json)
[ "$target_saved" -gt 0 ] && [ "$target_saved" -lt "$whole_draws" ] ||
  fail "the killed target run saved '$target_saved' draws of $whole_draws"
diff <(sed '/"timing"/,$d' target-whole.json) <(sed '/"timing"/,$d' target-resumed.json) ||
  fail "the target run resumed from $target_saved draws differs from an uninterrupted one"

expect_refusal() {
  local message=$1
  shift
  local output status=0
  output=$("$seatsim" run --quiet --checkpoint run.ckpt --resume "$@" 2>&1) || status=$?
  [ "$status" -eq 2 ] || fail "resume $* exited $status"
  [[ $output == *"$message"* ]] || fail "resume $*: expected \"$message\", got: $output"
}
expect_refusal "is of seed 5, not --seed 6" --draws "$draws" --seed 6
expect_refusal "of a different scenario" --draws "$draws" --seed 5 --set tiers.list.threshold=0.07
expect_refusal "cannot continue" --draws 4096 --seed 5
expect_refusal "of a run with no --target-se, not --target-se 0.001" --target-se 0.001 --seed 5
echo "garbage" > bad.ckpt
output=$("$seatsim" run --checkpoint bad.ckpt --resume 2>&1) && fail "resumed from garbage"
[[ $output == *"bad.ckpt: not a seatsim checkpoint"* ]] || fail "garbage checkpoint: $output"
echo "checkpoint-test: killed at $saved of $draws draws, and a target run at $target_saved of" \
  "$whole_draws, each resumed to the uninterrupted result"
