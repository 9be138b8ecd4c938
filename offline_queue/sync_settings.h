// What the sync engine is configured with, and its loader from the kiosk's INI file (kioskctl and the composition root
// read it without the engine).
#pragma once

#include "offline_queue/backoff.h"
#include "offline_queue/curl_platform_client.h"

#include <QString>
#include <QStringList>

class QSettings;

namespace kiosk::queue {

// Everything the engine is configured with ([queue] and [platform] of the INI file; see loadSyncSettings).
struct SyncSettings {
    QString databasePath;
    QString kioskId;
    // The platform connection.
    QString baseUrl;
    QString clientCertFile;
    QString clientKeyFile;
    QString caFile;
    QStringList pins;   // primary and backup, "sha256//<base64>"
    QString pinProblem; // with a platform URL: why no pin is trusted (the client then refuses to connect)
    int connectTimeoutMs = 10'000;
    int requestTimeoutMs = 60'000;
    int transferTimeoutMs = 600'000;
    int lowSpeedBytesPerS = 100;
    int lowSpeedTimeS = 30;
    // Retries and retention.
    qint64 backoffBaseMs = 30'000;   // platform-api.md: first retry within 30 s...
    qint64 backoffCapMs = 3'600'000; // ...never more than 1 h apart (unless Retry-After asks for more)
    qint64 purgeAfterMs = 300'000;   // sealed bytes of acknowledged items are erased this long after the ack
    int batch = 20;                  // items per pass before the thread looks at its event queue again
    qint64 leaseMs = 900'000;        // an item is ours this long; after a crash another worker may take it
    int maxMissingBlobRounds = 3;    // 412 -> upload the missing blobs -> POST again, at most this often at once
    QString workerName;              // lease owner; default "sync-<pid>"

    PlatformClientConfig clientConfig() const;
    BackoffPolicy backoffPolicy() const;
};

// Reads [queue] and [platform] (keys in the .cpp and in the report to the lead); missing keys keep the defaults,
// relative file names are taken from `dataDir`. `problems` gets one English line per unusable value.
SyncSettings loadSyncSettings(QSettings &ini, const QString &dataDir, const QString &kioskId,
                              QStringList *problems = nullptr);

} // namespace kiosk::queue
