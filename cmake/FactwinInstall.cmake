# SPDX-License-Identifier: Apache-2.0
include(CMakePackageConfigHelpers)

install(TARGETS factwin factwin_cli EXPORT factwinTargets
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY include/factwin DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
        FILES_MATCHING PATTERN "*.hpp")
install(FILES ${PROJECT_BINARY_DIR}/include/factwin/config.hpp
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/factwin)
install(DIRECTORY data/schema DESTINATION ${CMAKE_INSTALL_DATADIR}/factwin)
install(EXPORT factwinTargets NAMESPACE factwin::
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/factwin)
configure_package_config_file(cmake/factwinConfig.cmake.in
  ${PROJECT_BINARY_DIR}/factwinConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/factwin)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/factwinConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/factwinConfig.cmake ${PROJECT_BINARY_DIR}/factwinConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/factwin)
