// libFuzzer target: OCR post-processing, the field extraction from recognised text (app/materials/field_extractor.h),
// written against the public header only as a thin adapter. The input is [material selector][confidence byte] and
// then the recognised text, one OcrLine per '\n'-separated line placed on its own row of a page, as Tesseract's Form
// mode gives them. FieldExtractor runs with no engine and no page image (so no crop is re-read). Never a crash or a
// sanitizer report; every field belongs to the material asked for, has one of its field keys and a confidence in
// [0, 1]; an unsupported material gives no field; normaliseDate gives "" or a real YYYY-MM-DD date and
// normaliseIdNumber "" or 17 digits and a check character, both idempotent; a credit code that checks is 18
// characters; suggestFormValues only suggests extracted values of at least the confidence asked, and only dates for
// date fields.
#include <QDate>
#include <QRegularExpression>
#include <QStringList>

#include <cstdint>

#include "app/catalogue/service_item.h"
#include "app/materials/field_extractor.h"
#include "tests/fuzz/fuzz_require.h"

using kiosk::fuzz::require;
using namespace kiosk::app;

namespace {

void checkNormalisers(const QString &text)
{
    const QString date = normaliseDate(text);
    if (!date.isEmpty()) {
        static const QRegularExpression iso(QStringLiteral("^\\d{4}-\\d{2}-\\d{2}$"));
        require(iso.match(date).hasMatch() && QDate::fromString(date, Qt::ISODate).isValid());
        require(normaliseDate(date) == date);
    }
    const QString id = normaliseIdNumber(text);
    if (!id.isEmpty()) {
        static const QRegularExpression idShape(QStringLiteral("^\\d{17}[\\dX]$"));
        require(idShape.match(id).hasMatch());
        require(normaliseIdNumber(id) == id);
    }
    if (checkCreditCode(text))
        require(text.size() == 18);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < 2)
        return 0;
    static const QStringList materials = FieldExtractor::supportedMaterials();
    const QString materialId = data[0] < materials.size() ? materials[data[0]] : QStringLiteral("unknown_material");
    const double confidence = data[1] / 255.0;
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data + 2), qsizetype(size - 2));

    OcrResult ocr;
    ocr.text = text;
    ocr.confidence = confidence;
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i) {
        OcrLine line;
        line.text = lines[i];
        line.box = QRect(40, 40 + 48 * i, qMax(1, int(lines[i].size()) * 24), 40);
        line.confidence = confidence;
        ocr.lines << line;
    }

    FieldExtractor extractor(nullptr);
    const ExtractionResult r = extractor.extractFrom(materialId, ocr, QImage());
    require(r.ok() && r.materialId == materialId && r.pageText == text);
    const QStringList keys = FieldExtractor::fieldsOf(materialId);
    if (!materials.contains(materialId))
        require(r.fields.isEmpty() && keys.isEmpty());
    for (const ExtractedField &f : r.fields) {
        require(f.materialId == materialId && keys.contains(f.key));
        require(f.confidence >= 0 && f.confidence <= 1);
        require(r.field(f.key) != nullptr);
    }

    checkNormalisers(text);
    for (const QString &l : lines)
        checkNormalisers(l);

    // Every field of the material as a form field of an item (one of them a date), suggested at the input's threshold.
    ServiceItem item;
    item.code = QStringLiteral("FUZZ-1");
    for (const QString &key : keys) {
        ItemField field;
        field.key = QStringLiteral("f_") + key;
        field.type = key.contains(QLatin1String("date")) ? QStringLiteral("date") : QStringLiteral("text");
        field.source = QStringLiteral("ocr:%1:%2").arg(materialId, key);
        item.form << field;
    }
    const auto suggestions = suggestFormValues(item, r.fields, confidence);
    require(suggestions.size() <= item.form.size());
    for (const FormSuggestion &s : suggestions) {
        require(s.confidence >= confidence && !s.value.isEmpty());
        const QString key = s.source.section(QLatin1Char(':'), 2);
        bool extracted = false;
        for (const ExtractedField &f : r.fields)
            extracted = extracted || (f.key == key && f.value == s.value && f.confidence == s.confidence);
        require(extracted);
        if (key.contains(QLatin1String("date")))
            require(normaliseDate(s.value) == s.value);
    }
    return 0;
}
