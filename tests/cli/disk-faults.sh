#!/bin/sh
# Output files under faults: a full disk, /dev/full, a read-only disk, a file-size limit and a path
# that cannot exist. Each must give a clear error and exit status 2, and leave the previous file intact with no
# temporary file behind (report/output_file.cpp writes to a temporary and renames it into place).
# The disks are small tmpfs mounts in a private user and mount namespace (unshare), so the test
# needs no privileges and changes nothing outside itself.
#   tests/cli/disk-faults.sh SEATSIM
set -eu
seatsim=$(realpath "$1")
if [ $# -eq 1 ]; then
  # Outside: make the work folder, run this script again inside the namespace, clean up after it
  # (its mounts vanish with it).
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  unshare --user --map-root-user --mount "$0" "$seatsim" "$work"
  exit
fi
work=$2

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# expect_failure NAME MESSAGE FILE COMMAND...: COMMAND exits 2 with MESSAGE on stderr, and FILE
# still holds "previous", with nothing else beside it.
expect_failure() {
  name=$1 message=$2 file=$3
  shift 3
  before=$failures
  status=0
  "$@" >"$work/stdout" 2>"$work/stderr" || status=$?
  [ "$status" -eq 2 ] || fail "$name: exit status $status, expected 2"
  grep -qF -- "$message" "$work/stderr" || fail "$name: stderr lacks \"$message\": $(cat "$work/stderr")"
  if [ -e "$file" ]; then
    [ "$(cat "$file")" = previous ] || fail "$name: $file was changed"
    leftovers=$(ls "$(dirname "$file")" | grep -c '\.tmp' || true)
    [ "$leftovers" -eq 0 ] || fail "$name: a temporary file was left behind"
  fi
  [ "$failures" -ne "$before" ] || echo "ok: $name"
}

mkdir "$work/full" "$work/readonly"
# Full: 64 KiB, holding the previous outputs, then filled to the last byte.
mount -t tmpfs -o size=64k tmpfs "$work/full"
for f in result.json sweep.csv sweep.json; do echo previous >"$work/full/$f"; done
dd if=/dev/zero of="$work/full/filler" bs=4k 2>/dev/null || true
mount -t tmpfs -o size=64k tmpfs "$work/readonly"
echo previous >"$work/readonly/result.json"
echo previous >"$work/readonly/sweep.csv"
mount -o remount,ro "$work/readonly"

sweep="sweep --vary tiers.list.threshold=0.04:0.05:0.01 --draws 200"
expect_failure "run --json on a full disk" "result.json: cannot write (No space left on device)" \
  "$work/full/result.json" "$seatsim" run --draws 200 --quiet --json "$work/full/result.json"
expect_failure "sweep --csv on a full disk" "sweep.csv: cannot write (No space left on device)" \
  "$work/full/sweep.csv" "$seatsim" $sweep --csv "$work/full/sweep.csv"
expect_failure "sweep --json on a full disk" "sweep.json: cannot write (No space left on device)" \
  "$work/full/sweep.json" "$seatsim" $sweep --json "$work/full/sweep.json"
expect_failure "run --json on a read-only disk" "result.json: cannot create (Read-only file system)" \
  "$work/readonly/result.json" "$seatsim" run --draws 200 --quiet --json "$work/readonly/result.json"
expect_failure "sweep --csv on a read-only disk" "sweep.csv: cannot create (Read-only file system)" \
  "$work/readonly/sweep.csv" "$seatsim" $sweep --csv "$work/readonly/sweep.csv"

# /dev/full: a device that is always full, written in place (never renamed over).
expect_failure "run --json to /dev/full" "/dev/full: cannot write (No space left on device)" \
  "$work/none" "$seatsim" run --draws 200 --quiet --json /dev/full
expect_failure "sweep --csv to /dev/full" "/dev/full: cannot write (No space left on device)" \
  "$work/none" "$seatsim" $sweep --csv /dev/full

# A path under a regular file cannot exist, for root too.
echo previous >"$work/plain"
expect_failure "run --json under a regular file" "out.json: cannot create (Not a directory)" \
  "$work/plain" "$seatsim" run --draws 200 --quiet --json "$work/plain/out.json"
expect_failure "sweep --csv under a regular file" "out.csv: cannot create (Not a directory)" \
  "$work/plain" "$seatsim" $sweep --csv "$work/plain/out.csv"

# A file-size limit (ulimit -f, with SIGXFSZ ignored so that the write fails instead of killing).
mkdir "$work/limited"
echo previous >"$work/limited/result.json"
expect_failure "run --json past the file-size limit" "result.json: cannot write (File too large)" \
  "$work/limited/result.json" sh -c "trap '' XFSZ; ulimit -f 1; exec \"\$0\" \"\$@\"" \
  "$seatsim" run --draws 200 --quiet --json "$work/limited/result.json"

[ "$failures" -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
echo "all disk faults reported, no file corrupted"
