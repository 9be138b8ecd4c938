// Renders every shell screen in the three languages, standard and care mode, portrait and landscape, to PNGs
// (KIOSK_SCREENSHOT_DIR, default <build>/screenshots) for people to look at; asserts each render is a real picture.
#include <QDir>
#include <QImage>
#include <QTest>

#include "app/application/visit_state.h"
#include "support/kiosk_fixture.h"
#include "ui/widgets/idle_countdown.h"

using kiosk::test::KioskFixture;

class ScreenshotTest : public QObject
{
    Q_OBJECT
private slots:
    void renderEveryScreen_data()
    {
        QTest::addColumn<QString>("language");
        QTest::addColumn<bool>("care");
        QTest::addColumn<QSize>("size");
        for (const char *lang : {"zh_CN", "zh_HK", "en"}) {
            for (bool care : {false, true}) {
                QTest::addRow("%s-%s-portrait", lang, care ? "care" : "standard")
                    << QString::fromLatin1(lang) << care << QSize(1080, 1920);
                QTest::addRow("%s-%s-landscape", lang, care ? "care" : "standard")
                    << QString::fromLatin1(lang) << care << QSize(1920, 1080);
            }
        }
    }
    void renderEveryScreen()
    {
        QFETCH(QString, language);
        QFETCH(bool, care);
        QFETCH(QSize, size);
        QString dir = qEnvironmentVariable("KIOSK_SCREENSHOT_DIR");
        if (dir.isEmpty())
            dir = qEnvironmentVariable("KIOSK_BINARY_DIR", QDir::tempPath()) + QStringLiteral("/screenshots");
        QVERIFY(QDir().mkpath(dir));
        const QString orientation =
            size.width() > size.height() ? QStringLiteral("landscape") : QStringLiteral("portrait");
        const QString suffix = QStringLiteral("%1-%2-%3.png").arg(language, care ? "care" : "standard", orientation);

        KioskFixture k(size, {}, true);
        auto shoot = [&](const QString &name) {
            QTest::qWait(1);
            const QImage img = k.window->grab().toImage();
            QVERIFY(img.save(dir + QLatin1Char('/') + name + QLatin1Char('-') + suffix));
            QVERIFY2(img.size() == size, qPrintable(QStringLiteral("%1 grew to %2x%3: its content does not fit")
                                                        .arg(name)
                                                        .arg(img.width())
                                                        .arg(img.height())));
            // A real picture: more than a handful of distinct colours (text, buttons, background).
            QSet<QRgb> colours;
            for (int y = 0; y < img.height(); y += 7)
                for (int x = 0; x < img.width(); x += 7)
                    colours.insert(img.pixel(x, y));
            QVERIFY2(colours.size() > 8, qPrintable(name));
        };
        k.session->setLanguage(language);
        k.session->setCareMode(care);
        shoot(QStringLiteral("attract"));
        k.session->begin();
        k.session->setLanguage(language);
        k.session->setCareMode(care);
        shoot(QStringLiteral("home"));
        for (const QString &s : {QStringLiteral("help"), QStringLiteral("progress"), QStringLiteral("apply")}) {
            k.session->navigate(s);
            shoot(s);
        }
        // The guide of a popular item with materials of every kind.
        if (auto *v = kiosk::app::VisitState::of(k.session.get()))
            v->selectItem(QStringLiteral("GD-RS-001"));
        k.session->navigate(QStringLiteral("guide"));
        shoot(QStringLiteral("guide"));
        k.session->navigate(QStringLiteral("identify"));
        shoot(QStringLiteral("identify"));
        k.window->countdown()->showWithSeconds(25);
        shoot(QStringLiteral("countdown"));
        k.window->countdown()->hide();
        k.availability.setPartAvailable(QStringLiteral("receipt_printer"), false,
                                        QStringLiteral("receipt printer: paper out (/dev/ttyS1)"));
        k.session->finish(); // out of service once the visit is over
        k.session->setLanguage(language);
        k.session->setCareMode(care);
        shoot(QStringLiteral("out_of_service"));
    }
};

QTEST_MAIN(ScreenshotTest)
#include "test_screenshots.moc"
