// End to end through the real libsane: a household-register page rendered at test time is written to a temporary
// PPM, scanned by SaneScanner through the SANE "pnm" backend, processed by OcrService (deskew, quality, OCR, field
// extraction), and the OCR fields of 居民身份证补领 (GD-GA-009) are filled and pass pre-review.
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "app/catalogue/catalogue.h"
#include "app/materials/field_extractor.h"
#include "app/materials/ocr_service.h"
#include "app/materials/prereview.h"
#include "drivers/scanner/sane_scanner.h"
#include "unit/materials/material_fixtures.h"

using namespace kiosk::app;
using namespace kiosk::test;
using kiosk::drivers::SaneScanner;
using kiosk::drivers::ScanResult;
using kiosk::drivers::ScanSettings;

class TestMaterialsEndToEnd : public QObject
{
    Q_OBJECT

    QTemporaryDir saneConfig_;
    QTemporaryDir data_; // the PPM the pnm backend reads; removed with the test

private slots:
    void initTestCase()
    {
        QVERIFY(saneConfig_.isValid() && data_.isValid());
        QFile dll(saneConfig_.filePath(QStringLiteral("dll.conf")));
        QVERIFY(dll.open(QIODevice::WriteOnly));
        dll.write("pnm\n");
        dll.close();
        qputenv("SANE_CONFIG_DIR", saneConfig_.path().toLocal8Bit());
    }

    void scannedHouseholdRegister_fillsTheFormOfAnItemThatNeedsIt()
    {
        QFile f(qEnvironmentVariable("KIOSK_SOURCE_DIR") + "/resources/catalogue/catalogue.json");
        QVERIFY(f.open(QIODevice::ReadOnly));
        Catalogue catalogue;
        QVERIFY(Catalogue::fromJson(f.readAll(), &catalogue));
        const ServiceItem *item = catalogue.item(QStringLiteral("GD-GA-009")); // 居民身份证补领
        QVERIFY(item);

        // The page lies 2 degrees crooked on the glass of a 200 dpi scan.
        const Person citizen = makePerson(77);
        const QImage page = scanned(renderHouseholdRegister(citizen, 200), 2.0);
        const QString ppm = data_.filePath(QStringLiteral("register.ppm"));
        QVERIFY(page.convertToFormat(QImage::Format_RGB888).save(ppm, "PPM"));

        SaneScanner scanner({QStringLiteral("pnm:0")});
        QSignalSpy scannedSpy(&scanner, &SaneScanner::scanFinished);
        ScanSettings settings;
        settings.resolutionDpi = 200;
        settings.backendOptions.insert(QStringLiteral("filename"), ppm);
        const quint64 scanTicket = scanner.scanPage(settings);
        QVERIFY(scannedSpy.wait(30000));
        const ScanResult scan = scannedSpy.at(0).at(0).value<ScanResult>();
        QCOMPARE(scan.ticket, scanTicket);
        QVERIFY2(scan.ok(), qPrintable(scan.detail));
        QCOMPARE(scan.pages.size(), 1);
        QCOMPARE(scan.pages.first().size(), page.size());
        QFile::remove(ppm); // nothing personal stays on disk longer than the scan

        OcrService service;
        QSignalSpy processed(&service, &OcrService::pageProcessed);
        PageJobOptions options;
        options.sourceDpi = 200;
        const quint64 ticket = service.processPage(QStringLiteral("household_register"), scan.pages.first(), options);
        QVERIFY(processed.wait(60000));
        const ProcessedPage result = processed.at(0).at(0).value<ProcessedPage>();
        QCOMPARE(result.ticket, ticket);
        QVERIFY2(result.ok(), qPrintable(result.detail));
        QVERIFY(result.page.quality.acceptable());
        qInfo("scan -> rectify -> quality -> OCR -> fields in %lld ms, page blob %lld bytes", result.ms,
              qint64(result.page.image.size()));

        const auto suggestions = suggestFormValues(*item, result.extraction.fields);
        QCOMPARE(suggestions.value(QStringLiteral("hr_name")).value, citizen.name);
        QCOMPARE(suggestions.value(QStringLiteral("hr_id_number")).value, citizen.idNumber);
        QVERIFY(suggestions.value(QStringLiteral("hr_id_number")).confidence >= 0.9);

        PrereviewInput in;
        in.item = item;
        in.applicant.idType = QStringLiteral("resident");
        in.applicant.name = citizen.name;
        in.applicant.idNumber = citizen.idNumber;
        in.applicant.validLongTerm = true;
        in.materials.insert(QStringLiteral("household_register"),
                            {QStringLiteral("household_register"), MaterialStatus::Provided, {result.page.quality}});
        in.ocrFields = result.extraction.fields;
        PrereviewResult review = prereview(in);
        QVERIFY(review.has(QStringLiteral("missing_required"))); // the photo is still to be taken
        in.materials.insert(QStringLiteral("photo"),
                            {QStringLiteral("photo"), MaterialStatus::Provided, {QualityReport()}});
        review = prereview(in);
        QVERIFY2(review.findings.isEmpty(), qPrintable(review.findings.value(0).code));
        QVERIFY(review.submissionAllowed);
    }
};

QTEST_MAIN(TestMaterialsEndToEnd)
#include "test_materials_end_to_end.moc"
