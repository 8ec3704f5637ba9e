#!/usr/bin/env bash
# mpi-test.sh WORK_DIR SEATSIM MPIRUN...: `MPIRUN seatsim run` with 2 ranks gives the JSON of a
# one-process run with the same seed, byte for byte apart from timing, and says it used 2 ranks.
# So do a run resumed under mpirun from a checkpoint, and a 2-rank run stopped by Ctrl-C (for the
# draws it did). MPIRUN ends with the number of processes (2), replaced by 3 for the last checks.
set -euo pipefail
source "$(dirname "$0")/../fault/wait-until.sh"
scenarios=$(cd "$(dirname "$0")/../../scenarios" && pwd)
work=$1 seatsim=$2
shift 2
mpirun=("$@")
rm -rf "$work" && mkdir -p "$work" && cd "$work"
fail() { echo "mpi-test: $*" >&2; exit 1; }
# Not a multiple of the 4096-draw block, so the last block is partial and the ranks' shares uneven.
args=(run --draws 200123 --seed 21 --threads 1 --quiet)

"$seatsim" "${args[@]}" --json single.json
"${mpirun[@]}" "$seatsim" "${args[@]}" --json mpi.json
diff <(sed '/"timing"/,$d' single.json) <(sed '/"timing"/,$d' mpi.json) ||
  fail "2 ranks and 1 process differ"
grep -q '"processes": 2' mpi.json || fail "mpi.json does not say 2 processes: $(grep -A5 timing mpi.json)"

# A scenario's blocs are counts of the tally like any other, reduced to the same bytes.
blocs=(run "$scenarios/kz-kurultai-adilet-split.toml" --draws 50000 --seed 21 --threads 1 --quiet)
"$seatsim" "${blocs[@]}" --json blocs-single.json
"${mpirun[@]}" "$seatsim" "${blocs[@]}" --json blocs-mpi.json
grep -q '"blocs"' blocs-mpi.json || fail "blocs-mpi.json has no blocs"
diff <(sed '/"timing"/,$d' blocs-single.json) <(sed '/"timing"/,$d' blocs-mpi.json) ||
  fail "2 ranks and 1 process differ on a scenario with blocs"

# Resume under mpirun from a one-process checkpoint of the first 20 blocks.
"$seatsim" run --draws 81920 --seed 21 --threads 1 --quiet --checkpoint part.ckpt
"${mpirun[@]}" "$seatsim" "${args[@]}" --checkpoint part.ckpt --resume --json resumed.json
diff <(sed '/"timing"/,$d' single.json) <(sed '/"timing"/,$d' resumed.json) ||
  fail "a resumed 2-rank run differs from a one-process run"
# Ctrl-C on mpirun reaches the ranks as SIGTERM: rank 0 writes a partial result, equal to a
# one-process run of the draws done. The signal is sent once rank 0 has saved a checkpoint.
"${mpirun[@]}" "$seatsim" run --draws 1000000000 --seed 21 --threads 1 --quiet --json stopped.json \
  --checkpoint stopped.ckpt --checkpoint-every 1 &
pid=$!
wait_until "$pid" test -s stopped.ckpt || fail "the 2-rank run ended before its first checkpoint"
kill -INT "$pid"
wait "$pid" || true
grep -q '^  "partial": true,$' stopped.json || fail "the interrupted 2-rank run is not marked partial"
draws=$(sed -n 's/^  "draws": \([0-9]*\),$/\1/p' stopped.json)
"$seatsim" run --draws "$draws" --seed 21 --threads 1 --quiet --json shorter.json
diff <(grep -v '^  "partial": true,$' stopped.json | sed '/"timing"/,$d') \
  <(sed '/"timing"/,$d' shorter.json) || fail "the interrupted 2-rank run differs from $draws draws"

# What a run prints besides its result, rank 0 alone prints, so 3 ranks print what one process
# does: the model (--explain), a replayed draw, a warning, and an error (which ends the job).
mpirun3=("${mpirun[@]:0:${#mpirun[@]}-1}" 3)  # the last argument is the number of processes
for extra in "--explain --draws 4096 --quiet" "--replay-draw 5" \
  "--draws 4096 --quiet --set model.type=logistic-normal"; do
  read -ra more <<<"$extra"
  "$seatsim" run --seed 21 --threads 1 "${more[@]}" >one.out 2>one.err
  "${mpirun3[@]}" "$seatsim" run --seed 21 --threads 1 "${more[@]}" >three.out 2>three.err
  diff one.out three.out || fail "3 ranks print other than one process with $extra"
  diff one.err three.err || fail "3 ranks warn other than one process with $extra"
done
status=0
"${mpirun3[@]}" "$seatsim" run no-such.toml 2>three.err || status=$?
[ "$status" -eq 2 ] || fail "a missing scenario under 3 ranks exits $status, not 2"
[ "$(grep -c 'no-such.toml: cannot open' three.err)" -eq 1 ] ||
  fail "3 ranks do not print the error once: $(cat three.err)"
echo "mpi-test: 2 ranks give the bytes of one process, fresh, resumed and interrupted; 3 ranks" \
  "print the model, a replayed draw, a warning and an error once"
