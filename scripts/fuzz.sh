#!/usr/bin/env bash
# A bounded fuzzing run: builds the fuzz/ targets with clang-14, libFuzzer, ASan and UBSan (the
# "fuzz" preset, in build-fuzz/), then fuzzes each for SECONDS (default 60), starting from its seed
# corpus (fuzz/CMakeLists.txt). New interesting inputs go to build-fuzz/corpus/TARGET; a crash,
# leak, timeout or sanitizer report is saved under build-fuzz/findings/TARGET/ and fails the run.
# Turn each finding into a tests/bad-input case (or a file in fuzz/corpus/TARGET) and fix it.
#   scripts/fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
build=build-fuzz

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz

export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
failed=0
summary=""
for target in scenario votes override checkpoint draws where; do
  corpus=$build/corpus/$target
  findings=$build/findings/$target
  mkdir -p "$corpus" "$findings"
  mapfile -t seeds <"$build/fuzz/fuzz_$target.seeds"
  log=$build/fuzz_$target.log
  status=0
  "$build/fuzz/fuzz_$target" "$corpus" "${seeds[@]}" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=2048 -max_len=65536 -artifact_prefix="$findings/" -print_final_stats=1 \
    >"$log" 2>&1 || status=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  units=$(find "$corpus" -type f | wc -l)
  line="fuzz_$target: ${runs:-?} inputs in ${seconds} s, corpus $units files"
  if [ "$status" -ne 0 ]; then
    line="$line: FAILED (status $status; see $log and $findings)"
    failed=1
  fi
  echo "$line"
  summary+="$line"$'\n'
done
echo
echo -n "$summary"
exit "$failed"
