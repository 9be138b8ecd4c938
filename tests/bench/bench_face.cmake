# Benchmark of app/verification (design.md section 5, `face`): the per-frame pipeline (BlazeFace detect + align +
# dlib embed + compare) against the raw cv::dnn pipeline on the same frames in the same run (ratio <= 1.2, <= 30 ms), the
# decision latency from the first camera frame with the head-movement challenge (<= 1500 ms), and the false accepts and
# false rejects at the manifest threshold on the labelled opencv-doc pairs. Needs the models (packaging/fetch-models.sh) and the
# opencv-doc portraits; fails with that advice without them.
find_package(OpenCV REQUIRED COMPONENTS core imgproc imgcodecs calib3d dnn objdetect)
kiosk_add_test(NAME bench_face SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/bench_face.cpp
               LIBS kiosk_app ${OpenCV_LIBS} LABELS bench TIMEOUT 300)
target_include_directories(bench_face SYSTEM PRIVATE ${OpenCV_INCLUDE_DIRS})
