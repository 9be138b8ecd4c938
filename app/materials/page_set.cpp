// In-memory page encoding and the page list edits of one material.
#include "app/materials/page_set.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QImageReader>
#include <QImageWriter>
#include <QTransform>

#include <cmath>

#include "app/materials/cv_bridge.h"

namespace kiosk::app {

QByteArray EncodedPage::sha256() const
{
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex();
}

EncodedPage encodeCompactPage(const QImage &page, PageEncoding encoding, int jpegQuality)
{
    EncodedPage out;
    if (page.isNull())
        return out;
    const QImage gray =
        page.format() == QImage::Format_Grayscale8 ? page : page.convertToFormat(QImage::Format_Grayscale8);
    QBuffer buffer(&out.bytes);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, encoding == PageEncoding::Jpeg ? "jpeg" : "png");
    if (encoding == PageEncoding::Jpeg) {
        writer.setQuality(jpegQuality);
        writer.setOptimizedWrite(true);
    }
    // PNG keeps zlib's default level: Qt's compression option is not zlib's 0-9 scale. A binarised page stays 8-bit;
    // deflate packs its two levels to ~20 KB at A5.
    if (!writer.write(gray))
        return {};
    out.mimeType = encoding == PageEncoding::Jpeg ? QStringLiteral("image/jpeg") : QStringLiteral("image/png");
    out.size = page.size();
    out.dpi = materials_detail::dpiOf(page, 200);
    return out;
}

QImage decodeCompactPage(const EncodedPage &page)
{
    if (page.isNull())
        return {};
    QByteArray bytes = page.bytes; // shared, not copied
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

PageSet::PageSet(const QString &materialId) : materialId_(materialId) {}

PageSet::~PageSet() = default;

void PageSet::append(const CapturedPage &page)
{
    pages_.append(page);
}

bool PageSet::replace(int index, const CapturedPage &page)
{
    if (index < 0 || index >= pages_.size())
        return false;
    pages_[index] = page;
    return true;
}

bool PageSet::remove(int index)
{
    if (index < 0 || index >= pages_.size())
        return false;
    pages_.removeAt(index);
    return true;
}

bool PageSet::move(int from, int to)
{
    if (from < 0 || from >= pages_.size() || to < 0 || to >= pages_.size())
        return false;
    pages_.move(from, to);
    return true;
}

bool PageSet::rotate(int index, int quarterTurnsClockwise)
{
    if (index < 0 || index >= pages_.size())
        return false;
    const int turns = ((quarterTurnsClockwise % 4) + 4) % 4;
    if (turns == 0)
        return true;
    CapturedPage &p = pages_[index];
    const QImage turned = decodeCompactPage(p.image).transformed(QTransform().rotate(90.0 * turns));
    const PageEncoding encoding =
        p.image.mimeType == QLatin1String("image/png") ? PageEncoding::Png : PageEncoding::Jpeg;
    QImage withDpi = turned;
    materials_detail::setDpi(&withDpi, p.image.dpi > 0 ? p.image.dpi : 200);
    EncodedPage encoded = encodeCompactPage(withDpi, encoding);
    if (encoded.isNull())
        return false;
    p.image = encoded;
    return true;
}

bool PageSet::allAcceptable() const
{
    for (const CapturedPage &p : pages_)
        if (!p.quality.acceptable())
            return false;
    return true;
}

void PageSet::wipe()
{
    for (CapturedPage &p : pages_) {
        // fill() writes through this set's copy (detaching first if another holder shares it).
        p.image.bytes.fill('\0');
        p.image.bytes.clear();
    }
    pages_.clear();
    materialId_.clear();
}

} // namespace kiosk::app
