# Fails the build when a source file includes a header from a layer it may not use
# (design.md section 2: app/main.cpp -> ui -> app services -> (drivers, offline_queue)).
# Includes are written from the repository root ("drivers/idcard/frame_codec.h"), so the first path
# component names the layer. The check runs on every build as part of the ALL target.
add_custom_target(layer_check ALL
  COMMAND ${CMAKE_COMMAND} -DROOT=${PROJECT_SOURCE_DIR} -P ${PROJECT_SOURCE_DIR}/cmake/check_layers.cmake
  COMMENT "Checking layer dependencies"
  VERBATIM)

# The member naming check runs the same way: every `m_` name in the production sources fails the build
# (cmake/check_member_names.cmake; clang-format cannot rename).
add_custom_target(style_check ALL
  COMMAND ${CMAKE_COMMAND} -DROOT=${PROJECT_SOURCE_DIR} -P ${PROJECT_SOURCE_DIR}/cmake/check_member_names.cmake
  COMMENT "Checking member names"
  VERBATIM)
