#!/usr/bin/env bash
# ThreadSanitizer over the threaded tests, with a oneTBB that is instrumented too (an uninstrumented
# TBB hides its synchronisation from TSan, which then reports races that are not there).
#   scripts/tsan.sh [WORK_DIR]     (default: build/tsan; ctest `sanitize/thread` passes its own)
# 1. Once: fetches Debian's own oneTBB source package (apt-get source, with a deb-src line for the
#    archive this machine's apt already uses, passed by -o options: no system file changes), and
#    builds it with oneTBB's -DTBB_SANITIZE=thread into WORK_DIR/onetbb. Later runs reuse it.
# 2. Builds seatsim and the threaded tests with -fsanitize=thread against it (WORK_DIR/seatsim,
#    kept between runs, so a rebuild compiles only what changed).
# 3. Runs the threaded tests: the runner, determinism across thread counts, and interruption (a
#    signal during the threaded draw). A TSan report fails the test it happens in (halt_on_error).
#    No suppressions. The checkpoint-resume and signal-burst scripts repeat those paths many times
#    over and would take most of CI's budget under TSan; they run in the normal and ASan builds.
set -euo pipefail
source_dir=$(cd "$(dirname "$0")/.." && pwd)
work=$(realpath -m "${1:-$source_dir/build/tsan}")
deps=$work/onetbb
mkdir -p "$work"

if [ ! -f "$deps/install/.done" ]; then
  rm -rf "$deps" && mkdir -p "$deps/lists/partial"
  # The same archive the machine's own apt sources name (first URIs line of its deb822 sources).
  uri=$(sed -n 's/^URIs: //p' /etc/apt/sources.list.d/debian.sources | head -1)
  suite=$(sed -n 's/^VERSION_CODENAME=//p' /etc/os-release)
  echo "deb-src $uri $suite main" > "$deps/src.list"
  apt=(apt-get -q -o Dir::Etc::SourceList="$deps/src.list" -o Dir::Etc::SourceParts=/dev/null
       -o Dir::State::Lists="$deps/lists")
  "${apt[@]}" update > "$deps/apt.log"
  (cd "$deps" && "${apt[@]}" source --download-only onetbb >> apt.log &&
    dpkg-source -x onetbb_*.dsc source >> apt.log)
  cmake -S "$deps/source" -B "$deps/build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DTBB_SANITIZE=thread -DTBB_TEST=OFF -DTBB_EXAMPLES=OFF -DTBB_STRICT=OFF \
    -DCMAKE_INSTALL_PREFIX="$deps/install" > "$deps/configure.log"
  cmake --build "$deps/build" > "$deps/build.log"
  cmake --install "$deps/build" > "$deps/install.log"
  touch "$deps/install/.done"
fi

tbb_dir=$(dirname "$(find "$deps/install" -name TBBConfig.cmake | head -1)")
# The canary: a parallel_for that adds to a plain long must be reported (exit 66), and the same
# with an atomic must not, or this setup could not catch a race in seatsim either.
tbb_lib=$(dirname "$(find "$deps/install" -name libtbb.so | head -1)")
canary=$work/canary
mkdir -p "$canary"
for kind in race clean; do
  type=long && [ "$kind" = clean ] && type=std::atomic\<long\>
  printf '#include <tbb/parallel_for.h>\n#include <atomic>\n%s total{0};\nint main() {\n  tbb::parallel_for(0, 100000, [](int i) { total += i; });\n  return total == 4999950000 ? 0 : 1;\n}\n' \
    "$type" > "$canary/$kind.cpp"
  g++ -std=c++20 -fsanitize=thread -g -I"$deps/install/include" "$canary/$kind.cpp" \
    -L"$tbb_lib" -ltbb -Wl,-rpath,"$tbb_lib" -o "$canary/$kind"
done
status=0
TSAN_OPTIONS="halt_on_error=1 exitcode=66" "$canary/race" 2> "$canary/race.log" || status=$?
if [ "$status" -ne 66 ] || ! grep -q "data race" "$canary/race.log"; then
  echo "tsan.sh: the racing canary was not reported (exit status $status): TSan cannot see races" >&2
  exit 1
fi
TSAN_OPTIONS="halt_on_error=1" "$canary/clean" ||
  { echo "tsan.sh: the race-free canary was reported: TSan sees races that are not there" >&2; exit 1; }

cmake -S "$source_dir" -B "$work/seatsim" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
  -DSEATSIM_SANITIZE=thread -DTBB_DIR="$tbb_dir" -DSEATSIM_BUILD_BENCH=OFF > /dev/null
cmake --build "$work/seatsim" --target seatsim sim_runner_test cli_run_command_test
# Tests that use fixed names under the temporary folder get a folder of their own: the same tests
# may run at the same time in the normal build (ctest -j), and would remove each other's files.
export TMPDIR=$work/tmp
rm -rf "$TMPDIR" && mkdir -p "$TMPDIR"
# halt_on_error: the first report aborts the test; second_deadlock_stack for lock-order reports.
export TSAN_OPTIONS="halt_on_error=1 abort_on_error=1 second_deadlock_stack=1"
ctest --test-dir "$work/seatsim" --output-on-failure \
  -R '^(sim/runner_test|cli/run_command_test:JSON results are byte-identical|fault/sig(INT|TERM)$)'
