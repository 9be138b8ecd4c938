// The simulated ID-card reader on its pty: decodes host frames, answers one command at a time after the reader's
// processing time, and paces each reply at the wire speed (unless --fast).
#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QTimer>

#include "drivers/simulators/sam_command_decoder.h"
#include "drivers/simulators/sam_responder.h"

namespace kiosk::drivers::simulators {

class PtyEndpoint;

class IdCardReaderDevice : public QObject
{
    Q_OBJECT
public:
    // A real reader drops a half-received command when the line stays quiet this long.
    static constexpr int kInterByteTimeoutMs = 500;

    IdCardReaderDevice(PtyEndpoint *port, bool fast, QObject *parent = nullptr);

    SamResponder &responder() { return responder_; }
    const SamResponder &responder() const { return responder_; }
    qint64 garbageBytes() const { return decoder_.garbageBytes(); }

    // Forget everything in flight (host closed the port, or the reader lost power).
    void reset();

private:
    void onReceived(const QByteArray &bytes);
    void processNext();
    void finishThinking();
    void startSending(const QByteArray &reply);
    void pace();

    PtyEndpoint *port_;
    bool fast_;
    SamCommandDecoder decoder_;
    SamResponder responder_;
    QList<SamCommandFrame> queue_;

    enum class State { Idle, Thinking, Sending };
    State state_ = State::Idle;
    SamAnswer pending_;     // computed answer, sent when thinking ends
    QString pendingCardId_; // the card the answer was computed for
    QTimer thinkTimer_;
    QTimer paceTimer_;
    QTimer interByteTimer_;
    QByteArray sending_;
    qsizetype sent_ = 0;
    int sendBaud_ = 115200;
    QElapsedTimer sendClock_;
};

} // namespace kiosk::drivers::simulators
