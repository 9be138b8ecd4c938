# app/materials: Tesseract (with Leptonica) for OCR, OpenCV for page detection, rectification and quality checks.
# GLOBAL so the imported targets are visible wherever kiosk_app is linked into an executable (tests, kioskctl).
pkg_check_modules(TESSERACT REQUIRED IMPORTED_TARGET GLOBAL tesseract lept)
if(NOT TARGET opencv_imgproc)
  find_package(OpenCV 4 REQUIRED COMPONENTS core imgproc imgcodecs GLOBAL)
endif()
# libgomp is already pulled in by libtesseract; linked by name so OcrEngine can keep Tesseract's OpenMP regions
# serial on the calling thread (omp_set_max_active_levels), which the 2-core kiosk needs (platform-notes.md).
target_link_libraries(kiosk_app PRIVATE PkgConfig::TESSERACT opencv_core opencv_imgproc opencv_imgcodecs gomp)
