// The pages of one application material (a Material's PageSet): compact greyscale images encoded in memory, with
// their quality results, and the citizen's edits (rotate, retake = replace, delete, reorder). Pages become sealed
// blobs of the submission; nothing here ever touches the disk.
#pragma once

#include <QByteArray>
#include <QImage>
#include <QList>
#include <QSize>
#include <QString>

#include "app/materials/quality.h"

namespace kiosk::app {

enum class PageEncoding {
    Jpeg, // greyscale photos of pages: ~100-250 KB for A4 at 200 dpi
    Png,  // binarised pages: smaller than JPEG and lossless
};

struct EncodedPage {
    QByteArray bytes;
    QString mimeType; // image/jpeg | image/png
    QSize size;
    int dpi = 0;

    bool isNull() const { return bytes.isEmpty(); }
    QByteArray sha256() const; // the blob's content address
};

// Encodes as 8-bit greyscale, in memory. A null image gives a null EncodedPage.
EncodedPage encodeCompactPage(const QImage &page, PageEncoding encoding = PageEncoding::Jpeg, int jpegQuality = 75);
QImage decodeCompactPage(const EncodedPage &page);

struct CapturedPage {
    EncodedPage image;
    QualityReport quality;
};

class PageSet
{
public:
    explicit PageSet(const QString &materialId = {});
    ~PageSet();
    PageSet(const PageSet &) = default;
    PageSet &operator=(const PageSet &) = default;

    QString materialId() const { return materialId_; }
    int size() const { return int(pages_.size()); }
    bool isEmpty() const { return pages_.isEmpty(); }
    const QList<CapturedPage> &pages() const { return pages_; }
    const CapturedPage &page(int index) const { return pages_.at(index); }

    // The edits return false for an index out of range (and change nothing).
    void append(const CapturedPage &page);
    bool replace(int index, const CapturedPage &page); // retake
    bool remove(int index);
    bool move(int from, int to);
    // Turns the page by quarter turns (positive: clockwise) and re-encodes it in the same format.
    bool rotate(int index, int quarterTurnsClockwise);

    // Every page passes its blocking quality checks.
    bool allAcceptable() const;
    // Overwrites the encoded bytes this set holds, then forgets them (end of visit).
    void wipe();

private:
    QString materialId_;
    QList<CapturedPage> pages_;
};

} // namespace kiosk::app
