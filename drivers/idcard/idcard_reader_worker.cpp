// The ID-card reader's worker: one command outstanding at a time; every reply, timeout and link event moves it on.
#include "drivers/idcard/idcard_reader_worker.h"

#include <QtEndian>

namespace kiosk::drivers::idcard {

Q_LOGGING_CATEGORY(lcIdCard, "kiosk.drivers.idcard")

namespace {

QString commandName(SamCommand c)
{
    switch (c) {
    case SamCommand::ResetSam: return QStringLiteral("reset SAM (10 FF)");
    case SamCommand::SamStatus: return QStringLiteral("SAM status (11 FF)");
    case SamCommand::SamId: return QStringLiteral("SAM id (12 FF)");
    case SamCommand::FindCard: return QStringLiteral("find card (20 01)");
    case SamCommand::SelectCard: return QStringLiteral("select card (20 02)");
    case SamCommand::ReadBase: return QStringLiteral("read card (30 01)");
    case SamCommand::ReadAppendedAddress: return QStringLiteral("read appended address (30 03)");
    case SamCommand::ReadBaseWithFingerprint: return QStringLiteral("read card with fingerprint (30 10)");
    }
    return QStringLiteral("command");
}

// Status codes that are about the card in the field, not the reader: the reader is fine, the card is not readable
// (moved, not a resident card, failed authentication). Everything else that is not OK is a reader fault.
bool isCardLevelStatus(std::uint8_t sw3)
{
    switch (SamStatus(sw3)) {
    case SamStatus::NoCard:
    case SamStatus::SelectFailed:
    case SamStatus::ReadFailed:
    case SamStatus::UnknownCardType:
    case SamStatus::NoContent:
    case SamStatus::CardAuthenticationFailed:
    case SamStatus::InformationVerificationFailed:
    case SamStatus::RandomNumberFailed: return true;
    default: return false;
    }
}

// The SAM id as reader vendors print it: "05.01-20101209-0000123456-1234567890" (16 bytes, little-endian parts).
QString formatSamId(const QByteArray &id)
{
    if (id.size() != 16)
        return QString::fromLatin1(id.toHex());
    const auto *p = reinterpret_cast<const uchar *>(id.constData());
    return QStringLiteral("%1.%2-%3-%4-%5")
        .arg(qFromLittleEndian<quint16>(p), 2, 10, QLatin1Char('0'))
        .arg(qFromLittleEndian<quint16>(p + 2), 2, 10, QLatin1Char('0'))
        .arg(qFromLittleEndian<quint32>(p + 4), 8, 10, QLatin1Char('0'))
        .arg(qFromLittleEndian<quint32>(p + 8), 10, 10, QLatin1Char('0'))
        .arg(qFromLittleEndian<quint32>(p + 12), 10, 10, QLatin1Char('0'));
}

} // namespace

IdCardReaderWorker::IdCardReaderWorker(TransportFactory factory, IdCardReaderConfig config)
    : DeviceWorker(lcIdCard)
    , config_(std::move(config))
    , link_(new ReconnectingTransport(std::move(factory), config_.reopenIntervalMs, this))
{
    commandTimer_->setSingleShot(true);
    commandTimer_->setTimerType(Qt::PreciseTimer);
    connect(commandTimer_, &QTimer::timeout, this, &IdCardReaderWorker::onCommandTimeout);
    pollTimer_->setSingleShot(true);
    connect(pollTimer_, &QTimer::timeout, this, &IdCardReaderWorker::onPollTimer);
    recoveryTimer_->setSingleShot(true);
    connect(recoveryTimer_, &QTimer::timeout, this, &IdCardReaderWorker::recover);
    connect(link_, &ReconnectingTransport::opened, this, &IdCardReaderWorker::onLinkOpened);
    connect(link_, &ReconnectingTransport::lost, this, &IdCardReaderWorker::onLinkLost);
    connect(link_, &ReconnectingTransport::linkError, this, &IdCardReaderWorker::onLinkError);
    connect(link_, &ReconnectingTransport::bytesReceived, this, &IdCardReaderWorker::onBytes);
}

IdCardReaderWorker::~IdCardReaderWorker()
{
    decoder_.reset();
}

void IdCardReaderWorker::open()
{
    if (started_)
        return;
    started_ = true;
    everOpened_ = false;
    link_->start();
}

void IdCardReaderWorker::close()
{
    started_ = false;
    abortCommand();
    pollTimer_->stop();
    recoveryTimer_->stop();
    link_->stop();
    releaseCard();
    if (selfTestPending_)
        finishSelfTest(false, QStringLiteral("card reader closed"));
    setStatus({DeviceState::Offline, QStringLiteral("card reader closed"), QString()});
}

void IdCardReaderWorker::selfTest()
{
    if (!link_->isOpen() || faulty_ || !online_) {
        SelfTestResult r;
        r.summary = QStringLiteral("card reader unavailable: %1").arg(status_.detail);
        emit selfTestFinished(r);
        return;
    }
    selfTestPending_ = true;
    if (!pending_ && !inCycle_)
        startSelfTest();
    // else: runs when the poll cycle under way is done
}

void IdCardReaderWorker::onLinkOpened()
{
    everOpened_ = true;
    decoder_.reset();
    qCInfo(lcIdCard) << "port open:" << link_->linkName();
    faulty_ = false;
    faultReported_ = false; // the outage was reported; a fault after it starts a new cycle
    beginReset();
}

void IdCardReaderWorker::onLinkLost(const TransportError &error)
{
    abortCommand();
    pollTimer_->stop();
    recoveryTimer_->stop();
    online_ = false;
    faulty_ = false;
    releaseCard();
    if (selfTestPending_)
        finishSelfTest(false, QStringLiteral("card reader disconnected"));
    const bool unplugged = everOpened_;
    const IdCardError e{unplugged ? IdCardErrorKind::Unplugged : IdCardErrorKind::OpenFailed, 0, -1, error.message};
    setStatus(unplugged
                  ? DeviceStatus{DeviceState::NoDevice, QStringLiteral("card reader unplugged"),
                                 QStringLiteral("reconnect the card reader's USB cable; it is picked up "
                                                "again automatically")}
                  : DeviceStatus{DeviceState::NoDevice, QStringLiteral("no card reader at %1").arg(link_->linkName()),
                                 QStringLiteral("connect the card reader or check the configured port")});
    qCWarning(lcIdCard) << toString(e.kind) << error.message;
    emit errorOccurred(e); // ReconnectingTransport reports each outage once
}

void IdCardReaderWorker::onLinkError(const TransportError &error)
{
    // An I/O error on a link that is still open: whatever was under way is lost.
    if (pending_)
        deviceFault({IdCardErrorKind::IoError, quint16(pending_->command), -1, error.message});
}

void IdCardReaderWorker::onBytes(const QByteArray &bytes)
{
    QList<DecodedFrame> frames = decoder_.feed(bytes);
    const quint64 generation = generation_;
    for (DecodedFrame &frame : frames) {
        if (generation == generation_) // a fault resynchronises and abandons the rest of this batch
            handleFrame(frame);
        frame.reply.wipe();
    }
}

void IdCardReaderWorker::send(Step step, SamCommand command, int timeoutMs)
{
    pending_ = Pending{step, command};
    if (!link_->write(encodeCommand(command))) {
        deviceFault({IdCardErrorKind::IoError, quint16(command), -1,
                     QStringLiteral("cannot send %1 to %2").arg(commandName(command), link_->linkName())});
        return;
    }
    commandTimer_->start(timeoutMs);
}

void IdCardReaderWorker::abortCommand()
{
    commandTimer_->stop();
    pending_.reset();
    inCycle_ = false;
    decoder_.reset();
    ++generation_;
}

void IdCardReaderWorker::onCommandTimeout()
{
    if (!pending_)
        return;
    const SamCommand command = pending_->command;
    QString message = QStringLiteral("no reply to %1").arg(commandName(command));
    for (const DecodedFrame &f : decoder_.flush()) {
        if (!f.isOk())
            message += QStringLiteral(" (%1: %2)").arg(toString(f.error), f.detail);
    }
    deviceFault({IdCardErrorKind::Timeout, quint16(command), -1, message});
}

void IdCardReaderWorker::handleFrame(DecodedFrame &frame)
{
    if (!pending_) {
        qCDebug(lcIdCard) << "ignoring a frame nobody asked for";
        return;
    }
    if (!frame.isOk()) {
        deviceFault({IdCardErrorKind::CorruptFrame, quint16(pending_->command), -1,
                     QStringLiteral("%1 in the reply to %2: %3")
                         .arg(toString(frame.error), commandName(pending_->command), frame.detail)});
        return;
    }
    commandTimer_->stop();
    const Pending p = *pending_;
    pending_.reset();
    const SamReply &reply = frame.reply;
    switch (p.step) {
    case Step::Reset: return onResetReply(reply);
    case Step::Status: return onStatusReply(reply);
    case Step::Identify: return onIdentifyReply(reply);
    case Step::Find: return onFindReply(reply);
    case Step::Select: return onSelectReply(reply);
    case Step::Read: return onReadReply(reply);
    case Step::SelfTestStatus: return onSelfTestStatusReply(reply);
    case Step::SelfTestId: return onSelfTestIdReply(reply);
    }
}

IdCardError IdCardReaderWorker::statusError(SamCommand command, const SamReply &reply, bool cardStep) const
{
    IdCardErrorKind kind = IdCardErrorKind::UnexpectedStatus;
    if (cardStep && isCardLevelStatus(reply.sw3))
        kind = IdCardErrorKind::CardFailed;
    else if (isKnownStatus(reply.sw3) && !isCardLevelStatus(reply.sw3))
        kind = IdCardErrorKind::SamFault;
    return {kind, quint16(command), int(reply.sw3),
            QStringLiteral("%1 answered %2").arg(commandName(command), reply.describe())};
}

void IdCardReaderWorker::beginReset()
{
    send(Step::Reset, SamCommand::ResetSam, config_.samTimeoutMs);
}

void IdCardReaderWorker::onResetReply(const SamReply &reply)
{
    if (!reply.isOk())
        return deviceFault(statusError(SamCommand::ResetSam, reply, false));
    send(Step::Status, SamCommand::SamStatus, config_.samTimeoutMs);
}

void IdCardReaderWorker::onStatusReply(const SamReply &reply)
{
    if (!reply.isOk())
        return deviceFault(statusError(SamCommand::SamStatus, reply, false));
    // Which SAM answers: at every open and reset, so the kiosk can check it against the one recorded at
    // commissioning (a device posing as the reader, or a swapped reader, has another id or none).
    send(Step::Identify, SamCommand::SamId, config_.samTimeoutMs);
}

void IdCardReaderWorker::onIdentifyReply(const SamReply &reply)
{
    if (!reply.isOk())
        return deviceFault(statusError(SamCommand::SamId, reply, false));
    emit samIdentified(formatSamId(reply.data));
    faulty_ = false;
    faultReported_ = false;
    online_ = true;
    setStatus({DeviceState::Online, QStringLiteral("ready"), QString()});
    cycleDone(0); // look for a card at once: one may already be lying on the reader
}

void IdCardReaderWorker::recover()
{
    if (!link_->isOpen() || pending_)
        return;
    qCDebug(lcIdCard) << "resetting the SAM to recover";
    beginReset();
}

void IdCardReaderWorker::deviceFault(const IdCardError &error)
{
    abortCommand();
    pollTimer_->stop();
    const bool firstAttempt = !faulty_;
    faulty_ = true;
    online_ = false;
    if (selfTestPending_)
        finishSelfTest(false, error.message);
    if (error.kind == IdCardErrorKind::Timeout || error.kind == IdCardErrorKind::IoError)
        setStatus({DeviceState::Offline, QStringLiteral("card reader not answering"),
                   QStringLiteral("check the card reader's cable and power; it is reset automatically")});
    else
        setStatus({DeviceState::HardwareError,
                   QStringLiteral("card reader fault: %1")
                       .arg(toString(error.kind).replace(QLatin1Char('_'), QLatin1Char(' '))),
                   QStringLiteral("the reader is being reset automatically; if this persists, unplug and "
                                  "replug it or call a technician")});
    if (!faultReported_) {
        faultReported_ = true;
        qCWarning(lcIdCard) << toString(error.kind) << error.message;
        emit errorOccurred(error);
    } else {
        qCDebug(lcIdCard) << "still failing:" << error.message;
    }
    if (!link_->isOpen())
        return; // the link's own reconnect takes over
    // First attempt at once (line noise is gone by then); after that, not faster than the recovery interval.
    recoveryTimer_->start(firstAttempt ? 0 : config_.recoveryIntervalMs);
}

void IdCardReaderWorker::onPollTimer()
{
    if (!online_ || pending_ || !link_->isOpen())
        return;
    if (selfTestPending_)
        return startSelfTest();
    inCycle_ = true;
    send(Step::Find, SamCommand::FindCard, config_.findTimeoutMs);
}

void IdCardReaderWorker::cycleDone(int delayMs)
{
    inCycle_ = false;
    if (selfTestPending_)
        return startSelfTest();
    pollTimer_->start(delayMs >= 0 ? delayMs : config_.pollIntervalMs);
}

void IdCardReaderWorker::onFindReply(const SamReply &reply)
{
    if (reply.status() == SamStatus::CardFound) {
        if (cardLatched_)
            return cycleDone(); // the same card is still there: already reported
        return send(Step::Select, SamCommand::SelectCard, config_.findTimeoutMs);
    }
    if (reply.status() == SamStatus::NoCard) {
        releaseCard();
        return cycleDone();
    }
    const IdCardError e = statusError(SamCommand::FindCard, reply, true);
    if (e.kind == IdCardErrorKind::CardFailed)
        return cardFailure(e);
    deviceFault(e);
}

void IdCardReaderWorker::onSelectReply(const SamReply &reply)
{
    if (reply.isOk())
        return send(Step::Read, SamCommand::ReadBase, config_.readTimeoutMs);
    const IdCardError e = statusError(SamCommand::SelectCard, reply, true);
    if (e.kind == IdCardErrorKind::CardFailed)
        return cardFailure(e);
    deviceFault(e);
}

void IdCardReaderWorker::onReadReply(const SamReply &reply)
{
    if (!reply.isOk()) {
        const IdCardError e = statusError(SamCommand::ReadBase, reply, true);
        if (e.kind == IdCardErrorKind::CardFailed)
            return cardFailure(e);
        return deviceFault(e);
    }
    CardParseResult parsed = parseReadPayload(reply.data);
    if (!parsed.isOk()) {
        return cardFailure(
            {IdCardErrorKind::BadCardData, quint16(SamCommand::ReadBase), int(reply.sw3),
             QStringLiteral("card record rejected: %1 (%2)").arg(toString(parsed.error), parsed.detail)});
    }
    cardLatched_ = true;
    cardFailureReported_ = false;
    qCInfo(lcIdCard) << "card read:" << toString(parsed.record.type);
    emit cardRead(parsed.record);
    parsed.record.wipe();
    cycleDone();
}

void IdCardReaderWorker::cardFailure(const IdCardError &error)
{
    if (!cardFailureReported_) {
        cardFailureReported_ = true;
        qCInfo(lcIdCard) << toString(error.kind) << error.message;
        emit cardReadFailed(error);
    }
    cycleDone();
}

void IdCardReaderWorker::releaseCard()
{
    cardFailureReported_ = false;
    if (!cardLatched_)
        return;
    cardLatched_ = false;
    qCInfo(lcIdCard) << "card removed";
    emit cardRemoved();
}

void IdCardReaderWorker::startSelfTest()
{
    inCycle_ = true;
    send(Step::SelfTestStatus, SamCommand::SamStatus, config_.samTimeoutMs);
}

void IdCardReaderWorker::onSelfTestStatusReply(const SamReply &reply)
{
    if (!reply.isOk()) {
        const IdCardError e = statusError(SamCommand::SamStatus, reply, false);
        return deviceFault(e); // reports the self-test as failed too
    }
    send(Step::SelfTestId, SamCommand::SamId, config_.samTimeoutMs);
}

void IdCardReaderWorker::onSelfTestIdReply(const SamReply &reply)
{
    if (!reply.isOk())
        return deviceFault(statusError(SamCommand::SamId, reply, false));
    SelfTestResult r;
    r.passed = true;
    r.details.insert(QStringLiteral("sam_status"), reply.describe());
    r.details.insert(QStringLiteral("sam_id"), formatSamId(reply.data));
    r.details.insert(QStringLiteral("port"), link_->linkName());
    r.summary = QStringLiteral("SAM ok, id %1").arg(formatSamId(reply.data));
    selfTestPending_ = false;
    emit selfTestFinished(r);
    cycleDone();
}

void IdCardReaderWorker::finishSelfTest(bool passed, const QString &summary)
{
    selfTestPending_ = false;
    SelfTestResult r;
    r.passed = passed;
    r.summary = summary;
    emit selfTestFinished(r);
}

} // namespace kiosk::drivers::idcard
