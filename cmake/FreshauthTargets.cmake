# Every library layer is built once normally and, on demand, once per sanitizer, from the same
# sources: freshauth_core, freshauth_core_tsan, freshauth_core_asan. A test names the sanitizer
# it needs (thread for concurrency code, address for the rest) and gets both a plain and a
# sanitized executable; ctest runs them all and prints one summary.

# -g1 (line tables) is enough for symbolized sanitizer reports and compiles a fifth faster.
set(FRESHAUTH_FLAGS_tsan -fsanitize=thread -g1 -O1)
set(FRESHAUTH_FLAGS_asan -fsanitize=address,undefined -fno-sanitize-recover=all
                         -fno-omit-frame-pointer -g1 -O1)
set(FRESHAUTH_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor)

function(_freshauth_variants out)
  set(variants plain)
  if(FRESHAUTH_SANITIZER_TESTS)
    list(APPEND variants tsan asan)
  endif()
  set(${out} ${variants} PARENT_SCOPE)
endfunction()

function(_freshauth_suffix variant out)
  if(variant STREQUAL "plain")
    set(${out} "" PARENT_SCOPE)
  else()
    set(${out} "_${variant}" PARENT_SCOPE)
  endif()
endfunction()

# Maps layer names (core, http...) to this variant's targets; anything else passes through.
function(_freshauth_resolve_deps variant out)
  _freshauth_suffix(${variant} suffix)
  set(resolved)
  foreach(dep IN LISTS ARGN)
    if(TARGET freshauth_${dep})
      list(APPEND resolved freshauth_${dep}${suffix})
    else()
      list(APPEND resolved ${dep})
    endif()
  endforeach()
  set(${out} ${resolved} PARENT_SCOPE)
endfunction()

function(_freshauth_apply_variant target variant)
  target_compile_options(${target} PRIVATE ${FRESHAUTH_WARNINGS})
  if(NOT variant STREQUAL "plain")
    target_compile_options(${target} PRIVATE ${FRESHAUTH_FLAGS_${variant}})
    target_link_options(${target} PRIVATE ${FRESHAUTH_FLAGS_${variant}})
  endif()
endfunction()

# freshauth_add_library(<layer> SOURCES ... [PUBLIC_DEPS ...] [PRIVATE_DEPS ...])
function(freshauth_add_library layer)
  cmake_parse_arguments(ARG "" "" "SOURCES;PUBLIC_DEPS;PRIVATE_DEPS" ${ARGN})
  _freshauth_variants(variants)
  foreach(variant IN LISTS variants)
    _freshauth_suffix(${variant} suffix)
    set(target freshauth_${layer}${suffix})
    if(variant STREQUAL "plain")
      add_library(${target} STATIC ${ARG_SOURCES})
    else()
      add_library(${target} STATIC EXCLUDE_FROM_ALL ${ARG_SOURCES})
    endif()
    target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR}/include
                                         PRIVATE ${PROJECT_SOURCE_DIR}/src)
    _freshauth_resolve_deps(${variant} public_deps ${ARG_PUBLIC_DEPS})
    _freshauth_resolve_deps(${variant} private_deps ${ARG_PRIVATE_DEPS})
    target_link_libraries(${target} PUBLIC ${public_deps} PRIVATE ${private_deps})
    _freshauth_apply_variant(${target} ${variant})
  endforeach()
endfunction()

set(FRESHAUTH_TEST_ENVIRONMENT
    "TSAN_OPTIONS=halt_on_error=1 second_deadlock_stack=1 suppressions=${PROJECT_SOURCE_DIR}/tests/tsan.supp"
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

# freshauth_add_test(<name> SOURCES ... LIBS ... [SANITIZER thread|address] [LABELS ...])
function(freshauth_add_test name)
  cmake_parse_arguments(ARG "" "SANITIZER" "SOURCES;LIBS;LABELS" ${ARGN})
  set(variants plain)
  if(FRESHAUTH_SANITIZER_TESTS)
    if(ARG_SANITIZER STREQUAL "thread")
      list(APPEND variants tsan)
    elseif(ARG_SANITIZER STREQUAL "address" OR NOT ARG_SANITIZER)
      list(APPEND variants asan)
    endif()
  endif()
  foreach(variant IN LISTS variants)
    _freshauth_suffix(${variant} suffix)
    set(target ${name}${suffix})
    add_executable(${target} ${ARG_SOURCES})
    target_include_directories(${target} PRIVATE ${PROJECT_SOURCE_DIR}/src ${PROJECT_SOURCE_DIR}/tests)
    _freshauth_resolve_deps(${variant} libs ${ARG_LIBS})
    target_link_libraries(${target} PRIVATE ${libs} GTest::gmock_main Threads::Threads)
    _freshauth_apply_variant(${target} ${variant})
    if(variant STREQUAL "plain")
      # The test's own code (assertions, fixtures) need not be optimized: the library it links is.
      # Halves the compile time of a gtest translation unit.
      target_compile_options(${target} PRIVATE -O0)
      set(prefix "")
    else()
      set(prefix "${variant}.")
    endif()
    gtest_discover_tests(${target} TEST_PREFIX "${prefix}" DISCOVERY_MODE PRE_TEST)
    set(labels ${variant} ${ARG_LABELS})
    _freshauth_label_discovered_tests(${target} "${labels}")
  endforeach()
endfunction()
