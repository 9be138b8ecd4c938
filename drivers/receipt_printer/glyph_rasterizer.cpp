// Rasterises printer-font glyphs with FreeType (font chosen by fontconfig) and paints them through QPainter.
#include "drivers/receipt_printer/glyph_rasterizer.h"

#include <QLoggingCategory>
#include <QPainter>

#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_SYNTHESIS_H
#include FT_TRUETYPE_TABLES_H

#include <cmath>
#include <cstring>

Q_LOGGING_CATEGORY(lcGlyphRasterizer, "kiosk.drivers.escpos.glyphs")

namespace kiosk::drivers::escpos {

namespace {
// Distinct (character, weight, size) entries kept; a receipt uses a few hundred.
constexpr int kMaxCachedGlyphs = 4096;

quint64 cacheKey(char32_t c, bool bold, int emWidth, int emHeight)
{
    return quint64(c) | (quint64(bold) << 21) | (quint64(emWidth & 0xFFF) << 22) | (quint64(emHeight & 0xFFF) << 34);
}
} // namespace

GlyphRasterizer::GlyphRasterizer(const QString &family)
{
    FT_Library library = nullptr;
    if (FT_Init_FreeType(&library) != 0) {
        problem_ = QStringLiteral("FreeType could not be initialised");
        qCWarning(lcGlyphRasterizer).noquote() << problem_;
        return;
    }
    library_ = library;
    bool exact = false;
    regular_ = openFace(family, false, &exact);
    if (!regular_)
        return;
    bold_ = openFace(family, true, &exact);
    if (bold_ && !exact) {
        // Fontconfig answered with a regular weight: embolden the regular face instead of drawing it twice.
        FT_Done_Face(bold_);
        bold_ = nullptr;
    }
    if (auto *os2 = static_cast<TT_OS2 *>(FT_Get_Sfnt_Table(regular_, FT_SFNT_OS2));
        os2 && os2->sTypoAscender > 0 && regular_->units_per_EM > 0) {
        ascent_ = double(os2->sTypoAscender) / regular_->units_per_EM;
    }
}

GlyphRasterizer::~GlyphRasterizer()
{
    if (bold_)
        FT_Done_Face(bold_);
    if (regular_)
        FT_Done_Face(regular_);
    if (library_)
        FT_Done_FreeType(library_);
}

FT_FaceRec_ *GlyphRasterizer::openFace(const QString &family, bool bold, bool *exactWeight)
{
    if (!FcInit()) {
        problem_ = QStringLiteral("fontconfig could not be initialised");
        return nullptr;
    }
    FcPattern *pattern = FcPatternCreate();
    const QByteArray familyUtf8 = family.toUtf8();
    FcPatternAddString(pattern, FC_FAMILY, reinterpret_cast<const FcChar8 *>(familyUtf8.constData()));
    FcPatternAddInteger(pattern, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
    FcConfigSubstitute(nullptr, pattern, FcMatchPattern);
    FcDefaultSubstitute(pattern);
    FcResult result = FcResultNoMatch;
    FcPattern *match = FcFontMatch(nullptr, pattern, &result);
    FcPatternDestroy(pattern);
    if (!match) {
        problem_ = QStringLiteral("no font matches '%1'").arg(family);
        qCWarning(lcGlyphRasterizer).noquote() << problem_;
        return nullptr;
    }

    FcChar8 *file = nullptr;
    int index = 0;
    int weight = FC_WEIGHT_REGULAR;
    FcPatternGetString(match, FC_FILE, 0, &file);
    FcPatternGetInteger(match, FC_INDEX, 0, &index);
    FcPatternGetInteger(match, FC_WEIGHT, 0, &weight);
    bool familyFound = false;
    QString matchedFamily;
    FcChar8 *name = nullptr;
    for (int i = 0; FcPatternGetString(match, FC_FAMILY, i, &name) == FcResultMatch; ++i) {
        const QString n = QString::fromUtf8(reinterpret_cast<const char *>(name));
        if (i == 0)
            matchedFamily = n;
        familyFound = familyFound || n.compare(family, Qt::CaseInsensitive) == 0;
    }
    *exactWeight = bold ? weight >= FC_WEIGHT_BOLD : weight < FC_WEIGHT_BOLD;

    FT_Face face = nullptr;
    const QByteArray path = file ? QByteArray(reinterpret_cast<const char *>(file)) : QByteArray();
    FcPatternDestroy(match);
    if (path.isEmpty() || FT_New_Face(library_, path.constData(), index, &face) != 0) {
        problem_ = QStringLiteral("font file '%1' could not be opened").arg(QString::fromUtf8(path));
        qCWarning(lcGlyphRasterizer).noquote() << problem_;
        return nullptr;
    }
    if (!familyFound && problem_.isEmpty()) {
        problem_ = QStringLiteral("font '%1' is not installed; drawing with '%2'").arg(family, matchedFamily);
        qCWarning(lcGlyphRasterizer).noquote() << problem_;
    }
    return face;
}

const GlyphRasterizer::Bitmap *GlyphRasterizer::glyph(char32_t c, bool bold, int emWidth, int emHeight)
{
    const quint64 key = cacheKey(c, bold, emWidth, emHeight);
    if (auto it = cache_.constFind(key); it != cache_.constEnd())
        return &it.value();
    if (cache_.size() >= kMaxCachedGlyphs)
        cache_.clear();

    FT_Face face = bold && bold_ ? bold_ : regular_;
    Bitmap bitmap;
    if (FT_Set_Pixel_Sizes(face, FT_UInt(emWidth), FT_UInt(emHeight)) == 0 &&
        FT_Load_Char(face, FT_ULong(c), FT_LOAD_DEFAULT | FT_LOAD_NO_BITMAP) == 0) {
        FT_GlyphSlot slot = face->glyph;
        if (bold && !bold_)
            FT_GlyphSlot_Embolden(slot);
        if (FT_Render_Glyph(slot, FT_RENDER_MODE_NORMAL) == 0 && slot->bitmap.pixel_mode == FT_PIXEL_MODE_GRAY) {
            const FT_Bitmap &b = slot->bitmap;
            bitmap.left = slot->bitmap_left;
            bitmap.top = slot->bitmap_top;
            bitmap.advance = int(slot->advance.x >> 6);
            if (b.width > 0 && b.rows > 0) {
                bitmap.coverage = QImage(int(b.width), int(b.rows), QImage::Format_Alpha8);
                for (unsigned row = 0; row < b.rows; ++row)
                    std::memcpy(bitmap.coverage.scanLine(int(row)), b.buffer + qptrdiff(row) * b.pitch, b.width);
            }
        }
    }
    return &cache_.insert(key, std::move(bitmap)).value();
}

void GlyphRasterizer::draw(QPainter &painter, char32_t c, bool bold, int x, int top, int cellWidth, int cellHeight,
                           int emWidth, int emHeight)
{
    if (!available()) {
        painter.setPen(Qt::black);
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(x + 2, top + 2, cellWidth - 5, cellHeight - 5);
        return;
    }
    if (c == U' ')
        return;
    const Bitmap *g = glyph(c, bold, emWidth, emHeight);
    if (g->coverage.isNull())
        return;
    const int advance = g->advance > 0 ? g->advance : cellWidth;
    const int penX = x + (cellWidth - advance) / 2;
    const int baseline = top + int(std::lround(ascent_ * cellHeight));
    painter.drawImage(penX + g->left, baseline - g->top, g->coverage);
}

} // namespace kiosk::drivers::escpos
