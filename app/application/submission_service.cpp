// The submission thread: seal, sign, enqueue durably.
#include "app/application/submission_service.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QPointer>
#include <QSaveFile>

#include "app/application/payload.h"
#include "app/application/visit_state.h"
#include "common/worker_thread.h"
#include "offline_queue/envelope.h"
#include "offline_queue/outbox.h"
#include "offline_queue/storage/key_store.h"
#include "offline_queue/storage/store.h"

Q_LOGGING_CATEGORY(lcSubmit, "kiosk.app.submission")

namespace kiosk::app {

QString toString(SubmitProblem problem)
{
    switch (problem) {
    case SubmitProblem::None: return QStringLiteral("none");
    case SubmitProblem::NotReady: return QStringLiteral("not_ready");
    case SubmitProblem::Blocked: return QStringLiteral("blocked");
    case SubmitProblem::NoPlatformKey: return QStringLiteral("no_platform_key");
    case SubmitProblem::DiskLow: return QStringLiteral("disk_low");
    case SubmitProblem::QueueTooOld: return QStringLiteral("queue_too_old");
    case SubmitProblem::SealFailed: return QStringLiteral("seal_failed");
    case SubmitProblem::StoreFailed: return QStringLiteral("store_failed");
    }
    return QStringLiteral("none");
}

namespace {

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

// A continuation for the GUI thread. The worker hands it over by a signal, so a service that is gone (its stop timed
// out while the worker was busy on the disk) is simply not called: the connection died with it.
struct SubmissionReply {
    std::function<void()> run;
};

} // namespace kiosk::app

Q_DECLARE_METATYPE(kiosk::app::SubmissionReply)

namespace kiosk::app {

// Lives on the submission thread; owns that thread's database connection and the sealer.
class SubmissionWorker : public QObject
{
    Q_OBJECT
public:
    explicit SubmissionWorker(SubmissionSettings settings) : settings_(std::move(settings)) {}

    bool open(QString *error)
    {
        QDir().mkpath(QFileInfo(settings_.databasePath).absolutePath());
        queue::StoreOptions options;
        options.recoverCorrupt = true; // a corrupt queue is moved aside (and salvaged), never a crash loop
        queue::StoreOpenResult opened =
            queue::Store::open(settings_.databasePath, queue::Outbox::migrations(), options);
        if (!opened.isOk()) {
            *error = opened.error.message;
            return false;
        }
        store_ = std::move(opened.store);
        queue::OutboxOptions oo;
        oo.kioskId = settings_.kioskId;
        oo.diskFloorBytes = settings_.diskFloorBytes;
        outbox_ = std::make_unique<queue::Outbox>(*store_, oo);
        if (opened.recovered) {
            qCCritical(lcSubmit).noquote() << "queue database was corrupt and has been replaced:" << opened.alert;
            const auto salvage = outbox_->salvageFrom(opened.movedAsideTo);
            if (salvage.isOk())
                qCWarning(lcSubmit) << "salvaged" << salvage.value.submissionsRecovered << "sealed submissions";
        }
        // From the file, or unsealed by the TPM (queue::keys); a key that cannot be had leaves the sealer invalid, as a
        // missing file always did, and says why.
        queue::keys::KeyMaterial key = queue::keys::loadKey(settings_.kioskKeyFile);
        if (!key.ok())
            qCWarning(lcSubmit).noquote() << "kiosk key unavailable:" << key.error;
        kioskKeyPem_ = key.bytes;
        queue::keys::wipe(key.bytes);
        loadCachedKey();
        return true;
    }

    void setKey(const QString &keyId, const QByteArray &pem)
    {
        auto sealer = std::make_unique<queue::Sealer>(queue::PlatformKey{keyId, pem}, kioskKeyPem_);
        if (!sealer->isValid() && sealer->error().code == queue::SealErrorCode::InvalidPlatformKey) {
            qCWarning(lcSubmit).noquote() << "platform key refused:" << sealer->error().message;
            return;
        }
        if (sealer_ && sealer_->keyId() == keyId)
            return;
        QSaveFile f(settings_.keyCacheFile);
        QDir().mkpath(QFileInfo(settings_.keyCacheFile).absolutePath());
        const QJsonObject o{{QStringLiteral("key_id"), keyId},
                            {QStringLiteral("alg"), QStringLiteral("RSA-OAEP-256+A256GCM")},
                            {QStringLiteral("public_key_pem"), QString::fromLatin1(pem)}};
        if (!f.open(QIODevice::WriteOnly) || f.write(QJsonDocument(o).toJson()) < 0 || !f.commit())
            qCWarning(lcSubmit).noquote() << "cannot cache the platform key in" << settings_.keyCacheFile;
        qCInfo(lcSubmit).noquote() << "platform submission key" << keyId << "in use";
        sealer_ = std::move(sealer);
    }

    Readiness check()
    {
        Readiness r;
        if (!outbox_)
            return {SubmitProblem::NotReady, QStringLiteral("queue database not open")};
        if (!sealer_)
            return {SubmitProblem::NoPlatformKey, QStringLiteral("no platform submission key yet")};
        if (!sealer_->isValid())
            return {SubmitProblem::SealFailed, sealer_->error().message};
        const auto free = outbox_->freeBytes();
        if (free.isOk() && free.value < settings_.diskFloorBytes)
            return {SubmitProblem::DiskLow, QStringLiteral("free space below the floor")};
        const auto stats = outbox_->stats();
        if (!stats.isOk())
            return {SubmitProblem::StoreFailed, stats.error.message};
        // Dead letters are left out: one parked for a technician must not stop every new application (they are
        // counted in the heartbeat and listed in the menu instead).
        if (settings_.maxQueueAgeDays > 0 && stats.value.oldestUnsentAgeS > qint64(settings_.maxQueueAgeDays) * 86400)
            return {
                SubmitProblem::QueueTooOld,
                QStringLiteral("oldest unsent submission is %1 days old").arg(stats.value.oldestUnsentAgeS / 86400)};
        return r;
    }

    SubmissionOutcome submit(ApplicationSnapshot &a)
    {
        SubmissionOutcome out;
        const Readiness ready = check();
        if (!ready.ok()) {
            out.problem = ready.problem;
            out.detail = ready.detail;
            return out;
        }
        // Seal every page first: the payload names them by the sha256 of their sealed bytes.
        QList<queue::SealedBlob> blobs;
        QList<queue::BlobRef> refs;
        SealedNames names;
        auto sealPage = [&](const QByteArray &plain, const QString &materialId, qint64 page) -> QString {
            const auto sealed = sealer_->sealBlob(plain);
            if (!sealed.isOk()) {
                out.problem = SubmitProblem::SealFailed;
                out.detail = sealed.error.message;
                return {};
            }
            refs.append(sealed.value.ref(materialId, page));
            blobs.append(sealed.value);
            return sealed.value.sha256;
        };
        for (const MaterialState &m : a.materials) {
            if (m.status != MaterialStatus::Provided)
                continue;
            for (int i = 0; i < m.pages.size(); ++i) {
                const QString sha = sealPage(m.pages[i].image, m.spec.id, i + 1);
                if (sha.isEmpty())
                    return out;
                names.pagesByMaterial[m.spec.id].append(sha);
            }
        }
        for (int i = 0; i < a.authorisation.size(); ++i) {
            const QString sha = sealPage(a.authorisation[i].image, QStringLiteral("authorisation_letter"), i + 1);
            if (sha.isEmpty())
                return out;
            names.authorisation.append(sha);
        }
        if (a.commitment && !a.commitment->png.isEmpty()) {
            names.signature = sealPage(a.commitment->png, QStringLiteral("commitment_signature"), 1);
            if (names.signature.isEmpty())
                return out;
        }

        const auto localNo = outbox_->allocateLocalNo();
        if (!localNo.isOk()) {
            out.problem = localNo.error.code == queue::StoreErrorCode::DiskFull ? SubmitProblem::DiskLow
                                                                                : SubmitProblem::StoreFailed;
            out.detail = localNo.error.message;
            return out;
        }
        queue::EnvelopeMeta meta;
        meta.localNo = localNo.value;
        meta.kioskId = settings_.kioskId;
        meta.createdAt = QDateTime::currentDateTimeUtc();
        meta.itemCode = a.itemCode;
        meta.itemVersion = a.itemVersion;
        if (a.queryCode.isEmpty())
            a.queryCode = newQueryCode(); // the citizen confirmed: the case's proof for lookups starts here
        QJsonObject payload = buildPayload(a, names);
        const auto envelope = sealer_->sealEnvelope(meta, payload, refs);
        payload = QJsonObject();
        if (!envelope.isOk()) {
            out.problem = SubmitProblem::SealFailed;
            out.detail = envelope.error.message;
            return out;
        }
        const auto enq = outbox_->enqueue(envelope.value, blobs);
        if (!enq.isOk()) {
            const auto code = enq.error.code;
            out.problem = (code == queue::StoreErrorCode::DiskFloor || code == queue::StoreErrorCode::DiskFull)
                              ? SubmitProblem::DiskLow
                              : SubmitProblem::StoreFailed;
            out.detail = enq.error.message;
            qCWarning(lcSubmit).noquote() << "enqueue failed for" << meta.localNo << ":" << out.detail;
            return out;
        }
        out.id = envelope.value.id;
        out.localNo = meta.localNo;
        out.queryCode = a.queryCode;
        out.createdAt = meta.createdAt;
        out.pages = blobs.size();
        qCInfo(lcSubmit).noquote() << "queued" << out.localNo << a.itemCode << "with" << out.pages << "sealed blobs";
        return out;
    }

    SubmissionService::LocalStatus lookup(const QString &localNo)
    {
        SubmissionService::LocalStatus st;
        if (!outbox_)
            return st;
        const auto found = outbox_->findByLocalNo(localNo);
        if (!found.isOk()) {
            qCWarning(lcSubmit).noquote() << "local lookup failed:" << found.error.message;
            return st;
        }
        if (!found.value)
            return st;
        const queue::SubmissionInfo &i = *found.value;
        st.found = true;
        st.state = queue::toString(i.state);
        st.caseNo = i.caseNo;
        st.itemCode = i.itemCode;
        st.created = i.createdWall;
        return st;
    }

    bool queueEvaluation(const QJsonObject &evaluation)
    {
        if (!outbox_)
            return false;
        const QByteArray body = queue::canonicalJson(evaluation);
        const auto r = outbox_->enqueueEvaluation(evaluation.value(QStringLiteral("id")).toString(), body);
        if (!r.isOk())
            qCWarning(lcSubmit).noquote() << "evaluation not queued:" << r.error.message;
        return r.isOk();
    }

signals:
    void reply(const kiosk::app::SubmissionReply &reply);

private:
    void loadCachedKey()
    {
        const QJsonObject o = QJsonDocument::fromJson(readAll(settings_.keyCacheFile)).object();
        const QString keyId = o.value(QStringLiteral("key_id")).toString();
        const QByteArray pem = o.value(QStringLiteral("public_key_pem")).toString().toLatin1();
        if (keyId.isEmpty() || pem.isEmpty())
            return;
        auto sealer = std::make_unique<queue::Sealer>(queue::PlatformKey{keyId, pem}, kioskKeyPem_);
        if (sealer->error().code == queue::SealErrorCode::InvalidPlatformKey) {
            qCWarning(lcSubmit).noquote() << "cached platform key unusable:" << sealer->error().message;
            return;
        }
        sealer_ = std::move(sealer);
    }

    SubmissionSettings settings_;
    std::unique_ptr<queue::Store> store_;
    std::unique_ptr<queue::Outbox> outbox_;
    std::unique_ptr<queue::Sealer> sealer_;
    QByteArray kioskKeyPem_;
};

VisitParties visitParties(const VisitState &visit)
{
    VisitParties parties;
    QJsonObject holder = visit.applicant().toPersonJson();
    if (visit.faceVerified())
        holder.insert(QStringLiteral("verified_by"), QStringLiteral("face"));
    parties.applicant = visit.agentMode() ? visit.subject().toPersonJson() : holder;
    parties.agent = visit.agentMode() ? QJsonValue(holder) : QJsonValue(QJsonValue::Null);
    return parties;
}

ApplicationSnapshot visitSnapshot(const VisitState &visit)
{
    const VisitParties parties = visitParties(visit);
    ApplicationSnapshot snapshot =
        visit.draft().snapshot(parties.applicant, parties.agent, Draft::notesOf(visit.review()));
    snapshot.consent = visit.consent(); // the staff identity check is one of the review's findings
    return snapshot;
}

ReceiptData visitReceipt(const VisitState &visit, const QString &language, const ReceiptSettings &settings)
{
    const Draft &d = visit.draft();
    const ServiceItem &it = d.item();
    ReceiptData r;
    r.centreName = settings.centreName;
    r.itemName = it.name.in(language);
    r.itemCode = it.code;
    r.promisedDays = it.promisedLimitDays;
    r.feeDueFen = it.totalFeeFen();
    r.feePayableAtKiosk = it.paysAtKiosk();
    r.maskedName = visit.subject().maskedName();
    if (visit.agentMode())
        r.agentMaskedName = visit.applicant().maskedName();
    for (const QString &id : d.toleratedIds()) {
        if (const MaterialState *m = d.material(id))
            r.toleratedMaterials << m->spec.name.in(language);
    }
    r.delivery = ReceiptText::deliveryName(d.delivery().method);
    r.hotline = settings.hotline;
    return r;
}

QDate promisedDate(const QDateTime &createdAt, int days, const QTimeZone &zone)
{
    if (days <= 0 || !createdAt.isValid())
        return {};
    return addWorkingDays(createdAt.toTimeZone(zone).date(), days);
}

void completeReceipt(ReceiptData &receipt, const SubmissionOutcome &outcome, const ReceiptSettings &settings)
{
    receipt.localNo = outcome.localNo;
    receipt.queryCode = outcome.queryCode;
    receipt.createdAt = outcome.createdAt;
    receipt.promisedDate = promisedDate(outcome.createdAt, receipt.promisedDays, settings.zone);
    receipt.queryPayload = receiptQueryPayload(settings.queryUrl, outcome.localNo, outcome.queryCode);
}

SubmissionService::SubmissionService(SubmissionSettings settings, QObject *parent)
    : QObject(parent), settings_(std::move(settings))
{
    qRegisterMetaType<SubmissionOutcome>();
    qRegisterMetaType<Readiness>();
    qRegisterMetaType<ReceiptData>();
    qRegisterMetaType<SubmissionReply>();
    readiness_ = {SubmitProblem::NotReady, QStringLiteral("not started")};
}

SubmissionService::~SubmissionService()
{
    stop();
}

template <typename F> bool SubmissionService::post(F &&job)
{
    if (!thread_)
        return false;
    thread_->post(std::forward<F>(job));
    return true;
}

void SubmissionService::start()
{
    if (thread_)
        return;
    worker_ = new SubmissionWorker(settings_);
    connect(
        worker_, &SubmissionWorker::reply, this, [](const SubmissionReply &r) { r.run(); }, Qt::QueuedConnection);
    thread_ = std::make_unique<common::WorkerThread>(worker_, QStringLiteral("submission"));
    state_ = State::Opening;
    readiness_ = {SubmitProblem::NotReady, QStringLiteral("queue database opening")};
    // Opening runs the integrity check and may salvage a corrupt file: seconds on a slow card, never on the GUI
    // thread. Everything posted after it waits behind it on the same thread.
    post([this, worker = worker_] {
        QString why;
        const bool ok = worker->open(&why);
        const Readiness ready = ok ? worker->check() : Readiness{SubmitProblem::NotReady, why};
        emit worker->reply({[this, ok, why, ready] {
            if (state_ != State::Opening)
                return;
            // After a failed opening the thread stays: whatever was queued behind it is answered NotReady.
            if (!ok)
                qCCritical(lcSubmit).noquote() << "cannot open the queue database:" << why;
            state_ = ok ? State::Open : State::Failed;
            readiness_ = ready;
            emit opened(ok, why);
            emit readinessChanged(ready);
        }});
    });
}

void SubmissionService::stop(int timeoutMs)
{
    state_ = State::Stopped;
    if (thread_) {
        if (!thread_->stop(timeoutMs))
            qCWarning(lcSubmit) << "the submission thread did not stop in time; it finishes by itself";
        thread_.reset();
        worker_ = nullptr; // deleted when its thread finishes
    }
}

Readiness SubmissionService::readiness() const
{
    return readiness_;
}

void SubmissionService::refreshReadiness()
{
    post([this, worker = worker_] {
        const Readiness r = worker->check();
        emit worker->reply({[this, r] {
            readiness_ = r;
            emit readinessChanged(r);
        }});
    });
}

void SubmissionService::setPlatformKey(const QString &keyId, const QByteArray &publicKeyPem)
{
    post([this, worker = worker_, keyId, publicKeyPem] {
        worker->setKey(keyId, publicKeyPem);
        const Readiness r = worker->check();
        emit worker->reply({[this, r] {
            readiness_ = r;
            emit readinessChanged(r);
        }});
    });
}

void SubmissionService::submit(ApplicationSnapshot application)
{
    enqueueSnapshot(std::move(application), std::nullopt, {});
}

Readiness SubmissionService::submitVisit(const VisitState &visit, const QString &language,
                                         const ReceiptSettings &settings)
{
    if (!visit.draft().isStarted())
        return {SubmitProblem::NotReady, QStringLiteral("no application started")};
    // Pre-review: blocking findings keep the application on the review; warnings travel with it to the reviewer.
    if (!visit.review().submissionAllowed)
        return {SubmitProblem::Blocked, QStringLiteral("the pre-review has blocking findings")};
    // While the queue is still opening the submission waits behind it; once open, a known refusal is told at once.
    if (!isOpening() && !readiness_.ok())
        return readiness_;
    enqueueSnapshot(visitSnapshot(visit), visitReceipt(visit, language, settings), settings);
    return {};
}

void SubmissionService::enqueueSnapshot(ApplicationSnapshot application, std::optional<ReceiptData> receipt,
                                        const ReceiptSettings &settings)
{
    auto shared = std::make_shared<ApplicationSnapshot>(std::move(application));
    auto finish = [this, receipt = std::move(receipt), settings](const SubmissionOutcome &out, const Readiness &r) {
        readiness_ = r;
        if (out.ok())
            emit enqueued();
        emit submitted(out);
        if (receipt) {
            ReceiptData done = *receipt;
            if (out.ok())
                completeReceipt(done, out, settings);
            emit visitSubmitted(out, out.ok() ? done : ReceiptData());
        }
        emit readinessChanged(r);
    };
    const bool posted = post([worker = worker_, shared, finish] {
        const SubmissionOutcome out = worker->submit(*shared);
        shared->wipe();
        const Readiness r = worker->check();
        emit worker->reply({[finish, out, r] { finish(out, r); }});
    });
    if (!posted) {
        shared->wipe();
        SubmissionOutcome out;
        out.problem = SubmitProblem::NotReady;
        out.detail = QStringLiteral("submission thread not running");
        const Readiness r = readiness_;
        QMetaObject::invokeMethod(
            this, [finish, out, r] { finish(out, r); }, Qt::QueuedConnection);
    }
}

void SubmissionService::lookupLocal(const QString &localNo, QObject *context, std::function<void(LocalStatus)> done)
{
    QPointer<QObject> ctx(context);
    const bool posted = post([worker = worker_, localNo, ctx, done] {
        const LocalStatus st = worker->lookup(localNo);
        emit worker->reply({[st, ctx, done] {
            if (ctx)
                done(st);
        }});
    });
    if (!posted) {
        QMetaObject::invokeMethod(
            this,
            [ctx, done] {
                if (ctx)
                    done(LocalStatus());
            },
            Qt::QueuedConnection);
    }
}

void SubmissionService::submitEvaluation(const QJsonObject &evaluation)
{
    const bool posted = post([this, worker = worker_, evaluation] {
        const bool ok = worker->queueEvaluation(evaluation);
        emit worker->reply({[this, ok] {
            if (ok)
                emit enqueued();
            emit evaluationQueued(ok);
        }});
    });
    if (!posted)
        QMetaObject::invokeMethod(
            this, [this] { emit evaluationQueued(false); }, Qt::QueuedConnection);
}

} // namespace kiosk::app

#include "submission_service.moc"
