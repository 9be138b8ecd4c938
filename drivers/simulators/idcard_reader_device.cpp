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
    : QObject(parent), port_(port), fast_(fast)
{
    thinkTimer_.setSingleShot(true);
    thinkTimer_.setTimerType(Qt::PreciseTimer);
    connect(&thinkTimer_, &QTimer::timeout, this, &IdCardReaderDevice::finishThinking);
    paceTimer_.setInterval(kPaceTickMs);
    paceTimer_.setTimerType(Qt::PreciseTimer);
    connect(&paceTimer_, &QTimer::timeout, this, &IdCardReaderDevice::pace);
    interByteTimer_.setSingleShot(true);
    interByteTimer_.setInterval(kInterByteTimeoutMs);
    connect(&interByteTimer_, &QTimer::timeout, this, [this] {
        if (const qsizetype n = decoder_.discardPartial())
            qCDebug(lcIdCardSim) << "dropped" << n << "bytes of an incomplete command";
    });
    connect(port_, &PtyEndpoint::received, this, &IdCardReaderDevice::onReceived);
    connect(port_, &PtyEndpoint::hostClosed, this, &IdCardReaderDevice::reset);
}

void IdCardReaderDevice::reset()
{
    queue_.clear();
    thinkTimer_.stop();
    paceTimer_.stop();
    interByteTimer_.stop();
    decoder_.discardPartial();
    kiosk::drivers::idcard::secureZero(sending_);
    sending_.clear();
    kiosk::drivers::idcard::secureZero(pending_.reply);
    pending_ = {};
    state_ = State::Idle;
}

void IdCardReaderDevice::onReceived(const QByteArray &bytes)
{
    queue_.append(decoder_.feed(bytes));
    if (decoder_.pendingBytes() > 0)
        interByteTimer_.start();
    else
        interByteTimer_.stop();
    processNext();
}

void IdCardReaderDevice::processNext()
{
    // The reader is half-duplex: one command at a time, the next only after the previous reply has gone out.
    while (state_ == State::Idle && !queue_.isEmpty()) {
        const SamCommandFrame frame = queue_.takeFirst();
        pending_ = responder_.answer(frame);
        pendingCardId_ = responder_.cardId();
        if (fast_) {
            port_->write(pending_.reply);
            pending_ = {};
            continue;
        }
        state_ = State::Thinking;
        const int delay = pending_.minDelayMs +
                          int(QRandomGenerator::global()->bounded(pending_.maxDelayMs - pending_.minDelayMs + 1));
        thinkTimer_.start(delay);
    }
}

void IdCardReaderDevice::finishThinking()
{
    QByteArray reply = pending_.reply;
    pending_ = {};
    // The card left the field while the SAM was still reading it: the read fails, as on a real reader.
    if (isSuccessfulRead(reply) && responder_.cardId() != pendingCardId_) {
        kiosk::drivers::idcard::secureZero(reply);
        reply = kiosk::drivers::idcard::encodeReply(kiosk::drivers::idcard::SamStatus::ReadFailed);
    }
    startSending(reply);
}

void IdCardReaderDevice::startSending(const QByteArray &reply)
{
    state_ = State::Sending;
    sending_ = reply;
    sent_ = 0;
    sendBaud_ = responder_.baudRate();
    sendClock_.start();
    pace();
    if (state_ == State::Sending)
        paceTimer_.start();
}

void IdCardReaderDevice::pace()
{
    // Hand the host only as many bytes as the UART would have shifted out by now (10 bits per byte at 8N1), so a
    // 1295-byte read takes its real ~112 ms and arrives in pieces, as it does from a real reader.
    const qint64 due = qMin<qint64>(sending_.size(), 1 + sendClock_.nsecsElapsed() * sendBaud_ / 10 / 1000000000);
    if (due > sent_) {
        port_->write(sending_.mid(sent_, due - sent_));
        sent_ = due;
    }
    if (sent_ < sending_.size())
        return;
    paceTimer_.stop();
    kiosk::drivers::idcard::secureZero(sending_);
    sending_.clear();
    state_ = State::Idle;
    processNext();
}

} // namespace kiosk::drivers::simulators
