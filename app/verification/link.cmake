# Face verification runs ONNX models through OpenCV DNN (libopencv-dev) and a Haar cascade (opencv-data); both stay
# private to kiosk_app: its public headers speak QImage only.
find_package(OpenCV REQUIRED COMPONENTS core imgproc dnn objdetect)
target_link_libraries(kiosk_app PRIVATE ${OpenCV_LIBS})
target_include_directories(kiosk_app SYSTEM PRIVATE ${OpenCV_INCLUDE_DIRS})
# Development fallback for the models when neither [face] model_dir, KIOSK_MODEL_DIR nor /usr/share/kiosk/models is
# set: the cache packaging/fetch-models.sh fills (git-ignored).
set_property(SOURCE ${CMAKE_CURRENT_LIST_DIR}/face_config.cpp APPEND PROPERTY COMPILE_DEFINITIONS
  KIOSK_DEV_MODEL_DIR="${PROJECT_SOURCE_DIR}/.cache/models")
