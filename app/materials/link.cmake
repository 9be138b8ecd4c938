# app/materials: OpenCV for page detection, rectification and quality checks. The two OCR engines (Tesseract with
# Leptonica, and PP-OCR over OpenCV DNN) live in a module of their own, kiosk_ocr (ocr_module.h), which OcrEngine loads
# on the OCR thread with the models: none of those libraries is among what the kiosk loads at its start. The module
# links Qt, OpenCV and Tesseract only, never kiosk_app.
if(NOT TARGET opencv_imgproc)
  find_package(OpenCV 4 REQUIRED COMPONENTS core imgproc imgcodecs GLOBAL)
endif()
target_link_libraries(kiosk_app PRIVATE opencv_core opencv_imgproc opencv_imgcodecs)

pkg_check_modules(TESSERACT REQUIRED IMPORTED_TARGET GLOBAL tesseract lept)
find_package(OpenCV REQUIRED COMPONENTS core imgproc dnn)
add_library(kiosk_ocr MODULE ${CMAKE_CURRENT_LIST_DIR}/ocr_module.h ${CMAKE_CURRENT_LIST_DIR}/ocr_module_tesseract.cpp
                             ${CMAKE_CURRENT_LIST_DIR}/ocr_module_ppocr.cpp ${CMAKE_CURRENT_LIST_DIR}/cv_bridge.cpp)
target_include_directories(kiosk_ocr PRIVATE ${PROJECT_SOURCE_DIR})
target_include_directories(kiosk_ocr SYSTEM PRIVATE ${OpenCV_INCLUDE_DIRS})
# libgomp is already pulled in by libtesseract; linked by name so the Tesseract engine can keep its OpenMP regions
# serial on the calling thread (omp_set_max_active_levels), which the 2-core kiosk needs (platform-notes.md).
target_link_libraries(kiosk_ocr PRIVATE Qt6::Core Qt6::Gui PkgConfig::TESSERACT opencv_core opencv_imgproc opencv_dnn
                                        gomp)
# Only the entry point is exported: the module's copy of cv_bridge never interposes kiosk_app's.
set_target_properties(kiosk_ocr PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/lib PREFIX "lib"
                                            OUTPUT_NAME kiosk_ocr CXX_VISIBILITY_PRESET hidden
                                            VISIBILITY_INLINES_HIDDEN ON)
set_property(SOURCE ${CMAKE_CURRENT_LIST_DIR}/ocr_engine.cpp APPEND PROPERTY COMPILE_DEFINITIONS
  KIOSK_DEV_OCR_MODULE="${PROJECT_BINARY_DIR}/lib/libkiosk_ocr.so"
  KIOSK_DEV_MODEL_DIR="${PROJECT_SOURCE_DIR}/.cache/models")
# Whatever links kiosk_app may read text: the module is built with it.
add_dependencies(kiosk_app kiosk_ocr)
install(TARGETS kiosk_ocr LIBRARY DESTINATION lib/kiosk COMPONENT kiosk)

# The authoritative lists field correction uses (data/*.tsv, data/*.txt, each with its source and date) are compiled
# into kiosk_app: a kiosk never runs with a missing or altered list.
set(materials_data ${CMAKE_CURRENT_LIST_DIR}/data)
file(READ ${materials_data}/guangdong_divisions.tsv KIOSK_DIVISIONS)
file(READ ${materials_data}/surnames.txt KIOSK_SURNAMES)
configure_file(${materials_data}/lists.h.in ${PROJECT_BINARY_DIR}/generated/materials_lists.h @ONLY)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${materials_data}/guangdong_divisions.tsv
                                                                 ${materials_data}/surnames.txt)
target_include_directories(kiosk_app PRIVATE ${PROJECT_BINARY_DIR}/generated)
