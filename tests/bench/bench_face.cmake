# Benchmark of app/verification (design.md section 5, `face`): the per-frame pipeline (detect + landmarks + align +
# embed + compare + liveness) against the raw cv::dnn pipeline on the same frames in the same run (ratio <= 1.2), and
# the decision latency from the first camera frame (<= 1000 ms). Needs the models (packaging/fetch-models.sh) and the
# opencv-doc portraits; fails with that advice without them.
find_package(OpenCV REQUIRED COMPONENTS core imgproc imgcodecs dnn)
kiosk_add_test(NAME bench_face SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/bench_face.cpp
               LIBS kiosk_app ${OpenCV_LIBS} LABELS bench TIMEOUT 300)
target_include_directories(bench_face SYSTEM PRIVATE ${OpenCV_INCLUDE_DIRS})
