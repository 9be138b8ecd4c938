# The consent texts (one file per language, versioned in app/consent/consent_text.cpp) are compiled into kiosk_app as
# Qt resources under :/consent/.
qt_add_resources(kiosk_app "consent_texts"
  PREFIX "/consent"
  BASE ${CMAKE_CURRENT_LIST_DIR}/texts
  FILES
    ${CMAKE_CURRENT_LIST_DIR}/texts/face_verification.zh_CN.txt
    ${CMAKE_CURRENT_LIST_DIR}/texts/face_verification.zh_HK.txt
    ${CMAKE_CURRENT_LIST_DIR}/texts/face_verification.en.txt)
