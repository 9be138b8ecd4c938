// A small client for kiosk-devsim, for tests and the demo: starts the simulator, sends control commands, stops it.
#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

class QLocalSocket;
class QProcess;

namespace kiosk::drivers::simulators {

class DevSimClient
{
public:
    DevSimClient();
    ~DevSimClient(); // stops the simulator if it still runs
    DevSimClient(const DevSimClient &) = delete;
    DevSimClient &operator=(const DevSimClient &) = delete;

    // $KIOSK_DEVSIM if set, else the kiosk-devsim this client was built with, else "kiosk-devsim" on PATH.
    static QString defaultProgram();
    void setProgram(const QString &program) { program_ = program; }

    // Runs `kiosk-devsim --dir DIR extraArgs...`, waits (at most `timeoutMs`) for its ready line and connects
    // to the control socket. False with errorString() on failure; the simulator's stderr goes to ours.
    bool start(const QString &dir, const QStringList &extraArgs = {}, int timeoutMs = 10000);
    // Sends one request and waits (at most `timeoutMs`) for its answer. A failure to deliver or a timeout is an
    // answer too: {"ok":false,"error":"..."}.
    QJsonObject command(const QJsonObject &request, int timeoutMs = 5000);
    // Repeats `request` until `until(answer)` holds or `timeoutMs` passes; returns the last answer.
    QJsonObject waitFor(const QJsonObject &request, const std::function<bool(const QJsonObject &)> &until,
                        int timeoutMs = 5000);
    // Asks the simulator to quit, then SIGTERM, then SIGKILL, each after a bounded wait.
    void stop(int timeoutMs = 3000);

    bool isRunning() const;
    QString errorString() const { return error_; }
    // The ready line: {"ready":true,"idcard":...,"qr":...,"printer":...,"control":...,"receipts":...}.
    const QJsonObject &readyInfo() const { return ready_; }
    QString idcardPath() const { return ready_.value(QLatin1String("idcard")).toString(); }
    QString qrPath() const { return ready_.value(QLatin1String("qr")).toString(); }
    QString printerPath() const { return ready_.value(QLatin1String("printer")).toString(); }
    QString controlPath() const { return ready_.value(QLatin1String("control")).toString(); }

private:
    QString program_;
    std::unique_ptr<QProcess> process_;
    std::unique_ptr<QLocalSocket> socket_;
    QJsonObject ready_;
    QString error_;
    qint64 nextId_ = 1;
};

} // namespace kiosk::drivers::simulators
