// One type for a page of an application material, from capture to seal: the compact encoded image (greyscale, in
// memory), the quality checks of the capture it came from and the values read from it. The draft's checklist holds
// these per material; the submission seals their bytes as blobs. Nothing here ever touches the disk, and wipePage()
// overwrites what a page holds before it is released.
#pragma once

#include <QByteArray>
#include <QImage>
#include <QList>
#include <QSize>
#include <QString>

#include "app/materials/field_extractor.h"
#include "app/materials/quality.h"

namespace kiosk::app {

enum class MaterialStatus {
    Missing,   // required or optional, nothing captured yet
    Provided,  // at least one page captured
    Tolerated, // 容缺: the citizen promises to supply it later
    Shared,    // obtained by data sharing: never asked of the citizen
};
QString toString(MaterialStatus status); // missing | provided | tolerated | shared

enum class PageEncoding {
    Jpeg, // greyscale photos of pages: ~100-250 KB for A4 at 200 dpi
    Png,  // binarised pages: smaller than JPEG and lossless
};

struct MaterialPage {
    MaterialPage() = default;
    MaterialPage(QByteArray bytes, QString type, int w, int h)
        : image(std::move(bytes)), mediaType(std::move(type)), width(w), height(h)
    {}

    QByteArray image;  // JPEG or PNG bytes (the sealed blob's plaintext)
    QString mediaType; // image/jpeg | image/png
    int width = 0;
    int height = 0;
    QualityReport quality;        // the checks of the capture it came from (empty for pages from elsewhere)
    QList<ExtractedField> fields; // values read from it by OCR (personal data: wiped with the page)
    int dpi = 0;
    // The draft's handle for this version of the page (new on every add, retake and turn; 0 outside a draft): an
    // edit made off the GUI thread lands only on the version it started from.
    quint64 id = 0;

    bool isNull() const { return image.isEmpty(); }
    QSize size() const { return {width, height}; }
    QByteArray sha256() const; // the blob's content address (hex)
};

// Encodes as 8-bit greyscale, in memory. A null image gives a null page.
MaterialPage encodeCompactPage(const QImage &page, PageEncoding encoding = PageEncoding::Jpeg, int jpegQuality = 75);
QImage decodeCompactPage(const MaterialPage &page);
// A small greyscale copy that fits `bound` (JPEG decoded at reduced scale: cheap, never the full page in memory).
QImage decodePageThumbnail(const MaterialPage &page, const QSize &bound);
// The page turned by quarter turns (positive: clockwise), re-encoded in the same format, with its quality and fields
// kept; null on failure. Tens of milliseconds for a full page: call it off the GUI thread.
MaterialPage rotatedPage(const MaterialPage &page, int quarterTurnsClockwise);

// Overwrites the memory of a byte array / string / page before it is released (a buffer shared with another copy is
// detached first: that copy wipes itself).
void wipeBytes(QByteArray &bytes);
void wipeText(QString &text);
void wipePage(MaterialPage &page);
void wipePages(QList<MaterialPage> &pages);
// Images (decoded pages, thumbnails, preview frames) are wiped with wipeImage() of app/verification/face_engine.h.

} // namespace kiosk::app
