# Libraries the media devices need, linked into kiosk_drivers (included from drivers/CMakeLists.txt):
# document_printer/ talks to CUPS through libcups; scanner/ drives SANE (libsane) and the document camera (Qt
# Multimedia); camera/ uses Qt Multimedia for live cameras and OpenCV's videoio for the file/video frame source.
# Qt PrintSupport is not needed: pages are drawn with QPdfWriter (QtGui) and sent to CUPS as PDF.
find_package(Qt6 REQUIRED COMPONENTS Multimedia)
find_package(Cups REQUIRED) # CMake's FindCups: Debian's libcups2-dev ships no cups.pc
if(NOT TARGET PkgConfig::KIOSK_SANE)
  pkg_check_modules(KIOSK_SANE REQUIRED IMPORTED_TARGET sane-backends)
endif()
find_package(OpenCV REQUIRED COMPONENTS core imgproc videoio imgcodecs)

target_link_libraries(kiosk_drivers
  PUBLIC Qt6::Multimedia PkgConfig::KIOSK_SANE # public headers use Qt Multimedia types and SANE_Status
  PRIVATE Cups::Cups ${OpenCV_LIBS})
target_include_directories(kiosk_drivers SYSTEM PRIVATE ${OpenCV_INCLUDE_DIRS})
