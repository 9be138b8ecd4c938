// Field extraction from OCR'd material pages by labelled-text search (label, then the value beside it on the same
// row), with per-material fallbacks by position, re-reading of ID numbers and codes from their crops, check-digit
// validation and date normalisation. Results are suggestions with a confidence, never facts.
#pragma once

#include <QDate>
#include <QHash>
#include <QImage>
#include <QList>
#include <QRect>
#include <QString>
#include <QStringList>

#include "app/materials/ocr_engine.h"

namespace kiosk::app {

struct ServiceItem;

struct ExtractedField {
    QString materialId;
    QString key;           // as the catalogue's "ocr:<material>:<field>" names it, e.g. "id_number"
    QString value;         // normalised: dates YYYY-MM-DD (or "long-term"), ID numbers upper-case, names without spaces
    double confidence = 0; // 0..1
    bool validated = false; // passed a structural check (GB 11643, GB 32100, a calendar date)
    QRect box;              // where on the page it was read
    // Field correction (field_correction.h): what OCR read when a listed name corrected it, whether the citizen
    // must confirm the value (corrected or doubtful) and whether a character could not be read at all (the value is
    // then empty: the citizen types it).
    QString readAs;
    bool confirm = false;
    bool unreadable = false;
};

struct ExtractionResult {
    QString materialId;
    QList<ExtractedField> fields;
    QString pageText; // the OCR text the fields came from (personal data: memory only)
    qint64 ms = 0;
    OcrError error = OcrError::None;
    QString detail;

    bool ok() const { return error == OcrError::None; }
    const ExtractedField *field(const QString &key) const;
    QString value(const QString &key) const;
};

class FieldExtractor
{
public:
    // `engine` reads the page (Form mode) and re-reads crops (ID numbers, codes); it must outlive the extractor.
    explicit FieldExtractor(OcrEngine *engine);

    static QStringList supportedMaterials(); // household_register, business_licence, marriage_certificate, ...
    static QStringList fieldsOf(const QString &materialId);

    // Reads `page` (a rectified page) and extracts the material's fields. An unsupported material gives the page
    // text and no fields.
    ExtractionResult extract(const QString &materialId, const QImage &page,
                             const std::function<bool()> &cancelled = {});
    // The same from an OCR result already at hand (Form or Page mode); `page` is still used for crop re-reads
    // and may be null.
    ExtractionResult extractFrom(const QString &materialId, const OcrResult &pageOcr, const QImage &page,
                                 const std::function<bool()> &cancelled = {});

private:
    OcrEngine *engine_;
};

// "2019年05月06日", "2019年5月6日", "2019-5-6", "2019.05.06", "2019/05/06", "20190506", "二〇一九年五月六日" ->
// "2019-05-06"; empty when it is not a calendar date. Common OCR confusions (O for 0, l for 1) are undone.
QString normaliseDate(const QString &text);
// The 18-character ID number in `text` with OCR confusions undone; empty when there is none.
QString normaliseIdNumber(const QString &text);
// GB 32100-2015 unified social credit code check character.
bool checkCreditCode(const QString &code);

// Form values suggested for an item: every form field whose source is "ocr:<material>:<field>" and whose field was
// extracted, keyed by the form field's key. Values keep their confidence for the UI to flag doubtful ones.
struct FormSuggestion {
    QString fieldKey;
    QString value;
    double confidence = 0;
    QString source;          // "ocr:household_register:name"
    QString readAs;          // what was read, when it was corrected
    bool confirm = false;    // mark it for the citizen to confirm
    bool unreadable = false; // nothing offered: a character could not be read, the citizen types the field
};
QHash<QString, FormSuggestion> suggestFormValues(const ServiceItem &item, const QList<ExtractedField> &fields,
                                                 double minConfidence = 0.0);

} // namespace kiosk::app
