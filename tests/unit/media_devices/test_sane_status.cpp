// Specification of the SANE status table (status code -> scan error -> device state with detail and hint) and of how
// raw SANE frames become images.
#include <QTest>

#include <cstring>

#include "drivers/scanner/sane_image.h"
#include "drivers/scanner/sane_status.h"

using namespace kiosk::drivers;

Q_DECLARE_METATYPE(ScanError)
Q_DECLARE_METATYPE(DeviceState)

namespace {

SANE_Parameters params(SANE_Frame format, int depth, int width, int lines, int bytesPerLine, bool last = true)
{
    SANE_Parameters p{};
    p.format = format;
    p.last_frame = last ? SANE_TRUE : SANE_FALSE;
    p.depth = depth;
    p.pixels_per_line = width;
    p.lines = lines;
    p.bytes_per_line = bytesPerLine;
    return p;
}

} // namespace

class TestSaneStatus : public QObject
{
    Q_OBJECT

private slots:
    void saneStatus_mapsToScanErrorAndDeviceState_data();
    void saneStatus_mapsToScanErrorAndDeviceState();
    void noDevice_namesTheDeviceAndHowToListThem();
    void errorNames_areStable();

    void gray8_isCopiedLineByLine();
    void rgb8_withPaddedLines_dropsThePadding();
    void gray16_keepsTheHighByte();
    void gray1_setBitIsBlack();
    void threePass_interleavesTheColours();
    void unknownHeight_countsCompleteLines();
    void badParameters_areErrorsNotCrashes_data();
    void badParameters_areErrorsNotCrashes();
};

void TestSaneStatus::saneStatus_mapsToScanErrorAndDeviceState_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<ScanError>("error");
    QTest::addColumn<DeviceState>("state");

    QTest::newRow("GOOD") << int(SANE_STATUS_GOOD) << ScanError::None << DeviceState::Online;
    QTest::newRow("EOF") << int(SANE_STATUS_EOF) << ScanError::None << DeviceState::Online;
    QTest::newRow("CANCELLED") << int(SANE_STATUS_CANCELLED) << ScanError::Cancelled << DeviceState::Online;
    QTest::newRow("NO_DOCS") << int(SANE_STATUS_NO_DOCS) << ScanError::NoDocuments << DeviceState::UserError;
    QTest::newRow("JAMMED") << int(SANE_STATUS_JAMMED) << ScanError::Jammed << DeviceState::UserError;
    QTest::newRow("COVER_OPEN") << int(SANE_STATUS_COVER_OPEN) << ScanError::CoverOpen << DeviceState::UserError;
    QTest::newRow("DEVICE_BUSY") << int(SANE_STATUS_DEVICE_BUSY) << ScanError::DeviceBusy << DeviceState::Busy;
    QTest::newRow("IO_ERROR") << int(SANE_STATUS_IO_ERROR) << ScanError::IoError << DeviceState::Offline;
    QTest::newRow("NO_MEM") << int(SANE_STATUS_NO_MEM) << ScanError::NoMemory << DeviceState::HardwareError;
    QTest::newRow("ACCESS_DENIED") << int(SANE_STATUS_ACCESS_DENIED) << ScanError::AccessDenied
                                   << DeviceState::HardwareError;
    QTest::newRow("INVAL") << int(SANE_STATUS_INVAL) << ScanError::InvalidArgument << DeviceState::HardwareError;
    QTest::newRow("UNSUPPORTED") << int(SANE_STATUS_UNSUPPORTED) << ScanError::Unsupported << DeviceState::Online;
    QTest::newRow("WARMING_UP (12)") << 12 << ScanError::WarmingUp << DeviceState::Busy;
    QTest::newRow("HW_LOCKED (13)") << 13 << ScanError::Locked << DeviceState::UserError;
    QTest::newRow("unknown future code") << 99 << ScanError::IoError << DeviceState::Offline;
}

void TestSaneStatus::saneStatus_mapsToScanErrorAndDeviceState()
{
    QFETCH(int, status);
    QFETCH(ScanError, error);
    QFETCH(DeviceState, state);

    const ScanError mapped = scanErrorFor(SANE_Status(status));
    QCOMPARE(toString(mapped), toString(error));
    const DeviceStatus s = deviceStatusFor(mapped, QStringLiteral("test:0"));
    QCOMPARE(toString(s.state), toString(state));
    QVERIFY(!s.detail.isEmpty());
    if (state == DeviceState::UserError || state == DeviceState::Offline || state == DeviceState::HardwareError)
        QVERIFY2(!s.recoveryHint.isEmpty(), qPrintable(s.detail));
}

void TestSaneStatus::noDevice_namesTheDeviceAndHowToListThem()
{
    const DeviceStatus s = deviceStatusFor(ScanError::NoDevice, QStringLiteral("genesys:libusb:001:004"));
    QCOMPARE(toString(s.state), toString(DeviceState::NoDevice));
    QVERIFY(s.detail.contains(QLatin1String("genesys:libusb:001:004")));
    QVERIFY(s.recoveryHint.contains(QLatin1String("scanimage -L")));
}

void TestSaneStatus::errorNames_areStable()
{
    QCOMPARE(toString(ScanError::NoDocuments), QStringLiteral("no_documents"));
    QCOMPARE(toString(ScanError::Jammed), QStringLiteral("jammed"));
    QCOMPARE(toString(ScanError::CoverOpen), QStringLiteral("cover_open"));
    QCOMPARE(toString(ScanError::DeviceBusy), QStringLiteral("device_busy"));
    QCOMPARE(toString(ScanError::IoError), QStringLiteral("io_error"));
    QCOMPARE(toString(ScanError::Cancelled), QStringLiteral("cancelled"));
}

void TestSaneStatus::gray8_isCopiedLineByLine()
{
    SaneFrameData f;
    f.params = params(SANE_FRAME_GRAY, 8, 3, 2, 3);
    f.bytes = QByteArray("\x00\x80\xff\x10\x20\x30", 6);
    const SaneImageResult r = assembleSaneImage({f});
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.image.format(), QImage::Format_Grayscale8);
    QCOMPARE(r.image.size(), QSize(3, 2));
    QCOMPARE(qGray(r.image.pixel(1, 0)), 0x80);
    QCOMPARE(qGray(r.image.pixel(2, 1)), 0x30);
}

void TestSaneStatus::rgb8_withPaddedLines_dropsThePadding()
{
    SaneFrameData f;
    f.params = params(SANE_FRAME_RGB, 8, 2, 2, 8); // 6 bytes of pixels + 2 of padding per line
    f.bytes = QByteArray("\x01\x02\x03\x04\x05\x06PP\x07\x08\x09\x0a\x0b\x0cPP", 16);
    const SaneImageResult r = assembleSaneImage({f});
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.image.format(), QImage::Format_RGB888);
    QCOMPARE(r.image.pixel(1, 0), qRgb(4, 5, 6));
    QCOMPARE(r.image.pixel(0, 1), qRgb(7, 8, 9));
}

void TestSaneStatus::gray16_keepsTheHighByte()
{
    SaneFrameData f;
    f.params = params(SANE_FRAME_GRAY, 16, 2, 1, 4);
    const quint16 samples[2] = {0xABCD, 0x1234}; // host byte order, as SANE sends them
    f.bytes = QByteArray(reinterpret_cast<const char *>(samples), 4);
    const SaneImageResult r = assembleSaneImage({f});
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(qGray(r.image.pixel(0, 0)), 0xAB);
    QCOMPARE(qGray(r.image.pixel(1, 0)), 0x12);
}

void TestSaneStatus::gray1_setBitIsBlack()
{
    SaneFrameData f;
    f.params = params(SANE_FRAME_GRAY, 1, 10, 1, 2);
    f.bytes = QByteArray("\xA0\x40", 2); // 1010 0000 0100 0000
    const SaneImageResult r = assembleSaneImage({f});
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(qGray(r.image.pixel(0, 0)), 0);
    QCOMPARE(qGray(r.image.pixel(1, 0)), 255);
    QCOMPARE(qGray(r.image.pixel(2, 0)), 0);
    QCOMPARE(qGray(r.image.pixel(9, 0)), 0);
    QCOMPARE(qGray(r.image.pixel(8, 0)), 255);
}

void TestSaneStatus::threePass_interleavesTheColours()
{
    // Green, blue, red: the order the pnm backend's three-pass simulation uses.
    SaneFrameData g, b, r;
    g.params = params(SANE_FRAME_GREEN, 8, 2, 1, 2, false);
    g.bytes = QByteArray("\x20\x21", 2);
    b.params = params(SANE_FRAME_BLUE, 8, 2, 1, 2, false);
    b.bytes = QByteArray("\x30\x31", 2);
    r.params = params(SANE_FRAME_RED, 8, 2, 1, 2, true);
    r.bytes = QByteArray("\x10\x11", 2);
    const SaneImageResult out = assembleSaneImage({g, b, r});
    QVERIFY2(out.ok(), qPrintable(out.error));
    QCOMPARE(out.image.pixel(0, 0), qRgb(0x10, 0x20, 0x30));
    QCOMPARE(out.image.pixel(1, 0), qRgb(0x11, 0x21, 0x31));
}

void TestSaneStatus::unknownHeight_countsCompleteLines()
{
    SaneFrameData f;
    f.params = params(SANE_FRAME_GRAY, 8, 4, -1, 4); // hand scanner: height unknown
    f.bytes = QByteArray(4 * 5 + 2, '\x7f');         // five lines and two stray bytes
    const SaneImageResult r = assembleSaneImage({f});
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.image.size(), QSize(4, 5));
}

void TestSaneStatus::badParameters_areErrorsNotCrashes_data()
{
    QTest::addColumn<int>("format");
    QTest::addColumn<int>("depth");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("bytesPerLine");
    QTest::addColumn<int>("dataBytes");

    QTest::newRow("depth 12") << int(SANE_FRAME_GRAY) << 12 << 4 << 8 << 8;
    QTest::newRow("zero width") << int(SANE_FRAME_GRAY) << 8 << 0 << 8 << 8;
    QTest::newRow("line shorter than its pixels") << int(SANE_FRAME_RGB) << 8 << 4 << 6 << 12;
    QTest::newRow("no complete line") << int(SANE_FRAME_GRAY) << 8 << 4 << 4 << 3;
    QTest::newRow("lone red frame") << int(SANE_FRAME_RED) << 8 << 4 << 4 << 4;
    QTest::newRow("1-bit colour") << int(SANE_FRAME_RGB) << 1 << 8 << 3 << 3;
}

void TestSaneStatus::badParameters_areErrorsNotCrashes()
{
    QFETCH(int, format);
    QFETCH(int, depth);
    QFETCH(int, width);
    QFETCH(int, bytesPerLine);
    QFETCH(int, dataBytes);
    SaneFrameData f;
    f.params = params(SANE_Frame(format), depth, width, -1, bytesPerLine);
    f.bytes = QByteArray(dataBytes, '\x01');
    const SaneImageResult r = assembleSaneImage({f});
    QVERIFY(!r.ok());
    QVERIFY(r.image.isNull());
    QVERIFY(assembleSaneImage({}).error.size() > 0);
}

QTEST_MAIN(TestSaneStatus)
#include "test_sane_status.moc"
