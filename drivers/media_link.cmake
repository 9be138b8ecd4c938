# Libraries the media devices need, linked into kiosk_drivers (included from drivers/CMakeLists.txt):
# document_printer/ talks to CUPS through libcups; scanner/ drives SANE (libsane) and the document camera (Qt
# Multimedia); camera/ uses Qt Multimedia for live cameras. The file/video frame source decodes through the module
# kiosk_video_file (OpenCV videoio, below), which the kiosk loads only when it plays a video file.
# Qt PrintSupport is not needed: pages are drawn with QPdfWriter (QtGui) and sent to CUPS as PDF.
find_package(Qt6 REQUIRED COMPONENTS Multimedia)
find_package(Cups REQUIRED) # CMake's FindCups: Debian's libcups2-dev ships no cups.pc
if(NOT TARGET PkgConfig::KIOSK_SANE)
  pkg_check_modules(KIOSK_SANE REQUIRED IMPORTED_TARGET sane-backends)
endif()
find_package(OpenCV REQUIRED COMPONENTS core imgproc videoio)

target_link_libraries(kiosk_drivers
  PUBLIC Qt6::Multimedia PkgConfig::KIOSK_SANE # public headers use Qt Multimedia types and SANE_Status
  PRIVATE Cups::Cups)

# kiosk_video_file: video_file_api.h over OpenCV's VideoCapture, a module loaded at run time (video_file_library.cpp),
# so that neither the kiosk's start nor the production package carries videoio and its ~150 libraries. The demo
# package installs it; a build tree finds it in its lib/ (the development fallback compiled into the loader).
add_library(kiosk_video_file MODULE ${CMAKE_CURRENT_LIST_DIR}/camera/video_file_module.cpp)
target_include_directories(kiosk_video_file PRIVATE ${PROJECT_SOURCE_DIR})
target_include_directories(kiosk_video_file SYSTEM PRIVATE ${OpenCV_INCLUDE_DIRS})
target_link_libraries(kiosk_video_file PRIVATE opencv_core opencv_imgproc opencv_videoio)
set_target_properties(kiosk_video_file PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/lib PREFIX "lib"
                                                  OUTPUT_NAME kiosk_video_file)
set_property(SOURCE ${CMAKE_CURRENT_LIST_DIR}/camera/video_file_library.cpp APPEND PROPERTY COMPILE_DEFINITIONS
  KIOSK_DEV_VIDEO_MODULE="${PROJECT_BINARY_DIR}/lib/libkiosk_video_file.so")
add_dependencies(kiosk_drivers kiosk_video_file) # whatever links the drivers can play a file in the build tree
if(KIOSK_BUILD_SIMULATORS)
  install(TARGETS kiosk_video_file LIBRARY DESTINATION lib/kiosk-demo COMPONENT demo) # the kiosk-demo package
endif()
