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

FakePort::FakePort(const QString &name) : m_name(name) {}

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
    QMutexLocker lock(&m_mutex);
    m_rules.append({written, reply, times});
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
    QMutexLocker lock(&m_mutex);
    m_responder = std::move(responder);
}

void FakePort::clearScript()
{
    QMutexLocker lock(&m_mutex);
    m_rules.clear();
    m_responder = nullptr;
}

void FakePort::setStalled(bool stalled)
{
    QMutexLocker lock(&m_mutex);
    m_stalled = stalled;
}

void FakePort::setOpenFailure(bool fail, const QString &message)
{
    QMutexLocker lock(&m_mutex);
    m_openFails = fail;
    m_openFailMessage = message;
}

void FakePort::setWriteFailure(bool fail)
{
    QMutexLocker lock(&m_mutex);
    m_writeFails = fail;
}

template <typename F> void FakePort::postToLink(F &&f)
{
    // Posting while holding the lock: the link clears m_link under the same lock in its destructor, before
    // QObject's destructor discards the events still queued for it.
    QMutexLocker lock(&m_mutex);
    if (!m_link)
        return;
    FakeTransport *link = m_link;
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
    QMutexLocker lock(&m_mutex);
    m_plugged = false;
    if (!m_link)
        return;
    // Detached at once (isOpen() is false from now on); the link learns it on its own thread, like a real port
    // that notices the hang-up on its next read.
    FakeTransport *link = m_link;
    m_link = nullptr;
    const QString message = QStringLiteral("%1 unplugged").arg(m_name);
    QMetaObject::invokeMethod(
        link,
        [link, message]() {
            link->raise({TransportErrorCode::Disconnected, message}, true);
        },
        Qt::QueuedConnection);
}

void FakePort::replug()
{
    QMutexLocker lock(&m_mutex);
    m_plugged = true;
}

QList<QByteArray> FakePort::writes() const
{
    QMutexLocker lock(&m_mutex);
    return m_writes;
}

QByteArray FakePort::writtenBytes() const
{
    QMutexLocker lock(&m_mutex);
    QByteArray all;
    for (const QByteArray &w : m_writes)
        all += w;
    return all;
}

int FakePort::writeCount() const
{
    QMutexLocker lock(&m_mutex);
    return int(m_writes.size());
}

void FakePort::clearWrites()
{
    QMutexLocker lock(&m_mutex);
    m_writes.clear();
}

int FakePort::openCount() const
{
    QMutexLocker lock(&m_mutex);
    return m_opens;
}

int FakePort::openAttempts() const
{
    QMutexLocker lock(&m_mutex);
    return m_openAttempts;
}

bool FakePort::isOpen() const
{
    QMutexLocker lock(&m_mutex);
    return m_link != nullptr;
}

bool FakePort::isPlugged() const
{
    QMutexLocker lock(&m_mutex);
    return m_plugged;
}

QString FakePort::name() const
{
    QMutexLocker lock(&m_mutex);
    return m_name;
}

qint64 FakePort::lastDeliveryNs() const
{
    QMutexLocker lock(&m_mutex);
    return m_lastDeliveryNs;
}

bool FakePort::attach(FakeTransport *link, TransportError *error)
{
    QMutexLocker lock(&m_mutex);
    ++m_openAttempts;
    if (!m_plugged) {
        *error = {TransportErrorCode::OpenFailed, QStringLiteral("cannot open %1: no such device").arg(m_name)};
        return false;
    }
    if (m_openFails) {
        const QString why = m_openFailMessage.isEmpty() ? QStringLiteral("permission denied") : m_openFailMessage;
        *error = {TransportErrorCode::OpenFailed, QStringLiteral("cannot open %1: %2").arg(m_name, why)};
        return false;
    }
    ++m_opens;
    m_link = link;
    return true;
}

void FakePort::detach(FakeTransport *link)
{
    QMutexLocker lock(&m_mutex);
    if (m_link == link)
        m_link = nullptr;
}

bool FakePort::recordWrite(FakeTransport *link, const QByteArray &bytes, QList<FakeReply> *replies)
{
    Responder responder;
    {
        QMutexLocker lock(&m_mutex);
        if (m_writeFails)
            return false;
        if (m_link != link)
            return true; // unplugged under our feet: the bytes go nowhere, as into a cable with no device
        m_writes.append(bytes);
        if (m_stalled)
            return true;
        for (Rule &rule : m_rules) {
            if (rule.times != 0 && rule.written == bytes) {
                if (rule.times > 0)
                    --rule.times;
                replies->append(rule.reply);
                return true;
            }
        }
        responder = m_responder;
    }
    if (responder)
        *replies = responder(bytes);
    return true;
}

bool FakePort::stalled() const
{
    QMutexLocker lock(&m_mutex);
    return m_stalled;
}

void FakePort::noteDelivery()
{
    const qint64 now = steadyNowNs();
    QMutexLocker lock(&m_mutex);
    m_lastDeliveryNs = now;
}

// ---- FakeTransport

FakeTransport::FakeTransport(std::shared_ptr<FakePort> port, QObject *parent)
    : Transport(parent), m_port(std::move(port)), m_pump(new QTimer(this))
{
    m_clock.start();
    m_pump->setSingleShot(true);
    m_pump->setTimerType(Qt::PreciseTimer);
    connect(m_pump, &QTimer::timeout, this, &FakeTransport::pump);
}

FakeTransport::~FakeTransport()
{
    m_port->detach(this);
}

bool FakeTransport::open()
{
    if (m_open)
        return true;
    TransportError error;
    if (!m_port->attach(this, &error)) {
        emit errorOccurred(error);
        return false;
    }
    m_open = true;
    return true;
}

void FakeTransport::close()
{
    if (!m_open)
        return;
    m_open = false;
    m_out.clear();
    m_port->detach(this);
    emit closed();
}

bool FakeTransport::write(const QByteArray &bytes)
{
    if (!m_open) {
        emit errorOccurred({TransportErrorCode::NotOpen, QStringLiteral("%1 is not open").arg(name())});
        return false;
    }
    QList<FakeReply> replies;
    if (!m_port->recordWrite(this, bytes, &replies)) {
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
    return m_port->name();
}

void FakeTransport::schedule(const FakeReply &reply, bool scripted)
{
    if (reply.bytes.isEmpty())
        return;
    Outgoing o;
    o.reply = reply;
    o.readyAtMs = m_clock.elapsed() + std::max(0, reply.delayMs);
    o.scripted = scripted;
    m_out.append(o);
    // Never inside write(): a real device answers after the write returns, and drivers must cope with that.
    if (!m_pump->isActive())
        m_pump->start(0);
}

void FakeTransport::pump()
{
    while (!m_out.isEmpty() && m_open) {
        const qint64 now = m_clock.elapsed();
        if (m_out.first().readyAtMs > now) {
            m_pump->start(int(m_out.first().readyAtMs - now));
            return;
        }
        if (m_out.first().scripted && m_port->stalled()) {
            m_out.removeFirst(); // a stalled device stops talking, also in the middle of a reply
            continue;
        }
        Outgoing &o = m_out.first();
        const qsizetype left = o.reply.bytes.size() - o.offset;
        const qsizetype n = o.reply.chunkSize > 0 ? qMin<qsizetype>(o.reply.chunkSize, left) : left;
        const QByteArray chunk = o.reply.bytes.mid(o.offset, n);
        o.offset += n;
        if (o.offset >= o.reply.bytes.size())
            m_out.removeFirst();
        else
            o.readyAtMs = now + std::max(0, o.reply.chunkIntervalMs);
        m_port->noteDelivery();
        emit bytesReceived(chunk); // may write, and so append to m_out: no references held across this
        m_pump->start(0);          // one chunk per pass, so other events (timeouts) interleave as on a real line
        return;
    }
    if (!m_open)
        m_out.clear();
}

void FakeTransport::raise(const TransportError &error, bool closes)
{
    if (!m_open)
        return;
    if (closes) {
        m_open = false;
        m_out.clear();
        m_port->detach(this);
    }
    emit errorOccurred(error);
    if (closes)
        emit closed();
}

} // namespace kiosk::drivers
