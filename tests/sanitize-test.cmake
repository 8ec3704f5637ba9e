# Builds seatsim again with sanitizers in a sub-tree of the build, then runs a selection of its tests
# there (the suite under ASan + UBSan). Any sanitizer report aborts
# the test it happens in, so the selection must pass. The sub-tree is kept between runs, so a
# rebuild after a change compiles only what changed.
#   cmake -DSOURCE_DIR=... -DWORK_DIR=... -DGENERATOR=... -DCXX_COMPILER=... -DSANITIZE=address,undefined
#         -DTARGETS=a,b -DTESTS=regex [-DEXCLUDE=regex] -P sanitize-test.cmake
include(${CMAKE_CURRENT_LIST_DIR}/script-steps.cmake)
require(SOURCE_DIR WORK_DIR GENERATOR CXX_COMPILER SANITIZE TARGETS TESTS)

# Debug: -O1 (set by SEATSIM_SANITIZE) with assertions on, so contracts are checked too.
step(${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${WORK_DIR} -G "${GENERATOR}"
     -DCMAKE_CXX_COMPILER=${CXX_COMPILER} -DCMAKE_BUILD_TYPE=Debug "-DSEATSIM_SANITIZE=${SANITIZE}")
string(REPLACE "," ";" targets "${TARGETS}")
step(${CMAKE_COMMAND} --build ${WORK_DIR} --target ${targets})
set(exclude)
if(DEFINED EXCLUDE)
  set(exclude -E ${EXCLUDE})
endif()
# A finding stops the program with a stack trace.
set(ENV{ASAN_OPTIONS} "abort_on_error=1:detect_leaks=1")
set(ENV{UBSAN_OPTIONS} "print_stacktrace=1:halt_on_error=1")
# As many tests at once as there are cores: the tests already run side by side in the normal build.
cmake_host_system_information(RESULT cores QUERY NUMBER_OF_LOGICAL_CORES)
step(ctest --test-dir ${WORK_DIR} --output-on-failure --parallel ${cores} -R ${TESTS} ${exclude})
