# The steps of the package tests (tests/examples/CMakeLists.txt), each a fresh start:
#   STEP=install              cmake --install BUILD_DIR into an emptied PREFIX
#   STEP=cmake_consumer       configure and build SOURCE (examples/) in BINARY with
#                             CMAKE_PREFIX_PATH=PREFIX: find_package(freshauth) only
#   STEP=pkg_config_consumer  make -f SOURCE/pkg-config/Makefile with PKG_CONFIG_PATH into PREFIX
#   STEP=subproject           configure (only) a project that add_subdirectory()s SOURCE (the
#                             repository) in BINARY: libraries only, no test, benchmark or CLI
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    list(JOIN ARGN " " command)
    message(FATAL_ERROR "failed (${status}): ${command}")
  endif()
endfunction()

if(STEP STREQUAL "install")
  file(REMOVE_RECURSE ${PREFIX})
  run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${PREFIX})
  if(EXISTS ${PREFIX}/include/freshauth/freshauth.h)
    message(STATUS "installed into ${PREFIX}")
  else()
    message(FATAL_ERROR "no freshauth/freshauth.h under ${PREFIX}/include")
  endif()
elseif(STEP STREQUAL "cmake_consumer")
  file(REMOVE_RECURSE ${BINARY})
  set(launcher)
  if(LAUNCHER)
    set(launcher -DCMAKE_CXX_COMPILER_LAUNCHER=${LAUNCHER})
  endif()
  # Only the prefix: nothing of the source tree is visible to the consumer.
  run(${CMAKE_COMMAND} -S ${SOURCE} -B ${BINARY} -G Ninja -DCMAKE_BUILD_TYPE=Release
      -DCMAKE_PREFIX_PATH=${PREFIX} ${launcher})
  run(${CMAKE_COMMAND} --build ${BINARY})
elseif(STEP STREQUAL "pkg_config_consumer")
  file(REMOVE_RECURSE ${BINARY})
  file(MAKE_DIRECTORY ${BINARY})
  file(GLOB_RECURSE pc_files ${PREFIX}/*/freshauth.pc)
  if(NOT pc_files)
    message(FATAL_ERROR "no freshauth.pc under ${PREFIX}")
  endif()
  list(GET pc_files 0 pc_file)
  get_filename_component(pc_dir ${pc_file} DIRECTORY)
  set(ENV{PKG_CONFIG_PATH} ${pc_dir})
  run(make -f ${SOURCE}/pkg-config/Makefile OUT=${BINARY} CXX=${CXX})
elseif(STEP STREQUAL "subproject")
  file(REMOVE_RECURSE ${BINARY})
  file(WRITE ${BINARY}/src/CMakeLists.txt
       "cmake_minimum_required(VERSION 3.25)\n"
       "project(parent LANGUAGES CXX)\n"
       "add_subdirectory(${SOURCE} freshauth)\n"
       "add_executable(app main.cc)\n"
       "target_link_libraries(app PRIVATE freshauth::freshauth)\n")
  file(WRITE ${BINARY}/src/main.cc "#include \"freshauth/freshauth.h\"\nint main() { return 0; }\n")
  run(${CMAKE_COMMAND} -S ${BINARY}/src -B ${BINARY}/build -G Ninja)
  execute_process(COMMAND ninja -C ${BINARY}/build -t targets all OUTPUT_VARIABLE targets
                  RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "ninja -t targets failed")
  endif()
  foreach(unwanted "_test:" "_bench:" "_fuzzer:" "apps/freshauth/freshauth:")
    string(FIND "${targets}" "${unwanted}" at)
    if(NOT at EQUAL -1)
      message(FATAL_ERROR "a subproject build defines '${unwanted}' targets; it should get the libraries only")
    endif()
  endforeach()
  foreach(wanted "libfreshauth_core.a:" "libfreshauth_idp.a:" "app:")
    string(FIND "${targets}" "${wanted}" at)
    if(at EQUAL -1)
      message(FATAL_ERROR "a subproject build lacks the target '${wanted}'")
    endif()
  endforeach()
  message(STATUS "subproject: libraries only")
else()
  message(FATAL_ERROR "unknown STEP '${STEP}'")
endif()
