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
#include <QThread>

#include "app/application/payload.h"
#include "offline_queue/envelope.h"
#include "offline_queue/outbox.h"
#include "offline_queue/storage/store.h"

Q_LOGGING_CATEGORY(lcSubmit, "kiosk.app.submission")

namespace kiosk::app {

QString toString(SubmitProblem problem)
{
    switch (problem) {
    case SubmitProblem::None: return QStringLiteral("none");
    case SubmitProblem::NotReady: return QStringLiteral("not_ready");
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

// Lives on the submission thread; owns that thread's database connection and the sealer.
class SubmissionWorker : public QObject
{
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
        kioskKeyPem_ = readAll(settings_.kioskKeyFile);
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
        if (settings_.maxQueueAgeDays > 0 && stats.value.oldestAgeS > qint64(settings_.maxQueueAgeDays) * 86400)
            return {SubmitProblem::QueueTooOld,
                    QStringLiteral("oldest unsent submission is %1 days old").arg(stats.value.oldestAgeS / 86400)};
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

SubmissionService::SubmissionService(SubmissionSettings settings, QObject *parent)
    : QObject(parent), settings_(std::move(settings))
{
    qRegisterMetaType<SubmissionOutcome>();
    qRegisterMetaType<Readiness>();
    readiness_ = {SubmitProblem::NotReady, QStringLiteral("not started")};
}

SubmissionService::~SubmissionService()
{
    stop();
}

bool SubmissionService::start(QString *error)
{
    if (running_)
        return true;
    thread_ = new QThread(this);
    thread_->setObjectName(QStringLiteral("submission"));
    worker_ = new SubmissionWorker(settings_);
    worker_->moveToThread(thread_);
    connect(thread_, &QThread::finished, worker_, &QObject::deleteLater);
    thread_->start();
    bool ok = false;
    QString why;
    Readiness ready;
    QMetaObject::invokeMethod(
        worker_,
        [&] {
            ok = worker_->open(&why);
            if (ok)
                ready = worker_->check();
        },
        Qt::BlockingQueuedConnection);
    if (!ok) {
        qCCritical(lcSubmit).noquote() << "cannot open the queue database:" << why;
        if (error)
            *error = why;
        stop();
        return false;
    }
    running_ = true;
    readiness_ = ready;
    return true;
}

void SubmissionService::stop()
{
    running_ = false;
    if (thread_) {
        thread_->quit();
        thread_->wait();
        delete thread_;
        thread_ = nullptr;
        worker_ = nullptr; // deleted by the finished signal
    }
}

Readiness SubmissionService::readiness() const
{
    return readiness_;
}

void SubmissionService::refreshReadiness()
{
    if (!running_)
        return;
    QMetaObject::invokeMethod(worker_, [this, worker = worker_] {
        const Readiness r = worker->check();
        QMetaObject::invokeMethod(this, [this, r] {
            readiness_ = r;
            emit readinessChanged(r);
        });
    });
}

void SubmissionService::setPlatformKey(const QString &keyId, const QByteArray &publicKeyPem)
{
    if (!running_)
        return;
    QMetaObject::invokeMethod(worker_, [this, worker = worker_, keyId, publicKeyPem] {
        worker->setKey(keyId, publicKeyPem);
        const Readiness r = worker->check();
        QMetaObject::invokeMethod(this, [this, r] {
            readiness_ = r;
            emit readinessChanged(r);
        });
    });
}

void SubmissionService::submit(ApplicationSnapshot application)
{
    if (!running_) {
        application.wipe();
        SubmissionOutcome out;
        out.problem = SubmitProblem::NotReady;
        out.detail = QStringLiteral("submission thread not running");
        QMetaObject::invokeMethod(
            this, [this, out] { emit submitted(out); }, Qt::QueuedConnection);
        return;
    }
    auto shared = std::make_shared<ApplicationSnapshot>(std::move(application));
    QMetaObject::invokeMethod(worker_, [this, worker = worker_, shared] {
        const SubmissionOutcome out = worker->submit(*shared);
        shared->wipe();
        const Readiness r = worker->check();
        QMetaObject::invokeMethod(this, [this, out, r] {
            readiness_ = r;
            if (out.ok())
                emit enqueued();
            emit submitted(out);
            emit readinessChanged(r);
        });
    });
}

void SubmissionService::lookupLocal(const QString &localNo, QObject *context, std::function<void(LocalStatus)> done)
{
    QPointer<QObject> ctx(context);
    if (!running_) {
        QMetaObject::invokeMethod(
            this,
            [ctx, done] {
                if (ctx)
                    done(LocalStatus());
            },
            Qt::QueuedConnection);
        return;
    }
    QMetaObject::invokeMethod(worker_, [this, worker = worker_, localNo, ctx, done] {
        const LocalStatus st = worker->lookup(localNo);
        QMetaObject::invokeMethod(this, [st, ctx, done] {
            if (ctx)
                done(st);
        });
    });
}

void SubmissionService::submitEvaluation(const QJsonObject &evaluation)
{
    if (!running_) {
        QMetaObject::invokeMethod(
            this, [this] { emit evaluationQueued(false); }, Qt::QueuedConnection);
        return;
    }
    QMetaObject::invokeMethod(worker_, [this, worker = worker_, evaluation] {
        const bool ok = worker->queueEvaluation(evaluation);
        QMetaObject::invokeMethod(this, [this, ok] {
            if (ok)
                emit enqueued();
            emit evaluationQueued(ok);
        });
    });
}

} // namespace kiosk::app
