# Small helpers shared by the folder CMakeLists.

# kiosk_add_test(NAME <name> SOURCES <files...> LIBS <targets...> LABELS <labels...> [TIMEOUT s] [ENV k=v...])
# Builds one QtTest/GoogleTest executable and registers it with CTest under its labels.
function(kiosk_add_test)
  cmake_parse_arguments(T "" "NAME;TIMEOUT" "SOURCES;LIBS;LABELS;ENV" ${ARGN})
  add_executable(${T_NAME} ${T_SOURCES})
  # Every test may use the test doubles and the simulator-side decoders the kiosk binary never links (drivers/README.md).
  target_link_libraries(${T_NAME} PRIVATE ${T_LIBS} kiosk_test_doubles Qt6::Test)
  target_include_directories(${T_NAME} PRIVATE ${PROJECT_SOURCE_DIR} ${PROJECT_SOURCE_DIR}/tests)
  add_test(NAME ${T_NAME} COMMAND ${T_NAME})
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 120)
  endif()
  set(env "QT_QPA_PLATFORM=offscreen" "QT_LOGGING_RULES=*.debug=false" "KIOSK_SOURCE_DIR=${PROJECT_SOURCE_DIR}" "KIOSK_BINARY_DIR=${PROJECT_BINARY_DIR}" ${T_ENV})
  set_tests_properties(${T_NAME} PROPERTIES LABELS "${T_LABELS}" TIMEOUT ${T_TIMEOUT} ENVIRONMENT "${env}")
endfunction()

# kiosk_add_tests_in(<dir> LIBS <targets...> LABELS <labels...>)
# Every test_*.cpp in <dir> becomes its own test executable named after the file.
function(kiosk_add_tests_in dir)
  cmake_parse_arguments(T "" "" "LIBS;LABELS" ${ARGN})
  file(GLOB tests CONFIGURE_DEPENDS ${dir}/test_*.cpp)
  foreach(src ${tests})
    get_filename_component(name ${src} NAME_WE)
    kiosk_add_test(NAME ${name} SOURCES ${src} LIBS ${T_LIBS} LABELS ${T_LABELS})
  endforeach()
endfunction()
