// A scriptable stand-in for the device at the other end of a cable, for tests and benchmarks: it answers writes
// from a script, feeds bytes, records writes, fails to open, injects errors, stalls, and is unplugged and replugged.
#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QMutex>

#include <QTimer>

#include <functional>
#include <memory>

#include "drivers/transport/transport.h"

namespace kiosk::drivers {

class FakeTransport;

// One answer of the fake device: `bytes` delivered `delayMs` after the write, whole or in `chunkSize` pieces
// `chunkIntervalMs` apart (real adapters deliver a long reply in several reads).
struct FakeReply {
    QByteArray bytes;
    int delayMs = 0;
    int chunkSize = 0; // 0: in one piece
    int chunkIntervalMs = 0;
};

// The device end, shared by the test (any thread) and the FakeTransport links a driver makes through factory()
// (on the driver's worker thread). Every method is thread-safe. A driver under test never knows it is one: it
// only sees a Transport.
class FakePort : public std::enable_shared_from_this<FakePort>
{
public:
    static std::shared_ptr<FakePort> create(const QString &name = QStringLiteral("fake"));
    ~FakePort();

    // Each call makes a new FakeTransport attached to this port (what a driver's owner passes to the driver).
    TransportFactory factory();

    // --- script: the first rule whose `written` equals a write answers it, `times` times (-1: always). Writes no
    // rule matches go to the responder, if any; otherwise they are recorded and not answered.
    void addReply(const QByteArray &written, const FakeReply &reply, int times = -1);
    void addReply(const QByteArray &written, const QByteArray &reply, int delayMs = 0, int times = -1);
    using Responder = std::function<QList<FakeReply>(const QByteArray &written)>;
    // Called on the driver's thread, outside the port's lock (it may call back into the port).
    void setResponder(Responder responder);
    void clearScript();

    // --- behaviour
    void setStalled(bool stalled);                                      // record writes, deliver nothing scripted
    void setOpenFailure(bool fail, const QString &message = QString()); // open() fails with OpenFailed
    void setWriteFailure(bool fail);                                    // write() fails with an Io error
    void feed(const QByteArray &bytes);                                 // device -> host, now (ignores stall)
    void feed(const FakeReply &reply);
    // The open link reports `code`; Disconnected also closes it (it may be opened again at once).
    void injectError(TransportErrorCode code, const QString &message);
    void unplug(); // the open link reports Disconnected and closes; opens fail until replug()
    void replug();

    // --- inspection
    QList<QByteArray> writes() const;
    QByteArray writtenBytes() const; // all writes concatenated
    int writeCount() const;
    void clearWrites();
    int openCount() const;    // successful opens so far
    int openAttempts() const; // all opens so far
    bool isOpen() const;      // a link is open on this port
    bool isPlugged() const;
    QString name() const;
    // steady-clock nanoseconds at which the last chunk was handed to bytesReceived (benchmarks)
    qint64 lastDeliveryNs() const;

private:
    friend class FakeTransport;
    struct Rule {
        QByteArray written;
        FakeReply reply;
        int times;
    };

    explicit FakePort(const QString &name);
    bool attach(FakeTransport *link, TransportError *error);
    void detach(FakeTransport *link);
    // Records a write and returns the replies to deliver; false when writes fail.
    bool recordWrite(FakeTransport *link, const QByteArray &bytes, QList<FakeReply> *replies);
    bool stalled() const;
    void noteDelivery();
    template <typename F> void postToLink(F &&f);

    mutable QMutex mutex_;
    QString name_;
    QList<Rule> rules_;
    Responder responder_;
    QList<QByteArray> writes_;
    FakeTransport *link_ = nullptr; // the open link, if any; cleared by the link before it dies
    bool stalled_ = false;
    bool openFails_ = false;
    QString openFailMessage_;
    bool writeFails_ = false;
    bool plugged_ = true;
    int opens_ = 0;
    int openAttempts_ = 0;
    qint64 lastDeliveryNs_ = 0;
};

// The host end: a Transport whose device is a FakePort. Lives on the thread that created it. Like a real line it
// carries one reply at a time: a reply whose time has come waits until the one before it has been delivered,
// so a late reply never interleaves with the next one.
class FakeTransport : public Transport
{
    Q_OBJECT
public:
    explicit FakeTransport(std::shared_ptr<FakePort> port, QObject *parent = nullptr);
    ~FakeTransport() override;

    bool open() override;
    void close() override;
    bool write(const QByteArray &bytes) override;
    bool isOpen() const override { return open_; }
    QString name() const override;

private:
    friend class FakePort;
    struct Outgoing {
        FakeReply reply;
        qsizetype offset = 0;
        qint64 readyAtMs = 0; // on clock_
        bool scripted = true; // scripted replies fall silent when the port stalls; fed bytes do not
    };

    void schedule(const FakeReply &reply, bool scripted);
    void pump();
    void raise(const TransportError &error, bool closes);

    std::shared_ptr<FakePort> port_;
    bool open_ = false;
    QList<Outgoing> out_;
    QElapsedTimer clock_;
    QTimer *pump_; // child
};

} // namespace kiosk::drivers
