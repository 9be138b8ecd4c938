// Draws printer-font character cells with FreeType, the font found through fontconfig.
//
// Why not QPainter::drawText: Qt's font database exists only under a QGuiApplication and aborts the process
// otherwise (qFatal), while kioskctl and the device simulators are QCoreApplications with no display. FreeType
// works in any process and draws the same pixels everywhere, independent of the Qt platform plugin.
#pragma once

#include <QHash>
#include <QImage>
#include <QString>

class QPainter;
// FreeType's handle types, declared here so its headers stay out of the drivers' interface.
struct FT_LibraryRec_;
struct FT_FaceRec_;

namespace kiosk::drivers::escpos {

class GlyphRasterizer
{
public:
    explicit GlyphRasterizer(const QString &family);
    ~GlyphRasterizer();
    GlyphRasterizer(const GlyphRasterizer &) = delete;
    GlyphRasterizer &operator=(const GlyphRasterizer &) = delete;

    // False when no usable font was found; draw() then outlines each cell instead.
    bool available() const { return regular_ != nullptr; }
    // Why the font is missing or which family stands in for the one asked for; empty when all is well.
    const QString &problem() const { return problem_; }

    // Draws `c` centred in the cell (x, top, cellWidth x cellHeight) at an em of emWidth x emHeight pixels.
    void draw(QPainter &painter, char32_t c, bool bold, int x, int top, int cellWidth, int cellHeight, int emWidth,
              int emHeight);

private:
    struct Bitmap {
        QImage coverage; // Format_Alpha8: paints black through QPainter
        int left = 0;    // from the pen position
        int top = 0;     // from the baseline, upwards
        int advance = 0;
    };
    const Bitmap *glyph(char32_t c, bool bold, int emWidth, int emHeight);
    FT_FaceRec_ *openFace(const QString &family, bool bold, bool *exactWeight);

    FT_LibraryRec_ *library_ = nullptr;
    FT_FaceRec_ *regular_ = nullptr;
    FT_FaceRec_ *bold_ = nullptr; // null: embolden the regular face
    double ascent_ = 0.88;        // baseline position as a fraction of the em (ideographic em box of Noto CJK)
    QString problem_;
    QHash<quint64, Bitmap> cache_;
};

} // namespace kiosk::drivers::escpos
