// The ID-card reader's worker (command/reply state machine on its own thread) and the Device facade around it.
#include "drivers/idcard/idcard_reader.h"

#include <QLoggingCategory>
#include <QTimer>
#include <QtEndian>

#include <functional>
#include <optional>

#include "common/worker_thread.h"
#include "drivers/idcard/frame_codec.h"
#include "drivers/transport/reconnecting_transport.h"

namespace kiosk::drivers::idcard {

Q_LOGGING_CATEGORY(lcIdCard, "kiosk.drivers.idcard")

QString toString(IdCardErrorKind kind)
{
    switch (kind) {
    case IdCardErrorKind::OpenFailed: return QStringLiteral("open_failed");
    case IdCardErrorKind::Unplugged: return QStringLiteral("unplugged");
    case IdCardErrorKind::IoError: return QStringLiteral("io_error");
    case IdCardErrorKind::Timeout: return QStringLiteral("timeout");
    case IdCardErrorKind::CorruptFrame: return QStringLiteral("corrupt_frame");
    case IdCardErrorKind::UnexpectedStatus: return QStringLiteral("unexpected_status");
    case IdCardErrorKind::SamFault: return QStringLiteral("sam_fault");
    case IdCardErrorKind::CardFailed: return QStringLiteral("card_failed");
    case IdCardErrorKind::BadCardData: return QStringLiteral("bad_card_data");
    }
    return QStringLiteral("unknown");
}

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

// Runs on the reader's thread. One command is outstanding at a time; every reply, timeout and link event moves
// the state machine on. Nothing here blocks.
class IdCardReaderWorker : public QObject
{
    Q_OBJECT
public:
    IdCardReaderWorker(TransportFactory factory, IdCardReaderConfig config)
        : m_config(std::move(config))
        , m_link(new ReconnectingTransport(std::move(factory), m_config.reopenIntervalMs, this))
    {
        m_commandTimer->setSingleShot(true);
        m_commandTimer->setTimerType(Qt::PreciseTimer);
        connect(m_commandTimer, &QTimer::timeout, this, &IdCardReaderWorker::onCommandTimeout);
        m_pollTimer->setSingleShot(true);
        connect(m_pollTimer, &QTimer::timeout, this, &IdCardReaderWorker::onPollTimer);
        m_recoveryTimer->setSingleShot(true);
        connect(m_recoveryTimer, &QTimer::timeout, this, &IdCardReaderWorker::recover);
        connect(m_link, &ReconnectingTransport::opened, this, &IdCardReaderWorker::onLinkOpened);
        connect(m_link, &ReconnectingTransport::lost, this, &IdCardReaderWorker::onLinkLost);
        connect(m_link, &ReconnectingTransport::linkError, this, &IdCardReaderWorker::onLinkError);
        connect(m_link, &ReconnectingTransport::bytesReceived, this, &IdCardReaderWorker::onBytes);
    }

    ~IdCardReaderWorker() override { m_decoder.reset(); }

    void open()
    {
        if (m_started)
            return;
        m_started = true;
        m_everOpened = false;
        m_link->start();
    }

    void close()
    {
        m_started = false;
        abortCommand();
        m_pollTimer->stop();
        m_recoveryTimer->stop();
        m_link->stop();
        releaseCard();
        if (m_selfTestPending)
            finishSelfTest(false, QStringLiteral("card reader closed"));
        setStatus({DeviceState::Offline, QStringLiteral("card reader closed"), QString()});
    }

    void selfTest()
    {
        if (!m_link->isOpen() || m_faulty || !m_online) {
            SelfTestResult r;
            r.summary = QStringLiteral("card reader unavailable: %1").arg(m_status.detail);
            emit selfTestFinished(r);
            return;
        }
        m_selfTestPending = true;
        if (!m_pending && !m_inCycle)
            startSelfTest();
        // else: runs when the poll cycle under way is done
    }

signals:
    void statusChanged(const kiosk::drivers::DeviceStatus &status);
    void selfTestFinished(const kiosk::drivers::SelfTestResult &result);
    void cardRead(const kiosk::drivers::idcard::CardRecord &record);
    void cardRemoved();
    void errorOccurred(const kiosk::drivers::idcard::IdCardError &error);
    void cardReadFailed(const kiosk::drivers::idcard::IdCardError &error);

private:
    enum class Step { Reset, Status, Find, Select, Read, SelfTestStatus, SelfTestId };

    struct Pending {
        Step step;
        SamCommand command;
    };

    // ---- link events

    void onLinkOpened()
    {
        m_everOpened = true;
        m_decoder.reset();
        qCInfo(lcIdCard) << "port open:" << m_link->linkName();
        m_faulty = false;
        m_faultReported = false; // the outage was reported; a fault after it starts a new cycle
        beginReset();
    }

    void onLinkLost(const TransportError &error)
    {
        abortCommand();
        m_pollTimer->stop();
        m_recoveryTimer->stop();
        m_online = false;
        m_faulty = false;
        releaseCard();
        if (m_selfTestPending)
            finishSelfTest(false, QStringLiteral("card reader disconnected"));
        const bool unplugged = m_everOpened;
        const IdCardError e{unplugged ? IdCardErrorKind::Unplugged : IdCardErrorKind::OpenFailed, 0, -1, error.message};
        setStatus(unplugged ? DeviceStatus{DeviceState::NoDevice, QStringLiteral("card reader unplugged"),
                                           QStringLiteral("reconnect the card reader's USB cable; it is picked up "
                                                          "again automatically")}
                            : DeviceStatus{DeviceState::NoDevice,
                                           QStringLiteral("no card reader at %1").arg(m_link->linkName()),
                                           QStringLiteral("connect the card reader or check the configured port")});
        qCWarning(lcIdCard) << toString(e.kind) << error.message;
        emit errorOccurred(e); // ReconnectingTransport reports each outage once
    }

    void onLinkError(const TransportError &error)
    {
        // An I/O error on a link that is still open: whatever was under way is lost.
        if (m_pending)
            deviceFault({IdCardErrorKind::IoError, quint16(m_pending->command), -1, error.message});
    }

    void onBytes(const QByteArray &bytes)
    {
        QList<DecodedFrame> frames = m_decoder.feed(bytes);
        const quint64 generation = m_generation;
        for (DecodedFrame &frame : frames) {
            if (generation == m_generation) // a fault resynchronises and abandons the rest of this batch
                handleFrame(frame);
            frame.reply.wipe();
        }
    }

    // ---- commands

    void send(Step step, SamCommand command, int timeoutMs)
    {
        m_pending = Pending{step, command};
        if (!m_link->write(encodeCommand(command))) {
            deviceFault({IdCardErrorKind::IoError, quint16(command), -1,
                         QStringLiteral("cannot send %1 to %2").arg(commandName(command), m_link->linkName())});
            return;
        }
        m_commandTimer->start(timeoutMs);
    }

    void abortCommand()
    {
        m_commandTimer->stop();
        m_pending.reset();
        m_inCycle = false;
        m_decoder.reset();
        ++m_generation;
    }

    void onCommandTimeout()
    {
        if (!m_pending)
            return;
        const SamCommand command = m_pending->command;
        QString message = QStringLiteral("no reply to %1").arg(commandName(command));
        for (const DecodedFrame &f : m_decoder.flush()) {
            if (!f.isOk())
                message += QStringLiteral(" (%1: %2)").arg(toString(f.error), f.detail);
        }
        deviceFault({IdCardErrorKind::Timeout, quint16(command), -1, message});
    }

    void handleFrame(DecodedFrame &frame)
    {
        if (!m_pending) {
            qCDebug(lcIdCard) << "ignoring a frame nobody asked for";
            return;
        }
        if (!frame.isOk()) {
            deviceFault({IdCardErrorKind::CorruptFrame, quint16(m_pending->command), -1,
                         QStringLiteral("%1 in the reply to %2: %3")
                             .arg(toString(frame.error), commandName(m_pending->command), frame.detail)});
            return;
        }
        m_commandTimer->stop();
        const Pending p = *m_pending;
        m_pending.reset();
        const SamReply &reply = frame.reply;
        switch (p.step) {
        case Step::Reset: return onResetReply(reply);
        case Step::Status: return onStatusReply(reply);
        case Step::Find: return onFindReply(reply);
        case Step::Select: return onSelectReply(reply);
        case Step::Read: return onReadReply(reply);
        case Step::SelfTestStatus: return onSelfTestStatusReply(reply);
        case Step::SelfTestId: return onSelfTestIdReply(reply);
        }
    }

    // A status that is not OK: card-level statuses at card steps are the card's problem, all else the reader's.
    IdCardError statusError(SamCommand command, const SamReply &reply, bool cardStep) const
    {
        IdCardErrorKind kind = IdCardErrorKind::UnexpectedStatus;
        if (cardStep && isCardLevelStatus(reply.sw3))
            kind = IdCardErrorKind::CardFailed;
        else if (isKnownStatus(reply.sw3) && !isCardLevelStatus(reply.sw3))
            kind = IdCardErrorKind::SamFault;
        return {kind, quint16(command), int(reply.sw3),
                QStringLiteral("%1 answered %2").arg(commandName(command), reply.describe())};
    }

    // ---- start-up and recovery: reset SAM, check its status

    void beginReset() { send(Step::Reset, SamCommand::ResetSam, m_config.samTimeoutMs); }

    void onResetReply(const SamReply &reply)
    {
        if (!reply.isOk())
            return deviceFault(statusError(SamCommand::ResetSam, reply, false));
        send(Step::Status, SamCommand::SamStatus, m_config.samTimeoutMs);
    }

    void onStatusReply(const SamReply &reply)
    {
        if (!reply.isOk())
            return deviceFault(statusError(SamCommand::SamStatus, reply, false));
        m_faulty = false;
        m_faultReported = false;
        m_online = true;
        setStatus({DeviceState::Online, QStringLiteral("ready"), QString()});
        cycleDone(0); // look for a card at once: one may already be lying on the reader
    }

    void recover()
    {
        if (!m_link->isOpen() || m_pending)
            return;
        qCDebug(lcIdCard) << "resetting the SAM to recover";
        beginReset();
    }

    // The reader misbehaved: abandon the command, resynchronise, report (once per failure cycle), reset the SAM.
    void deviceFault(const IdCardError &error)
    {
        abortCommand();
        m_pollTimer->stop();
        const bool firstAttempt = !m_faulty;
        m_faulty = true;
        m_online = false;
        if (m_selfTestPending)
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
        if (!m_faultReported) {
            m_faultReported = true;
            qCWarning(lcIdCard) << toString(error.kind) << error.message;
            emit errorOccurred(error);
        } else {
            qCDebug(lcIdCard) << "still failing:" << error.message;
        }
        if (!m_link->isOpen())
            return; // the link's own reconnect takes over
        // First attempt at once (line noise is gone by then); after that, not faster than the recovery interval.
        m_recoveryTimer->start(firstAttempt ? 0 : m_config.recoveryIntervalMs);
    }

    // ---- polling: find, select, read

    void onPollTimer()
    {
        if (!m_online || m_pending || !m_link->isOpen())
            return;
        if (m_selfTestPending)
            return startSelfTest();
        m_inCycle = true;
        send(Step::Find, SamCommand::FindCard, m_config.findTimeoutMs);
    }

    void cycleDone(int delayMs = -1)
    {
        m_inCycle = false;
        if (m_selfTestPending)
            return startSelfTest();
        m_pollTimer->start(delayMs >= 0 ? delayMs : m_config.pollIntervalMs);
    }

    void onFindReply(const SamReply &reply)
    {
        if (reply.status() == SamStatus::CardFound) {
            if (m_cardLatched)
                return cycleDone(); // the same card is still there: already reported
            return send(Step::Select, SamCommand::SelectCard, m_config.findTimeoutMs);
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

    void onSelectReply(const SamReply &reply)
    {
        if (reply.isOk())
            return send(Step::Read, SamCommand::ReadBase, m_config.readTimeoutMs);
        const IdCardError e = statusError(SamCommand::SelectCard, reply, true);
        if (e.kind == IdCardErrorKind::CardFailed)
            return cardFailure(e);
        deviceFault(e);
    }

    void onReadReply(const SamReply &reply)
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
        m_cardLatched = true;
        m_cardFailureReported = false;
        qCInfo(lcIdCard) << "card read:" << toString(parsed.record.type);
        emit cardRead(parsed.record);
        parsed.record.wipe();
        cycleDone();
    }

    // The card could not be read: tell once per insertion, keep trying while it lies there.
    void cardFailure(const IdCardError &error)
    {
        if (!m_cardFailureReported) {
            m_cardFailureReported = true;
            qCInfo(lcIdCard) << toString(error.kind) << error.message;
            emit cardReadFailed(error);
        }
        cycleDone();
    }

    void releaseCard()
    {
        m_cardFailureReported = false;
        if (!m_cardLatched)
            return;
        m_cardLatched = false;
        qCInfo(lcIdCard) << "card removed";
        emit cardRemoved();
    }

    // ---- self-test: SAM status, SAM id

    void startSelfTest()
    {
        m_inCycle = true;
        send(Step::SelfTestStatus, SamCommand::SamStatus, m_config.samTimeoutMs);
    }

    void onSelfTestStatusReply(const SamReply &reply)
    {
        if (!reply.isOk()) {
            const IdCardError e = statusError(SamCommand::SamStatus, reply, false);
            return deviceFault(e); // reports the self-test as failed too
        }
        send(Step::SelfTestId, SamCommand::SamId, m_config.samTimeoutMs);
    }

    void onSelfTestIdReply(const SamReply &reply)
    {
        if (!reply.isOk())
            return deviceFault(statusError(SamCommand::SamId, reply, false));
        SelfTestResult r;
        r.passed = true;
        r.details.insert(QStringLiteral("sam_status"), reply.describe());
        r.details.insert(QStringLiteral("sam_id"), formatSamId(reply.data));
        r.details.insert(QStringLiteral("port"), m_link->linkName());
        r.summary = QStringLiteral("SAM ok, id %1").arg(formatSamId(reply.data));
        m_selfTestPending = false;
        emit selfTestFinished(r);
        cycleDone();
    }

    void finishSelfTest(bool passed, const QString &summary)
    {
        m_selfTestPending = false;
        SelfTestResult r;
        r.passed = passed;
        r.summary = summary;
        emit selfTestFinished(r);
    }

    void setStatus(const DeviceStatus &s)
    {
        if (s == m_status)
            return;
        m_status = s;
        qCInfo(lcIdCard) << "status" << kiosk::drivers::toString(s.state) << s.detail;
        emit statusChanged(s);
    }

    IdCardReaderConfig m_config;
    ReconnectingTransport *m_link; // child
    ReplyDecoder m_decoder;
    QTimer *m_commandTimer = new QTimer(this); // children (not plain members): moveToThread takes them along
    QTimer *m_pollTimer = new QTimer(this);
    QTimer *m_recoveryTimer = new QTimer(this);
    std::optional<Pending> m_pending;
    DeviceStatus m_status;
    quint64 m_generation = 0; // bumped whenever the decoder is resynchronised
    bool m_started = false;
    bool m_everOpened = false;
    bool m_online = false;
    bool m_inCycle = false;
    bool m_faulty = false;
    bool m_faultReported = false;
    bool m_cardLatched = false;         // a card was read and has not been seen gone yet
    bool m_cardFailureReported = false; // cardReadFailed already sent for the card lying there
    bool m_selfTestPending = false;
};

// ---- facade

IdCardReader::IdCardReader(TransportFactory factory, IdCardReaderConfig config, QObject *parent)
    : Device(parent), m_config(std::move(config)), m_worker(new IdCardReaderWorker(std::move(factory), m_config))
{
    m_status = {DeviceState::NoDevice, QStringLiteral("card reader not opened"), QString()};
    connect(m_worker, &IdCardReaderWorker::statusChanged, this, [this](const DeviceStatus &s) {
        m_status = s;
        emit statusChanged(s);
    });
    connect(m_worker, &IdCardReaderWorker::selfTestFinished, this, &Device::selfTestFinished);
    connect(m_worker, &IdCardReaderWorker::cardRead, this, &IdCardReader::cardRead);
    connect(m_worker, &IdCardReaderWorker::cardRemoved, this, &IdCardReader::cardRemoved);
    connect(m_worker, &IdCardReaderWorker::errorOccurred, this, &IdCardReader::errorOccurred);
    connect(m_worker, &IdCardReaderWorker::cardReadFailed, this, &IdCardReader::cardReadFailed);
    m_thread = std::make_unique<common::WorkerThread>(m_worker, QStringLiteral("idcard"));
}

IdCardReader::~IdCardReader()
{
    disconnect(m_worker, nullptr, this, nullptr);
    m_thread->post([w = m_worker]() { w->close(); });
    m_thread->stop();
}

void IdCardReader::open()
{
    m_thread->post([w = m_worker]() { w->open(); });
}

void IdCardReader::close()
{
    m_thread->post([w = m_worker]() { w->close(); });
}

void IdCardReader::selfTest()
{
    m_thread->post([w = m_worker]() { w->selfTest(); });
}

QVariantMap IdCardReader::capabilities() const
{
    return {
        {QStringLiteral("card_types"),
         QStringList{QStringLiteral("resident"), QStringLiteral("hkmt_permit"), QStringLiteral("foreign_permanent"),
                     QStringLiteral("foreign_permanent_2023")}},
        {QStringLiteral("photo"), QStringLiteral("wlt_raw")},
        {QStringLiteral("fingerprint"), false},
        {QStringLiteral("poll_interval_ms"), m_config.pollIntervalMs},
    };
}

} // namespace kiosk::drivers::idcard

#include "idcard_reader.moc"
