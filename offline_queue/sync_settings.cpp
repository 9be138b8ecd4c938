// The sync engine's settings: [queue] and [platform] of the INI file, validated, with safe defaults.
#include "offline_queue/sync_settings.h"
#include "common/setting_value.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSettings>

namespace kiosk::queue {

namespace {

QString absoluteIn(const QString &dir, const QString &path)
{
    if (path.isEmpty())
        return path;
    return QDir::isAbsolutePath(path) ? path : QDir(dir).filePath(path);
}

} // namespace

PlatformClientConfig SyncSettings::clientConfig() const
{
    PlatformClientConfig c;
    c.baseUrl = baseUrl;
    c.kioskId = kioskId;
    c.clientCertFile = clientCertFile;
    c.clientKeyFile = clientKeyFile;
    c.caFile = caFile;
    c.pins = pins;
    c.pinProblem = pinProblem;
    c.connectTimeoutMs = connectTimeoutMs;
    c.requestTimeoutMs = requestTimeoutMs;
    c.transferTimeoutMs = transferTimeoutMs;
    c.lowSpeedBytesPerS = lowSpeedBytesPerS;
    c.lowSpeedTimeS = lowSpeedTimeS;
    c.userAgent = QStringLiteral("gd-kiosk/%1").arg(QCoreApplication::applicationVersion());
    return c;
}

BackoffPolicy SyncSettings::backoffPolicy() const
{
    BackoffPolicy p;
    p.baseMs = backoffBaseMs;
    p.capMs = backoffCapMs;
    return p;
}

SyncSettings loadSyncSettings(QSettings &ini, const QString &dataDir, const QString &kioskId, QStringList *problems)
{
    SyncSettings s;
    s.kioskId = kioskId;
    auto problem = [problems](const QString &key, const QString &text) {
        if (problems)
            problems->append(key + QStringLiteral(": ") + text);
    };
    auto text = [&ini](const char *key, const QString &fallback) {
        const QVariant v = ini.value(QLatin1String(key));
        if (!v.isValid())
            return fallback;
        // QSettings turns an unquoted "a, b" into a list; a path or URL never holds a comma we need.
        const QString t = v.typeId() == QMetaType::QStringList ? v.toStringList().join(QLatin1Char(',')) : v.toString();
        return t.trimmed().isEmpty() ? fallback : t.trimmed();
    };
    auto seconds = [&](const char *key, double min, double max, qint64 fallbackMs) -> qint64 {
        const QVariant v = ini.value(QLatin1String(key));
        if (!v.isValid())
            return fallbackMs;
        QString why;
        const double d = common::boundedNumber(v, min, max, double(fallbackMs) / 1000.0, &why,
                                               QStringLiteral("a number of seconds"));
        if (!why.isEmpty()) {
            problem(QLatin1String(key), why);
            return fallbackMs;
        }
        return qint64(d * 1000.0 + 0.5);
    };
    auto integer = [&](const char *key, int min, int max, int fallback) -> int {
        const QVariant v = ini.value(QLatin1String(key));
        if (!v.isValid())
            return fallback;
        QString why;
        const int i = common::boundedInt(v, min, max, fallback, &why);
        if (!why.isEmpty())
            problem(QLatin1String(key), why);
        return i;
    };

    s.databasePath = absoluteIn(dataDir, text("queue/database", QStringLiteral("queue.sqlite")));
    s.backoffBaseMs = seconds("queue/backoff_base_s", 0.001, 3600, s.backoffBaseMs);
    s.backoffCapMs = seconds("queue/backoff_cap_s", 0.001, 86400, s.backoffCapMs);
    if (s.backoffCapMs < s.backoffBaseMs) {
        problem(QStringLiteral("queue/backoff_cap_s"), QStringLiteral("smaller than backoff_base_s; using the base"));
        s.backoffCapMs = s.backoffBaseMs;
    }
    s.purgeAfterMs = seconds("queue/purge_after_s", 0, 30 * 86400, s.purgeAfterMs);
    s.batch = integer("queue/batch", 1, 1000, s.batch);
    s.leaseMs = seconds("queue/lease_s", 10, 86400, s.leaseMs);

    s.baseUrl = text("platform/url", QString());
    if (!s.baseUrl.isEmpty() && !s.baseUrl.startsWith(QLatin1String("https://")))
        problem(QStringLiteral("platform/url"), QStringLiteral("must start with https://"));
    s.clientCertFile = absoluteIn(dataDir, text("platform/client_cert", QStringLiteral("pki/kiosk.crt")));
    s.clientKeyFile = absoluteIn(dataDir, text("platform/client_key", QStringLiteral("pki/kiosk.key")));
    s.caFile = absoluteIn(dataDir, text("platform/ca_file", QStringLiteral("pki/ca.crt")));
    // Pins fail closed: with a platform URL, a pins file that is missing, unreadable, empty or holds a line that is
    // not a pin leaves no pin trusted, and the client refuses to connect (pinProblem says why, for the staff).
    QStringList pins;
    QString pinSource;
    const QVariant pinValue = ini.value(QStringLiteral("platform/pins"));
    if (pinValue.isValid()) {
        const QString joined = pinValue.typeId() == QMetaType::QStringList
                                   ? pinValue.toStringList().join(QLatin1Char(','))
                                   : pinValue.toString();
        pins = joined.split(QRegularExpression(QStringLiteral("[,;\\s]+")), Qt::SkipEmptyParts);
        pinSource = QStringLiteral("platform/pins");
    } else {
        const QString pinsFile = absoluteIn(dataDir, text("platform/pins_file", QStringLiteral("pki/pins.txt")));
        pinSource = pinsFile;
        QFile f(pinsFile);
        if (f.open(QIODevice::ReadOnly)) {
            pins =
                QString::fromLatin1(f.readAll()).split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
        } else {
            s.pinProblem = QStringLiteral("the pins file %1 cannot be read (%2); refusing to connect to the platform")
                               .arg(pinsFile, f.errorString());
        }
    }
    for (const QString &p : std::as_const(pins)) {
        if (isValidPin(p)) {
            s.pins << p;
        } else if (s.pinProblem.isEmpty()) {
            s.pinProblem = QStringLiteral("%1 holds '%2', which is not sha256//<base64 of 32 bytes>; no pin is "
                                          "trusted and the platform is not connected")
                               .arg(pinSource, p.left(80));
        }
    }
    if (!s.pinProblem.isEmpty())
        s.pins.clear();
    else if (s.pins.isEmpty())
        s.pinProblem = QStringLiteral("%1 holds no pin; refusing to connect to the platform").arg(pinSource);
    if (s.baseUrl.isEmpty())
        s.pinProblem.clear(); // no platform, nothing to refuse
    else if (!s.pinProblem.isEmpty())
        problem(QStringLiteral("platform/pins"), s.pinProblem);
    s.connectTimeoutMs = int(seconds("platform/connect_timeout_s", 0.1, 120, s.connectTimeoutMs));
    s.requestTimeoutMs = int(seconds("platform/request_timeout_s", 1, 600, s.requestTimeoutMs));
    s.transferTimeoutMs = int(seconds("platform/transfer_timeout_s", 1, 7200, s.transferTimeoutMs));
    s.lowSpeedBytesPerS = integer("platform/low_speed_bytes_per_s", 1, 10'000'000, s.lowSpeedBytesPerS);
    s.lowSpeedTimeS = integer("platform/low_speed_time_s", 1, 600, s.lowSpeedTimeS);
    return s;
}

} // namespace kiosk::queue
