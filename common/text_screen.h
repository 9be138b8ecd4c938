// Which code points are never accepted in text that comes from a device (a scanned code, an ID card's fields): the
// one character-class test the QR filter and the card record share, so both refuse the same things.
#pragma once

#include <QChar>

namespace kiosk::common {

enum class TextHazard {
    None,
    ControlCharacter, // C0 (incl. TAB, ESC), DEL, C1, U+2028/U+2029 line/paragraph separators
    BidiControl,      // U+202A..U+202E embeddings/overrides, U+2066..U+2069 isolates, LRM/RLM/ALM marks
    Noncharacter,     // U+FDD0..U+FDEF and U+xxFFFE/U+xxFFFF
    FormatCharacter,  // any other invisible format character (Unicode Cf): zero-width joiners, BOM, tags
};

inline TextHazard textHazardOf(char32_t c)
{
    if (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) || c == 0x2028 || c == 0x2029)
        return TextHazard::ControlCharacter;
    if ((c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F || c == 0x061C)
        return TextHazard::BidiControl;
    if ((c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE)
        return TextHazard::Noncharacter;
    if (QChar::category(uint(c)) == QChar::Other_Format)
        return TextHazard::FormatCharacter;
    return TextHazard::None;
}

} // namespace kiosk::common
