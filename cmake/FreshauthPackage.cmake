# `cmake --install` puts the public headers, the static libraries, a CMake package
# (find_package(freshauth) → freshauth::<layer> and the umbrella freshauth::freshauth) and a
# pkg-config file (freshauth.pc) under CMAKE_INSTALL_PREFIX. Runs after every layer is declared.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

get_property(_layers GLOBAL PROPERTY FRESHAUTH_LAYERS)
set(_layer_targets)
foreach(layer IN LISTS _layers)
  list(APPEND _layer_targets freshauth_${layer})
endforeach()

add_library(freshauth_freshauth INTERFACE)
add_library(freshauth::freshauth ALIAS freshauth_freshauth)
set_target_properties(freshauth_freshauth PROPERTIES EXPORT_NAME freshauth)
target_link_libraries(freshauth_freshauth INTERFACE ${_layer_targets})

install(TARGETS ${_layer_targets} freshauth_freshauth EXPORT freshauthTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/freshauth
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} FILES_MATCHING PATTERN "*.h")

set(_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/freshauth)
install(EXPORT freshauthTargets NAMESPACE freshauth:: DESTINATION ${_cmake_dir})
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/freshauthConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/freshauthConfig.cmake
                              INSTALL_DESTINATION ${_cmake_dir})
# 0.x: a new minor version may change the API.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/freshauthConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/freshauthConfig.cmake
              ${PROJECT_BINARY_DIR}/freshauthConfigVersion.cmake
        DESTINATION ${_cmake_dir})

# pkg-config: static libraries, so every library they need is in Libs/Requires (not .private),
# dependents first. The prefix is found relative to the .pc file: the tree can be moved.
set(_pc_libs)
set(_reversed ${_layers})
list(REVERSE _reversed)
foreach(layer IN LISTS _reversed)
  string(APPEND _pc_libs " -lfreshauth_${layer}")
endforeach()
set(_pc_dir ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
file(RELATIVE_PATH _pc_to_prefix /${_pc_dir} /)
string(REGEX REPLACE "/$" "" _pc_to_prefix "${_pc_to_prefix}")
set(FRESHAUTH_PC_PREFIX "\${pcfiledir}/${_pc_to_prefix}")
set(FRESHAUTH_PC_LIBS "${_pc_libs}")
configure_file(${CMAKE_CURRENT_LIST_DIR}/freshauth.pc.in ${PROJECT_BINARY_DIR}/freshauth.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/freshauth.pc DESTINATION ${_pc_dir})

if(TARGET freshauth)
  install(TARGETS freshauth RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
