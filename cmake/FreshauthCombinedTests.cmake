# One ctest run, one summary: the plain tree's ctest also runs the tests of the sanitized and fuzz
# trees listed in FRESHAUTH_COMBINED_TEST_DIRS (the `default` preset lists its sibling presets'
# trees; ./dev test builds them all first). A tree that was not built is left out.
set(FRESHAUTH_COMBINED_TEST_DIRS "" CACHE STRING "Other build trees whose tests this tree's ctest runs")
if(FRESHAUTH_PLAIN_TREE AND FRESHAUTH_COMBINED_TEST_DIRS)
  set(_file "${PROJECT_BINARY_DIR}/combined_test_dirs.cmake")
  set(_content "")
  foreach(dir IN LISTS FRESHAUTH_COMBINED_TEST_DIRS)
    string(APPEND _content "if(EXISTS \"${dir}/CTestTestfile.cmake\")\n  subdirs(\"${dir}\")\nendif()\n")
  endforeach()
  file(WRITE "${_file}" "${_content}")
  set_property(DIRECTORY ${PROJECT_SOURCE_DIR} APPEND PROPERTY TEST_INCLUDE_FILES "${_file}")
endif()
