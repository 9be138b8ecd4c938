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

    SamResponder &responder() { return m_responder; }
    const SamResponder &responder() const { return m_responder; }
    qint64 garbageBytes() const { return m_decoder.garbageBytes(); }

    // Forget everything in flight (host closed the port, or the reader lost power).
    void reset();

private:
    void onReceived(const QByteArray &bytes);
    void processNext();
    void finishThinking();
    void startSending(const QByteArray &reply);
    void pace();

    PtyEndpoint *m_port;
    bool m_fast;
    SamCommandDecoder m_decoder;
    SamResponder m_responder;
    QList<SamCommandFrame> m_queue;

    enum class State { Idle, Thinking, Sending };
    State m_state = State::Idle;
    SamAnswer m_pending;     // computed answer, sent when thinking ends
    QString m_pendingCardId; // the card the answer was computed for
    QTimer m_thinkTimer;
    QTimer m_paceTimer;
    QTimer m_interByteTimer;
    QByteArray m_sending;
    qsizetype m_sent = 0;
    int m_sendBaud = 115200;
    QElapsedTimer m_sendClock;
};

} // namespace kiosk::drivers::simulators
