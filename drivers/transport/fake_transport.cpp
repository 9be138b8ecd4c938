// The fake device end and its host-side link: a mutex-guarded script shared with the test, replies delivered
// by timers on the link's own thread.
#include "drivers/transport/fake_transport.h"

#include <QMetaObject>
#include <QMutexLocker>
#include <QTimer>

#include <chrono>

namespace kiosk::drivers {

namespace {
qint64 steadyNowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}
} // namespace

// ---- FakePort

std::shared_ptr<FakePort> FakePort::create(const QString &name)
{
    return std::shared_ptr<FakePort>(new FakePort(name));
}

FakePort::FakePort(const QString &name) : name_(name) {}

FakePort::~FakePort() = default;

TransportFactory FakePort::factory()
{
    std::weak_ptr<FakePort> weak = weak_from_this();
    return [weak]() -> std::unique_ptr<Transport> {
        std::shared_ptr<FakePort> port = weak.lock();
        if (!port)
            return nullptr;
        return std::make_unique<FakeTransport>(port);
    };
}

void FakePort::addReply(const QByteArray &written, const FakeReply &reply, int times)
{
    QMutexLocker lock(&mutex_);
    rules_.append({written, reply, times});
}

void FakePort::addReply(const QByteArray &written, const QByteArray &reply, int delayMs, int times)
{
    FakeReply r;
    r.bytes = reply;
    r.delayMs = delayMs;
    addReply(written, r, times);
}

void FakePort::setResponder(Responder responder)
{
    QMutexLocker lock(&mutex_);
    responder_ = std::move(responder);
}

void FakePort::clearScript()
{
    QMutexLocker lock(&mutex_);
    rules_.clear();
    responder_ = nullptr;
}

void FakePort::setStalled(bool stalled)
{
    QMutexLocker lock(&mutex_);
    stalled_ = stalled;
}

void FakePort::setOpenFailure(bool fail, const QString &message)
{
    QMutexLocker lock(&mutex_);
    openFails_ = fail;
    openFailMessage_ = message;
}

void FakePort::setWriteFailure(bool fail)
{
    QMutexLocker lock(&mutex_);
    writeFails_ = fail;
}

template <typename F> void FakePort::postToLink(F &&f)
{
    // Posting while holding the lock: the link clears link_ under the same lock in its destructor, before
    // QObject's destructor discards the events still queued for it.
    QMutexLocker lock(&mutex_);
    if (!link_)
        return;
    FakeTransport *link = link_;
    QMetaObject::invokeMethod(
        link, [link, f = std::forward<F>(f)]() { f(link); }, Qt::QueuedConnection);
}

void FakePort::feed(const QByteArray &bytes)
{
    FakeReply r;
    r.bytes = bytes;
    feed(r);
}

void FakePort::feed(const FakeReply &reply)
{
    postToLink([reply](FakeTransport *link) { link->schedule(reply, false); });
}

void FakePort::injectError(TransportErrorCode code, const QString &message)
{
    const TransportError error{code, message};
    const bool closes = code == TransportErrorCode::Disconnected;
    postToLink([error, closes](FakeTransport *link) { link->raise(error, closes); });
}

void FakePort::unplug()
{
    QMutexLocker lock(&mutex_);
    plugged_ = false;
    if (!link_)
        return;
    // Detached at once (isOpen() is false from now on); the link learns it on its own thread, like a real port
    // that notices the hang-up on its next read.
    FakeTransport *link = link_;
    link_ = nullptr;
    const QString message = QStringLiteral("%1 unplugged").arg(name_);
    QMetaObject::invokeMethod(
        link,
        [link, message]() {
            link->raise({TransportErrorCode::Disconnected, message}, true);
        },
        Qt::QueuedConnection);
}

void FakePort::replug()
{
    QMutexLocker lock(&mutex_);
    plugged_ = true;
}

QList<QByteArray> FakePort::writes() const
{
    QMutexLocker lock(&mutex_);
    return writes_;
}

QByteArray FakePort::writtenBytes() const
{
    QMutexLocker lock(&mutex_);
    QByteArray all;
    for (const QByteArray &w : writes_)
        all += w;
    return all;
}

int FakePort::writeCount() const
{
    QMutexLocker lock(&mutex_);
    return int(writes_.size());
}

void FakePort::clearWrites()
{
    QMutexLocker lock(&mutex_);
    writes_.clear();
}

int FakePort::openCount() const
{
    QMutexLocker lock(&mutex_);
    return opens_;
}

int FakePort::openAttempts() const
{
    QMutexLocker lock(&mutex_);
    return openAttempts_;
}

bool FakePort::isOpen() const
{
    QMutexLocker lock(&mutex_);
    return link_ != nullptr;
}

bool FakePort::isPlugged() const
{
    QMutexLocker lock(&mutex_);
    return plugged_;
}

QString FakePort::name() const
{
    QMutexLocker lock(&mutex_);
    return name_;
}

qint64 FakePort::lastDeliveryNs() const
{
    QMutexLocker lock(&mutex_);
    return lastDeliveryNs_;
}

bool FakePort::attach(FakeTransport *link, TransportError *error)
{
    QMutexLocker lock(&mutex_);
    ++openAttempts_;
    if (!plugged_) {
        *error = {TransportErrorCode::OpenFailed, QStringLiteral("cannot open %1: no such device").arg(name_)};
        return false;
    }
    if (openFails_) {
        const QString why = openFailMessage_.isEmpty() ? QStringLiteral("permission denied") : openFailMessage_;
        *error = {TransportErrorCode::OpenFailed, QStringLiteral("cannot open %1: %2").arg(name_, why)};
        return false;
    }
    ++opens_;
    link_ = link;
    return true;
}

void FakePort::detach(FakeTransport *link)
{
    QMutexLocker lock(&mutex_);
    if (link_ == link)
        link_ = nullptr;
}

bool FakePort::recordWrite(FakeTransport *link, const QByteArray &bytes, QList<FakeReply> *replies)
{
    Responder responder;
    {
        QMutexLocker lock(&mutex_);
        if (writeFails_)
            return false;
        if (link_ != link)
            return true; // unplugged under our feet: the bytes go nowhere, as into a cable with no device
        writes_.append(bytes);
        if (stalled_)
            return true;
        for (Rule &rule : rules_) {
            if (rule.times != 0 && rule.written == bytes) {
                if (rule.times > 0)
                    --rule.times;
                replies->append(rule.reply);
                return true;
            }
        }
        responder = responder_;
    }
    if (responder)
        *replies = responder(bytes);
    return true;
}

bool FakePort::stalled() const
{
    QMutexLocker lock(&mutex_);
    return stalled_;
}

void FakePort::noteDelivery()
{
    const qint64 now = steadyNowNs();
    QMutexLocker lock(&mutex_);
    lastDeliveryNs_ = now;
}

// ---- FakeTransport

FakeTransport::FakeTransport(std::shared_ptr<FakePort> port, QObject *parent)
    : Transport(parent), port_(std::move(port)), pump_(new QTimer(this))
{
    clock_.start();
    pump_->setSingleShot(true);
    pump_->setTimerType(Qt::PreciseTimer);
    connect(pump_, &QTimer::timeout, this, &FakeTransport::pump);
}

FakeTransport::~FakeTransport()
{
    port_->detach(this);
}

bool FakeTransport::open()
{
    if (open_)
        return true;
    TransportError error;
    if (!port_->attach(this, &error)) {
        emit errorOccurred(error);
        return false;
    }
    open_ = true;
    return true;
}

void FakeTransport::close()
{
    if (!open_)
        return;
    open_ = false;
    out_.clear();
    port_->detach(this);
    emit closed();
}

bool FakeTransport::write(const QByteArray &bytes)
{
    if (!open_) {
        emit errorOccurred({TransportErrorCode::NotOpen, QStringLiteral("%1 is not open").arg(name())});
        return false;
    }
    QList<FakeReply> replies;
    if (!port_->recordWrite(this, bytes, &replies)) {
        emit errorOccurred(
            {TransportErrorCode::Io, QStringLiteral("write to %1 failed: input/output error").arg(name())});
        return false;
    }
    for (const FakeReply &r : replies)
        schedule(r, true);
    return true;
}

QString FakeTransport::name() const
{
    return port_->name();
}

void FakeTransport::schedule(const FakeReply &reply, bool scripted)
{
    if (reply.bytes.isEmpty())
        return;
    Outgoing o;
    o.reply = reply;
    o.readyAtMs = clock_.elapsed() + std::max(0, reply.delayMs);
    o.scripted = scripted;
    out_.append(o);
    // Never inside write(): a real device answers after the write returns, and drivers must cope with that.
    if (!pump_->isActive())
        pump_->start(0);
}

void FakeTransport::pump()
{
    while (!out_.isEmpty() && open_) {
        const qint64 now = clock_.elapsed();
        if (out_.first().readyAtMs > now) {
            pump_->start(int(out_.first().readyAtMs - now));
            return;
        }
        if (out_.first().scripted && port_->stalled()) {
            out_.removeFirst(); // a stalled device stops talking, also in the middle of a reply
            continue;
        }
        Outgoing &o = out_.first();
        const qsizetype left = o.reply.bytes.size() - o.offset;
        const qsizetype n = o.reply.chunkSize > 0 ? qMin<qsizetype>(o.reply.chunkSize, left) : left;
        const QByteArray chunk = o.reply.bytes.mid(o.offset, n);
        o.offset += n;
        if (o.offset >= o.reply.bytes.size())
            out_.removeFirst();
        else
            o.readyAtMs = now + std::max(0, o.reply.chunkIntervalMs);
        port_->noteDelivery();
        emit bytesReceived(chunk); // may write, and so append to out_: no references held across this
        pump_->start(0);           // one chunk per pass, so other events (timeouts) interleave as on a real line
        return;
    }
    if (!open_)
        out_.clear();
}

void FakeTransport::raise(const TransportError &error, bool closes)
{
    if (!open_)
        return;
    if (closes) {
        open_ = false;
        out_.clear();
        port_->detach(this);
    }
    emit errorOccurred(error);
    if (closes)
        emit closed();
}

} // namespace kiosk::drivers
