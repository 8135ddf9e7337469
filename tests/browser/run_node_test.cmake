# cmake -DSCRIPT=<test.mjs> -DHARNESS=<program> -P run_node_test.cmake
# Runs `node SCRIPT HARNESS`, looking for node when the test runs: ./dev test installs it after
# configuring. Without node the test fails under ./dev test (FRESHAUTH_REQUIRE_PEERS=1) and is
# skipped otherwise (the test's SKIP_REGULAR_EXPRESSION matches "browser test skipped:").
cmake_minimum_required(VERSION 3.25)
find_program(NODE node)
if(NOT NODE)
  if("$ENV{FRESHAUTH_REQUIRE_PEERS}" STREQUAL "1")
    message(FATAL_ERROR "node is missing: ./dev test installs it (apt-get)")
  endif()
  message("browser test skipped: node is missing (run ./dev test, which installs it)")
  return()
endif()
execute_process(COMMAND ${NODE} ${SCRIPT} ${HARNESS} RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "${SCRIPT} failed (${result})")
endif()
