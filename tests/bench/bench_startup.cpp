// bench `startup`: process start to an interactive home screen, against a bare Qt Widgets window started the same
// way, interleaved runs, medians. Usage: bench_startup KIOSK BARE_WINDOW [RUNS]
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <vector>

#include "bench_support.h"

namespace {

// `errFile`: where the program's standard error goes (its tail is printed when the program never gets ready).
double timeToReady(const QString &program, const QStringList &args, const QString &errFile)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::SeparateChannels);
    p.setStandardErrorFile(errFile, QIODevice::Truncate);
    QElapsedTimer t;
    t.start();
    p.start(program, args);
    double ms = -1;
    QByteArray out;
    while (p.waitForReadyRead(20000)) {
        out += p.readAllStandardOutput();
        if (out.contains("ready")) {
            ms = double(t.nsecsElapsed()) / 1e6;
            break;
        }
    }
    if (ms < 0) {
        out += p.readAllStandardOutput();
        p.waitForFinished(20000);
        QFile err(errFile);
        err.open(QIODevice::ReadOnly);
        std::fprintf(stderr, "bench_startup: %s never said ready (exit %d, %s); output: %s\nstandard error:\n%s\n",
                     qPrintable(program), p.exitCode(), qPrintable(p.errorString()), out.right(300).constData(),
                     err.readAll().right(2000).constData());
    }
    p.waitForFinished(20000);
    return ms;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") &&
        qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    const QString platform = qEnvironmentVariable("QT_QPA_PLATFORM", QStringLiteral("xcb"));
    if (argc < 3) {
        std::fprintf(stderr, "usage: bench_startup KIOSK BARE_WINDOW [RUNS]\n");
        return 2;
    }
    const QString kiosk = QString::fromLocal8Bit(argv[1]);
    const QString bare = QString::fromLocal8Bit(argv[2]);
    // A start takes ~0.1 s: the smoke run measures as many as the full one (9 medians of interleaved pairs), since
    // three are too few for a ratio that noise on a shared 2-core machine moves by 1x either way.
    const int runs = argc > 3 ? std::max(3, atoi(argv[3])) : kiosk::bench::iterations(9, 9);
    QTemporaryDir data;
    const QString conf = data.filePath(QStringLiteral("kiosk.conf"));
    {
        QFile f(conf);
        f.open(QIODevice::WriteOnly);
        // No hardware here: the required devices are made optional so the home screen can come up.
        f.write(QStringLiteral("[kiosk]\ndata_dir=%1\n[devices]\nidcard_reader.required=false\n"
                               "receipt_printer.required=false\n")
                    .arg(data.path())
                    .toUtf8());
    }
    const QString errFile = data.filePath(QStringLiteral("stderr.txt"));
    const QStringList kioskArgs{QStringLiteral("--config"), conf, QStringLiteral("--windowed"),
                                QStringLiteral("--start-at-home"), QStringLiteral("--quit-when-ready")};
    // Warm the page cache for both, then interleave so machine noise hits both alike.
    timeToReady(kiosk, kioskArgs, errFile);
    timeToReady(bare, {}, errFile);
    std::vector<double> k, b;
    for (int i = 0; i < runs; ++i) {
        k.push_back(timeToReady(kiosk, kioskArgs, errFile));
        b.push_back(timeToReady(bare, {}, errFile));
        if (k.back() < 0 || b.back() < 0) {
            std::fprintf(stderr, "bench_startup: a run never became ready\n");
            return 1;
        }
    }
    const double km = median(k);
    const double bm = median(b);
    const double ratio = km / bm;
    const bool ok = ratio <= 3.0 && km <= 1500.0;
    const bool pass = kiosk::bench::passesAtMost(ratio, 3.0) && kiosk::bench::passesAtMost(km, 1500.0);
    const QJsonObject line = kiosk::bench::marked({{"bench", "startup"},
                                                   {"metric", "time_to_home_ms"},
                                                   {"value", qRound(km * 10) / 10.0},
                                                   {"baseline", "bare_qt_window_ms"},
                                                   {"baseline_value", qRound(bm * 10) / 10.0},
                                                   {"ratio", qRound(ratio * 100) / 100.0},
                                                   {"budget", 3.0},
                                                   {"budget_ms", 1500},
                                                   {"runs", runs},
                                                   {"platform", platform},
                                                   {"ok", ok}});
    std::printf("%s\n", QJsonDocument(line).toJson(QJsonDocument::Compact).constData());
    return pass ? 0 : 1;
}
