// Shared by the fault tests and their helper process: the kiosk side of a submission (a payload the sandbox accepts,
// sealed with the demo PKI, local number from the outbox, enqueued durably) and the sync settings for the sandbox.
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QRegularExpression>

#include <memory>

#include "offline_queue/envelope.h"
#include "offline_queue/outbox.h"
#include "offline_queue/sync_engine.h"

namespace kiosk::faults {

inline const QString kKioskId = QStringLiteral("GD-DEV-0001"); // the CN of the demo kiosk certificate
inline const QString kItemCode = QStringLiteral("GD-RS-001");  // an item of the sample catalogue

inline QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// platform-api.md "Payload", with demo data only.
inline QJsonObject demoPayload(const QStringList &pageShas)
{
    QJsonArray pages;
    for (const QString &s : pageShas)
        pages.append(s);
    return QJsonObject{
        {"applicant", QJsonObject{{"id_type", "resident"},
                                  {"id_number", "440106199001011235"},
                                  {"name", QStringLiteral("张三")},
                                  {"verified_by", "card"}}},
        {"agent", QJsonValue::Null},
        {"principal_authorisation", QJsonValue::Null},
        {"form", QJsonObject{{"applicant_name", QStringLiteral("张三")}, {"phone", "13800138000"}}},
        {"materials", QJsonArray{QJsonObject{{"material_id", "photo"}, {"status", "provided"}, {"pages", pages}}}},
        {"consent", QJsonValue::Null},
        {"commitment", QJsonValue::Null},
        {"delivery", QJsonObject{{"method", "pickup"}, {"address", QJsonValue::Null}, {"phone", QJsonValue::Null}}},
        {"prereview", QJsonArray{}},
        {"channel", "kiosk"},
        {"query_code", "31415926"}};
}

class KioskSealer
{
public:
    explicit KioskSealer(const QString &pkiDir)
        : sealer_(queue::PlatformKey{QString::fromUtf8(readFile(QDir(pkiDir).filePath("submission.key_id"))).trimmed(),
                                     readFile(QDir(pkiDir).filePath("submission.pub"))},
                  readFile(QDir(pkiDir).filePath("kiosk.key")))
    {}

    bool isValid() const { return sealer_.isValid(); }
    QString error() const { return sealer_.error().message; }

    struct Sealed {
        queue::SealedEnvelope envelope;
        QList<queue::SealedBlob> blobs;
    };

    // Seals and enqueues one submission with `pages` pages of `pageSize` bytes; the id, or empty with `why`.
    QString enqueue(queue::Outbox &outbox, int pages, int pageSize, QString *why = nullptr)
    {
        Sealed s;
        if (!seal(outbox, pages, pageSize, &s, why))
            return {};
        const auto r = outbox.enqueue(s.envelope, s.blobs);
        if (!r.isOk()) {
            if (why)
                *why = r.error.message;
            return {};
        }
        return s.envelope.id;
    }

    // Seals one submission (its local number from `outbox`, durably) without enqueueing it.
    bool seal(queue::Outbox &outbox, int pages, int pageSize, Sealed *out, QString *why = nullptr)
    {
        auto failed = [why](const QString &w) {
            if (why)
                *why = w;
            return false;
        };
        const auto localNo = outbox.allocateLocalNo();
        if (!localNo.isOk())
            return failed(localNo.error.message);
        QList<queue::SealedBlob> blobs;
        QList<queue::BlobRef> refs;
        QStringList shas;
        for (int p = 0; p < pages; ++p) {
            QList<quint32> noise((qMax(16, pageSize) + 3) / 4);
            QRandomGenerator::global()->fillRange(noise.data(), noise.size());
            const QByteArray image =
                "\x89PNG\r\n\x1a\n" + QByteArray(reinterpret_cast<const char *>(noise.constData()), qMax(16, pageSize));
            const auto blob = sealer_.sealBlob(image);
            if (!blob.isOk())
                return failed(blob.error.message);
            blobs << blob.value;
            refs << blob.value.ref(QStringLiteral("photo"), p + 1);
            shas << blob.value.sha256;
        }
        queue::EnvelopeMeta meta;
        meta.localNo = localNo.value;
        meta.kioskId = kKioskId;
        meta.createdAt = QDateTime::currentDateTimeUtc();
        meta.itemCode = kItemCode;
        meta.itemVersion = 1;
        const auto env = sealer_.sealEnvelope(meta, demoPayload(shas), refs);
        if (!env.isOk())
            return failed(env.error.message);
        out->envelope = env.value;
        out->blobs = blobs;
        return true;
    }

private:
    queue::Sealer sealer_;
};

// Sync settings for the sandbox at `url` with the demo PKI: pinned, short backoff (tests), the given database.
inline queue::SyncSettings sandboxSettings(const QString &pkiDir, const QString &url, const QString &dbPath)
{
    queue::SyncSettings s;
    s.databasePath = dbPath;
    s.kioskId = kKioskId;
    s.baseUrl = url;
    s.clientCertFile = QDir(pkiDir).filePath("kiosk.crt");
    s.clientKeyFile = QDir(pkiDir).filePath("kiosk.key");
    s.caFile = QDir(pkiDir).filePath("ca.crt");
    s.pins = QString::fromLatin1(readFile(QDir(pkiDir).filePath("pins.txt")))
                 .split(QRegularExpression("\\s+"), Qt::SkipEmptyParts);
    s.connectTimeoutMs = 2000;
    s.requestTimeoutMs = 10000;
    s.transferTimeoutMs = 30000;
    s.lowSpeedBytesPerS = 1000;
    s.lowSpeedTimeS = 5;
    s.backoffBaseMs = 100;
    s.backoffCapMs = 800;
    s.purgeAfterMs = 3'600'000; // keep the sealed bytes: the tests look at them
    s.batch = 20;
    s.leaseMs = 60'000;
    return s;
}

} // namespace kiosk::faults
