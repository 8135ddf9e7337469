# cmake -DSOURCE_DIR=<repo> -P check_layer_includes.cmake
# Fails, naming each one, when a file includes a header from another layer's private folder.
# A layer's private headers (src/<layer>/*.h, included as "<layer>/x.h") may be included by that
# layer's sources and by the code that mirrors it: tests/<layer>/, bench/<layer>/, fuzz/<layer>/.
# Test helpers shared between test folders belong in tests/support/, so a test folder including
# another test folder's header is reported too. Everything else uses include/freshauth/.
cmake_minimum_required(VERSION 3.25)
file(GLOB layer_dirs LIST_DIRECTORIES true RELATIVE ${SOURCE_DIR}/src ${SOURCE_DIR}/src/*)
set(layers)
foreach(dir IN LISTS layer_dirs)
  if(IS_DIRECTORY ${SOURCE_DIR}/src/${dir})
    list(APPEND layers ${dir})
  endif()
endforeach()

# Known crossings: none. A file here ("<file>: <layer>/<header>") passes; an entry that no longer
# crosses fails (remove it).
set(known)

set(violations)
set(seen)
foreach(root src tests bench fuzz apps examples)
  file(GLOB_RECURSE files RELATIVE ${SOURCE_DIR} ${SOURCE_DIR}/${root}/*.h ${SOURCE_DIR}/${root}/*.cc)
  foreach(file IN LISTS files)
    set(owner "")
    if(NOT root MATCHES "^(apps|examples)$" AND file MATCHES "^[^/]+/([^/]+)/")
      set(owner ${CMAKE_MATCH_1})
    endif()
    file(STRINGS ${SOURCE_DIR}/${file} includes REGEX "^#include \"[a-z_0-9]+/[^\"]+\"")
    foreach(line IN LISTS includes)
      string(REGEX MATCH "\"([a-z_0-9]+)/([^\"]+)\"" _ "${line}")
      set(dir ${CMAKE_MATCH_1})
      set(header ${CMAKE_MATCH_2})
      if(dir STREQUAL owner OR dir STREQUAL "freshauth" OR dir STREQUAL "support")
        continue()
      endif()
      if(dir IN_LIST layers AND EXISTS ${SOURCE_DIR}/src/${dir}/${header})
        if("${file}: ${dir}/${header}" IN_LIST known)
          list(APPEND seen "${file}: ${dir}/${header}")
          continue()
        endif()
        list(APPEND violations "${file}: ${line} (private to src/${dir})")
      elseif(root STREQUAL "tests" AND EXISTS ${SOURCE_DIR}/tests/${dir}/${header})
        list(APPEND violations "${file}: ${line} (belongs in tests/support)")
      endif()
    endforeach()
  endforeach()
endforeach()

foreach(entry IN LISTS known)
  if(NOT entry IN_LIST seen)
    list(APPEND violations "${entry} (listed as known in check_layer_includes.cmake, but gone: remove it)")
  endif()
endforeach()

if(violations)
  list(LENGTH violations count)
  list(JOIN violations "\n  " listed)
  message(FATAL_ERROR "${count} includes cross into another layer's private headers; make the "
                      "header public (include/freshauth/<layer>/) or move it:\n  ${listed}")
endif()
message(STATUS "no file includes another layer's private headers")
