// A software TPM 2.0 for tests: one swtpm process (Debian's swtpm, the TPM reference implementation) with its own
// state folder, i.e. one machine's TPM, listening on loopback; options() is the TCTI the kiosk's key store uses.
#pragma once

#include <QElapsedTimer>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include "offline_queue/storage/key_store.h"

namespace kiosk::test {

inline quint16 freeTpmPort()
{
    QTcpServer s;
    s.listen(QHostAddress::LocalHost, 0);
    return s.serverPort();
}

// One swtpm process with its own state folder: one machine's TPM.
class SoftwareTpm
{
public:
    ~SoftwareTpm()
    {
        process_.terminate();
        if (!process_.waitForFinished(3000))
            process_.kill();
        process_.waitForFinished(2000);
    }
    QString start()
    {
        if (!state_.isValid())
            return QStringLiteral("no temporary folder");
        const QString swtpm = QStandardPaths::findExecutable(QStringLiteral("swtpm"));
        if (swtpm.isEmpty())
            return QStringLiteral("swtpm not found (packaging/install-deps.sh installs swtpm and tpm2-tools)");
        for (int attempt = 0; attempt < 5; ++attempt) {
            port_ = freeTpmPort();
            process_.start(swtpm,
                           {QStringLiteral("socket"), QStringLiteral("--tpm2"), QStringLiteral("--tpmstate"),
                            QStringLiteral("dir=") + state_.path(), QStringLiteral("--server"),
                            QStringLiteral("type=tcp,port=%1,bindaddr=127.0.0.1").arg(port_), QStringLiteral("--ctrl"),
                            QStringLiteral("type=tcp,port=%1,bindaddr=127.0.0.1").arg(port_ + 1),
                            QStringLiteral("--flags"), QStringLiteral("not-need-init,startup-clear")});
            if (!process_.waitForStarted(5000))
                return QStringLiteral("swtpm did not start: ") + process_.errorString();
            QElapsedTimer t;
            t.start();
            while (t.elapsed() < 5000 && process_.state() == QProcess::Running) {
                QTcpSocket probe;
                probe.connectToHost(QHostAddress::LocalHost, port_);
                if (probe.waitForConnected(200))
                    return {};
                QTest::qWait(50);
            }
            process_.kill();
            process_.waitForFinished(2000);
        }
        return QStringLiteral("swtpm never listened: ") + QString::fromLocal8Bit(process_.readAllStandardError());
    }
    queue::keys::TpmOptions options() const
    {
        queue::keys::TpmOptions o;
        o.tcti = QStringLiteral("swtpm:host=127.0.0.1,port=%1").arg(port_);
        return o;
    }

private:
    QTemporaryDir state_;
    QProcess process_;
    quint16 port_ = 0;
};

} // namespace kiosk::test
