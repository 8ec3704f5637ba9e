#!/usr/bin/env bash
# progress-test.sh WORK_DIR SEATSIM: a long run shows its progress line on stderr when stderr is a
# terminal (a pseudo-terminal from script(1)), and nothing under --quiet or when stderr is a file.
# Each run is stopped by SIGINT after 3 s, so it is long whatever the machine's speed, and a loaded
# machine still draws its first progress line in time.
set -euo pipefail
work=$1 seatsim=$2
rm -rf "$work" && mkdir -p "$work" && cd "$work"
fail() { echo "progress-test: $*" >&2; exit 1; }
long="$seatsim run --draws 1000000000 --threads 1 --json out.json"

script -qec "timeout -s INT 3 $long > /dev/null" terminal.log > /dev/null || true
grep -Eq '\] [0-9]+/1000000000 draws .*/s  ETA .*  largest SE [0-9.e-]+' terminal.log ||
  fail "no progress line on a terminal: $(tr '\r' '\n' < terminal.log | tail -3)"

script -qec "timeout -s INT 3 $long --quiet > /dev/null" quiet.log > /dev/null || true
! grep -q 'ETA' quiet.log || fail "a progress line under --quiet"

timeout -s INT 3 $long > /dev/null 2> file.log || true
! grep -q 'ETA' file.log || fail "a progress line on a stderr that is not a terminal"
grep -q 'results are partial' file.log || fail "the run was not stopped by SIGINT: $(cat file.log)"
echo "progress-test: a progress line on a terminal only, and not under --quiet"
