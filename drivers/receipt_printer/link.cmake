# kiosk_escpos_render: the ESC/POS renderer (the printer simulator's decoder, `kioskctl escpos render`, tests), not
# part of kiosk_drivers so the kiosk binary carries neither it nor FreeType/fontconfig (included from
# drivers/CMakeLists.txt, which lists its sources). libqrencode draws the QR symbols; FreeType + fontconfig draw the
# printer font without a QGuiApplication (see glyph_rasterizer.h for why not QPainter::drawText).
if(NOT TARGET PkgConfig::QRENCODE)
  pkg_check_modules(QRENCODE REQUIRED IMPORTED_TARGET libqrencode)
endif()
if(NOT TARGET PkgConfig::KIOSK_RP_FREETYPE)
  pkg_check_modules(KIOSK_RP_FREETYPE REQUIRED IMPORTED_TARGET freetype2)
endif()
if(NOT TARGET PkgConfig::KIOSK_RP_FONTCONFIG)
  pkg_check_modules(KIOSK_RP_FONTCONFIG REQUIRED IMPORTED_TARGET fontconfig)
endif()
add_library(kiosk_escpos_render STATIC ${escpos_render_sources})
target_link_libraries(kiosk_escpos_render PUBLIC kiosk_drivers
  PRIVATE PkgConfig::QRENCODE PkgConfig::KIOSK_RP_FREETYPE PkgConfig::KIOSK_RP_FONTCONFIG)
# app/receipts draws the A4 notice's QR code with libqrencode and has always had it through kiosk_drivers' interface;
# kept there until app/ links it itself.
target_link_libraries(kiosk_drivers PUBLIC PkgConfig::QRENCODE)
