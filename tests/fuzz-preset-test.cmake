# Builds the libFuzzer targets with the "fuzz" preset (CMakePresets.json: clang-14, ASan + UBSan),
# as scripts/fuzz.sh does, in a sub-tree of the build, so that a change clang 14 cannot compile
# fails ctest rather than the next fuzzing run. It only builds: fuzzing itself, bounded in time, is
# scripts/fuzz.sh's. The sub-tree is kept between runs, so a rebuild compiles only what changed.
#   cmake -DSOURCE_DIR=... -DWORK_DIR=... -P fuzz-preset-test.cmake
include(${CMAKE_CURRENT_LIST_DIR}/script-steps.cmake)
require(SOURCE_DIR WORK_DIR)

# The preset is read from SOURCE_DIR; -B puts its build here instead of build-fuzz/.
step(${CMAKE_COMMAND} -E chdir ${SOURCE_DIR} ${CMAKE_COMMAND} --preset fuzz -B ${WORK_DIR})
step(${CMAKE_COMMAND} --build ${WORK_DIR} --target fuzz_targets)
