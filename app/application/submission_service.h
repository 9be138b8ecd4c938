// Submitting an application: on its own thread, every page and the signature are sealed to the platform key, the
// payload sealed and the envelope signed, and the lot enqueued in the outbox in one durable transaction. Only then
// does the citizen get a receipt (design.md section 3). The kiosk cannot read back what it sealed.
//
// The platform's submission key comes from GET /v1/keys/submission (PlatformService) and is cached in a file in the
// data folder, so a kiosk that has been online once keeps accepting submissions while offline.
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QMetaType>
#include <QObject>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>

#include "app/application/draft.h"

class QThread;

namespace kiosk::queue {
struct PlatformKey;
}

namespace kiosk::app {

struct SubmissionSettings {
    QString databasePath;                        // the outbox (the same file the sync engine sends from)
    QString kioskId;                             // first part of local numbers; the kiosk certificate's CN
    QString kioskKeyFile;                        // the kiosk's private key (PEM, EC P-256): signs envelopes
    QString keyCacheFile;                        // the platform's submission key as last received (JSON, public)
    qint64 diskFloorBytes = 256LL * 1024 * 1024; // refuse new submissions below this much free space
    int maxQueueAgeDays = 7; // refuse new submissions while the oldest unsent one is older than this
};

enum class SubmitProblem {
    None,
    NotReady,      // the submission thread is not running (start() failed or never called)
    NoPlatformKey, // the kiosk has never received the platform's key: it cannot seal
    DiskLow,       // free space below the floor
    QueueTooOld,   // the network has been down too long: submissions are refused until the queue drains
    SealFailed,    // sealing failed (key unusable, bad input)
    StoreFailed,   // the queue database refused the write: nothing was accepted
};
QString toString(SubmitProblem problem); // stable code, e.g. disk_low

struct SubmissionOutcome {
    SubmitProblem problem = SubmitProblem::None;
    QString detail;  // English, for logs; no personal data
    QString id;      // the envelope id (Idempotency-Key)
    QString localNo; // printed on the receipt
    QDateTime createdAt;
    int pages = 0; // sealed blobs
    bool ok() const { return problem == SubmitProblem::None; }
};

struct Readiness {
    SubmitProblem problem = SubmitProblem::None;
    QString detail;
    bool ok() const { return problem == SubmitProblem::None; }
};

class SubmissionWorker;

class SubmissionService : public QObject
{
    Q_OBJECT
public:
    explicit SubmissionService(SubmissionSettings settings, QObject *parent = nullptr);
    ~SubmissionService() override;

    // Starts the thread and opens the queue database on it (recovering a corrupt file); waits for that. False with
    // `error` when the database cannot be used.
    bool start(QString *error = nullptr);
    void stop();
    bool isRunning() const { return running_; }

    // Whether a submission would be accepted now (checked on the submission thread; cached, refreshed on demand).
    Readiness readiness() const;
    // Re-checks key, free space and queue age; readinessChanged follows.
    void refreshReadiness();

    // Seals and durably enqueues; `submitted` follows exactly once. The snapshot's plaintext is wiped afterwards.
    void submit(ApplicationSnapshot application);

    // What this kiosk knows of one of its own submissions (offline progress): state and case number, from the
    // queue's non-personal receipt rows. `done` runs on the GUI thread unless `context` is gone.
    struct LocalStatus {
        bool found = false;
        QString state; // pending | in_flight | acked | dead
        QString caseNo;
        QString itemCode;
        QDateTime created;
    };
    void lookupLocal(const QString &localNo, QObject *context, std::function<void(LocalStatus)> done);

    // Queues a 好差评 evaluation durably (sent by the sync engine like submissions); `evaluationQueued` follows.
    void submitEvaluation(const QJsonObject &evaluation);

public slots:
    // The sync engine delivered a submission (the composition root connects SyncEngine::acknowledged here), so
    // the receipt screen can print the platform's case number when it comes quickly.
    void noteAcknowledged(const QString &localNo, const QString &caseNo) { emit acknowledged(localNo, caseNo); }
    // A key from GET /v1/keys/submission: cached on disk, used from the next submission on.
    void setPlatformKey(const QString &keyId, const QByteArray &publicKeyPem);

signals:
    void submitted(const kiosk::app::SubmissionOutcome &outcome);
    void enqueued(); // for the sync engine: a new item waits
    void evaluationQueued(bool ok);
    void acknowledged(const QString &localNo, const QString &caseNo);
    void readinessChanged(const kiosk::app::Readiness &readiness);

private:
    friend class SubmissionWorker;
    SubmissionSettings settings_;
    QThread *thread_ = nullptr;
    SubmissionWorker *worker_ = nullptr;
    bool running_ = false;
    Readiness readiness_;
};

} // namespace kiosk::app

Q_DECLARE_METATYPE(kiosk::app::SubmissionOutcome)
Q_DECLARE_METATYPE(kiosk::app::Readiness)
