// Specification of SaneScanner against the real libsane with the "test" and "pnm" backends (SANE_CONFIG_DIR points at
// a temporary folder whose dll.conf lists only those two, which also spares 3 s of network probing).
#include <QElapsedTimer>
#include <QImage>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

#include "drivers/scanner/sane_runtime.h"
#include "drivers/scanner/sane_scanner.h"

using namespace kiosk::drivers;

Q_DECLARE_METATYPE(ScanError)
Q_DECLARE_METATYPE(DeviceState)

namespace {

constexpr int kScanTimeoutMs = 30000;

ScanResult waitForResult(QSignalSpy &spy, quint64 ticket)
{
    if (!QTest::qWaitFor([&] { return !spy.isEmpty(); }, kScanTimeoutMs))
        return ScanResult{ticket, ScanError::IoError, QStringLiteral("test timed out waiting for the scan"), {}};
    const auto r = spy.takeFirst().at(0).value<ScanResult>();
    if (r.ticket != ticket)
        return ScanResult{ticket, ScanError::IoError, QStringLiteral("answer for another ticket"), {}};
    return r;
}

ScanSettings settings(int dpi, ScanColorMode mode, ScanSource source = ScanSource::Flatbed)
{
    ScanSettings s;
    s.resolutionDpi = dpi;
    s.mode = mode;
    s.source = source;
    return s;
}

QString describe(const ScanResult &r)
{
    return QStringLiteral("%1: %2 (%3 pages)").arg(toString(r.error), r.detail).arg(r.pages.size());
}

} // namespace

class TestSaneScanner : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void unknownDevice_isNoDeviceWithHint();
    void emptyDeviceName_isNoDeviceAndOpensNothing();
    void testBackend_opensOnlineWithCapabilities();
    void listOptions_describesResolutionModeAndSource();
    void flatbedGray150_givesOnePageOfA4SliceSize();
    void flatbedColour_givesRgbImage();
    void scanAllPages_onFlatbed_givesOnePage();
    void adfBatch_givesEveryPageThenEndsAtNoDocs();
    void adfBatch_respectsMaxPages();
    void cancel_midScan_endsCancelledQuickly();
    void cancel_beforeTheScanStarts_cancelsQueuedRequests();
    void readStatus_mapsToErrorAndDeviceStatus_data();
    void readStatus_mapsToErrorAndDeviceStatus();
    void statusAfterAJam_recoversWithTheNextGoodScan();
    void unknownBackendOption_isInvalidArgument();
    void pnm_scansThePpmPixelsExactly();
    void pnm_withoutFeeder_refusesAdfAndStaysOnline();
    void selfTest_passesWithATestScan();
    void destroyingDuringAScan_isBounded();
    void saneRuntime_isReleasedWhenTheLastScannerGoes();

private:
    QTemporaryDir configDir_;
    QTemporaryDir dataDir_;
};

void TestSaneScanner::initTestCase()
{
    QVERIFY(configDir_.isValid());
    QFile dll(configDir_.filePath(QStringLiteral("dll.conf")));
    QVERIFY(dll.open(QIODevice::WriteOnly));
    dll.write("test\npnm\n");
    dll.close();
    // Read by sane_init, i.e. when the first scanner opens (no scanner exists yet).
    qputenv("SANE_CONFIG_DIR", configDir_.path().toLocal8Bit());
    QCOMPARE(SaneRuntimeRef::liveReferences(), 0);
}

void TestSaneScanner::unknownDevice_isNoDeviceWithHint()
{
    SaneScanner scanner({QStringLiteral("nosuch:0")});
    QSignalSpy status(&scanner, &Device::statusChanged);
    QTRY_VERIFY_WITH_TIMEOUT(!status.isEmpty(), 10000);
    QCOMPARE(toString(scanner.status().state), toString(DeviceState::NoDevice));
    QVERIFY(scanner.status().detail.contains(QLatin1String("nosuch:0")));
    QVERIFY(!scanner.status().recoveryHint.isEmpty());

    QSignalSpy finished(&scanner, &SaneScanner::scanFinished);
    const ScanResult r = waitForResult(finished, scanner.scanPage(settings(150, ScanColorMode::Gray)));
    QCOMPARE(toString(r.error), toString(ScanError::NoDevice));
    QVERIFY(r.pages.isEmpty());
}

void TestSaneScanner::emptyDeviceName_isNoDeviceAndOpensNothing()
{
    // sane_open("") would open the first scanner found (here test:0): the driver must not guess.
    SaneScanner scanner({QString()});
    QSignalSpy status(&scanner, &Device::statusChanged);
    QTRY_VERIFY_WITH_TIMEOUT(!status.isEmpty(), 10000);
    QCOMPARE(toString(scanner.status().state), toString(DeviceState::NoDevice));
}

void TestSaneScanner::testBackend_opensOnlineWithCapabilities()
{
    SaneScanner scanner({QStringLiteral("test:0")});
    QSignalSpy status(&scanner, &Device::statusChanged);
    QTRY_VERIFY_WITH_TIMEOUT(!status.isEmpty(), 10000);
    QCOMPARE(toString(scanner.status().state), toString(DeviceState::Online));
    QVERIFY(scanner.kind() == DeviceKind::DocumentScanner);
    QCOMPARE(scanner.port(), QStringLiteral("test:0"));
    QCOMPARE(scanner.model(), QStringLiteral("Noname frontend-tester"));
    const DeviceCapabilities caps = scanner.capabilities();
    QCOMPARE(caps.flag(Capability::Flatbed), true);
    QCOMPARE(caps.flag(Capability::Feeder), true);
    QVERIFY(caps.list(Capability::ScanModes).contains(QStringLiteral("Gray")));
    QCOMPARE(caps.integer(Capability::ResolutionMax), 1200);
}

void TestSaneScanner::listOptions_describesResolutionModeAndSource()
{
    SaneScanner scanner({QStringLiteral("test:0")});
    QSignalSpy listed(&scanner, &SaneScanner::optionsListed);
    scanner.listOptions();
    QTRY_COMPARE_WITH_TIMEOUT(listed.count(), 1, 10000);
    const auto options = listed.at(0).at(0).value<QList<ScanOptionInfo>>();
    QVERIFY(options.size() > 10);
    QHash<QString, ScanOptionInfo> byName;
    for (const ScanOptionInfo &o : options)
        byName.insert(o.name, o);
    QVERIFY(byName.contains(QStringLiteral("resolution")));
    QCOMPARE(byName[QStringLiteral("resolution")].type, QStringLiteral("fixed"));
    QCOMPARE(byName[QStringLiteral("resolution")].unit, QStringLiteral("dpi"));
    QCOMPARE(byName[QStringLiteral("mode")].allowed, (QVariantList{QStringLiteral("Gray"), QStringLiteral("Color")}));
    QCOMPARE(byName[QStringLiteral("mode")].value.toString(), QStringLiteral("Gray"));
    QVERIFY(byName[QStringLiteral("source")].allowed.contains(QStringLiteral("Automatic Document Feeder")));
    QVERIFY(byName[QStringLiteral("source")].settable);
}

void TestSaneScanner::flatbedGray150_givesOnePageOfA4SliceSize()
{
    SaneScanner scanner({QStringLiteral("test:0")});
    QSignalSpy finished(&scanner, &SaneScanner::scanFinished);
    QSignalSpy pages(&scanner, &SaneScanner::pageScanned);
    const ScanResult r = waitForResult(finished, scanner.scanPage(settings(150, ScanColorMode::Gray)));
    QVERIFY2(r.ok(), qPrintable(describe(r)));
    QCOMPARE(r.pages.size(), 1);
    QCOMPARE(pages.count(), 1);
    const QImage page = r.pages.first();
    QCOMPARE(page.format(), QImage::Format_Grayscale8);
    // The test backend's default scan area is 80 x 100 mm: 472 x 590 pixels at 150 dpi.
    QVERIFY2(qAbs(page.width() - 472) <= 2 && qAbs(page.height() - 590) <= 2,
             qPrintable(QStringLiteral("%1x%2").arg(page.width()).arg(page.height())));
    QCOMPARE(qGray(page.pixel(page.width() / 2, page.height() / 2)), 0); // "Solid black" test picture
    QCOMPARE(toString(scanner.status().state), toString(DeviceState::Online));
}

void TestSaneScanner::flatbedColour_givesRgbImage()
{
    SaneScanner scanner({QStringLiteral("test:0")});
    QSignalSpy finished(&scanner, &SaneScanner::scanFinished);
    ScanSettings s = settings(75, ScanColorMode::Color);
    s.backendOptions.insert(QStringLiteral("test-picture"), QStringLiteral("Solid white"));
    const ScanResult r = waitForResult(finished, scanner.scanPage(s));
    QVERIFY2(r.ok(), qPrintable(describe(r)));
    QCOMPARE(r.pages.first().format(), QImage::Format_RGB888);
    QVERIFY(qAbs(r.pages.first().width() - 236) <= 2);
    QCOMPARE(r.pages.first().pixel(10, 10), qRgb(255, 255, 255));
}

void TestSaneScanner::scanAllPages_onFlatbed_givesOnePage()
{
    SaneScanner scanner({QStringLiteral("test:0")});
    QSignalSpy finished(&scanner, &SaneScanner::scanFinished);
    const ScanResult r = waitForResult(finished, scanner.scanAllPages(settings(50, ScanColorMode::Gray)));
    QVERIFY2(r.ok(), qPrintable(describe(r)));
    QCOMPARE(r.pages.size(), 1);
}

void TestSaneScanner::adfBatch_givesEveryPageThenEndsAtNoDocs()
{
    SaneScanner scanner({QStringLiteral("test:0")});
    QSignalSpy finished(&scanner, &SaneScanner::scanFinished);
    QSignalSpy pages(&scanner, &SaneScanner::pageScanned);
    const quint64 ticket = scanner.scanAllPages(settings(50, ScanColorMode::Gray, ScanSource::Adf));
    const ScanResult r = waitForResult(finished, ticket);
    // The test backend's feeder holds ten sheets, then answers SANE_STATUS_NO_DOCS: the normal end of a batch.
    QVERIFY2(r.ok(), qPrintable(describe(r)));
    QCOMPARE(r.pages.size(), 10);
    QCOMPARE(pages.count(), 10);
    for (int i = 0; i < pages.count(); ++i) {
        QCOMPARE(pages.at(i).at(0).value<quint64>(), ticket);
        QCOMPARE(pages.at(i).at(1).toInt(), i);
    }
    QCOMPARE(toString(scanner.status().state), toString(DeviceState::Online));

    // One sheet from the feeder (the test backend refills its feeder after each batch): exactly one page, even
    // though the feeder would give more. An empty feeder on a single-sheet request is covered by the status table.
    const ScanResult one =
        waitForResult(finished, scanner.scanPage(settings(50, ScanColorMode::Gray, ScanSource::Adf)));
    QVERIFY2(one.ok(), qPrintable(describe(one)));
    QCOMPARE(one.pages.size(), 1);
}

void TestSaneScanner::adfBatch_respectsMaxPages()
{
    SaneScanner scanner({QStringLiteral("test:1")});
    QSignalSpy finished(&scanner, &SaneScanner::scanFinished);
    ScanSettings s = settings(50, ScanColorMode::Gray, ScanSource::Adf);
    s.maxPages = 3;
    const ScanResult r = waitForResult(finished, scanner.scanAllPages(s));
    QVERIFY2(r.ok(), qPrintable(describe(r)));
    QCOMPARE(r.pages.size(), 3);
}

void TestSaneScanner::cancel_midScan_endsCancelledQuickly()
{
    SaneScanner scanner({QStringLiteral("test:0")});
    QSignalSpy finished(&scanner, &SaneScanner::scanFinished);
    QSignalSpy progress(&scanner, &SaneScanner::scanProgress);
    ScanSettings s = settings(300, ScanColorMode::Color);
    // The backend pauses 50 ms per 64 KiB it passes on: about 2.6 s for this page, so there is a "middle" to cancel in.
    s.backendOptions = {{QStringLiteral("read-limit"), true},
                        {QStringLiteral("read-limit-size"), 4096},
                        {QStringLiteral("read-delay"), true},
                        {QStringLiteral("read-delay-duration"), 50000}};
    const quint64 ticket = scanner.scanPage(s);
    QTRY_VERIFY_WITH_TIMEOUT(!progress.isEmpty(), 10000);
    const int percent = progress.last().at(2).toInt();
    QVERIFY2(percent > 0 && percent < 100, qPrintable(QString::number(percent)));
    QElapsedTimer t;
    t.start();
    scanner.cancel();
    const ScanResult r = waitForResult(finished, ticket);
    QCOMPARE(toString(r.error), toString(ScanError::Cancelled));
    QVERIFY(r.pages.isEmpty());
    QVERIFY2(t.elapsed() < 500, qPrintable(QString::number(t.elapsed())));
    QCOMPARE(toString(scanner.status().state), toString(DeviceState::Online)); // a cancel is not a fault

    // The scanner is usable again straight away.
    const ScanResult next = waitForResult(finished, scanner.scanPage(settings(50, ScanColorMode::Gray)));
    QVERIFY2(next.ok(), qPrintable(describe(next)));
}

void TestSaneScanner::cancel_beforeTheScanStarts_cancelsQueuedRequests()
{
    SaneScanner scanner({QStringLiteral("test:0")});
    QSignalSpy finished(&scanner, &SaneScanner::scanFinished);
    const quint64 first = scanner.scanPage(settings(50, ScanColorMode::Gray));
    const quint64 second = scanner.scanPage(settings(50, ScanColorMode::Gray));
    scanner.cancel();
    const quint64 third = scanner.scanPage(settings(50, ScanColorMode::Gray));
    QCOMPARE(toString(waitForResult(finished, first).error), toString(ScanError::Cancelled));
    QCOMPARE(toString(waitForResult(finished, second).error), toString(ScanError::Cancelled));
    const ScanResult after = waitForResult(finished, third);
    QVERIFY2(after.ok(), qPrintable(describe(after))); // requested after the cancel: not affected
}

void TestSaneScanner::readStatus_mapsToErrorAndDeviceStatus_data()
{
    QTest::addColumn<QString>("readReturn");
    QTest::addColumn<ScanError>("error");
    QTest::addColumn<DeviceState>("state");
    QTest::newRow("jammed") << "SANE_STATUS_JAMMED" << ScanError::Jammed << DeviceState::UserError;
    QTest::newRow("cover open") << "SANE_STATUS_COVER_OPEN" << ScanError::CoverOpen << DeviceState::UserError;
    QTest::newRow("no docs") << "SANE_STATUS_NO_DOCS" << ScanError::NoDocuments << DeviceState::UserError;
    QTest::newRow("device busy") << "SANE_STATUS_DEVICE_BUSY" << ScanError::DeviceBusy << DeviceState::Busy;
    QTest::newRow("io error") << "SANE_STATUS_IO_ERROR" << ScanError::IoError << DeviceState::Offline;
    QTest::newRow("no mem") << "SANE_STATUS_NO_MEM" << ScanError::NoMemory << DeviceState::HardwareError;
    QTest::newRow("access denied") << "SANE_STATUS_ACCESS_DENIED" << ScanError::AccessDenied
                                   << DeviceState::HardwareError;
    QTest::newRow("cancelled by the device") << "SANE_STATUS_CANCELLED" << ScanError::Cancelled << DeviceState::Online;
}

void TestSaneScanner::readStatus_mapsToErrorAndDeviceStatus()
{
    QFETCH(QString, readReturn);
    QFETCH(ScanError, error);
    QFETCH(DeviceState, state);

    SaneScanner scanner({QStringLiteral("test:0")});
    QSignalSpy finished(&scanner, &SaneScanner::scanFinished);
    ScanSettings s = settings(50, ScanColorMode::Gray);
    // The test backend's sane_read answers with this status instead of data.
    s.backendOptions.insert(QStringLiteral("read-return-value"), readReturn);
    const ScanResult r = waitForResult(finished, scanner.scanPage(s));
    QCOMPARE(toString(r.error), toString(error));
    QVERIFY(r.pages.isEmpty());
    QVERIFY(!r.detail.isEmpty());
    QCOMPARE(toString(scanner.status().state), toString(state));
    if (state != DeviceState::Online && state != DeviceState::Busy)
        QVERIFY(!scanner.status().recoveryHint.isEmpty());
}

void TestSaneScanner::statusAfterAJam_recoversWithTheNextGoodScan()
{
    SaneScanner scanner({QStringLiteral("test:0")});
    QSignalSpy finished(&scanner, &SaneScanner::scanFinished);
    QSignalSpy status(&scanner, &Device::statusChanged);
    ScanSettings jam = settings(50, ScanColorMode::Gray);
    jam.backendOptions.insert(QStringLiteral("read-return-value"), QStringLiteral("SANE_STATUS_JAMMED"));
    QCOMPARE(toString(waitForResult(finished, scanner.scanPage(jam)).error), toString(ScanError::Jammed));
    QCOMPARE(scanner.status().detail, QStringLiteral("Paper jam in the document feeder"));

    ScanSettings good = settings(50, ScanColorMode::Gray);
    good.backendOptions.insert(QStringLiteral("read-return-value"), QStringLiteral("Default"));
    const ScanResult r = waitForResult(finished, scanner.scanPage(good));
    QVERIFY2(r.ok(), qPrintable(describe(r)));
    QCOMPARE(toString(scanner.status().state), toString(DeviceState::Online));
}

void TestSaneScanner::unknownBackendOption_isInvalidArgument()
{
    SaneScanner scanner({QStringLiteral("test:0")});
    QSignalSpy finished(&scanner, &SaneScanner::scanFinished);
    ScanSettings s = settings(50, ScanColorMode::Gray);
    s.backendOptions.insert(QStringLiteral("no-such-option"), 1);
    const ScanResult r = waitForResult(finished, scanner.scanPage(s));
    QCOMPARE(toString(r.error), toString(ScanError::InvalidArgument));
    QVERIFY(r.detail.contains(QLatin1String("no-such-option")));

    ScanSettings bad = settings(50, ScanColorMode::Gray);
    bad.backendOptions.insert(QStringLiteral("test-picture"), QStringLiteral("Polka dots"));
    const ScanResult r2 = waitForResult(finished, scanner.scanPage(bad));
    QCOMPARE(toString(r2.error), toString(ScanError::InvalidArgument));
    QVERIFY(r2.detail.contains(QLatin1String("Solid black"))); // lists what is allowed
}

void TestSaneScanner::pnm_scansThePpmPixelsExactly()
{
    // A page with gradients, text-like strokes and pure colours, saved as 8-bit binary PPM at test time.
    QImage source(320, 240, QImage::Format_RGB888);
    for (int y = 0; y < source.height(); ++y)
        for (int x = 0; x < source.width(); ++x)
            source.setPixel(x, y, qRgb(x * 255 / 319, y * 255 / 239, (x ^ y) & 0xff));
    for (int x = 20; x < 300; ++x)
        source.setPixel(x, 120, qRgb(0, 0, 0));
    const QString ppm = dataDir_.filePath(QStringLiteral("page.ppm"));
    QVERIFY(source.save(ppm, "PPM"));

    SaneScanner scanner({QStringLiteral("pnm:0")});
    QSignalSpy finished(&scanner, &SaneScanner::scanFinished);
    ScanSettings s = settings(150, ScanColorMode::Color);
    s.backendOptions.insert(QStringLiteral("filename"), ppm);
    const ScanResult r = waitForResult(finished, scanner.scanPage(s));
    QVERIFY2(r.ok(), qPrintable(describe(r)));
    QCOMPARE(r.pages.size(), 1);
    const QImage scanned = r.pages.first();
    QCOMPARE(scanned.size(), source.size());
    QCOMPARE(scanned.format(), QImage::Format_RGB888);
    int worst = 0;
    for (int y = 0; y < source.height(); ++y) {
        for (int x = 0; x < source.width(); ++x) {
            const QRgb a = source.pixel(x, y);
            const QRgb b = scanned.pixel(x, y);
            worst = qMax(worst,
                         qMax(qAbs(qRed(a) - qRed(b)), qMax(qAbs(qGreen(a) - qGreen(b)), qAbs(qBlue(a) - qBlue(b)))));
        }
    }
    QVERIFY2(worst <= 1, qPrintable(QStringLiteral("largest channel difference %1").arg(worst)));

    // Three-pass simulation (green, blue, red frames) gives the same picture.
    ScanSettings threePass = s;
    threePass.backendOptions.insert(QStringLiteral("three-pass"), QStringLiteral("yes"));
    const ScanResult r3 = waitForResult(finished, scanner.scanPage(threePass));
    QVERIFY2(r3.ok(), qPrintable(describe(r3)));
    QCOMPARE(r3.pages.first().pixel(100, 50), source.pixel(100, 50));
    QCOMPARE(r3.pages.first().pixel(300, 200), source.pixel(300, 200));
}

void TestSaneScanner::pnm_withoutFeeder_refusesAdfAndStaysOnline()
{
    const QString ppm = dataDir_.filePath(QStringLiteral("small.ppm"));
    QImage img(8, 8, QImage::Format_RGB888);
    img.fill(Qt::white);
    QVERIFY(img.save(ppm, "PPM"));
    SaneScanner scanner({QStringLiteral("pnm:1")});
    QSignalSpy finished(&scanner, &SaneScanner::scanFinished);
    ScanSettings s = settings(75, ScanColorMode::Color, ScanSource::Adf);
    s.backendOptions.insert(QStringLiteral("filename"), ppm);
    const ScanResult r = waitForResult(finished, scanner.scanAllPages(s));
    QCOMPARE(toString(r.error), toString(ScanError::Unsupported));
    QVERIFY(r.detail.contains(QLatin1String("no document feeder")));
    QCOMPARE(toString(scanner.status().state), toString(DeviceState::Online));
    QCOMPARE(scanner.capabilities().flag(Capability::Feeder, true), false);
}

void TestSaneScanner::selfTest_passesWithATestScan()
{
    SaneScanner scanner({QStringLiteral("test:0")});
    QSignalSpy done(&scanner, &Device::selfTestFinished);
    scanner.selfTest();
    QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, kScanTimeoutMs);
    const auto r = done.at(0).at(0).value<SelfTestResult>();
    QVERIFY2(r.passed, qPrintable(r.summary));
    QVERIFY(r.details.value(QStringLiteral("width")).toInt() > 100);

    SaneScanner missing({QStringLiteral("nosuch:1")});
    QSignalSpy missingDone(&missing, &Device::selfTestFinished);
    missing.selfTest();
    QTRY_COMPARE_WITH_TIMEOUT(missingDone.count(), 1, kScanTimeoutMs);
    QVERIFY(!missingDone.at(0).at(0).value<SelfTestResult>().passed);
}

void TestSaneScanner::destroyingDuringAScan_isBounded()
{
    auto scanner = std::make_unique<SaneScanner>(SaneScannerConfig{QStringLiteral("test:0")});
    QSignalSpy progress(scanner.get(), &SaneScanner::scanProgress);
    ScanSettings s = settings(300, ScanColorMode::Color);
    s.backendOptions = {{QStringLiteral("read-limit"), true},
                        {QStringLiteral("read-limit-size"), 1024},
                        {QStringLiteral("read-delay"), true},
                        {QStringLiteral("read-delay-duration"), 200000}}; // about 10 s for the whole page
    scanner->scanPage(s);
    QTRY_VERIFY_WITH_TIMEOUT(!progress.isEmpty(), 10000);
    QElapsedTimer t;
    t.start();
    scanner.reset();
    QVERIFY2(t.elapsed() < 2000, qPrintable(QString::number(t.elapsed())));
}

void TestSaneScanner::saneRuntime_isReleasedWhenTheLastScannerGoes()
{
    {
        SaneScanner a({QStringLiteral("test:0")});
        SaneScanner b({QStringLiteral("test:1")});
        QTRY_VERIFY_WITH_TIMEOUT(SaneRuntimeRef::liveReferences() == 2, 10000);
    }
    QCOMPARE(SaneRuntimeRef::liveReferences(), 0);
    // And SANE starts again for the next one.
    SaneScanner again({QStringLiteral("test:0")});
    QSignalSpy finished(&again, &SaneScanner::scanFinished);
    const ScanResult r = waitForResult(finished, again.scanPage(settings(50, ScanColorMode::Gray)));
    QVERIFY2(r.ok(), qPrintable(describe(r)));
}

QTEST_MAIN(TestSaneScanner)
#include "test_sane_scanner.moc"
