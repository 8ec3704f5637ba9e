# Installs the seatsim build into a fresh prefix, then configures, builds and runs the example
# consumer (tests/consumer/) against that prefix alone: find_package(seatsim) must work from an
# install, with no help from the source or build trees.
#   cmake -DBUILD_DIR=... -DCONSUMER_DIR=... -DWORK_DIR=... -DGENERATOR=... -DCXX_COMPILER=...
#         -P consumer-test.cmake
include(${CMAKE_CURRENT_LIST_DIR}/script-steps.cmake)
require(BUILD_DIR CONSUMER_DIR WORK_DIR GENERATOR CXX_COMPILER)

file(REMOVE_RECURSE ${WORK_DIR})
set(prefix ${WORK_DIR}/prefix)
step(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})
step(${CMAKE_COMMAND} -S ${CONSUMER_DIR} -B ${WORK_DIR}/build -G "${GENERATOR}"
     -DCMAKE_CXX_COMPILER=${CXX_COMPILER} -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH=${prefix})
step(${CMAKE_COMMAND} --build ${WORK_DIR}/build)
step(${WORK_DIR}/build/seatsim_consumer)
