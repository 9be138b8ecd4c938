// The ID-card reader's worker: the SAM_V command state machine on the reader's own thread (common::WorkerThread).
#pragma once

#include <QLoggingCategory>
#include <QTimer>
#include <functional>
#include <optional>

#include "drivers/device_worker.h"
#include "drivers/idcard/frame_codec.h"
#include "drivers/idcard/idcard_reader.h"
#include "drivers/transport/reconnecting_transport.h"

namespace kiosk::drivers::idcard {

Q_DECLARE_LOGGING_CATEGORY(lcIdCard)

// Runs on the reader's thread. One command is outstanding at a time; every reply, timeout and link event moves
// the state machine on. Nothing here blocks.
class IdCardReaderWorker : public DeviceWorker
{
    Q_OBJECT
public:
    IdCardReaderWorker(TransportFactory factory, IdCardReaderConfig config);

    ~IdCardReaderWorker() override;

    void open();
    void close();
    void selfTest();

signals:
    void cardRead(const kiosk::drivers::idcard::CardRecord &record);
    void cardRemoved();
    void errorOccurred(const kiosk::drivers::idcard::IdCardError &error);
    void cardReadFailed(const kiosk::drivers::idcard::IdCardError &error);
    void samIdentified(const QString &samId);

private:
    enum class Step { Reset, Status, Identify, Find, Select, Read, SelfTestStatus, SelfTestId };

    struct Pending {
        Step step;
        SamCommand command;
    };

    // ---- link events

    void onLinkOpened();
    void onLinkLost(const TransportError &error);
    void onLinkError(const TransportError &error);
    void onBytes(const QByteArray &bytes);

    // ---- commands

    void send(Step step, SamCommand command, int timeoutMs);
    void abortCommand();
    void onCommandTimeout();
    void handleFrame(DecodedFrame &frame);

    // A status that is not OK: card-level statuses at card steps are the card's problem, all else the reader's.
    IdCardError statusError(SamCommand command, const SamReply &reply, bool cardStep) const;

    // ---- start-up and recovery: reset SAM, check its status

    void beginReset();
    void onResetReply(const SamReply &reply);
    void onStatusReply(const SamReply &reply);
    void onIdentifyReply(const SamReply &reply);
    void recover();

    // The reader misbehaved: abandon the command, resynchronise, report (once per failure cycle), reset the SAM.
    void deviceFault(const IdCardError &error);

    // ---- polling: find, select, read

    void onPollTimer();
    void cycleDone(int delayMs = -1);
    void onFindReply(const SamReply &reply);
    void onSelectReply(const SamReply &reply);
    void onReadReply(const SamReply &reply);

    // The card could not be read: tell once per insertion, keep trying while it lies there.
    void cardFailure(const IdCardError &error);
    void releaseCard();

    // ---- self-test: SAM status, SAM id

    void startSelfTest();
    void onSelfTestStatusReply(const SamReply &reply);
    void onSelfTestIdReply(const SamReply &reply);
    void finishSelfTest(bool passed, const QString &summary);

    IdCardReaderConfig config_;
    ReconnectingTransport *link_; // child
    ReplyDecoder decoder_;
    QTimer *commandTimer_ = new QTimer(this); // children (not plain members): moveToThread takes them along
    QTimer *pollTimer_ = new QTimer(this);
    QTimer *recoveryTimer_ = new QTimer(this);
    std::optional<Pending> pending_;
    quint64 generation_ = 0; // bumped whenever the decoder is resynchronised
    bool started_ = false;
    bool everOpened_ = false;
    bool online_ = false;
    bool inCycle_ = false;
    bool faulty_ = false;
    bool faultReported_ = false;
    bool cardLatched_ = false;         // a card was read and has not been seen gone yet
    bool cardFailureReported_ = false; // cardReadFailed already sent for the card lying there
    bool selfTestPending_ = false;
};

} // namespace kiosk::drivers::idcard
