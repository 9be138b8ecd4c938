// benches `ocr_field` and `ocr_page`: median OcrEngine time for an ID-number crop (budget 20 ms), a name crop
// (50 ms) and a full A4 page (1.5 s), each beside the tesseract CLI reading the same image in the same run with the
// same settings (models, page segmentation, whitelist, no inverted second reading, one OpenMP thread). The engine
// reads pages at no more than 150 dpi (OcrEngineConfig::maxPageDpi); the CLI gets the 200 dpi page as it is, and
// the engine's own figure at 200 dpi is printed beside (full_resolution_cpu_ms). The CLI pays
// process start and model loading on every call, which the kiosk's long-lived engine does not: that is the point of
// keeping it alive. The page is compared in CPU time (wall times reported beside): wall time on a shared 2-core CI
// machine measures the other jobs as much as the OCR. The test fails on the ratio; the absolute budgets are reported as
// value_ok.
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <sys/resource.h>
#include <vector>

#include "app/materials/field_correction.h"
#include "app/materials/field_extractor.h"
#include "app/materials/ocr_engine.h"
#include "bench_support.h"
#include "ocr_eval_set.h"
#include "unit/materials/material_fixtures.h"

using namespace kiosk::app;
using namespace kiosk::test;

namespace {

double threadCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

double childrenCpuMs()
{
    rusage u{};
    getrusage(RUSAGE_CHILDREN, &u);
    return (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1000.0 + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1000.0;
}

// Wall time of one `tesseract` run; the text it printed in *text, its CPU time (user + system) in *cpuMs.
double cliMs(const QString &image, const QStringList &options, QString *text, double *cpuMs = nullptr)
{
    const double cpu0 = childrenCpuMs();
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("OMP_THREAD_LIMIT"), QStringLiteral("1"));
    p.setProcessEnvironment(env);
    QElapsedTimer t;
    t.start();
    p.start(QStringLiteral("tesseract"), QStringList{image, QStringLiteral("stdout")} + options);
    if (!p.waitForFinished(120000) || p.exitCode() != 0)
        return -1;
    const double ms = t.nsecsElapsed() / 1e6;
    if (cpuMs)
        *cpuMs = childrenCpuMs() - cpu0; // the child has been reaped: its times are in RUSAGE_CHILDREN
    *text = QString::fromUtf8(p.readAllStandardOutput());
    return ms;
}

void printLine(const QJsonObject &o)
{
    std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
}

// A reading as the form would get it: dates YYYY-MM-DD, ID numbers normalised, Han text without spaces.
QString normalised(const QString &field, const QString &text)
{
    if (field == QLatin1String("date"))
        return normaliseDate(text);
    if (field == QLatin1String("id_number"))
        return normaliseIdNumber(text);
    return withoutSpaces(text.trimmed());
}

struct Score {
    int exact = 0, total = 0;
    double accuracySum = 0;
    std::vector<double> ms;
    void add(const QString &got, const QString &truth, double t)
    {
        ++total;
        exact += got == truth ? 1 : 0;
        accuracySum += std::max(0.0, 1.0 - characterErrorRate(got, truth));
        ms.push_back(t);
    }
    double exactRate() const { return total ? double(exact) / total : 0; }
    double accuracy() const { return total ? accuracySum / total : 0; }
};

QStringList cliOptionsFor(const QString &field)
{
    if (field == QLatin1String("id_number"))
        return {"-l", "eng", "--psm", "7", "-c", "tessedit_char_whitelist=0123456789X", "-c", "tessedit_do_invert=0"};
    return {"-l", "chi_sim", "--psm", "7", "-c", "tessedit_do_invert=0"};
}

} // namespace

class OcrBench : public QObject
{
    Q_OBJECT

    OcrEngine engine_;
    QTemporaryDir dir_;

    // One JSON line; the ratio to the CLI is the portable figure, the absolute median depends on the machine's load.
    bool report(const QString &bench, const QString &metric, double value, const QString &baselineName, double baseline,
                double valueBudget, const QJsonObject &extra = {})
    {
        const double ratio = value / std::max(baseline, 1e-6);
        const bool ratioOk = baseline > 0 && ratio <= 1.0;
        const bool valueOk = value <= valueBudget;
        QJsonObject o{{"bench", bench},
                      {"metric", metric},
                      {"value", qRound(value * 100) / 100.0},
                      {"baseline", baselineName},
                      {"baseline_value", qRound(baseline * 100) / 100.0},
                      {"ratio", qRound(ratio * 1000) / 1000.0},
                      {"budget", 1.0},
                      {"value_budget_ms", valueBudget},
                      {"value_ok", valueOk},
                      {"ok", ratioOk && valueOk}};
        for (auto it = extra.begin(); it != extra.end(); ++it)
            o.insert(it.key(), it.value());
        printLine(kiosk::bench::marked(o));
        return baseline > 0 && kiosk::bench::passesAtMost(ratio, 1.0);
    }

    // Per field of one split: exact match and character accuracy of the kiosk's pipeline (OcrEngine's routing +
    // field correction), PP-OCR alone, our Tesseract engine alone and the raw tesseract CLI, on the same crops.
    QMap<QString, QMap<QString, Score>> evaluate(ocreval::Split split, int perFieldPerFont)
    {
        const std::vector<ocreval::Sample> set = ocreval::makeSet(split, perFieldPerFont);
        OcrEngineConfig pc, tc;
        pc.engine = OcrEngineKind::Ppocr;
        tc.engine = OcrEngineKind::Tesseract;
        OcrEngine ppocr(pc), tesseract(tc);
        QMap<QString, QMap<QString, Score>> score; // field -> engine -> score
        int n = 0;
        for (const ocreval::Sample &sample : set) {
            const OcrMode mode = sample.field == QLatin1String("id_number") ? OcrMode::IdNumber : OcrMode::Line;
            QElapsedTimer t;
            t.start();
            const OcrResult k = engine_.recognise(sample.image, mode);
            const CheckedField checked = checkField(fieldKindOf(sample.field), k, {}, sample.image);
            const double kioskMs = t.nsecsElapsed() / 1e6;
            const QString kioskValue = checked.unreadable ? QString() : normalised(sample.field, checked.value);
            score[sample.field][QStringLiteral("kiosk")].add(kioskValue, sample.truth, kioskMs);
            const OcrResult p = ppocr.recognise(sample.image, mode);
            score[sample.field][QStringLiteral("ppocr")].add(normalised(sample.field, p.text), sample.truth,
                                                             double(p.ms));
            const OcrResult te = tesseract.recognise(sample.image, mode);
            score[sample.field][QStringLiteral("tesseract")].add(normalised(sample.field, te.text), sample.truth,
                                                                 double(te.ms));
            const QString path = dir_.filePath(QStringLiteral("eval_%1.png").arg(n++));
            sample.image.save(path);
            QString cliText;
            const double cli = cliMs(path, cliOptionsFor(sample.field), &cliText);
            score[sample.field][QStringLiteral("tesseract_cli")].add(normalised(sample.field, cliText), sample.truth,
                                                                     cli);
            if (qEnvironmentVariableIsSet("KIOSK_BENCH_SHOW_ERRORS") && kioskValue != sample.truth)
                std::printf("miss %s %s [%s/%s]: kiosk '%s' (read '%s', %s) ppocr '%s' tesseract '%s'\n",
                            qPrintable(sample.field), qPrintable(sample.truth), qPrintable(sample.font),
                            qPrintable(sample.degradation), qPrintable(kioskValue), qPrintable(checked.read),
                            qPrintable(checked.problem), qPrintable(p.text), qPrintable(te.text));
        }
        return score;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(dir_.isValid());
        if (qEnvironmentVariableIsSet("KIOSK_BENCH_KEEP_IMAGES")) { // to try Tesseract settings on the same images
            dir_.setAutoRemove(false);
            std::printf("images kept in %s\n", qPrintable(dir_.path()));
        }
        QString error;
        QVERIFY2(engine_.load(&error), qPrintable(error));
        QString version;
        QVERIFY2(cliMs(QStringLiteral("--version"), {}, &version) != 0, "tesseract CLI not found");
    }

    void fieldCrops()
    {
        const Person p = makePerson(7);
        struct Crop {
            const char *metric;
            QString text;
            OcrMode mode;
            QStringList cliOptions;
            double budget;
        };
        const QList<Crop> crops = {
            {"id_number_median_ms",
             p.idNumber,
             OcrMode::IdNumber,
             {"-l", "eng", "--psm", "7", "-c", "tessedit_char_whitelist=0123456789X", "-c", "tessedit_do_invert=0"},
             20.0},
            {"name_median_ms",
             p.name,
             OcrMode::Line,
             {"-l", "chi_sim", "--psm", "7", "-c", "tessedit_do_invert=0"},
             50.0},
        };
        bool ok = true;
        for (const Crop &c : crops) {
            const QImage crop = fieldCrop(c.text);
            const QString path = dir_.filePath(QString::fromLatin1(c.metric) + QStringLiteral(".png"));
            QVERIFY(crop.save(path));
            std::vector<double> ours, cli;
            QString ourText, cliText;
            engine_.recognise(crop, c.mode); // first call of a mode sets its variables
            for (int i = 0; i < kiosk::bench::iterations(15, 3); ++i) {
                const OcrResult r = engine_.recognise(crop, c.mode);
                QVERIFY(r.ok());
                ours.push_back(r.ms > 0 ? double(r.ms) : 0.5);
                ourText = r.text;
            }
            for (int i = 0; i < kiosk::bench::iterations(5, 1); ++i) {
                const double ms = cliMs(path, c.cliOptions, &cliText);
                QVERIFY(ms > 0);
                cli.push_back(ms);
            }
            ok = report(QStringLiteral("ocr_field"), QString::fromLatin1(c.metric), median(ours),
                        QStringLiteral("tesseract_cli_ms"), median(cli), c.budget,
                        {{"correct", withoutSpaces(ourText) == c.text},
                         {"cli_correct", withoutSpaces(cliText.trimmed()) == c.text}}) &&
                 ok;
        }
        QVERIFY(ok);
    }

    // The evaluation set (tests/bench/ocr_eval_set.h). Thresholds are chosen on the tuning split only; the held-out
    // split is what the budgets are judged on: exact match >= 98 % for ID numbers and dates, >= 95 % for names and
    // addresses, never below the raw CLI; median field time <= 20 ms (ID), 80 ms (name, date), 150 ms (address).
    void evaluationSet()
    {
        const QString writeTo = qEnvironmentVariable("KIOSK_OCR_EVAL_WRITE");
        if (!writeTo.isEmpty()) { // the set as files, to look at (never tuned on: the held-out split is written too)
            for (const auto split : {ocreval::Split::Tuning, ocreval::Split::HeldOut}) {
                const QString sub = writeTo + (split == ocreval::Split::Tuning ? "/tuning" : "/held_out");
                QDir().mkpath(sub);
                QFile labels(sub + QStringLiteral("/labels.tsv"));
                QVERIFY(labels.open(QIODevice::WriteOnly));
                int i = 0;
                for (const ocreval::Sample &s : ocreval::makeSet(split, 20)) {
                    const QString file = QStringLiteral("%1_%2.png").arg(s.field).arg(i++, 4, 10, QLatin1Char('0'));
                    QVERIFY(s.image.save(sub + QLatin1Char('/') + file));
                    labels.write(QStringLiteral("%1\t%2\t%3\t%4\t%5\t%6\n")
                                     .arg(file, s.field, s.truth, s.printed, s.font, s.degradation)
                                     .toUtf8());
                }
            }
        }
        const int perFont = kiosk::bench::iterations(20, 2);
        bool ok = true;
        // KIOSK_OCR_EVAL_SPLIT=tuning|held_out measures one split only (each takes minutes with the CLI).
        const QString only = qEnvironmentVariable("KIOSK_OCR_EVAL_SPLIT");
        for (const auto split : {ocreval::Split::Tuning, ocreval::Split::HeldOut}) {
            if (!only.isEmpty() && only != (split == ocreval::Split::Tuning ? "tuning" : "held_out"))
                continue;
            const QString splitName = split == ocreval::Split::Tuning ? "tuning" : "held_out";
            const auto score = evaluate(split, perFont);
            for (auto f = score.begin(); f != score.end(); ++f) {
                const Score &cli = f.value().value(QStringLiteral("tesseract_cli"));
                for (auto e = f.value().begin(); e != f.value().end(); ++e) {
                    QJsonObject o{{"bench", "ocr_eval"},
                                  {"metric", QStringLiteral("%1_%2_%3_exact").arg(splitName, f.key(), e.key())},
                                  {"value", qRound(e.value().exactRate() * 1000) / 1000.0},
                                  {"split", splitName},
                                  {"field", f.key()},
                                  {"engine", e.key()},
                                  {"samples", e.value().total},
                                  {"exact", qRound(e.value().exactRate() * 1000) / 1000.0},
                                  {"char_accuracy", qRound(e.value().accuracy() * 10000) / 10000.0},
                                  {"median_ms", qRound(median(e.value().ms) * 10) / 10.0},
                                  {"ratio_to_cli_ms",
                                   qRound(median(e.value().ms) / std::max(1e-6, median(cli.ms)) * 1000) / 1000.0}};
                    if (split == ocreval::Split::HeldOut && e.key() == QLatin1String("kiosk")) {
                        const bool strict = f.key() == QLatin1String("id_number") || f.key() == QLatin1String("date");
                        const double exactBudget = strict ? 0.98 : 0.95;
                        const double msBudget = f.key() == QLatin1String("id_number") ? 20
                                                : f.key() == QLatin1String("address") ? 150
                                                                                      : 80;
                        const bool accuracyOk =
                            e.value().exactRate() >= exactBudget && e.value().exactRate() >= cli.exactRate();
                        const bool timeOk = median(e.value().ms) <= msBudget;
                        o.insert("exact_budget", exactBudget);
                        o.insert("median_ms_budget", msBudget);
                        o.insert("ok", accuracyOk && timeOk);
                        // The bench fails when the pipeline reads worse than the raw CLI (the portable guard); the
                        // absolute budgets are reported as "ok".
                        ok = e.value().exactRate() >= cli.exactRate() && ok;
                    }
                    printLine(kiosk::bench::marked(o));
                }
            }
        }
        QVERIFY(ok);
    }

    void fullPage()
    {
        QStringList lines;
        const QImage page = renderTextPage(5, 200, &lines); // A4 at 200 dpi, 18 lines of running text
        const QString path = dir_.filePath(QStringLiteral("page.png"));
        QVERIFY(page.save(path));
        const QString truth = QStringLiteral("政务服务事项办事指南") + lines.join(QString());
        std::vector<double> wall, cliWall, cpu, cliCpu;
        double cer = 1, cliCer = 1;
        for (int i = 0; i < kiosk::bench::iterations(5, 1); ++i) {
            const double cpu0 = threadCpuMs();
            const OcrResult r = engine_.recognise(page, OcrMode::Page);
            cpu.push_back(threadCpuMs() - cpu0); // the engine runs on this thread: its CPU time
            QVERIFY(r.ok());
            wall.push_back(double(r.ms));
            cer = characterErrorRate(r.text, truth);
        }
        for (int i = 0; i < kiosk::bench::iterations(5, 1); ++i) {
            QString text;
            double childCpu = 0;
            const double ms =
                cliMs(path, {"-l", "chi_sim", "--psm", "3", "-c", "tessedit_do_invert=0"}, &text, &childCpu);
            QVERIFY(ms > 0);
            cliWall.push_back(ms);
            cliCpu.push_back(childCpu);
            cliCer = characterErrorRate(text, truth);
        }
        // For the record: the same engine reading the page at its full 200 dpi (OcrEngineConfig::maxPageDpi = 0), so
        // the saving of reading pages at 150 dpi is measured in the same run. Not part of the pass/fail.
        OcrEngineConfig fullConfig;
        fullConfig.maxPageDpi = 0;
        OcrEngine full(fullConfig);
        std::vector<double> fullCpu;
        double fullCer = 1;
        for (int i = 0; i < kiosk::bench::iterations(3, 1); ++i) {
            const double cpu0 = threadCpuMs();
            const OcrResult r = full.recognise(page, OcrMode::Page);
            fullCpu.push_back(threadCpuMs() - cpu0);
            QVERIFY(r.ok());
            fullCer = characterErrorRate(r.text, truth);
        }
        // CPU time, not wall time: on a shared 2-core machine the wall clock measures the other jobs as much as the
        // OCR (the wall figures are reported beside it).
        const bool ok = report(QStringLiteral("ocr_page"), QStringLiteral("page_cpu_median_ms"), median(cpu),
                               QStringLiteral("tesseract_cli_cpu_ms"), median(cliCpu), 1500.0,
                               {{"cer", qRound(cer * 10000) / 10000.0},
                                {"cli_cer", qRound(cliCer * 10000) / 10000.0},
                                {"wall_median_ms", qRound(median(wall))},
                                {"cli_wall_median_ms", qRound(median(cliWall))},
                                {"full_resolution_cpu_ms", qRound(median(fullCpu))},
                                {"full_resolution_cer", qRound(fullCer * 10000) / 10000.0},
                                {"size", QStringLiteral("%1x%2").arg(page.width()).arg(page.height())}});
        QVERIFY(ok);
    }
};

QTEST_MAIN(OcrBench)
#include "bench_ocr.moc"
