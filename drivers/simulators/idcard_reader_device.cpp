// Timing and pacing of the simulated SAM_V reader; the replies themselves come from SamResponder.
#include "drivers/simulators/idcard_reader_device.h"

#include <QLoggingCategory>
#include <QRandomGenerator>

#include "drivers/idcard/frame_codec.h"
#include "drivers/simulators/pty_endpoint.h"

Q_LOGGING_CATEGORY(lcIdCardSim, "kiosk.devsim.idcard")

namespace kiosk::drivers::simulators {

namespace {

constexpr int kPaceTickMs = 4;

bool isSuccessfulRead(const QByteArray &reply)
{
    // AA AA AA 96 69 LEN LEN SW1 SW2 SW3 ...: a read reply carries text + photo, so it is the only long OK reply.
    return reply.size() > 100 && std::uint8_t(reply.at(9)) == 0x90;
}

} // namespace

IdCardReaderDevice::IdCardReaderDevice(PtyEndpoint *port, bool fast, QObject *parent)
    : QObject(parent), m_port(port), m_fast(fast)
{
    m_thinkTimer.setSingleShot(true);
    m_thinkTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_thinkTimer, &QTimer::timeout, this, &IdCardReaderDevice::finishThinking);
    m_paceTimer.setInterval(kPaceTickMs);
    m_paceTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_paceTimer, &QTimer::timeout, this, &IdCardReaderDevice::pace);
    m_interByteTimer.setSingleShot(true);
    m_interByteTimer.setInterval(kInterByteTimeoutMs);
    connect(&m_interByteTimer, &QTimer::timeout, this, [this] {
        if (const qsizetype n = m_decoder.discardPartial())
            qCDebug(lcIdCardSim) << "dropped" << n << "bytes of an incomplete command";
    });
    connect(m_port, &PtyEndpoint::received, this, &IdCardReaderDevice::onReceived);
    connect(m_port, &PtyEndpoint::hostClosed, this, &IdCardReaderDevice::reset);
}

void IdCardReaderDevice::reset()
{
    m_queue.clear();
    m_thinkTimer.stop();
    m_paceTimer.stop();
    m_interByteTimer.stop();
    m_decoder.discardPartial();
    kiosk::drivers::idcard::secureZero(m_sending);
    m_sending.clear();
    kiosk::drivers::idcard::secureZero(m_pending.reply);
    m_pending = {};
    m_state = State::Idle;
}

void IdCardReaderDevice::onReceived(const QByteArray &bytes)
{
    m_queue.append(m_decoder.feed(bytes));
    if (m_decoder.pendingBytes() > 0)
        m_interByteTimer.start();
    else
        m_interByteTimer.stop();
    processNext();
}

void IdCardReaderDevice::processNext()
{
    // The reader is half-duplex: one command at a time, the next only after the previous reply has gone out.
    while (m_state == State::Idle && !m_queue.isEmpty()) {
        const SamCommandFrame frame = m_queue.takeFirst();
        m_pending = m_responder.answer(frame);
        m_pendingCardId = m_responder.cardId();
        if (m_fast) {
            m_port->write(m_pending.reply);
            m_pending = {};
            continue;
        }
        m_state = State::Thinking;
        const int delay = m_pending.minDelayMs +
                          int(QRandomGenerator::global()->bounded(m_pending.maxDelayMs - m_pending.minDelayMs + 1));
        m_thinkTimer.start(delay);
    }
}

void IdCardReaderDevice::finishThinking()
{
    QByteArray reply = m_pending.reply;
    m_pending = {};
    // The card left the field while the SAM was still reading it: the read fails, as on a real reader.
    if (isSuccessfulRead(reply) && m_responder.cardId() != m_pendingCardId) {
        kiosk::drivers::idcard::secureZero(reply);
        reply = kiosk::drivers::idcard::encodeReply(kiosk::drivers::idcard::SamStatus::ReadFailed);
    }
    startSending(reply);
}

void IdCardReaderDevice::startSending(const QByteArray &reply)
{
    m_state = State::Sending;
    m_sending = reply;
    m_sent = 0;
    m_sendBaud = m_responder.baudRate();
    m_sendClock.start();
    pace();
    if (m_state == State::Sending)
        m_paceTimer.start();
}

void IdCardReaderDevice::pace()
{
    // Hand the host only as many bytes as the UART would have shifted out by now (10 bits per byte at 8N1), so a
    // 1295-byte read takes its real ~112 ms and arrives in pieces, as it does from a real reader.
    const qint64 due = qMin<qint64>(m_sending.size(), 1 + m_sendClock.nsecsElapsed() * m_sendBaud / 10 / 1000000000);
    if (due > m_sent) {
        m_port->write(m_sending.mid(m_sent, due - m_sent));
        m_sent = due;
    }
    if (m_sent < m_sending.size())
        return;
    m_paceTimer.stop();
    kiosk::drivers::idcard::secureZero(m_sending);
    m_sending.clear();
    m_state = State::Idle;
    processNext();
}

} // namespace kiosk::drivers::simulators
