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
#include <QTimeZone>

#include <atomic>
#include <functional>
#include <memory>

#include "app/application/draft.h"
#include "app/application/kiosk_time.h"
#include "app/receipts/receipt.h"

namespace kiosk::common {
class WorkerThread;
}

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
    Blocked,       // the pre-review has blocking findings: the application stays on the review
    NoPlatformKey, // the kiosk has never received the platform's key: it cannot seal
    DiskLow,       // free space below the floor
    QueueTooOld,   // the network has been down too long: submissions are refused until the queue drains
    SealFailed,    // sealing failed (key unusable, bad input)
    StoreFailed,   // the queue database refused the write: nothing was accepted
};
QString toString(SubmitProblem problem); // stable code, e.g. disk_low

struct SubmissionOutcome {
    SubmitProblem problem = SubmitProblem::None;
    QString detail;    // English, for logs; no personal data
    QString id;        // the envelope id (Idempotency-Key)
    QString localNo;   // printed on the receipt
    QString queryCode; // 查询码 sealed in the payload, printed on the receipt; never stored in clear
    QDateTime createdAt;
    int pages = 0; // sealed blobs
    bool ok() const { return problem == SubmitProblem::None; }
};

struct Readiness {
    SubmitProblem problem = SubmitProblem::None;
    QString detail;
    bool ok() const { return problem == SubmitProblem::None; }
};

// What a visit's receipt says beyond the visit itself: display settings of this kiosk.
struct ReceiptSettings {
    QString centreName;
    QString hotline;
    QString queryUrl; // template with {no}: the receipt's QR code for phones
    // The promised date is a calendar date where the kiosk stands (China: Asia/Shanghai).
    QTimeZone zone = kioskTimeZone();
};

class VisitState;

// The payload's people: the person at the kiosk is the one the face step checked (`verified_by: face` when it
// matched), so they are the applicant, or the agent when they act for a principal (who is then the applicant).
struct VisitParties {
    QJsonObject applicant;
    QJsonValue agent = QJsonValue::Null;
};
VisitParties visitParties(const VisitState &visit);
// The visit's draft as a submission: its people, the pre-review's notes for the reviewer, the face step's consent.
ApplicationSnapshot visitSnapshot(const VisitState &visit);
// The receipt of the visit's submission before it is sealed (item, masked names, what is owed under 容缺, delivery) in
// `language`; completeReceipt() adds what the outcome says.
ReceiptData visitReceipt(const VisitState &visit, const QString &language, const ReceiptSettings &settings);
void completeReceipt(ReceiptData &receipt, const SubmissionOutcome &outcome, const ReceiptSettings &settings);
// `days` working days after the calendar day of `createdAt` in `zone` (the estimate the receipt prints).
QDate promisedDate(const QDateTime &createdAt, int days, const QTimeZone &zone);

class SubmissionWorker;

class SubmissionService : public QObject
{
    Q_OBJECT
public:
    explicit SubmissionService(SubmissionSettings settings, QObject *parent = nullptr);
    ~SubmissionService() override;

    // Starts the thread and opens the queue database on it (integrity check, recovering a corrupt file) without
    // waiting for the disk: `opened` follows. Calls made meanwhile are queued behind the opening (readiness() says
    // NotReady until then); after a failed opening they answer NotReady.
    void start();
    // Stops the thread within `timeoutMs` (a worker stuck on the disk is left to finish by itself).
    void stop(int timeoutMs = 3000);
    // Accepting work: the thread runs and the database is open or still opening (work then waits behind it).
    bool isRunning() const { return state_ == State::Open || state_ == State::Opening; }
    bool isOpening() const { return state_ == State::Opening; }
    bool isOpen() const { return state_ == State::Open; }

    // Whether a submission would be accepted now (checked on the submission thread; cached, refreshed on demand).
    Readiness readiness() const;
    // Re-checks key, free space and queue age; readinessChanged follows.
    void refreshReadiness();

    // Seals and durably enqueues; `submitted` follows exactly once. The snapshot's plaintext is wiped afterwards.
    void submit(ApplicationSnapshot application);
    // Submits the visit's draft (visitSnapshot()). Refused at once, with nothing emitted, when the pre-review blocks
    // (Blocked) or the service is open and not ready (its readiness); otherwise `visitSubmitted` follows exactly once
    // (after `submitted`) with the outcome and, when it was accepted, the receipt to print (visitReceipt()).
    Readiness submitVisit(const VisitState &visit, const QString &language, const ReceiptSettings &settings);

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
    // After start(): the queue database is open (`ok`), or why it cannot be used.
    void opened(bool ok, const QString &error);
    void submitted(const kiosk::app::SubmissionOutcome &outcome);
    void visitSubmitted(const kiosk::app::SubmissionOutcome &outcome, const kiosk::app::ReceiptData &receipt);
    void enqueued(); // for the sync engine: a new item waits
    void evaluationQueued(bool ok);
    void acknowledged(const QString &localNo, const QString &caseNo);
    void readinessChanged(const kiosk::app::Readiness &readiness);

private:
    enum class State { Stopped, Opening, Open, Failed };
    void enqueueSnapshot(ApplicationSnapshot application, std::optional<ReceiptData> receipt,
                         const ReceiptSettings &settings);
    // Runs `job` on the submission thread (queued behind the opening); false when there is no thread.
    template <typename F> bool post(F &&job);
    SubmissionSettings settings_;
    std::unique_ptr<common::WorkerThread> thread_;
    SubmissionWorker *worker_ = nullptr; // lives on thread_
    State state_ = State::Stopped;
    Readiness readiness_;
};

} // namespace kiosk::app

Q_DECLARE_METATYPE(kiosk::app::SubmissionOutcome)
Q_DECLARE_METATYPE(kiosk::app::Readiness)
Q_DECLARE_METATYPE(kiosk::app::ReceiptData)
