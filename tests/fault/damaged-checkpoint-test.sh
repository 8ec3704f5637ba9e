#!/usr/bin/env bash
# damaged-checkpoint-test.sh WORK_DIR SEATSIM: a checkpoint that is damaged, of another format
# version, not a regular file, or far too large is refused with exit status 2 and one clear message,
# without reading it whole; never resumed to a wrong result, a crash or an exhausted memory.
set -euo pipefail
work=$1 seatsim=$2
rm -rf "$work" && mkdir -p "$work" && cd "$work"
fail() { echo "damaged-checkpoint-test: $*" >&2; exit 1; }
run() { "$seatsim" run --draws 8192 --seed 3 --quiet --threads 1 "$@"; }

# expect_refusal CHECKPOINT MESSAGE: resuming from CHECKPOINT exits 2 with MESSAGE on one line.
expect_refusal() {
  local file=$1 message=$2 output status=0
  output=$(run --checkpoint "$file" --resume 2>&1) || status=$?
  [ "$status" -eq 2 ] || fail "resume from $file exited $status: $output"
  [[ $output == *"$message"* ]] || fail "resume from $file: expected \"$message\", got: $output"
  [ "$(printf '%s\n' "$output" | wc -l)" -eq 1 ] || fail "resume from $file: several lines: $output"
}
# put_byte FILE OFFSET VALUE overwrites one byte in place; get_byte FILE OFFSET reads one.
put_byte() { printf "\\$(printf '%03o' "$3")" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none; }
get_byte() { od -A n -t u1 -j "$2" -N 1 "$1" | tr -d ' '; }

run --checkpoint good.ckpt
size=$(stat -c %s good.ckpt)
run --checkpoint good.ckpt --resume || fail "an undamaged checkpoint does not resume"

# One bit flipped at each of 64 offsets spread from the block size over the fingerprint, seed,
# shape and counts to the checksum itself: every one refused (without the checksum, most flips in
# the counts resumed to a wrong result with exit status 0).
for ((i = 0; i < 64; i++)); do
  offset=$((12 + i * (size - 13) / 63))
  cp good.ckpt flipped.ckpt
  put_byte flipped.ckpt "$offset" $(($(get_byte good.ckpt "$offset") ^ (1 << (i % 8))))
  expect_refusal flipped.ckpt "not a seatsim checkpoint"
done

# Cut short by one byte or to its header, and one byte too long.
head -c $((size - 1)) good.ckpt > short.ckpt
expect_refusal short.ckpt "damaged"
head -c 40 good.ckpt > header-only.ckpt
expect_refusal header-only.ckpt "truncated"
{ cat good.ckpt; printf 'x'; } > long.ckpt
expect_refusal long.ckpt "larger than a checkpoint of this scenario"

# Format version 2 (no checksum): named, not misread.
cp good.ckpt v2.ckpt && put_byte v2.ckpt 8 2
expect_refusal v2.ckpt "format version 2, this seatsim reads 7"
# Format version 5 (a tally without the house and bonus counts): named, not misread.
cp good.ckpt v5.ckpt && put_byte v5.ckpt 8 5
expect_refusal v5.ckpt "format version 5, this seatsim reads 7"
# Format version 6 (a tally without the list districts' counts, and a shape of seven): named.
cp good.ckpt v6.ckpt && put_byte v6.ckpt 8 6
expect_refusal v6.ckpt "format version 6, this seatsim reads 7"

# Not regular files: refused before they are read (/dev/zero would never end, a FIFO would wait).
expect_refusal /dev/zero "it is not a regular file"
mkfifo fifo.ckpt
expect_refusal fifo.ckpt "it is not a regular file"
mkdir dir.ckpt
expect_refusal dir.ckpt "it is a directory"
# A sparse file of 64 GiB: refused after reading one byte more than this scenario's checkpoint.
cp good.ckpt huge.ckpt && truncate -s 64G huge.ckpt
expect_refusal huge.ckpt "larger than a checkpoint of this scenario"
echo "damaged-checkpoint-test: 64 bit flips, truncations, version 2, /dev/zero, a FIFO, a" \
  "directory and a 64 GiB file all refused"
