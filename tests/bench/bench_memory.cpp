// bench `memory` (design.md section 5): resident memory with the models loaded (face engine, Tesseract warmed up) after
// 1,000 simulated visits <= 350 MB, and flat: growth <= 5 % from the RSS after a warm-up of 50 visits (fonts, glyph
// caches and first-time screen set-up fill there). A visit goes through the real session and the real widgets
// offscreen: begin, search the catalogue, open a guide, start the application, identify with a card record, reach the
// form, then finish (the wipe destroys every screen and per-visit object); every third visit also switches language
// and care mode and looks at the help screen. Before each sample malloc_trim(0) returns freed heap to the system, so
// the figure is live memory, not the allocator's spare pages. KIOSK_BENCH_VISITS overrides the count (e.g. quick runs).
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTest>

#include <cstdio>
#include <malloc.h>

#include "app/identity/gb11643.h"
#include "app/materials/ocr_service.h"
#include "app/verification/face_config.h"
#include "app/verification/face_engine.h"
#include "bench_support.h"
#include "drivers/idcard/card_record.h"
#include "support/kiosk_fixture.h"
#include "ui/screens/apply/apply_screen.h"

namespace {

double rssMb()
{
    malloc_trim(0);
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toDouble() / 1024.0; // kB
    }
    return -1;
}

kiosk::drivers::idcard::CardRecord card(int visit)
{
    kiosk::drivers::idcard::CardRecord c;
    c.type = kiosk::drivers::idcard::CardType::Resident;
    c.name = QStringLiteral("测试%1").arg(visit % 97);
    c.birthDate = QDate(1960, 1, 1).addDays(visit % 9000);
    c.address = QStringLiteral("广州市天河区示例路%1号").arg(visit % 300 + 1);
    const QString first17 = QStringLiteral("440106") + c.birthDate.toString(QStringLiteral("yyyyMMdd")) +
                            QStringLiteral("%1").arg(visit % 1000, 3, 10, QLatin1Char('0'));
    c.idNumber = first17 + kiosk::app::gb11643CheckCharacter(first17);
    c.validFrom = QDate(2016, 1, 1);
    c.validTo = QDate(2036, 1, 1);
    return c;
}

// The offscreen platform warns on every window a screen shows; a thousand visits would print thousands of lines.
QtMessageHandler previousHandler = nullptr;
void quietHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (message.contains(QLatin1String("propagateSizeHints")))
        return;
    previousHandler(type, context, message);
}

void printLine(const QJsonObject &line)
{
    std::printf("%s\n", QJsonDocument(line).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
}

} // namespace

class MemoryBench : public QObject
{
    Q_OBJECT

    // One visit; false (with the step) when the shell did not behave as a citizen would see it.
    static bool visit(kiosk::test::KioskFixture &k, int n, QString *failedStep)
    {
        auto step = [failedStep](bool ok, const char *what) {
            if (!ok && failedStep->isEmpty())
                *failedStep = QString::fromLatin1(what);
            return ok;
        };
        k.session->begin();
        if (n % 3 == 0) {
            k.session->setLanguage(n % 2 ? QStringLiteral("en") : QStringLiteral("zh_HK"));
            k.session->setCareMode(true);
            if (!step(k.click(QStringLiteral("tile_help")), "help tile"))
                return false;
            k.session->goHome();
        }
        if (!step(k.click(QStringLiteral("tile_apply")), "apply tile"))
            return false;
        auto *apply = qobject_cast<kiosk::ui::ApplyScreen *>(k.window->currentScreen());
        if (!step(apply != nullptr, "apply screen"))
            return false;
        k.find<QLineEdit>(QStringLiteral("itemSearch"))
            ->setText(n % 2 ? QStringLiteral("jzz") : QStringLiteral("社保"));
        const QStringList codes = apply->shownItemCodes();
        if (!step(!codes.isEmpty(), "search result"))
            return false;
        if (!step(k.click(QStringLiteral("item_") + codes.first()), "item") ||
            !step(k.click(QStringLiteral("startApplication")), "start application") ||
            !step(k.screenId() == QLatin1String("identify"), "identify screen"))
            return false;
        k.identity->acceptCard(card(n));
        if (!step(k.click(QStringLiteral("identifyNext")), "identified"))
            return false;
        k.window->repaint();
        k.session->finish();
        QCoreApplication::processEvents();
        return step(k.screenId() == QLatin1String("attract"), "wiped back to attract");
    }

private slots:
    void memory()
    {
        const int visits = qMax(100, qEnvironmentVariableIntValue("KIOSK_BENCH_VISITS") > 0
                                         ? qEnvironmentVariableIntValue("KIOSK_BENCH_VISITS")
                                         : kiosk::bench::iterations(1000, 100));
        const int warmUp = 50;
        previousHandler = qInstallMessageHandler(quietHandler);
        QLoggingCategory::setFilterRules(QStringLiteral("kiosk.*.info=false"));

        // The models, loaded as the kiosk loads them.
        // The default face models are not cleared for production: the bench runs as a demo kiosk, which loads them.
        kiosk::app::FaceConfig faceConfig = kiosk::app::FaceConfig::load(QString());
        faceConfig.demo = true;
        const kiosk::app::FaceEngine::LoadResult face = kiosk::app::FaceEngine::load(faceConfig);
        kiosk::app::OcrService ocr;
        QSignalSpy ocrReady(&ocr, &kiosk::app::OcrService::ready);
        ocr.warmUp();
        QVERIFY(ocrReady.wait(120000));
        const bool ocrLoaded = ocrReady.first().first().toBool();
        const bool modelsLoaded = face.engine != nullptr && ocrLoaded;

        kiosk::test::KioskFixture k({1080, 1920}, {}, true);
        QVERIFY(k.catalogue->isReady());
        QElapsedTimer t;
        t.start();
        QString failed;
        double base = 0;
        int baseWidgets = 0; // widgets alive: a leak of screens shows here first
        int baseObjects = 0; // every QObject under the window: also animations, timers, models (not widgets)
        double peak = 0;
        for (int n = 1; n <= visits; ++n) {
            QVERIFY2(visit(k, n, &failed), qPrintable(QStringLiteral("visit %1: %2").arg(n).arg(failed)));
            if (n == warmUp) {
                base = rssMb();
                baseWidgets = int(QApplication::allWidgets().size());
                baseObjects = int(k.window->findChildren<QObject *>().size());
            }
            if (n > warmUp && n % 100 == 0)
                peak = qMax(peak, rssMb());
        }
        const double end = rssMb();
        peak = qMax(peak, end);
        const double growthPct = (end - base) / base * 100.0;
        const double perVisitMs = double(t.elapsed()) / visits;
        const bool sizeOk = modelsLoaded && peak <= 350.0;
        const bool flatOk = growthPct <= 5.0;
        printLine(kiosk::bench::marked({{"bench", "memory"},
                                        {"metric", "rss_mb_after_visits"},
                                        {"value", qRound(end * 10) / 10.0},
                                        {"peak", qRound(peak * 10) / 10.0},
                                        {"budget", 350.0},
                                        {"visits", visits},
                                        {"models_loaded", modelsLoaded},
                                        {"ms_per_visit", qRound(perVisitMs * 10) / 10.0},
                                        {"ok", sizeOk}}));
        printLine(kiosk::bench::marked({{"bench", "memory"},
                                        {"metric", "rss_growth_pct"},
                                        {"value", qRound(growthPct * 100) / 100.0},
                                        {"baseline", "rss_mb_after_warm_up"},
                                        {"baseline_value", qRound(base * 10) / 10.0},
                                        {"budget", 5.0},
                                        {"warm_up_visits", warmUp},
                                        {"widgets_after_warm_up", baseWidgets},
                                        {"widgets_at_end", int(QApplication::allWidgets().size())},
                                        {"objects_after_warm_up", baseObjects},
                                        {"objects_at_end", int(k.window->findChildren<QObject *>().size())},
                                        {"ok", flatOk}}));
        QVERIFY2(modelsLoaded,
                 qPrintable(QStringLiteral("models not loaded (face: %1; OCR: %2): run "
                                           "packaging/fetch-models.sh or set KIOSK_MODEL_DIR")
                                .arg(face.engine ? QStringLiteral("ok") : face.detail,
                                     ocrLoaded ? QStringLiteral("ok") : ocrReady.first().value(1).toString())));
        QVERIFY2(kiosk::bench::passesAtMost(peak, 350.0), "RSS over the 350 MB budget");
        QVERIFY2(kiosk::bench::passesAtMost(growthPct, 5.0), "RSS grew more than 5 % over the visits");
    }
};

QTEST_MAIN(MemoryBench)
#include "bench_memory.moc"
