// The fleet figure: N kiosk metric writers (the kiosk's own MetricsService, not whole kiosks; KIOSK_FLEET_N, default
// 200; 20 in smoke mode), each with a realistic snapshot and its own textfile, each served as its own target
// (`instance` k0001...) and scraped by one real prometheus every 5 s. Prints the series per kiosk, the head series,
// the scrape duration and Prometheus's resident memory, and what one node-exporter (textfile collector only) adds per
// kiosk in its own series, for the extrapolation to 20,000 kiosks in README's Operations section.
//
// The targets are served by this process (one loopback HTTP server, a path per kiosk) rather than by N node-exporters:
// 200 exporters would measure this machine, not Prometheus. One real node-exporter is scraped once to count its own
// series.
#include <QDir>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include "app/fleet/metrics_service.h"
#include "integration/fleet/prometheus_harness.h"

using namespace kiosk;

namespace {

// Serves GET /kNNNN/metrics with the file <root>/kNNNN/kiosk.prom (text format 0.0.4).
class TextfileServer : public QTcpServer
{
public:
    explicit TextfileServer(QString root) : root_(std::move(root)) {}

protected:
    void incomingConnection(qintptr fd) override
    {
        auto *s = new QTcpSocket(this);
        s->setSocketDescriptor(fd);
        connect(s, &QTcpSocket::readyRead, s, [this, s] {
            buffer_[s] += s->readAll();
            if (!buffer_[s].contains("\r\n\r\n"))
                return;
            const QByteArray path = buffer_[s].split(' ').value(1);
            buffer_.remove(s);
            QFile f(root_ + QString::fromLatin1(path).section(QLatin1Char('/'), 0, 1) + QStringLiteral("/kiosk.prom"));
            const QByteArray body = f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
            s->write((body.isEmpty() ? QByteArray("HTTP/1.1 404 Not Found\r\n") : QByteArray("HTTP/1.1 200 OK\r\n")) +
                     "Content-Type: text/plain; version=0.0.4\r\nConnection: close\r\nContent-Length: " +
                     QByteArray::number(body.size()) + "\r\n\r\n" + body);
            s->disconnectFromHost();
        });
        connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
    }

private:
    QString root_;
    QHash<QTcpSocket *, QByteArray> buffer_;
};

// What a kiosk in service reports: the devices of a full kiosk, a few queued items, the self-test checks, latencies.
void fill(app::MetricsSnapshot &s, int i)
{
    static const QStringList regions{"gz", "sz", "zh", "st", "fs", "sg", "zj", "zq", "jm", "mm", "hz",
                                     "mz", "sw", "hy", "yj", "qy", "dg", "zs", "cz", "jy", "yf"};
    s.kioskId = QStringLiteral("GD-%1-%2").arg(regions.at(i % regions.size()).toUpper()).arg(i, 4, 10, QChar('0'));
    s.region = regions.at(i % regions.size());
    s.appVersion = QStringLiteral("1.4.2");
    s.configVersion = QStringLiteral("cfg-31");
    for (const char *kind : {"idcard_reader", "code_scanner", "receipt_printer", "document_printer", "document_scanner",
                             "document_camera", "face_camera"})
        s.devices.append({QString::fromLatin1(kind), QStringLiteral("online")});
    s.paper = {{QStringLiteral("receipt_printer"), QStringLiteral("ok")}};
    s.queuePending = i % 3;
    s.queueOldestAgeS = (i % 3) * 40;
    s.lastSyncS = 1765000000;
    s.outOfService = false;
    s.selftestTimeS = 1765000000;
    for (const app::MetricsSnapshot::Device &d : std::as_const(s.devices))
        s.selftestChecks.insert(d.kind, true);
    s.selftestChecks.insert(QStringLiteral("queue_database"), true);
}

qint64 rssBytes(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/status").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong() * 1024;
    }
    return -1;
}

} // namespace

class TestFleetScale : public QObject
{
    Q_OBJECT

private slots:
    void nWriters_oneprometheus_figures()
    {
        const bool smoke = qEnvironmentVariableIntValue("KIOSK_BENCH_SMOKE") > 0;
        const int n = qEnvironmentVariableIsSet("KIOSK_FLEET_N") ? qEnvironmentVariableIntValue("KIOSK_FLEET_N")
                                                                 : (smoke ? 20 : 200);
        QVERIFY(n > 0);
        QTemporaryDir tmp;
        TextfileServer server(tmp.path() + QLatin1Char('/'));
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));

        std::vector<std::unique_ptr<app::MetricsService>> writers;
        QList<QPair<QString, QString>> targets;
        for (int i = 0; i < n; ++i) {
            const QString name = QStringLiteral("k%1").arg(i, 4, 10, QChar('0'));
            app::MetricsSettings settings;
            settings.textfileDir = tmp.filePath(name);
            settings.dataDir = tmp.path();
            settings.intervalMs = 5000;
            writers.push_back(
                std::make_unique<app::MetricsService>(settings, [i](app::MetricsSnapshot &s) { fill(s, i); }));
            writers.back()->observeOcrSeconds(0.8 + i % 5 * 0.1);
            writers.back()->observeFaceSeconds(1.5);
            QVERIFY(writers.back()->start());
            targets.append({QStringLiteral("127.0.0.1:%1/%2").arg(server.serverPort()).arg(name), name});
        }
        QVERIFY(test::waitUntil(
            [&] {
                return std::all_of(writers.begin(), writers.end(), [](const auto &w) { return w->writesDone() > 0; });
            },
            30000));

        // One prometheus, a target per kiosk (its own metrics path), scraped every 5 s.
        QDir().mkpath(tmp.filePath(QStringLiteral("prometheus")));
        test::Engine prometheus;
        QString why;
        QVERIFY2(test::startPrometheus(prometheus, tmp.filePath(QStringLiteral("prometheus")), targets, {},
                                       QStringLiteral("5s"), &why),
                 qPrintable(why));
        auto scalar = [&](const QString &expr) {
            const QJsonArray r = test::promQuery(prometheus.port, expr);
            return r.isEmpty() ? -1.0 : r[0].toObject().value("value").toArray().at(1).toString().toDouble();
        };
        QVERIFY2(
            test::waitUntil([&] { return scalar(QStringLiteral("count(up == 1)")) == n; }, 60000),
            qPrintable(QStringLiteral("targets up: %1 of %2").arg(scalar(QStringLiteral("count(up == 1)"))).arg(n)));
        // A few more scrape rounds so the head holds every series and the durations settle.
        QVERIFY(test::waitUntil([&] { return scalar(QStringLiteral("min(count_over_time(up[1m]))")) >= 4; }, 60000));

        const double kioskSeries = scalar(QStringLiteral("count({__name__=~\"kiosk_.+\"})"));
        const double perKiosk = kioskSeries / n;
        const double scrapeAvg = scalar(QStringLiteral("avg(scrape_duration_seconds)"));
        const double scrapeMax = scalar(QStringLiteral("max(max_over_time(scrape_duration_seconds[1m]))"));
        const double samplesPerScrape = scalar(QStringLiteral("avg(scrape_samples_scraped)"));
        const QByteArray own = test::httpGet(prometheus.port, "/metrics");
        double headSeries = -1;
        for (const QByteArray &line : own.split('\n'))
            if (line.startsWith("prometheus_tsdb_head_series "))
                headSeries = line.mid(int(qstrlen("prometheus_tsdb_head_series "))).toDouble();
        const qint64 rss = rssBytes(prometheus.process->processId());

        // What one node-exporter adds per kiosk beside the kiosk's file (its own go_, process_, node_ series).
        test::Engine exporter;
        QVERIFY2(test::startNodeExporter(exporter, tmp.filePath(QStringLiteral("k0000")), &why), qPrintable(why));
        int exporterOwn = 0;
        for (const QByteArray &line : test::httpGet(exporter.port, "/metrics").split('\n'))
            exporterOwn += !line.isEmpty() && !line.startsWith('#') && !line.startsWith("kiosk_") ? 1 : 0;

        QVERIFY(perKiosk > 50);
        QCOMPARE(samplesPerScrape, perKiosk); // Prometheus adds 5 of its own per target: up, scrape_*
        std::printf("{\"fleet\":\"prometheus\",\"kiosks\":%d,\"series_per_kiosk\":%.0f,\"exporter_own_series\":%d,"
                    "\"head_series\":%.0f,\"scrape_avg_ms\":%.2f,\"scrape_max_ms\":%.2f,\"prometheus_rss_mib\":%.1f,"
                    "\"extrapolated_series_20000\":%.0f%s}\n",
                    n, perKiosk, exporterOwn, headSeries, scrapeAvg * 1000, scrapeMax * 1000, double(rss) / 1048576.0,
                    (perKiosk + 5 + exporterOwn) * 20000.0, smoke ? ",\"smoke\":true" : "");
        std::fflush(stdout);
        for (auto &w : writers)
            w->stop();
    }
};

QTEST_GUILESS_MAIN(TestFleetScale)
#include "test_fleet_scale.moc"
