// The simulator's control channel: a local socket speaking one JSON object per line each way.
#pragma once

#include <QObject>
#include <QString>

class QLocalServer;
class QLocalSocket;

namespace kiosk::drivers::simulators {

class DeviceSimulator;

class ControlServer : public QObject
{
    Q_OBJECT
public:
    // A request line longer than this is answered with an error and discarded (a client gone wrong, not a request).
    static constexpr int kMaxLineBytes = 1024 * 1024;

    ControlServer(DeviceSimulator *simulator, QObject *parent = nullptr);
    ~ControlServer() override;

    // Listens on `path` (a stale socket file from a crashed run is removed first).
    bool listen(const QString &path, QString *error);
    void close();
    QString path() const { return path_; }

private:
    void onNewConnection();
    void onReadyRead(QLocalSocket *socket);

    DeviceSimulator *simulator_;
    QLocalServer *server_;
    QString path_;
};

} // namespace kiosk::drivers::simulators
