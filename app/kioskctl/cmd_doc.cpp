// `kioskctl doc rectify IN OUT` and `kioskctl ocr IMAGE [--field KIND]`: document rectification and OCR of a page,
// a field crop or a material's fields, with the same code the kiosk runs (a technician's check of camera and models).
#include <QFileInfo>
#include <QImageReader>
#include <QJsonArray>

#include "app/identity/gb11643.h"
#include "app/kioskctl/command.h"
#include "app/materials/field_correction.h"
#include "app/materials/field_extractor.h"
#include "app/materials/ocr_engine.h"
#include "app/materials/quality.h"
#include "app/materials/rectifier.h"

namespace kiosk::ctl {

namespace {

// Pulls "--name VALUE" out of the arguments; false (with a message) when the value is missing.
bool takeOption(QStringList *args, const QString &name, QString *value)
{
    const int i = int(args->indexOf(name));
    if (i < 0)
        return true;
    if (i + 1 >= args->size()) {
        err(QStringLiteral("%1 needs a value").arg(name));
        return false;
    }
    *value = args->at(i + 1);
    args->remove(i, 2);
    return true;
}

bool takeFlag(QStringList *args, const QString &name)
{
    return args->removeAll(name) > 0;
}

int fail(const Invocation &inv, int code, const QString &message)
{
    if (inv.json)
        printJson({{QStringLiteral("error"), message}});
    else
        err(QStringLiteral("kioskctl: ") + message);
    return code;
}

QImage readImage(const QString &path, QString *error)
{
    QImageReader reader(path);
    reader.setAutoTransform(true); // a phone or camera JPEG's EXIF orientation
    const QImage image = reader.read();
    if (image.isNull())
        *error = QStringLiteral("cannot read image %1: %2").arg(path, reader.errorString());
    return image;
}

int docRectify(const Invocation &inv)
{
    QStringList args = inv.args;
    QString dpi, scanDpi;
    const bool binarise = takeFlag(&args, QStringLiteral("--binarise"));
    if (!takeOption(&args, QStringLiteral("--dpi"), &dpi) || !takeOption(&args, QStringLiteral("--scan-dpi"), &scanDpi))
        return 2;
    if (args.size() != 2)
        return fail(inv, 2, QStringLiteral("usage: doc rectify IN OUT [--binarise] [--dpi N] [--scan-dpi N]"));
    QString error;
    const QImage input = readImage(args.at(0), &error);
    if (input.isNull())
        return fail(inv, 2, error);
    app::RectifyOptions options;
    options.binarise = binarise;
    if (!dpi.isEmpty())
        options.outputDpi = qBound(72, dpi.toInt(), 600);
    if (!scanDpi.isEmpty()) {
        options.sourceDpi = scanDpi.toInt();
        options.detectPage = false;
    }
    const app::RectifyResult r = app::rectifyDocument(input, options);
    if (!r.ok())
        return fail(inv, 2, r.detail);
    const app::QualityReport quality = app::assessQuality(input, r, options.sourceDpi);
    if (!r.page.save(args.at(1)))
        return fail(inv, 2, QStringLiteral("cannot write %1").arg(args.at(1)));

    QJsonArray corners, issues;
    for (const QPointF &p : r.corners)
        corners.append(QJsonArray{qRound(p.x()), qRound(p.y())});
    for (const app::QualityFinding &f : quality.findings)
        issues.append(app::toString(f.issue));
    if (inv.json) {
        printJson({{QStringLiteral("out"), args.at(1)},
                   {QStringLiteral("page_found"), r.pageFound},
                   {QStringLiteral("corners"), corners},
                   {QStringLiteral("width"), r.page.width()},
                   {QStringLiteral("height"), r.page.height()},
                   {QStringLiteral("aspect"), qRound(r.aspect * 1000) / 1000.0},
                   {QStringLiteral("skew_degrees"), qRound(r.skewDegrees * 100) / 100.0},
                   {QStringLiteral("quality"), issues},
                   {QStringLiteral("ms"), r.ms}});
    } else {
        out(QStringLiteral("%1: %2x%3, page %4, skew %5 deg, %6 ms")
                .arg(args.at(1))
                .arg(r.page.width())
                .arg(r.page.height())
                .arg(r.pageFound ? QStringLiteral("found") : QStringLiteral("not found (whole image used)"))
                .arg(r.skewDegrees, 0, 'f', 2)
                .arg(r.ms));
        for (const app::QualityFinding &f : quality.findings)
            out(QStringLiteral("quality: %1 - %2")
                    .arg(app::toString(f.issue), app::qualityMessage(f.issue, QStringLiteral("en"))));
    }
    return 0;
}

int ocr(const Invocation &inv)
{
    QStringList args = inv.args;
    QString field, material, tessdata;
    if (!takeOption(&args, QStringLiteral("--field"), &field) ||
        !takeOption(&args, QStringLiteral("--material"), &material) ||
        !takeOption(&args, QStringLiteral("--tessdata"), &tessdata))
        return 2;
    static const QStringList kinds = {QStringLiteral("id_number"), QStringLiteral("name"), QStringLiteral("address"),
                                      QStringLiteral("date"), QStringLiteral("text")};
    if (args.size() != 1 || (!field.isEmpty() && !kinds.contains(field)))
        return fail(inv, 2,
                    QStringLiteral("usage: ocr IMAGE [--field id_number|name|address|date|text] [--material ID]"));
    QString error;
    const QImage image = readImage(args.at(0), &error);
    if (image.isNull())
        return fail(inv, 2, error);
    app::OcrEngineConfig config;
    config.tessdataPath = tessdata;
    app::OcrEngine engine(config);

    if (!material.isEmpty()) {
        app::FieldExtractor extractor(&engine);
        const app::ExtractionResult r = extractor.extract(material, image);
        if (!r.ok())
            return fail(inv, r.error == app::OcrError::EngineUnavailable ? 1 : 2, r.detail);
        QJsonArray fields;
        for (const app::ExtractedField &f : r.fields) {
            fields.append(QJsonObject{{QStringLiteral("key"), f.key},
                                      {QStringLiteral("value"), f.value},
                                      {QStringLiteral("confidence"), qRound(f.confidence * 100) / 100.0},
                                      {QStringLiteral("validated"), f.validated},
                                      {QStringLiteral("confirm"), f.confirm},
                                      {QStringLiteral("unreadable"), f.unreadable},
                                      {QStringLiteral("read"), f.readAs.isEmpty() ? f.value : f.readAs}});
            if (!inv.json)
                out(QStringLiteral("%1: %2 (%3%4)")
                        .arg(f.key, f.value)
                        .arg(qRound(f.confidence * 100))
                        .arg(f.validated ? QStringLiteral("%, checked") : QStringLiteral("%")));
        }
        if (inv.json)
            printJson({{QStringLiteral("material"), material},
                       {QStringLiteral("fields"), fields},
                       {QStringLiteral("ms"), r.ms}});
        return 0;
    }

    // No field: the whole page (PP-OCR). A field: a single-line crop (PP-OCR; ID numbers: Tesseract with the digit
    // whitelist, PP-OCR when the check digit fails).
    const app::OcrMode mode = field.isEmpty()                       ? app::OcrMode::Page
                              : field == QLatin1String("id_number") ? app::OcrMode::IdNumber
                                                                    : app::OcrMode::Line;
    const app::OcrResult r = engine.recognise(image, mode);
    if (!r.ok())
        return fail(inv, r.error == app::OcrError::EngineUnavailable ? 1 : 2, r.detail);
    QString text = r.text;
    QJsonObject extra{{QStringLiteral("engine"), r.engine}};
    if (!field.isEmpty() && field != QLatin1String("text")) {
        // The same checks and list corrections the kiosk applies to a field (field_correction.h).
        const app::CheckedField checked = app::checkField(app::fieldKindOf(field), r, {}, image);
        text = checked.value;
        QJsonArray corrections;
        for (const app::FieldCorrection &c : checked.corrections)
            corrections.append(QJsonObject{{QStringLiteral("position"), c.position},
                                           {QStringLiteral("read"), c.read},
                                           {QStringLiteral("corrected"), c.corrected},
                                           {QStringLiteral("confidence"), qRound(c.confidence * 100) / 100.0},
                                           {QStringLiteral("list"), c.list}});
        extra.insert(QStringLiteral("read"), checked.read);
        extra.insert(QStringLiteral("corrections"), corrections);
        extra.insert(QStringLiteral("confirm"), checked.confirm);
        extra.insert(QStringLiteral("unreadable"), checked.unreadable);
        if (!checked.problem.isEmpty())
            extra.insert(QStringLiteral("problem"), checked.problem);
        if (field == QLatin1String("id_number"))
            extra.insert(QStringLiteral("valid"), checked.problem.isEmpty());
    }
    if (inv.json) {
        QJsonObject o{{QStringLiteral("text"), text},
                      {QStringLiteral("confidence"), qRound(r.confidence * 100) / 100.0},
                      {QStringLiteral("ms"), r.ms}};
        for (auto it = extra.begin(); it != extra.end(); ++it)
            o.insert(it.key(), it.value());
        printJson(o);
    } else {
        out(text);
        err(QStringLiteral("confidence %1%, %2 ms, %3").arg(qRound(r.confidence * 100)).arg(r.ms).arg(r.engine));
    }
    return 0;
}

const bool registeredRectify =
    registerCommand({{QStringLiteral("doc"), QStringLiteral("rectify")},
                     QStringLiteral("doc rectify IN OUT [--binarise] [--dpi N] [--scan-dpi N]"),
                     QStringLiteral("find the page, correct perspective and skew, write it"),
                     docRectify});
const bool registeredOcr =
    registerCommand({{QStringLiteral("ocr")},
                     QStringLiteral("ocr IMAGE [--field id_number|name|address|date|text] [--material ID]"),
                     QStringLiteral("OCR a page, a single-line field crop, or a material's fields"),
                     ocr});

} // namespace

} // namespace kiosk::ctl
