# The pay_url's QR code (payment_qr.cpp) is drawn with libqrencode.
if(NOT TARGET PkgConfig::QRENCODE)
  pkg_check_modules(QRENCODE REQUIRED IMPORTED_TARGET libqrencode)
endif()
target_link_libraries(kiosk_app PRIVATE PkgConfig::QRENCODE)
