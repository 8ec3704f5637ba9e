#!/usr/bin/env bash
# output-paths-test.sh WORK_DIR SEATSIM: output paths that are not plain new files. Each is checked
# before any drawing (a bad one fails at once, exit status 2), written through when it is meant to
# be (stdout, a FIFO, a device), never replaced when it is a device node, a FIFO or a symbolic
# link's target, and never shared between two outputs; stale temporaries of killed runs are
# removed; --csv replaces its folder whole; stdout's write errors are reported.
set -euo pipefail
work=$1 seatsim=$2
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
rm -rf "$work" && mkdir -p "$work" && cd "$work"
fail() { echo "output-paths-test: $*" >&2; exit 1; }
# expect_error MESSAGE ARGS...: seatsim ARGS exits 2 with MESSAGE on stderr.
expect_error() {
  local message=$1 output status=0
  shift
  output=$("$seatsim" "$@" 2>&1 >/dev/null) || status=$?
  [ "$status" -eq 2 ] || fail "seatsim $*: exit status $status, expected 2: $output"
  [[ $output == *"$message"* ]] || fail "seatsim $*: expected \"$message\", got: $output"
}
quick=(run --draws 200 --quiet)

# Checked before drawing: with 10^12 draws, a run that simulated first would never end (the
# test's timeout would fail it).
big=(run --draws 1000000000000 --quiet)
expect_error "/nonexistent/x.json: cannot create (No such file or directory)" "${big[@]}" \
  --json /nonexistent/x.json
expect_error "/nonexistent/x.draws: cannot create" "${big[@]}" --save-draws /nonexistent/x.draws
expect_error "--save-draws same.out: another output is written to the same file" "${big[@]}" \
  --json same.out --save-draws same.out
expect_error "--checkpoint same.out: another output is written to the same file" "${big[@]}" \
  --json same.out --checkpoint same.out
mkdir dir
expect_error "--csv dir: another output" "${big[@]}" --json dir/run.csv --csv dir
expect_error "--json dir: it is a directory" "${big[@]}" --json dir
[ ! -e same.out ] && [ -z "$(ls dir)" ] || fail "a refused run wrote something"

# Written through: /dev/stdout and - into a redirected stdout, a FIFO, a symbolic link to
# /dev/null (which stays a link to the device).
"$seatsim" "${quick[@]}" --json /dev/stdout > stdout.json
grep -q '"schema"' stdout.json || fail "--json /dev/stdout > FILE wrote nothing to FILE"
"$seatsim" "${quick[@]}" --json - > dash.json
cmp -s <(sed '/"timing"/,$d' stdout.json) <(sed '/"timing"/,$d' dash.json) || fail "--json - differs"
mkfifo pipe
cat pipe > from-pipe.draws &
reader=$!
"$seatsim" "${quick[@]}" --save-draws pipe
wait "$reader"
[ -p pipe ] || fail "--save-draws replaced the FIFO"
"$seatsim" query from-pipe.draws --where "baytaq.passed" > /dev/null ||
  fail "the draws written through a FIFO do not read back"
ln -s /dev/null null-link
"$seatsim" "${quick[@]}" --save-draws null-link --json null-link
[ -L null-link ] && [ -c null-link ] || fail "--save-draws replaced a link to /dev/null"
# A link to a regular file: the file is replaced and the link kept.
echo previous > real.json && ln -s real.json link.json
"$seatsim" "${quick[@]}" --json link.json
[ -L link.json ] && grep -q '"schema"' real.json || fail "--json replaced the link, not its file"

# A temporary left by a killed run (a process that no longer exists) is removed by the next run
# writing that output; one of a live process is not.
host=$(hostname)
stale=result.json.tmp-seatsim-$host-999999999
live=result.json.tmp-seatsim-$host-$$
touch "$stale" "$live"
"$seatsim" "${quick[@]}" --json result.json
[ ! -e "$stale" ] || fail "the stale temporary $stale was left"
[ -e "$live" ] || fail "the temporary of a live process was removed"
rm "$live"

# --csv: the folder is replaced whole, with no temporary left; a folder holding anything else is
# refused, since replacing it would delete that.
"$seatsim" "${quick[@]}" --seed 1 --csv csv
"$seatsim" "${quick[@]}" --seed 2 --csv csv
grep -q ',2,' csv/run.csv || fail "--csv did not replace the folder's run.csv"
[ "$(ls | grep -c tmp-seatsim || true)" -eq 0 ] || fail "a temporary was left: $(ls)"
echo mine > csv/notes.txt
expect_error "it holds notes.txt" "${quick[@]}" --csv csv

# stdout on a full device: an error, not exit 0 with a truncated output.
for command in "validate" "run --draws 200" "query from-pipe.draws --where baytaq.passed" \
  "run --replay-draw 3" "allocate $source_dir/scenarios/history/kz-2023.toml" ; do
  status=0
  # shellcheck disable=SC2086
  output=$("$seatsim" $command 2>&1 > /dev/full) || status=$?
  [ "$status" -eq 2 ] && [[ $output == *"(stdout): cannot write (No space left on device)"* ]] ||
    fail "seatsim $command > /dev/full: exit status $status: $output"
done
echo "output-paths-test: all outputs checked before drawing, written through or replaced as meant"
