# Libraries the receipt-printer renderer needs, linked into kiosk_drivers (included from drivers/CMakeLists.txt):
# libqrencode draws the QR symbols; FreeType + fontconfig draw the printer font without a QGuiApplication
# (see glyph_rasterizer.h for why not QPainter::drawText).
if(NOT TARGET PkgConfig::QRENCODE)
  pkg_check_modules(QRENCODE REQUIRED IMPORTED_TARGET libqrencode)
endif()
if(NOT TARGET PkgConfig::KIOSK_RP_FREETYPE)
  pkg_check_modules(KIOSK_RP_FREETYPE REQUIRED IMPORTED_TARGET freetype2)
endif()
if(NOT TARGET PkgConfig::KIOSK_RP_FONTCONFIG)
  pkg_check_modules(KIOSK_RP_FONTCONFIG REQUIRED IMPORTED_TARGET fontconfig)
endif()
target_link_libraries(kiosk_drivers PUBLIC PkgConfig::QRENCODE)
target_link_libraries(kiosk_drivers PRIVATE PkgConfig::KIOSK_RP_FREETYPE PkgConfig::KIOSK_RP_FONTCONFIG)
