// The maintenance menu's providers on the real kiosk (see the header).
#include "app/maintenance/maintenance_backend.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QMetaObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSettings>
#include <QStorageInfo>
#include <QTemporaryDir>
#include <QTimer>

#include <memory>

#include "app/application/peripherals.h"
#include "app/catalogue/catalogue_refresh.h"
#include "app/catalogue/catalogue_service.h"
#include "app/config/kiosk_config.h"
#include "app/devices/sam_binding.h"
#include "app/logging/log_setup.h"
#include "app/platform/platform_service.h"
#include "app/receipts/receipt.h"
#include "drivers/camera/face_camera.h"
#include "drivers/camera/frame_source.h"
#include "drivers/device_manager.h"
#include "drivers/idcard/idcard_reader.h"
#include "offline_queue/outbox.h"
#include "offline_queue/storage/store.h"
#include "offline_queue/sync_engine.h"

Q_LOGGING_CATEGORY(lcMaintBackend, "kiosk.app.maintenance.backend")

namespace kiosk::app {

namespace {

using drivers::DeviceKind;

// The first of an answer or a timeout wins; later ones are dropped. Lives on the GUI thread.
template <typename T> struct Once {
    Reply<T> done;
    QTimer timer;
    QList<QMetaObject::Connection> connections;
    bool fired = false;

    void fire(T value)
    {
        if (fired)
            return;
        fired = true;
        timer.stop();
        for (const QMetaObject::Connection &c : connections)
            QObject::disconnect(c);
        if (done)
            done(std::move(value));
    }
};

template <typename T> std::shared_ptr<Once<T>> once(Reply<T> done, int timeoutMs, T onTimeout)
{
    auto o = std::make_shared<Once<T>>();
    o->done = std::move(done);
    o->timer.setSingleShot(true);
    std::weak_ptr<Once<T>> weak = o;
    QObject::connect(&o->timer, &QTimer::timeout, [weak, onTimeout] {
        if (auto s = weak.lock())
            s->fire(onTimeout);
    });
    o->timer.start(timeoutMs);
    return o;
}

SelfTestReport report(const QString &kind, bool passed, const QString &summary, const QStringList &details = {})
{
    SelfTestReport r;
    r.kind = kind;
    r.passed = passed;
    r.summary = summary;
    r.details = details;
    return r;
}

const QStringList &secretHints()
{
    static const QStringList hints{QStringLiteral("key"),   QStringLiteral("secret"), QStringLiteral("password"),
                                   QStringLiteral("token"), QStringLiteral("pin"),    QStringLiteral("cert"),
                                   QStringLiteral("hmac")};
    return hints;
}

// A new folder `<prefix>-<kiosk>-<yyyyMMdd-HHmmss>` under `folder`.
QString freshFolder(const QString &folder, const QString &prefix, const QString &kioskId, QString *error)
{
    const QString name =
        QStringLiteral("%1-%2-%3")
            .arg(prefix, kioskId, QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")));
    QDir base(folder);
    if (!base.exists()) {
        *error = QStringLiteral("folder %1 does not exist").arg(folder);
        return {};
    }
    QString path = base.filePath(name);
    for (int i = 2; QFileInfo::exists(path); ++i)
        path = base.filePath(name + QStringLiteral("-%1").arg(i));
    if (!base.mkpath(path)) {
        *error = QStringLiteral("cannot create %1").arg(path);
        return {};
    }
    return path;
}

} // namespace

QStringList editableConfigKeys()
{
    return KioskConfig::overridableKeys();
}

QString maskedCardSummary(const drivers::idcard::CardRecord &card)
{
    const QString name = card.name.isEmpty() ? card.nameEn : card.name;
    return QStringLiteral("%1 %2").arg(maskName(name), maskIdNumber(card.idNumber));
}

QString maskedCode(const QString &code)
{
    return QStringLiteral("%1… (%2)").arg(code.left(4)).arg(code.size());
}

int parsePactlVolume(const QString &output)
{
    static const QRegularExpression percent(QStringLiteral("(\\d{1,3})%"));
    const QRegularExpressionMatch m = percent.match(output);
    return m.hasMatch() ? m.captured(1).toInt() : -1;
}

MaintenanceBackend::MaintenanceBackend(MaintenanceBackendDeps deps, QObject *parent)
    : QObject(parent), deps_(std::move(deps))
{
    pool_.setMaxThreadCount(1); // queue and log work one at a time: a technician's actions are few
    if (deps_.devices) {
        if (auto *reader =
                qobject_cast<drivers::idcard::IdCardReader *>(deps_.devices->device(DeviceKind::IdCardReader)))
            connect(reader, &drivers::idcard::IdCardReader::cardRead, this, &MaintenanceBackend::onCard);
    }
    if (deps_.catalogue) {
        connect(deps_.catalogue, &CatalogueService::ready, this, [this](qint64 version, int items) {
            catalogueVersion_ = version;
            catalogueItems_ = items;
        });
    }
    if (deps_.refresher) {
        const auto answer = [this] {
            const QList<Reply<CatalogueInfo>> waiting = std::exchange(catalogueWaiting_, {});
            CatalogueInfo info{catalogueVersion_, catalogueItems_, catalogueRefreshed_, catalogueError_};
            for (const auto &w : waiting)
                w(info);
        };
        connect(deps_.refresher, &CatalogueRefresher::refreshed, this, [this, answer](qint64 version, bool) {
            catalogueVersion_ = qMax(catalogueVersion_, version);
            catalogueRefreshed_ = QDateTime::currentDateTime();
            catalogueError_.clear();
            answer();
        });
        connect(deps_.refresher, &CatalogueRefresher::refreshFailed, this, [this, answer](const QString &why) {
            catalogueError_ = why;
            answer();
        });
    }
    if (!deps_.quit)
        deps_.quit = [](int code) { QCoreApplication::exit(code); };
}

MaintenanceBackend::~MaintenanceBackend()
{
    pool_.waitForDone();
}

template <typename T> void MaintenanceBackend::offThread(std::function<T()> work, Reply<T> done)
{
    QPointer<MaintenanceBackend> self(this);
    pool_.start([self, work = std::move(work), done = std::move(done)] {
        T value = work();
        if (!self)
            return;
        QMetaObject::invokeMethod(
            self.data(),
            [value = std::move(value), done] {
                if (done)
                    done(value);
            },
            Qt::QueuedConnection);
    });
}

// --- self-tests ---------------------------------------------------------------------------------------------------

void MaintenanceBackend::runSelfTest(const QString &kind, Reply<SelfTestReport> done)
{
    DeviceKind k;
    drivers::Device *device = nullptr;
    if (deps_.devices && drivers::deviceKindFromString(kind, &k))
        device = deps_.devices->device(k);
    if (!device) {
        // Not built: not configured, or refused by the configuration (e.g. a file-backed device outside a demo).
        const QString why =
            deps_.devices && drivers::deviceKindFromString(kind, &k) ? deps_.devices->status(k).detail : QString();
        done(report(kind, false,
                    why.isEmpty() ? QStringLiteral("%1 is not configured").arg(kind)
                                  : QStringLiteral("%1 is not available: %2").arg(kind, why)));
        return;
    }
    switch (k) {
    case DeviceKind::ReceiptPrinter: printTestReceipt(std::move(done)); return;
    case DeviceKind::IdCardReader: {
        // The reader's own check first (SAM status and id), then a card read shown masked.
        QPointer<MaintenanceBackend> self(this);
        deviceSelfTest(device, kind, [self, done](SelfTestReport sam) {
            if (!self || !sam.passed) {
                done(sam);
                return;
            }
            self->cardReadTest([sam, done](SelfTestReport card) {
                card.details = sam.details + card.details;
                card.details.prepend(QStringLiteral("sam: ") + sam.summary);
                done(card);
            });
        });
        return;
    }
    case DeviceKind::CodeScanner: {
        QPointer<MaintenanceBackend> self(this);
        deviceSelfTest(device, kind, [self, done](SelfTestReport port) {
            if (!self || !port.passed) {
                done(port);
                return;
            }
            self->codeReadTest([port, done](SelfTestReport code) {
                code.details.prepend(QStringLiteral("port: ") + port.summary);
                done(code);
            });
        });
        return;
    }
    case DeviceKind::FaceCamera: cameraCheck(std::move(done)); return;
    default: deviceSelfTest(device, kind, std::move(done)); return; // A4 test page, test scan, document camera
    }
}

void MaintenanceBackend::deviceSelfTest(drivers::Device *device, const QString &kind, Reply<SelfTestReport> done)
{
    auto o = once<SelfTestReport>(
        std::move(done), deps_.selfTestTimeoutMs,
        report(kind, false, QStringLiteral("no answer within %1 s").arg(deps_.selfTestTimeoutMs / 1000)));
    // The connection holds the state until the answer or the timeout (which also disconnects).
    o->connections << connect(device, &drivers::Device::selfTestFinished, this,
                              [o, kind](const drivers::SelfTestResult &r) {
                                  QStringList details;
                                  for (auto it = r.details.cbegin(); it != r.details.cend(); ++it)
                                      details << QStringLiteral("%1: %2").arg(it.key(), it.value().toString());
                                  o->fire(report(kind, r.passed, r.summary, details));
                              });
    device->selfTest();
}

void MaintenanceBackend::printTestReceipt(Reply<SelfTestReport> done)
{
    const QString kind = QStringLiteral("receipt_printer");
    if (!deps_.receipts || !deps_.receipts->available()) {
        done(report(kind, false, QStringLiteral("receipt printer not available")));
        return;
    }
    ReceiptData d;
    d.centreName = deps_.centreName;
    d.itemName = QStringLiteral("测试小票 / TEST RECEIPT");
    d.itemCode = QStringLiteral("TEST");
    d.localNo = QStringLiteral("TEST-%1").arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMddHHmmss")));
    d.createdAt = QDateTime::currentDateTime();
    d.hotline = deps_.hotline;
    d.delivery = QStringLiteral("—");
    d.queued = false;
    auto o = once<SelfTestReport>(std::move(done), deps_.selfTestTimeoutMs,
                                  report(kind, false, QStringLiteral("the printer did not finish the test receipt")));
    auto job = std::make_shared<quint64>(0);
    o->connections << connect(
        deps_.receipts, &ReceiptService::printed, this, [o, job, kind](quint64 id, ReceiptProblem problem) {
            if (id != *job)
                return;
            o->fire(problem == ReceiptProblem::None
                        ? report(kind, true, QStringLiteral("test receipt printed"))
                        : report(kind, false, QStringLiteral("test receipt failed: %1").arg(toString(problem))));
        });
    *job = deps_.receipts->print(d);
}

void MaintenanceBackend::cardReadTest(Reply<SelfTestReport> done)
{
    const QString kind = QStringLiteral("idcard_reader");
    if (cardTest_) // one at a time: the earlier one is answered as superseded
        std::exchange(cardTest_, {})(report(kind, false, QStringLiteral("superseded by a new card-read test")));
    auto o = once<SelfTestReport>(
        std::move(done), deps_.waitForCardMs,
        report(kind, false, QStringLiteral("no card presented within %1 s").arg(deps_.waitForCardMs / 1000)));
    connect(&o->timer, &QTimer::timeout, this, [this] { cardTest_ = {}; });
    cardTest_ = [o](SelfTestReport r) { o->fire(std::move(r)); };
}

void MaintenanceBackend::onCard(const drivers::idcard::CardRecord &card)
{
    if (cardTest_) {
        // Only the masked forms leave this function.
        std::exchange(cardTest_, {})(report(QStringLiteral("idcard_reader"), true,
                                            QStringLiteral("card read: %1").arg(maskedCardSummary(card))));
        return;
    }
    if (cardSignIn_ && !card.idNumber.isEmpty())
        cardSignIn_(card.idNumber); // hashed by MaintenanceAuth, never shown or logged
}

void MaintenanceBackend::codeReadTest(Reply<SelfTestReport> done)
{
    const QString kind = QStringLiteral("code_scanner");
    if (!deps_.codes || !deps_.codes->available()) {
        done(report(kind, false, QStringLiteral("code scanner not available")));
        return;
    }
    auto *listener = new QObject(this);
    auto o = once<SelfTestReport>(
        [listener, codes = QPointer<CodeInput>(deps_.codes), done](SelfTestReport r) {
            if (codes)
                codes->stop(listener);
            listener->deleteLater();
            done(std::move(r));
        },
        deps_.waitForCardMs,
        report(kind, false, QStringLiteral("no code scanned within %1 s").arg(deps_.waitForCardMs / 1000)));
    o->connections << connect(deps_.codes, &CodeInput::code, listener, [o, kind](const QString &text) {
        o->fire(report(kind, true, QStringLiteral("code read: %1").arg(maskedCode(text))));
    });
    o->connections << connect(deps_.codes, &CodeInput::rejected, listener, [o, kind] {
        o->fire(report(kind, false, QStringLiteral("a code was scanned but could not be used")));
    });
    deps_.codes->listen(listener);
}

void MaintenanceBackend::cameraCheck(Reply<SelfTestReport> done)
{
    const QString kind = QStringLiteral("face_camera");
    auto *camera =
        deps_.devices ? qobject_cast<drivers::FaceCamera *>(deps_.devices->device(DeviceKind::FaceCamera)) : nullptr;
    drivers::FrameSource *source = camera ? camera->frameSource() : nullptr;
    if (!source) {
        done(report(kind, false, QStringLiteral("face camera not available")));
        return;
    }
    // One frame for the technician's eyes, in memory only: no citizen is at the kiosk while the menu is open, and
    // the frame is neither stored nor logged. The camera is stopped again if this check started it.
    const bool startedHere = !source->isActive();
    QPointer<drivers::FrameSource> guard(source);
    auto o = once<SelfTestReport>(
        [guard, startedHere, done](SelfTestReport r) {
            if (guard && startedHere)
                guard->stop();
            done(std::move(r));
        },
        10'000, report(kind, false, QStringLiteral("no frame within 10 s")));
    o->connections << connect(source, &drivers::FrameSource::frameReady, this, [o, kind](const QImage &frame, qint64) {
        SelfTestReport r = report(kind, !frame.isNull(), QStringLiteral("frame received"),
                                  {QStringLiteral("size: %1x%2").arg(frame.width()).arg(frame.height())});
        r.preview = frame.scaledToWidth(qMin(480, frame.width()), Qt::SmoothTransformation);
        o->fire(std::move(r));
    });
    if (startedHere)
        source->start();
}

// --- queue ----------------------------------------------------------------------------------------------------

namespace {

struct QueueHandle {
    std::unique_ptr<queue::Store> store;
    std::unique_ptr<queue::Outbox> outbox;
    QString error;
};

QueueHandle openQueue(const QString &path, const QString &kioskId)
{
    QueueHandle q;
    if (!QFileInfo::exists(path)) {
        q.error = QStringLiteral("no queue at %1").arg(path);
        return q;
    }
    queue::StoreOptions options;
    options.recoverCorrupt = false; // the kiosk's own start-up does that, never a menu action
    queue::StoreOpenResult r = queue::Store::open(path, queue::Outbox::migrations(), options);
    if (!r.isOk()) {
        q.error = r.error.message;
        return q;
    }
    q.store = std::move(r.store);
    queue::OutboxOptions oo;
    oo.kioskId = kioskId;
    q.outbox = std::make_unique<queue::Outbox>(*q.store, oo);
    return q;
}

} // namespace

QStringList MaintenanceBackend::exportFolders() const
{
    QStringList out;
    const auto consider = [&](const QString &path) {
        const QFileInfo info(path);
        if (!info.isDir() || !info.isWritable())
            return;
        if (deps_.requireMountPoint) {
            const QStorageInfo storage(path);
            if (!storage.isValid() || !storage.isReady() || storage.isReadOnly() ||
                QDir::cleanPath(storage.rootPath()) != QDir::cleanPath(info.absoluteFilePath()))
                return;
        }
        out << info.absoluteFilePath();
    };
    for (const QString &root : deps_.removableRoots) {
        // /media/<label>, /media/<user>/<label>, /run/media/<user>/<label>
        const QDir dir(root);
        for (const QFileInfo &first : dir.entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
            const int before = int(out.size());
            consider(first.absoluteFilePath());
            if (out.size() > before)
                continue;
            for (const QFileInfo &second :
                 QDir(first.absoluteFilePath()).entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name))
                consider(second.absoluteFilePath());
        }
    }
    if (!deps_.exportDir.isEmpty() && QFileInfo(deps_.exportDir).isDir())
        out << QFileInfo(deps_.exportDir).absoluteFilePath();
    out.removeDuplicates();
    return out;
}

MaintenanceProviders MaintenanceBackend::providers()
{
    MaintenanceProviders p;
    p.devices = [devices = deps_.devices] { return devices ? describeDevices(*devices) : QList<DeviceDescription>{}; };
    if (SamBinding *sam = deps_.readerSam) {
        p.readerSam = [sam] {
            const SamRecord r = sam->record();
            return ReaderSamStatus{toString(sam->state()), r.recordedId, r.seenId};
        };
        p.acceptReaderSam = [sam](const QString &by) { return sam->acceptSeen(by); };
    }
    if (deps_.sync) {
        p.queueStatus = [sync = deps_.sync] { return sync->status().toJson(); };
        p.syncNow = [sync = deps_.sync] { sync->syncNow(); };
    }
    p.runSelfTest = [this](const QString &kind, Reply<SelfTestReport> done) { runSelfTest(kind, std::move(done)); };
    p.watchCards = [this](std::function<void(QString)> onCard) { watchCards(std::move(onCard)); };

    const QString path = deps_.queueDatabasePath;
    const QString kioskId = deps_.kioskId;
    QPointer<queue::SyncEngine> sync(deps_.sync);
    const auto poke = [sync] {
        if (sync)
            sync->syncNow(); // counts refresh on the pass; a retried item goes out on it
    };
    p.deadLetters = [this, path, kioskId](Reply<QList<DeadLetter>> done) {
        offThread<QList<DeadLetter>>(
            [path, kioskId] {
                QList<DeadLetter> out;
                QueueHandle q = openQueue(path, kioskId);
                if (!q.outbox)
                    return out;
                const auto items = q.outbox->list(10'000);
                for (const queue::SubmissionInfo &i : items.value) {
                    if (i.state == queue::SubmissionState::Dead)
                        out.append({i.id, i.localNo, i.itemCode, i.lastError, i.attempts});
                }
                const auto evaluations = q.outbox->deadEvaluations(10'000);
                for (const queue::DeadEvaluation &e : evaluations.value)
                    out.append(
                        {e.id, e.caseOrLocalNo, e.itemCode, e.lastError, e.attempts, DeadLetter::Kind::Evaluation});
                return out;
            },
            std::move(done));
    };
    // A dead letter is an application or, when no application has that id, a refused 好差评.
    using DeadAction = queue::StoreError (queue::Outbox::*)(const QString &);
    auto onDeadLetter = [this, path, kioskId, poke](DeadAction submission, DeadAction evaluation) {
        return [this, path, kioskId, poke, submission, evaluation](const QString &id, Reply<QString> done) {
            offThread<QString>(
                [path, kioskId, id, submission, evaluation] {
                    QueueHandle q = openQueue(path, kioskId);
                    if (!q.outbox)
                        return q.error;
                    queue::StoreError e = (q.outbox.get()->*submission)(id);
                    if (e.code == queue::StoreErrorCode::NotFound)
                        e = (q.outbox.get()->*evaluation)(id);
                    return e.message;
                },
                [poke, done](const QString &error) {
                    poke();
                    done(error);
                });
        };
    };
    p.retryDead = onDeadLetter(&queue::Outbox::retryDead, &queue::Outbox::retryDeadEvaluation);
    p.deleteDead = onDeadLetter(&queue::Outbox::deleteDead, &queue::Outbox::deleteDeadEvaluation);
    p.exportFolders = [this] { return exportFolders(); };
    p.exportQueue = [this, path, kioskId](const QString &folder, Reply<std::pair<QString, QString>> done) {
        offThread<std::pair<QString, QString>>(
            [path, kioskId, folder]() -> std::pair<QString, QString> {
                QueueHandle q = openQueue(path, kioskId);
                if (!q.outbox)
                    return {QString(), q.error};
                QString error;
                const QString target = freshFolder(folder, QStringLiteral("kiosk-queue"), kioskId, &error);
                if (target.isEmpty())
                    return {QString(), error};
                const auto r = q.outbox->exportTo(target);
                if (!r.isOk())
                    return {QString(), r.error.message};
                qCInfo(lcMaintBackend) << "queue exported:" << r.value.submissions << "submission(s) to" << target;
                return {target, QString()};
            },
            std::move(done));
    };

    p.catalogue = [this] {
        return CatalogueInfo{catalogueVersion_, catalogueItems_, catalogueRefreshed_, catalogueError_};
    };
    p.refreshCatalogue = [this](Reply<CatalogueInfo> done) {
        if (!deps_.refresher || !deps_.platform || !deps_.platform->isConfigured()) {
            done(CatalogueInfo{catalogueVersion_, catalogueItems_, catalogueRefreshed_,
                               QStringLiteral("platform not configured")});
            return;
        }
        catalogueWaiting_.append(std::move(done));
        deps_.refresher->refreshNow(); // a refresh already under way answers all who wait
    };
    p.checkNetwork = [this](Reply<NetworkCheck> done) {
        if (!deps_.platform || !deps_.platform->isConfigured()) {
            NetworkCheck c;
            c.detail = QStringLiteral("platform not configured");
            done(c);
            return;
        }
        deps_.platform->checkConnection(this, [done](const ConnectionCheck &r) {
            NetworkCheck c;
            c.configured = r.configured;
            c.reachable = r.httpStatus > 0;
            c.httpStatus = r.httpStatus;
            c.networkError = r.networkError;
            c.pins = r.pins;
            const bool handshake = c.reachable || r.networkError == QLatin1String("pin");
            c.tls = handshake ? QStringLiteral("ok")
                              : (r.networkError == QLatin1String("tls") ? QStringLiteral("failed")
                                                                        : QStringLiteral("unchecked"));
            c.pin = r.networkError == QLatin1String("pin")
                        ? QStringLiteral("failed")
                        : (c.reachable && r.pins > 0 ? QStringLiteral("ok") : QStringLiteral("unchecked"));
            if (r.serverDate.isValid())
                c.clockOffsetMs = r.localDate.msecsTo(r.serverDate);
            c.detail = r.errorText;
            done(c);
        });
    };

    const QString logDir = deps_.logDir;
    p.recentLogs = [this, logDir](int lines, Reply<QStringList> done) {
        const QString current =
            currentLogFile().isEmpty() ? QDir(logDir).filePath(QStringLiteral("kiosk.log")) : currentLogFile();
        offThread<QStringList>(
            [current, lines] {
                QFile f(current);
                if (!f.open(QIODevice::ReadOnly))
                    return QStringList();
                const qint64 tail = 256 * 1024; // enough for a screenful, bounded whatever the file's size
                if (f.size() > tail)
                    f.seek(f.size() - tail);
                QStringList all = QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
                if (f.size() > tail && !all.isEmpty())
                    all.removeFirst(); // a cut line
                return all.mid(qMax(0, int(all.size()) - lines));
            },
            std::move(done));
    };
    p.exportLogs = [this, logDir, kioskId](const QString &folder, Reply<std::pair<QString, QString>> done) {
        offThread<std::pair<QString, QString>>(
            [logDir, kioskId, folder]() -> std::pair<QString, QString> {
                const QFileInfoList files = QDir(logDir).entryInfoList({QStringLiteral("kiosk.log*")}, QDir::Files);
                if (files.isEmpty())
                    return {QString(), QStringLiteral("no log files in %1").arg(logDir)};
                QString error;
                const QString target = freshFolder(folder, QStringLiteral("kiosk-logs"), kioskId, &error);
                if (target.isEmpty())
                    return {QString(), error};
                for (const QFileInfo &f : files) {
                    if (!QFile::copy(f.absoluteFilePath(), QDir(target).filePath(f.fileName())))
                        return {QString(), QStringLiteral("cannot copy %1").arg(f.fileName())};
                }
                return {target, QString()};
            },
            std::move(done));
    };

    p.config = [this] { return config(); };
    if (!deps_.configPath.isEmpty() && !deps_.localConfigPath.isEmpty())
        p.setConfig = [this](const QString &key, const QString &value) { return setConfig(key, value); };
    p.volume = [this](Reply<int> done) {
        pactlRun({QStringLiteral("get-sink-volume"), QStringLiteral("@DEFAULT_SINK@")},
                 [done](int code, const QString &out) { done(code == 0 ? parsePactlVolume(out) : -1); });
    };
    p.setVolume = [this](int percent, Reply<bool> done) {
        pactlRun(
            {QStringLiteral("set-sink-volume"), QStringLiteral("@DEFAULT_SINK@"), QStringLiteral("%1%").arg(percent)},
            [done](int code, const QString &) { done(code == 0); });
    };
    p.quit = [this](int code) {
        if (code == kExitLeaveKiosk)
            writeLeaveKioskMarker();
        deps_.quit(code);
    };
    return p;
}

void MaintenanceBackend::pactlRun(const QStringList &args, std::function<void(int, QString)> done)
{
    auto *process = new QProcess(this);
    auto answered = std::make_shared<bool>(false);
    const auto answer = [process, answered, done](int code) {
        if (*answered)
            return;
        *answered = true;
        done(code, QString::fromUtf8(process->readAllStandardOutput()));
        process->deleteLater();
    };
    connect(process, &QProcess::finished, this,
            [answer](int code, QProcess::ExitStatus status) { answer(status == QProcess::NormalExit ? code : -1); });
    connect(process, &QProcess::errorOccurred, this, [answer](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart)
            answer(-1);
    });
    process->start(deps_.pactl, args);
}

// --- configuration --------------------------------------------------------------------------------------------

QList<ConfigEntry> MaintenanceBackend::config() const
{
    QList<ConfigEntry> out;
    if (deps_.configPath.isEmpty())
        return out;
    QSettings ini(deps_.configPath, QSettings::IniFormat);
    // The menu's settings as the kiosk reads them: /etc's file, then the local override.
    const KioskConfig effective = KioskConfig::load(deps_.configPath, deps_.localConfigPath, nullptr);
    const QStringList editable = editableConfigKeys();
    for (const QString &key : ini.allKeys()) {
        if (editable.contains(key))
            continue;
        ConfigEntry e;
        e.key = key;
        const QString lower = key.section(QLatin1Char('/'), -1).toLower();
        bool secret = false;
        for (const QString &hint : secretHints())
            secret = secret || lower.contains(hint);
        e.value = secret ? QStringLiteral("••••") : ini.value(key).toString();
        out << e;
    }
    // The editable keys are listed even when the files leave them at their defaults.
    for (const QString &key : editable)
        out << ConfigEntry{key, effective.overridableValue(key), true, effective.overriddenKeys.contains(key)};
    return out;
}

QString MaintenanceBackend::setConfig(const QString &key, const QString &value)
{
    if (!editableConfigKeys().contains(key))
        return QStringLiteral("%1 may not be changed from the menu").arg(key);
    if (deps_.localConfigPath.isEmpty())
        return QStringLiteral("no local settings file to write");
    // Checked by the kiosk's own config rules on a copy of the local file first: a bad value never reaches it.
    // /etc's file is only read (root's, read-only under the unit's ProtectSystem=, and its comments stay).
    QTemporaryDir scratch;
    const QString copy = scratch.filePath(QStringLiteral("check.conf"));
    if (!scratch.isValid() || (QFileInfo::exists(deps_.localConfigPath) && !QFile::copy(deps_.localConfigPath, copy)))
        return QStringLiteral("cannot check the configuration");
    {
        QSettings trial(copy, QSettings::IniFormat);
        trial.setValue(key, value);
        trial.sync();
    }
    QList<ConfigProblem> problems;
    KioskConfig::load(deps_.configPath, copy, &problems);
    for (const ConfigProblem &p : problems) {
        if (p.key == key)
            return p.message;
    }
    QDir().mkpath(QFileInfo(deps_.localConfigPath).absolutePath());
    QSettings ini(deps_.localConfigPath, QSettings::IniFormat);
    ini.setValue(key, value);
    ini.sync();
    if (ini.status() != QSettings::NoError)
        return QStringLiteral("cannot write %1").arg(deps_.localConfigPath);
    qCInfo(lcMaintBackend).noquote() << "config" << key << "changed from the maintenance menu in"
                                     << deps_.localConfigPath;
    return {};
}

void MaintenanceBackend::writeLeaveKioskMarker()
{
    if (deps_.leaveKioskMarker.isEmpty())
        return;
    QFile marker(deps_.leaveKioskMarker);
    if (!marker.open(QIODevice::WriteOnly | QIODevice::Truncate) || marker.write("78\n") != 3 || !marker.flush())
        qCCritical(lcMaintBackend).noquote() << "cannot write" << deps_.leaveKioskMarker << marker.errorString()
                                             << "- the kiosk service will restart the kiosk";
}

} // namespace kiosk::app
