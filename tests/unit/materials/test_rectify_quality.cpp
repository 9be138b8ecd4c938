// Rectification and quality checks on documents rendered and photographed at test time: the page is found and
// brought to its true aspect, scans are deskewed, and each degradation gives its own retake guidance.
#include <QTest>

#include "app/materials/material_page.h"
#include "app/materials/quality.h"
#include "app/materials/rectifier.h"
#include "unit/materials/material_fixtures.h"

using namespace kiosk::app;
using namespace kiosk::test;

Q_DECLARE_METATYPE(PhotoParams)

class TestRectifyQuality : public QObject
{
    Q_OBJECT

    QImage registerPage_;
    QImage blank_;

private slots:
    void initTestCase()
    {
        registerPage_ = renderHouseholdRegister(makePerson(1));
        blank_ = blankPage(148, 210, 200);
    }

    void photo_pageCornersAreFoundWithinOnePercent_data()
    {
        QTest::addColumn<double>("tilt");
        QTest::addColumn<double>("pitch");
        QTest::newRow("square-on") << 0.0 << 0.0;
        QTest::newRow("tilted 8 degrees") << 8.0 << 10.0;
        QTest::newRow("tilted -12, camera pitched 30") << -12.0 << 30.0;
    }
    void photo_pageCornersAreFoundWithinOnePercent()
    {
        QFETCH(double, tilt);
        QFETCH(double, pitch);
        PhotoParams p;
        p.tiltDegrees = tilt;
        p.pitchDegrees = pitch;
        p.pageHeightFraction = 0.6;
        const Photo photo = photograph(registerPage_, p);
        const RectifyResult r = rectifyDocument(photo.image);
        QVERIFY(r.ok());
        QVERIFY(r.pageFound);
        QVERIFY(!r.touchesBorder);
        QCOMPARE(r.corners.size(), 4);
        const double diagonal = std::hypot(p.canvas.width, p.canvas.height);
        double worst = 0;
        for (int i = 0; i < 4; ++i)
            worst = std::max(worst, QLineF(r.corners[i], photo.corners[i]).length() / diagonal);
        qInfo("worst corner error %.2f%% of the diagonal; aspect %.3f", worst * 100, r.aspect);
        QVERIFY2(worst < 0.01, qPrintable(QString::number(worst)));
        QCOMPARE(r.page.format(), QImage::Format_Grayscale8);
        QVERIFY(r.page.height() > r.page.width()); // upright portrait page
    }

    void photo_keystonedPageGetsItsTrueAspectBack()
    {
        // A steep view foreshortens the page (its picture is ~1.2 tall for 1 wide); the estimate undoes it.
        PhotoParams p;
        p.tiltDegrees = 3;
        p.pitchDegrees = 35;
        const RectifyResult r = rectifyDocument(photograph(registerPage_, p).image);
        QVERIFY(r.pageFound);
        // Nearly parallel sides leave the focal length to the prior: within 5 % rather than exact.
        QVERIFY2(std::abs(r.aspect - std::sqrt(2.0)) < 0.07, qPrintable(QString::number(r.aspect)));
    }

    void rectifiedPage_isGreyscaleAtTheOutputDpiWithWhitePaper()
    {
        const RectifyResult r = rectifyDocument(photograph(registerPage_, {}).image);
        QVERIFY(r.pageFound);
        QCOMPARE(qRound(r.page.dotsPerMeterX() * 0.0254), 200);
        // Lighting flattened: paper near white in both the bright and the dark corner of the photo.
        const QRgb nearLamp = r.page.pixel(20, r.page.height() / 2);
        const QRgb farCorner = r.page.pixel(r.page.width() - 20, r.page.height() - 20);
        QVERIFY2(qGray(nearLamp) > 220 && qGray(farCorner) > 220,
                 qPrintable(QStringLiteral("%1 %2").arg(qGray(nearLamp)).arg(qGray(farCorner))));
    }

    void scan_crookedPageIsDeskewed_data()
    {
        QTest::addColumn<double>("skew");
        QTest::newRow("3 degrees") << 3.0;
        QTest::newRow("-4.5 degrees") << -4.5;
        QTest::newRow("straight") << 0.0;
    }
    void scan_crookedPageIsDeskewed()
    {
        QFETCH(double, skew);
        // cv::getRotationMatrix2D turns counter-clockwise for positive angles: lines then rise to the right.
        const QImage scan = scanned(registerPage_, skew);
        RectifyOptions o;
        o.detectPage = false;
        o.sourceDpi = 200;
        const RectifyResult r = rectifyDocument(scan, o);
        QVERIFY(r.ok());
        QVERIFY2(std::abs(r.skewDegrees - skew) < 0.3, qPrintable(QString::number(r.skewDegrees)));
        QVERIFY(std::abs(estimateSkewDegrees(r.page)) < 0.3);
        QCOMPARE(r.page.size(), scan.size());
    }

    void scan_isRescaledToTheOutputDpi()
    {
        RectifyOptions o;
        o.detectPage = false;
        o.sourceDpi = 300;
        const RectifyResult r = rectifyDocument(renderHouseholdRegister(makePerson(2), 300), o);
        QVERIFY(std::abs(r.page.height() - 1654) <= 2);
    }

    void binarise_givesATwoLevelPageThatPacksSmall()
    {
        RectifyOptions o;
        o.binarise = true;
        const RectifyResult r = rectifyDocument(photograph(registerPage_, {}).image, o);
        QVERIFY(r.ok());
        for (int y = 0; y < r.page.height(); y += 37)
            for (int x = 0; x < r.page.width(); x += 29)
                QVERIFY(qGray(r.page.pixel(x, y)) == 0 || qGray(r.page.pixel(x, y)) == 255);
        const MaterialPage png = encodeCompactPage(r.page, PageEncoding::Png);
        qInfo("binarised page %dx%d: %lld bytes as PNG", r.page.width(), r.page.height(), qint64(png.image.size()));
        QVERIFY(png.image.size() < 120 * 1024);
    }

    void emptyImage_isATypedError()
    {
        const RectifyResult r = rectifyDocument(QImage());
        QCOMPARE(int(r.error), int(RectifyError::EmptyImage));
        QVERIFY(!r.detail.isEmpty());
        const QualityReport q = assessQuality(QImage(), r);
        QVERIFY(!q.acceptable());
    }

    void quality_findsEachDegradation_data()
    {
        QTest::addColumn<bool>("blank");
        QTest::addColumn<PhotoParams>("params");
        QTest::addColumn<QString>("expected"); // empty: acceptable
        PhotoParams good;
        QTest::newRow("good photo") << false << good << QString();
        PhotoParams soft = good;
        soft.blurSigma = 1.2;
        QTest::newRow("slightly soft still passes") << false << soft << QString();
        PhotoParams blurred = good;
        blurred.blurSigma = 3.5;
        QTest::newRow("blurred") << false << blurred << "blurry";
        PhotoParams glare = good;
        glare.glare = true;
        QTest::newRow("glare") << false << glare << "glare";
        PhotoParams cut = good;
        cut.offset = {0.3, 0.1};
        QTest::newRow("partly out of view") << false << cut << "not_fully_in_view";
        PhotoParams dark = good;
        dark.light = 0.22;
        QTest::newRow("too dark") << false << dark << "too_dark";
        PhotoParams small = good;
        small.pageHeightFraction = 0.3;
        QTest::newRow("too small") << false << small << "too_small";
        QTest::newRow("blank page") << true << good << "blank";
    }
    void quality_findsEachDegradation()
    {
        QFETCH(bool, blank);
        QFETCH(PhotoParams, params);
        QFETCH(QString, expected);
        const Photo photo = photograph(blank ? blank_ : registerPage_, params);
        const RectifyResult r = rectifyDocument(photo.image);
        const QualityReport q = assessQuality(photo.image, r);
        QStringList found;
        for (const QualityFinding &f : q.findings)
            found << toString(f.issue);
        qInfo("sharpness %.3f glare %.4f luminance %.0f ink %.4f dpi %.0f -> [%s]", q.sharpness, q.glareFraction,
              q.meanLuminance, q.inkFraction, q.effectiveDpi, qPrintable(found.join(',')));
        if (expected.isEmpty()) {
            QVERIFY2(q.findings.isEmpty(), qPrintable(found.join(',')));
            QVERIFY(q.acceptable());
        } else {
            QVERIFY2(found.contains(expected), qPrintable(found.join(',')));
            QVERIFY(!q.acceptable());
        }
    }

    void quality_scanAtKnownDpiIsJudgedWithoutPageEdges()
    {
        RectifyOptions o;
        o.detectPage = false;
        o.sourceDpi = 200;
        const QImage scan = scanned(registerPage_, 1.0);
        const QualityReport q = assessQuality(scan, rectifyDocument(scan, o), 200);
        QVERIFY2(q.findings.isEmpty(), qPrintable(QString::number(q.findings.size())));
        const QualityReport lowRes = assessQuality(scan, rectifyDocument(scan, o), 75);
        QVERIFY(lowRes.has(QualityIssue::TooSmall));
    }

    void qualityMessages_haveAKeyAndThreeLanguagesForEveryIssue()
    {
        for (QualityIssue issue : {QualityIssue::Blurry, QualityIssue::Glare, QualityIssue::NotFullyInView,
                                   QualityIssue::TooDark, QualityIssue::TooSmall, QualityIssue::Blank}) {
            QVERIFY(messageKey(issue).startsWith(QStringLiteral("materials.quality.")));
            QVERIFY(!qualityMessage(issue, QStringLiteral("en")).isEmpty());
            QVERIFY(qualityMessage(issue, QStringLiteral("zh_CN")).contains(QStringLiteral("请")));
            QVERIFY(qualityMessage(issue, QStringLiteral("zh_HK")).contains(QStringLiteral("請")) ||
                    issue == QualityIssue::Blank);
            QCOMPARE(qualityMessage(issue, QStringLiteral("fr")), qualityMessage(issue, QStringLiteral("zh_CN")));
        }
        QCOMPARE(qualityMessage(QualityIssue::Glare, QStringLiteral("en")).left(9), QStringLiteral("There is "));
    }
};

QTEST_MAIN(TestRectifyQuality)
#include "test_rectify_quality.moc"
