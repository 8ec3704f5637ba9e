# Runs one bad-input case through the seatsim CLI and checks that it fails as a user should see:
# exit status 2 and the expected message on stderr, with no crash, hang or silent success.
#   cmake -DSEATSIM=... -DCASE=... -P run-case.cmake
# A case file starts with `# expect: MESSAGE` (a substring of stderr). A scenario case (*.toml) is
# run as `seatsim run CASE --draws 1` and must report its own file; any other case (*.case) holds
# on its second line the arguments to give seatsim, run from the case's folder so that relative
# paths name the data files beside it.
foreach(var SEATSIM CASE)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run-case: -D${var}=... is required")
  endif()
endforeach()

# Lines are cut by hand: a CMake list would mangle messages holding brackets, such as "[0, 1)".
file(READ ${CASE} text LIMIT 4096)
string(FIND "${text}" "\n" end)
string(SUBSTRING "${text}" 0 ${end} first)
if(NOT first MATCHES "^# expect: (.+)$")
  message(FATAL_ERROR "${CASE}: the first line must be `# expect: MESSAGE`")
endif()
set(expected "${CMAKE_MATCH_1}")
get_filename_component(folder ${CASE} DIRECTORY)

if(CASE MATCHES "\\.toml$")
  set(arguments run ${CASE} --draws 1)
  set(prefix "seatsim: ${CASE}:")
else()
  math(EXPR start "${end} + 1")
  string(SUBSTRING "${text}" ${start} -1 rest)
  string(FIND "${rest}" "\n" end)
  string(SUBSTRING "${rest}" 0 ${end} command_line)
  separate_arguments(arguments UNIX_COMMAND "${command_line}")
  set(prefix "seatsim: ")
endif()

execute_process(COMMAND ${SEATSIM} ${arguments} WORKING_DIRECTORY ${folder} TIMEOUT 60
                RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
string(FIND "${err}" "${expected}" found)
string(FIND "${err}" "${prefix}" prefix_at)
if(NOT status STREQUAL "2" OR found EQUAL -1 OR NOT prefix_at EQUAL 0)
  message(FATAL_ERROR "run-case: ${CASE}\n  seatsim ${arguments}\n  exit status: ${status} "
                      "(expected 2)\n  expected on stderr: ${expected}\n  stderr: ${err}")
endif()
