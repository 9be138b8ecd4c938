# Fails the build when a source file reaches a header of a layer it may not use, directly or through the headers it
# includes (design.md section 2: app/main.cpp -> ui -> app services -> (drivers, offline_queue), common below all;
# inside app/ the sub-layers of cmake/check_layers.py, which must stay acyclic). Runs on every build (ALL).
# `cmake --build build --target layer_report` prints the layers, who includes whom and the result.
find_package(Python3 REQUIRED COMPONENTS Interpreter)
add_custom_target(layer_check ALL
  COMMAND Python3::Interpreter ${PROJECT_SOURCE_DIR}/cmake/check_layers.py ${PROJECT_SOURCE_DIR}
  COMMENT "Checking layer dependencies"
  VERBATIM)
add_custom_target(layer_report
  COMMAND Python3::Interpreter ${PROJECT_SOURCE_DIR}/cmake/check_layers.py ${PROJECT_SOURCE_DIR} --report
  VERBATIM)

# The member naming check runs the same way: every `m_` name in the production sources fails the build
# (cmake/check_member_names.cmake; clang-format cannot rename).
add_custom_target(style_check ALL
  COMMAND ${CMAKE_COMMAND} -DROOT=${PROJECT_SOURCE_DIR} -P ${PROJECT_SOURCE_DIR}/cmake/check_member_names.cmake
  COMMENT "Checking member names"
  VERBATIM)
