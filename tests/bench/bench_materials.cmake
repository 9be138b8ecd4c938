# Benchmarks of app/materials (design.md section 5): `ocr_field` and `ocr_page` against the tesseract CLI on the same
# images in the same run, `rectify` of a 12 MP photo against its 200 ms budget. Fixtures are rendered at run time.
kiosk_add_test(NAME bench_ocr SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/bench_ocr.cpp
               LIBS kiosk_app opencv_core opencv_imgproc opencv_imgcodecs LABELS bench TIMEOUT 1200
               ENV OMP_THREAD_LIMIT=1 QTEST_FUNCTION_TIMEOUT=1100000)
kiosk_add_test(NAME bench_rectify SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/bench_rectify.cpp
               LIBS kiosk_app opencv_core opencv_imgproc opencv_imgcodecs LABELS bench TIMEOUT 300)
