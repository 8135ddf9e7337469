# One build tree is one variant, chosen by FRESHAUTH_SANITIZER (CMakePresets.json names them):
#   none     the library, the CLI and every test, unsanitized
#   thread   the tests that exercise concurrency, under ThreadSanitizer
#   address  every other test, under AddressSanitizer + UndefinedBehaviorSanitizer
# Library layers are freshauth_<layer> (alias freshauth::<layer>, exported as such); a test names
# the sanitizer it needs and is built only in the trees that run it.

set(FRESHAUTH_SANITIZER "none" CACHE STRING "none, thread or address")
set_property(CACHE FRESHAUTH_SANITIZER PROPERTY STRINGS none thread address)

# -g1 (line tables) is enough for symbolized sanitizer reports and compiles a fifth faster.
set(_freshauth_flags_thread -fsanitize=thread -g1 -O1)
set(_freshauth_flags_address -fsanitize=address,undefined -fno-sanitize-recover=all
                             -fno-omit-frame-pointer -g1 -O1)
if(FRESHAUTH_SANITIZER STREQUAL "none")
  set(FRESHAUTH_PLAIN_TREE TRUE)
else()
  set(FRESHAUTH_PLAIN_TREE FALSE)
endif()
set(FRESHAUTH_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor)

if(NOT FRESHAUTH_SANITIZER STREQUAL "none")
  if(NOT DEFINED _freshauth_flags_${FRESHAUTH_SANITIZER})
    message(FATAL_ERROR "FRESHAUTH_SANITIZER must be none, thread or address")
  endif()
  # Everything in this tree, the library included: a sanitizer must see both sides of a race.
  add_compile_options(${_freshauth_flags_${FRESHAUTH_SANITIZER}})
  add_link_options(${_freshauth_flags_${FRESHAUTH_SANITIZER}})
endif()

set(_freshauth_test_prefix_none "")
set(_freshauth_test_prefix_thread "tsan.")
set(_freshauth_test_prefix_address "asan.")
set(_freshauth_label_none plain)
set(_freshauth_label_thread tsan)
set(_freshauth_label_address asan)

# Maps layer names (core, http...) to their targets; anything else passes through.
function(_freshauth_resolve_deps out)
  set(resolved)
  foreach(dep IN LISTS ARGN)
    if(TARGET freshauth_${dep})
      list(APPEND resolved freshauth_${dep})
    else()
      list(APPEND resolved ${dep})
    endif()
  endforeach()
  set(${out} ${resolved} PARENT_SCOPE)
endfunction()

# freshauth_add_library(<layer> SOURCES ... [PUBLIC_DEPS ...] [PRIVATE_DEPS ...] [INTERNAL])
# A layer is installed and exported as freshauth::<layer> unless INTERNAL (the CLI's pieces,
# test support). Header-only private dependencies are wrapped in $<BUILD_INTERFACE:...> by the
# caller so that consumers of the installed static library need not find them.
function(freshauth_add_library layer)
  cmake_parse_arguments(ARG "INTERNAL" "" "SOURCES;PUBLIC_DEPS;PRIVATE_DEPS" ${ARGN})
  set(target freshauth_${layer})
  if(FRESHAUTH_SANITIZER STREQUAL "none")
    add_library(${target} STATIC ${ARG_SOURCES})
  else()
    add_library(${target} STATIC EXCLUDE_FROM_ALL ${ARG_SOURCES})  # built when a test needs it
  endif()
  add_library(freshauth::${layer} ALIAS ${target})
  target_include_directories(${target}
    PUBLIC $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include> $<INSTALL_INTERFACE:include>
    PRIVATE ${PROJECT_SOURCE_DIR}/src)
  _freshauth_resolve_deps(public_deps ${ARG_PUBLIC_DEPS})
  _freshauth_resolve_deps(private_deps ${ARG_PRIVATE_DEPS})
  target_link_libraries(${target} PUBLIC ${public_deps} PRIVATE ${private_deps})
  target_compile_options(${target} PRIVATE ${FRESHAUTH_WARNINGS})
  target_compile_features(${target} PUBLIC cxx_std_20)
  if(NOT ARG_INTERNAL)
    set_target_properties(${target} PROPERTIES EXPORT_NAME ${layer})
    set_property(GLOBAL APPEND PROPERTY FRESHAUTH_LAYERS ${layer})
  endif()
endfunction()

set(FRESHAUTH_TEST_ENVIRONMENT
    "TSAN_OPTIONS=halt_on_error=1 second_deadlock_stack=1"
    "ASAN_OPTIONS=detect_leaks=1" "UBSAN_OPTIONS=print_stacktrace=1")

# Labels and sanitizer options for the tests gtest_discover_tests finds. Its PROPERTIES cannot
# carry a list (CMake 3.25 splits every value on ';': only the first label and variable arrived),
# so a ctest include file, run after the discovery, sets them on the discovered list.
function(_freshauth_label_discovered_tests target labels)
  set(file "${CMAKE_CURRENT_BINARY_DIR}/${target}_properties.cmake")
  file(WRITE "${file}"
       "if(${target}_TESTS)\n"
       "  set_tests_properties(\${${target}_TESTS} PROPERTIES LABELS \"${labels}\"\n"
       "                       ENVIRONMENT \"${FRESHAUTH_TEST_ENVIRONMENT}\")\n"
       "endif()\n")
  set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES "${file}")
endfunction()

option(FRESHAUTH_PLAIN_TEST_COPIES
       "Also build and run unsanitized the tests the tsan and asan trees run (./dev test --quick)" ON)

# Whether a test that asks for `sanitizer` (thread, address, none or empty) is built in this tree:
# in a sanitized tree, the tests that asked for it (address is the default for those that name
# none); in the unsanitized tree, those that asked for none, and the others too while
# FRESHAUTH_PLAIN_TEST_COPIES is on. `./dev test` turns it off: it builds the sanitized trees,
# which run those tests, and compiling every test twice cost a third of the build.
function(freshauth_test_in_this_tree sanitizer out)
  if(NOT sanitizer)
    set(sanitizer address)
  endif()
  if(FRESHAUTH_SANITIZER STREQUAL "none" AND (sanitizer STREQUAL "none" OR FRESHAUTH_PLAIN_TEST_COPIES))
    set(${out} TRUE PARENT_SCOPE)
  elseif(FRESHAUTH_SANITIZER STREQUAL sanitizer)
    set(${out} TRUE PARENT_SCOPE)
  else()
    set(${out} FALSE PARENT_SCOPE)
  endif()
endfunction()

# One precompiled header per tree, reused by every test: each parses gtest, gmock and
# nlohmann/json (a 5 to 20% saving per test file). Not used for the CLI: with a large header
# precompiled, GCC spent 11 s instead of 0.5 s on a small file under the sanitizers. Where a
# translation unit's flags do not match, GCC ignores the header and parses the real ones.
option(FRESHAUTH_PRECOMPILED_HEADERS "Reuse one precompiled header per tree for the tests" ON)

# The target whose precompiled header the tests reuse; compiled with the tests' own flags.
function(_freshauth_test_pch_target out)
  set(target freshauth_test_pch)
  if(NOT TARGET ${target})
    set(source ${CMAKE_BINARY_DIR}/freshauth_test_pch.cc)
    if(NOT EXISTS ${source})
      file(WRITE ${source} "// The precompiled header's own translation unit.\n")
    endif()
    add_library(${target} OBJECT EXCLUDE_FROM_ALL ${source})
    target_link_libraries(${target} PRIVATE GTest::gmock nlohmann_json::nlohmann_json)
    target_compile_options(${target} PRIVATE ${FRESHAUTH_WARNINGS} -O0)
    target_precompile_headers(${target} PRIVATE <gmock/gmock.h> <gtest/gtest.h>
                              <nlohmann/json.hpp> <chrono> <functional> <map> <memory>
                              <optional> <string> <thread> <vector>)
  endif()
  set(${out} ${target} PARENT_SCOPE)
endfunction()

# freshauth_add_test(<name> SOURCES ... LIBS ... [SANITIZER thread|address|none] [LABELS ...])
function(freshauth_add_test name)
  cmake_parse_arguments(ARG "" "SANITIZER" "SOURCES;LIBS;LABELS" ${ARGN})
  freshauth_test_in_this_tree("${ARG_SANITIZER}" wanted)
  if(NOT wanted)
    return()
  endif()
  add_executable(${name} ${ARG_SOURCES})
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/src ${PROJECT_SOURCE_DIR}/tests)
  _freshauth_resolve_deps(libs ${ARG_LIBS})
  target_link_libraries(${name} PRIVATE ${libs} GTest::gmock_main Threads::Threads)
  target_compile_options(${name} PRIVATE ${FRESHAUTH_WARNINGS})
  # The test's own code (assertions, fixtures) need not be optimized: the library it links is.
  # Halves the compile time of a gtest translation unit, sanitized or not. The sanitizers still
  # instrument it (their flags come with the tree), and the code under test keeps its -O1/-O2.
  target_compile_options(${name} PRIVATE -O0)
  if(FRESHAUTH_PRECOMPILED_HEADERS)
    _freshauth_test_pch_target(pch)
    target_precompile_headers(${name} REUSE_FROM ${pch})
  endif()
  gtest_discover_tests(${name} TEST_PREFIX "${_freshauth_test_prefix_${FRESHAUTH_SANITIZER}}"
                       DISCOVERY_MODE PRE_TEST)
  set(labels ${_freshauth_label_${FRESHAUTH_SANITIZER}} ${ARG_LABELS})
  _freshauth_label_discovered_tests(${name} "${labels}")
endfunction()
