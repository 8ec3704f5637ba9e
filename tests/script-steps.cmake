# Helpers for the ctest scripts run with cmake -P (consumer-test.cmake, sanitize-test.cmake).
get_filename_component(script_name ${CMAKE_SCRIPT_MODE_FILE} NAME_WE)

# require(VAR...): each -DVAR=... must be given.
function(require)
  foreach(var ${ARGN})
    if(NOT DEFINED ${var})
      message(FATAL_ERROR "${script_name}: -D${var}=... is required")
    endif()
  endforeach()
endfunction()

# step(COMMAND...): runs the command; the script fails if it does.
function(step)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    string(REPLACE ";" " " command "${ARGN}")
    message(FATAL_ERROR "${script_name}: `${command}` failed (${status})")
  endif()
endfunction()
