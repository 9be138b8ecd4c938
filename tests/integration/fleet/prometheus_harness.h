// Real Debian engines for the fleet tests: prometheus-node-exporter (the textfile collector only) and prometheus,
// each on a free loopback port with its own temporary configuration and storage, and the queries the tests make
// through Prometheus's HTTP API. Waits are bounded and poll the API, never a fixed sleep.
#pragma once

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTcpServer>
#include <QTest>
#include <QTimer>
#include <QUrl>

#include <functional>
#include <memory>

namespace kiosk::test {

inline quint16 freeLoopbackPort()
{
    QTcpServer s;
    return s.listen(QHostAddress::LocalHost, 0) ? s.serverPort() : 0;
}

// A child process stopped (TERM, then KILL) with its owner.
struct Engine {
    std::unique_ptr<QProcess> process;
    quint16 port = 0;
    ~Engine() { stop(); }
    void stop()
    {
        if (!process || process->state() == QProcess::NotRunning)
            return;
        process->terminate();
        if (!process->waitForFinished(10000)) {
            process->kill();
            process->waitForFinished(3000);
        }
    }
    bool start(const QString &program, const QStringList &args, QString *why)
    {
        process = std::make_unique<QProcess>();
        process->setProcessChannelMode(QProcess::MergedChannels);
        process->start(program, args);
        if (!process->waitForStarted(10000)) {
            *why = program + QStringLiteral(": ") + process->errorString();
            return false;
        }
        return true;
    }
    QByteArray output() const { return process ? process->readAll() : QByteArray(); }
};

// GET http://127.0.0.1:port/pathAndQuery (already percent-encoded); the body, or empty on any error.
inline QByteArray httpGet(quint16 port, const QByteArray &pathAndQuery, int timeoutMs = 5000)
{
    QNetworkAccessManager nam;
    const QUrl url = QUrl::fromEncoded("http://127.0.0.1:" + QByteArray::number(port) + pathAndQuery);
    QNetworkReply *reply = nam.get(QNetworkRequest(url));
    QEventLoop loop;
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    const QByteArray body = reply->isFinished() && reply->error() == QNetworkReply::NoError ? reply->readAll() : "";
    reply->abort();
    reply->deleteLater();
    return body;
}

// Waits until the engine's `path` answers with `expected` in its body (at most `timeoutMs`, while it runs).
inline bool answers(Engine &e, const QByteArray &path, const QByteArray &expected, int timeoutMs, QString *why)
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < timeoutMs) {
        if (httpGet(e.port, path).contains(expected))
            return true;
        if (e.process->state() != QProcess::Running)
            break;
        QTest::qWait(100);
    }
    *why = QStringLiteral("%1 did not answer %2: %3")
               .arg(e.process->program(), QString::fromLatin1(path), QString::fromUtf8(e.output().right(2000)));
    return false;
}

// node-exporter with only the textfile collector over `dir`, on loopback.
inline bool startNodeExporter(Engine &e, const QString &dir, QString *why)
{
    e.port = freeLoopbackPort();
    if (!e.start(QStringLiteral("prometheus-node-exporter"),
                 {QStringLiteral("--collector.disable-defaults"), QStringLiteral("--collector.textfile"),
                  QStringLiteral("--collector.textfile.directory=") + dir,
                  QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(e.port)},
                 why))
        return false;
    return answers(e, "/metrics", "node_textfile_scrape_error", 15000, why);
}

// prometheus scraping `targets` (host:port, or host:port/path for a metrics path of its own, each with its
// `instance` label) every `scrapeS`, evaluating `ruleFiles` every `scrapeS`, storage under `workDir`.
inline bool startPrometheus(Engine &e, const QString &workDir, const QList<QPair<QString, QString>> &targets,
                            const QStringList &ruleFiles, const QString &scrapeS, QString *why)
{
    QString conf = QStringLiteral("global:\n  scrape_interval: %1\n  evaluation_interval: %1\n  scrape_timeout: %1\n")
                       .arg(scrapeS);
    if (!ruleFiles.isEmpty()) {
        conf += QStringLiteral("rule_files:\n");
        for (const QString &f : ruleFiles)
            conf += QStringLiteral("  - '%1'\n").arg(f);
    }
    conf += QStringLiteral("scrape_configs:\n  - job_name: kiosk\n    static_configs:\n");
    for (const auto &[address, instance] : targets) {
        const QString path = address.contains(QLatin1Char('/')) ? address.section(QLatin1Char('/'), 1) : QString();
        conf += QStringLiteral("      - targets: ['%1']\n        labels: {instance: '%2'%3}\n")
                    .arg(address.section(QLatin1Char('/'), 0, 0), instance,
                         path.isEmpty() ? QString() : QStringLiteral(", __metrics_path__: '/%1/metrics'").arg(path));
    }
    const QString confPath = workDir + QStringLiteral("/prometheus.yml");
    QFile f(confPath);
    if (!f.open(QIODevice::WriteOnly) || f.write(conf.toUtf8()) < 0) {
        *why = QStringLiteral("cannot write ") + confPath;
        return false;
    }
    f.close();
    e.port = freeLoopbackPort();
    if (!e.start(QStringLiteral("prometheus"),
                 {QStringLiteral("--config.file=") + confPath,
                  QStringLiteral("--storage.tsdb.path=") + workDir + QStringLiteral("/data"),
                  QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(e.port)},
                 why))
        return false;
    return answers(e, "/-/ready", "Ready", 30000, why);
}

// The result vector of an instant query (empty on error).
inline QJsonArray promQuery(quint16 port, const QString &expr)
{
    const QJsonObject o =
        QJsonDocument::fromJson(httpGet(port, "/api/v1/query?query=" + QUrl::toPercentEncoding(expr))).object();
    return o.value(QLatin1String("data")).toObject().value(QLatin1String("result")).toArray();
}

// Polls `check` every 250 ms for at most `timeoutMs`.
inline bool waitUntil(const std::function<bool()> &check, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < timeoutMs) {
        if (check())
            return true;
        QTest::qWait(250);
    }
    return check();
}

} // namespace kiosk::test
