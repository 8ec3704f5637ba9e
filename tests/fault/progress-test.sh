#!/usr/bin/env bash
# progress-test.sh WORK_DIR SEATSIM: a long run shows its progress line on stderr when stderr is a
# terminal (a pseudo-terminal from script(1)), and nothing under --quiet or when stderr is a file.
# The terminal run is stopped by SIGINT once its progress line is on the terminal; the two others
# run to the end, with enough draws that a bar would have shown.
set -euo pipefail
work=$1 seatsim=$2
source "$(dirname "$0")/wait-until.sh"
rm -rf "$work" && mkdir -p "$work" && cd "$work"
fail() { echo "progress-test: $*" >&2; exit 1; }
progress_line='\] [0-9]+/[0-9]+ draws .*/s  ETA .*  largest SE [0-9.e-]+'

# The shell inside script(1) writes its pid, then becomes seatsim.
script -qfec "echo \$\$ > seatsim.pid; exec $seatsim run --draws 1000000000 --threads 1 \
  --json out.json > /dev/null" terminal.log > /dev/null &
script_pid=$!
wait_until "$script_pid" grep -Eq "$progress_line" terminal.log ||
  fail "no progress line on a terminal: $(tr '\r' '\n' < terminal.log | tail -3)"
kill -INT "$(cat seatsim.pid)"
wait "$script_pid" || true
grep -q 'results are partial' terminal.log || fail "the terminal run was not stopped by SIGINT"

# The two others must last long enough by their own clock (JSON "timing") for a bar to have shown
# (it waits half a second, kQuietSeconds): each is drawn again with 4 times the draws until it does.
lasted_a_second() {
  /usr/bin/python3 -c 'import json, sys
sys.exit(json.load(open("timed.json"))["timing"]["seconds"] < 1.0)'
}
for draws in 300000 1200000 4800000 19200000 76800000; do
  script -qfec "$seatsim run --draws $draws --threads 1 --quiet --json timed.json" quiet.log > /dev/null
  lasted_a_second && break
done
lasted_a_second || fail "no --quiet run lasted a second"
! grep -q 'ETA' quiet.log || fail "a progress line under --quiet"

for draws in 300000 1200000 4800000 19200000 76800000; do
  "$seatsim" run --draws "$draws" --threads 1 --json timed.json > /dev/null 2> file.log
  lasted_a_second && break
done
lasted_a_second || fail "no run with its stderr in a file lasted a second"
! grep -q 'ETA' file.log || fail "a progress line on a stderr that is not a terminal"
echo "progress-test: a progress line on a terminal only, and not under --quiet"
