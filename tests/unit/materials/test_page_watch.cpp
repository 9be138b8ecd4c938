// Automatic capture on the document camera: the steadiness rule (a page found whole, held still for a moment, is
// taken once; the next page placed is taken again), the page finding on live frames, and CaptureService's live view
// end to end with a simulated frame source: frames analysed off the GUI thread, the page taken by itself and by hand,
// and a scanner's feeder batch arriving as several pages of one material.
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "app/application/peripherals.h"
#include "app/materials/ocr_service.h"
#include "app/materials/page_watch.h"
#include "drivers/scanner/sane_scanner.h"
#include "unit/materials/material_fixtures.h"
#include "unit/materials/simulated_frames.h"

using namespace kiosk::app;
using namespace kiosk::test;

namespace {

PageDetection at(const QPolygonF &corners, bool border = false, double area = 0.4)
{
    PageDetection d;
    d.found = true;
    d.corners = corners;
    d.touchesBorder = border;
    d.areaFraction = area;
    return d;
}

QPolygonF quad(double dx = 0)
{
    return QPolygonF{{100 + dx, 80}, {500 + dx, 90}, {510 + dx, 400}, {90 + dx, 410}};
}

} // namespace

class TestPageWatch : public QObject
{
    Q_OBJECT

private slots:
    void steadiness_takesAStillPageOnce_andTheNextPageAgain()
    {
        PageSteadiness s;
        const QSize frame(640, 480);
        QCOMPARE(toString(s.update(PageDetection(), frame, 0)), toString(PageWatchState::NoPage));
        QCOMPARE(toString(s.update(at(quad(), true), frame, 10)), toString(PageWatchState::CutOff));
        QCOMPARE(toString(s.update(at(quad(), false, 0.05), frame, 20)), toString(PageWatchState::TooSmall));
        QCOMPARE(toString(s.update(at(quad()), frame, 100)), toString(PageWatchState::Moving));   // first sight
        QCOMPARE(toString(s.update(at(quad(2)), frame, 500)), toString(PageWatchState::Holding)); // 2 px: still
        QVERIFY(qAbs(s.holdProgress() - 0.5) < 0.01);
        QCOMPARE(toString(s.update(at(quad(30)), frame, 700)),
                 toString(PageWatchState::Moving)); // moved: the wait starts again
        QCOMPARE(toString(s.update(at(quad(30)), frame, 1400)), toString(PageWatchState::Holding));
        QCOMPARE(toString(s.update(at(quad(30)), frame, 1500)), toString(PageWatchState::Capture));
        // The same page lying there is not taken twice.
        QCOMPARE(toString(s.update(at(quad(30)), frame, 2600)), toString(PageWatchState::Taken));
        QCOMPARE(toString(s.update(at(quad(30)), frame, 4000)), toString(PageWatchState::Taken));
        // The page is swapped for the next (it leaves the view, the next arrives and lies still).
        QCOMPARE(toString(s.update(PageDetection(), frame, 4100)), toString(PageWatchState::NoPage));
        QCOMPARE(toString(s.update(at(quad(5)), frame, 4200)), toString(PageWatchState::Moving));
        QCOMPARE(toString(s.update(at(quad(5)), frame, 5000)), toString(PageWatchState::Capture));
        QCOMPARE(toString(PageWatchState::Taken), QStringLiteral("taken"));
    }

    void detectPageCorners_findsThePageOnALiveFrame()
    {
        PhotoParams p;
        p.canvas = cv::Size(960, 720);
        const Photo photo = photograph(renderHouseholdRegister(makePerson(4), 100), p);
        const PageDetection d = detectPageCorners(photo.image, 480);
        QVERIFY(d.found);
        QVERIFY(!d.touchesBorder);
        QCOMPARE(d.corners.size(), 4);
        double worst = 0;
        for (int i = 0; i < 4; ++i)
            worst = std::max(worst, QLineF(d.corners.at(i), photo.corners.at(i)).length());
        qInfo("live-frame page corners within %.1f px of the truth (960x720)", worst);
        QVERIFY(worst < 12);
        QVERIFY(d.areaFraction > 0.2 && d.areaFraction < 0.9);
        // An empty table has no page.
        QImage table(960, 720, QImage::Format_RGB888);
        table.fill(QColor(125, 95, 70));
        QVERIFY(!detectPageCorners(table).found);
    }

    void liveView_takesAStillPageByItself_andByHand()
    {
        OcrService ocr;
        CaptureService capture(nullptr, nullptr);
        capture.setProcessor(&ocr);
        SimulatedFrames frames;
        PageWatchSettings settings;
        settings.holdMs = 300;
        capture.setPreviewSource(&frames, settings);
        QVERIFY(capture.previewAvailable());
        QSignalSpy previews(&capture, &CaptureService::previewFrame);
        QSignalSpy captured(&capture, &CaptureService::captured);
        QSignalSpy failed(&capture, &CaptureService::failed);

        PhotoParams p;
        p.canvas = cv::Size(1600, 1200);
        const QImage still = photograph(renderHouseholdRegister(makePerson(9), 150), p).image;
        QImage table(1600, 1200, QImage::Format_RGB888);
        table.fill(QColor(125, 95, 70));

        capture.startPreview(QStringLiteral("photo"));
        QCOMPARE(frames.starts, 1);
        // Frames keep coming (the GUI thread stays free: analysis runs on the pool); the page is taken by itself.
        QElapsedTimer t;
        t.start();
        while (captured.isEmpty() && failed.isEmpty() && t.elapsed() < 30000) {
            frames.push(still);
            QTest::qWait(30);
        }
        QVERIFY(!previews.isEmpty());
        QCOMPARE(failed.size(), 0);
        QCOMPARE(captured.size(), 1);
        const auto pages = captured.first().first().value<QList<MaterialPage>>();
        QCOMPARE(pages.size(), 1);
        QVERIFY(pages.first().quality.acceptable());
        QVERIFY(pages.first().width < pages.first().height); // rectified upright page, not the landscape frame
        // First sight is "moving" (never taken at once); the page is taken on a frame that says "capture".
        QStringList states;
        for (const QList<QVariant> &args : previews) {
            const QImage f = args.at(0).value<QImage>();
            QVERIFY(qMax(f.width(), f.height()) <= 960); // the screen gets a small copy, never the full frame
            states << toString(args.at(2).value<PageWatchState>());
        }
        QVERIFY2(states.contains(QStringLiteral("moving")), qPrintable(states.join(',')));
        QCOMPARE(states.last(), QStringLiteral("capture"));
        QVERIFY(capture.previewing()); // still open for the next page

        // The same page lying there is not taken again.
        for (int i = 0; i < 20; ++i) {
            frames.push(still);
            QTest::qWait(30);
        }
        QCOMPARE(captured.size(), 1);

        // By hand: the current frame is taken at once.
        capture.captureNow();
        QTRY_COMPARE_WITH_TIMEOUT(captured.size(), 2, 30000);

        capture.stopPreview();
        QVERIFY(!frames.isActive());
        QVERIFY(!capture.previewing());
        const int before = int(previews.size());
        frames.push(table);
        QTest::qWait(100);
        QCOMPARE(int(previews.size()), before); // nothing after stop
    }

    void captureNow_withoutAFrame_saysSo()
    {
        CaptureService capture(nullptr, nullptr);
        SimulatedFrames frames;
        capture.setPreviewSource(&frames);
        QSignalSpy failed(&capture, &CaptureService::failed);
        capture.startPreview(QStringLiteral("photo"));
        capture.captureNow();
        QCOMPARE(failed.size(), 1);
        QCOMPARE(toString(failed.first().first().value<CaptureProblem>()), toString(CaptureProblem::NoPaper));
        capture.stopPreview();
    }

    void scannerWithAFeeder_takesEverySheetAtOnce()
    {
        // SANE's test backend: a flatbed and a ten-sheet feeder.
        QTemporaryDir config;
        QFile dll(config.filePath(QStringLiteral("dll.conf")));
        QVERIFY(dll.open(QIODevice::WriteOnly));
        dll.write("test\n");
        dll.close();
        qputenv("SANE_CONFIG_DIR", config.path().toLocal8Bit());
        kiosk::drivers::SaneScanner scanner({QStringLiteral("test:0")});
        QTRY_VERIFY_WITH_TIMEOUT(scanner.status().usable(), 10000);
        QVERIFY(scanner.capabilities().flag(kiosk::drivers::Capability::Feeder));
        CaptureService capture(&scanner, nullptr); // no processor: pages are only encoded
        QSignalSpy captured(&capture, &CaptureService::captured);
        capture.scan(QStringLiteral("household_register"));
        QTRY_COMPARE_WITH_TIMEOUT(captured.size(), 1, 60000);
        const auto pages = captured.first().first().value<QList<MaterialPage>>();
        QCOMPARE(pages.size(), 10); // the whole feeder into one material
        for (const MaterialPage &p : pages)
            QCOMPARE(p.mediaType, QStringLiteral("image/jpeg"));
    }

    void severalImagesAtOnce_becomeSeveralPagesOfOneMaterial()
    {
        OcrService ocr;
        CaptureService capture(nullptr, nullptr);
        capture.setProcessor(&ocr);
        QSignalSpy captured(&capture, &CaptureService::captured);
        // A feeder batch: three sheets, as the scanner's scanAllPages answers them.
        capture.processImages(QStringLiteral("photo"),
                              {scanned(renderHouseholdRegister(makePerson(1), 200), 0.5),
                               scanned(renderMarriageCertificate(makeMarriage(2), 200), -0.4),
                               scanned(renderHouseholdRegister(makePerson(3), 200), 0.2)},
                              true);
        QTRY_COMPARE_WITH_TIMEOUT(captured.size(), 1, 60000);
        QCOMPARE(captured.first().first().value<QList<MaterialPage>>().size(), 3);
    }
};

QTEST_MAIN(TestPageWatch)
#include "test_page_watch.moc"
