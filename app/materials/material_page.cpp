// In-memory page encoding, thumbnails, rotation and wiping.
#include "app/materials/material_page.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QImageReader>
#include <QImageWriter>
#include <QTransform>

#include <cstring>

#include "app/materials/cv_bridge.h"
#include "app/verification/face_engine.h" // wipeImage

namespace kiosk::app {

QString toString(MaterialStatus status)
{
    switch (status) {
    case MaterialStatus::Missing: return QStringLiteral("missing");
    case MaterialStatus::Provided: return QStringLiteral("provided");
    case MaterialStatus::Tolerated: return QStringLiteral("tolerated");
    case MaterialStatus::Shared: return QStringLiteral("shared");
    }
    return QStringLiteral("missing");
}

QByteArray MaterialPage::sha256() const
{
    return QCryptographicHash::hash(image, QCryptographicHash::Sha256).toHex();
}

MaterialPage encodeCompactPage(const QImage &page, PageEncoding encoding, int jpegQuality)
{
    MaterialPage out;
    if (page.isNull())
        return out;
    QImage gray = page.format() == QImage::Format_Grayscale8 ? page : page.convertToFormat(QImage::Format_Grayscale8);
    QBuffer buffer(&out.image);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, encoding == PageEncoding::Jpeg ? "jpeg" : "png");
    if (encoding == PageEncoding::Jpeg) {
        writer.setQuality(jpegQuality);
        writer.setOptimizedWrite(true);
    }
    // PNG keeps zlib's default level: Qt's compression option is not zlib's 0-9 scale. A binarised page stays 8-bit;
    // deflate packs its two levels to ~20 KB at A5.
    const bool written = writer.write(gray);
    if (page.format() != QImage::Format_Grayscale8)
        wipeImage(gray); // the converted copy held the page too
    if (!written)
        return {};
    out.mediaType = encoding == PageEncoding::Jpeg ? QStringLiteral("image/jpeg") : QStringLiteral("image/png");
    out.width = page.width();
    out.height = page.height();
    out.dpi = materials_detail::dpiOf(page, 200);
    return out;
}

QImage decodeCompactPage(const MaterialPage &page)
{
    if (page.isNull())
        return {};
    QByteArray bytes = page.image; // shared, not copied
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    QImage image = reader.read();
    if (image.isNull())
        return {};
    if (image.format() != QImage::Format_Grayscale8)
        image = image.convertToFormat(QImage::Format_Grayscale8);
    materials_detail::setDpi(&image, page.dpi > 0 ? page.dpi : 200);
    return image;
}

QImage decodePageThumbnail(const MaterialPage &page, const QSize &bound)
{
    if (page.isNull() || bound.isEmpty())
        return {};
    QByteArray bytes = page.image;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    const QSize full = reader.size().isValid() ? reader.size() : page.size();
    if (full.isEmpty())
        return {};
    const QSize target = full.scaled(bound, Qt::KeepAspectRatio).expandedTo(QSize(1, 1));
    reader.setScaledSize(target);
    QImage image = reader.read();
    if (image.isNull())
        return {};
    return image.format() == QImage::Format_Grayscale8 ? image : image.convertToFormat(QImage::Format_Grayscale8);
}

MaterialPage rotatedPage(const MaterialPage &page, int quarterTurnsClockwise)
{
    const int turns = ((quarterTurnsClockwise % 4) + 4) % 4;
    if (page.isNull())
        return {};
    if (turns == 0)
        return page;
    QImage upright = decodeCompactPage(page);
    if (upright.isNull())
        return {};
    QImage turned = upright.transformed(QTransform().rotate(90.0 * turns));
    wipeImage(upright);
    materials_detail::setDpi(&turned, page.dpi > 0 ? page.dpi : 200);
    const PageEncoding encoding = page.mediaType == QLatin1String("image/png") ? PageEncoding::Png : PageEncoding::Jpeg;
    MaterialPage out = encodeCompactPage(turned, encoding);
    wipeImage(turned);
    if (out.isNull())
        return {};
    out.quality = page.quality;
    out.fields = page.fields;
    return out;
}

void wipeBytes(QByteArray &bytes)
{
    if (!bytes.isEmpty() && !bytes.isDetached())
        bytes.detach(); // never scribble over a buffer another copy shares: that copy wipes itself
    if (!bytes.isEmpty())
        std::memset(bytes.data(), 0, size_t(bytes.size()));
    bytes.clear();
    bytes.squeeze();
}

void wipeText(QString &text)
{
    if (!text.isEmpty() && text.isDetached())
        std::memset(static_cast<void *>(text.data()), 0, size_t(text.size()) * sizeof(QChar));
    text.clear();
    text.squeeze();
}

void wipePage(MaterialPage &page)
{
    wipeBytes(page.image);
    for (ExtractedField &f : page.fields)
        wipeText(f.value);
    page.fields.clear();
    page = MaterialPage();
}

void wipePages(QList<MaterialPage> &pages)
{
    for (MaterialPage &p : pages)
        wipePage(p);
    pages.clear();
}

} // namespace kiosk::app
