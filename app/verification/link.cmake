# Face verification runs ONNX models through OpenCV DNN (libopencv-dev) and a Haar cascade (opencv-data) in a module
# of its own, kiosk_face_cv (face_cv_module.h), which FaceEngine loads with the models: OpenCV's DNN stack (dnn,
# objdetect, calib3d, features2d, flann, protobuf) is not among the libraries the kiosk loads at its start. The module
# links Qt and OpenCV only, never kiosk_app.
find_package(OpenCV REQUIRED COMPONENTS core imgproc calib3d dnn objdetect)
add_library(kiosk_face_cv MODULE ${CMAKE_CURRENT_LIST_DIR}/face_cv_module.cpp ${CMAKE_CURRENT_LIST_DIR}/face_cv_module.h)
target_include_directories(kiosk_face_cv PRIVATE ${PROJECT_SOURCE_DIR})
target_include_directories(kiosk_face_cv SYSTEM PRIVATE ${OpenCV_INCLUDE_DIRS})
target_link_libraries(kiosk_face_cv PRIVATE Qt6::Core Qt6::Gui opencv_core opencv_imgproc opencv_calib3d opencv_dnn opencv_objdetect)
# A fixed place in the build tree for tests and tools run from the build (installed: lib/kiosk/ beside bin/).
set_target_properties(kiosk_face_cv PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/lib PREFIX "lib"
                                               OUTPUT_NAME kiosk_face_cv)
set_property(SOURCE ${CMAKE_CURRENT_LIST_DIR}/face_engine.cpp APPEND PROPERTY COMPILE_DEFINITIONS
  KIOSK_DEV_FACE_MODULE="${PROJECT_BINARY_DIR}/lib/libkiosk_face_cv.so")
# Whatever links kiosk_app may analyse faces: the module is built with it.
add_dependencies(kiosk_app kiosk_face_cv)
install(TARGETS kiosk_face_cv LIBRARY DESTINATION lib/kiosk COMPONENT kiosk)
# Development fallback for the models when neither [face] model_dir, KIOSK_MODEL_DIR nor /usr/share/kiosk/models is
# set: the cache packaging/fetch-models.sh fills (git-ignored).
set_property(SOURCE ${CMAKE_CURRENT_LIST_DIR}/face_config.cpp APPEND PROPERTY COMPILE_DEFINITIONS
  KIOSK_DEV_MODEL_DIR="${PROJECT_SOURCE_DIR}/.cache/models")
