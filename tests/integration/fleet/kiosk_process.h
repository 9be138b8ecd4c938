// The `kiosk` executable as the fleet tests run it: platform-sandbox with a fresh demo PKI and kiosk-devsim (ID-card
// reader, QR scanner and receipt printer over ptys) as separate processes, the configuration for them, and the kiosk
// process, stopped (TERM, then KILL) when its owner goes.
#pragma once

#include <QDir>
#include <QProcess>
#include <QTemporaryDir>

#include "drivers/simulators/devsim_client.h"
#include "integration/sandbox/sandbox_harness.h"

namespace kiosk::test {

// Starts the sandbox (its PKI under <tmp>/pki) and the simulators (<tmp>/devsim); empty, or why not.
inline QString startSandboxAndDevices(const QTemporaryDir &tmp, SandboxProcess &sandbox,
                                      drivers::simulators::DevSimClient &sim)
{
    const QString pki = tmp.filePath(QStringLiteral("pki"));
    QString why = makeDemoPki(pki);
    if (why.isEmpty())
        why = sandbox.start(pki);
    if (!why.isEmpty())
        return why;
    QDir().mkpath(tmp.filePath(QStringLiteral("devsim")));
    if (!sim.start(tmp.filePath(QStringLiteral("devsim")), {QStringLiteral("--fast")}))
        return sim.errorString();
    return {};
}

// kiosk.conf for those: the simulated reader, scanner and printer, no A4 printer, scanner or cameras, the sandbox as
// the platform; the data folder <tmp>/kiosk-data unless `dataDir` is given, the client key from the PKI folder unless
// `keyDir` is given, and `extra` (further sections) at the end.
inline QByteArray simulatedKioskConf(const QTemporaryDir &tmp, quint16 sandboxPort, const QString &dataDir = {},
                                     const QString &keyDir = {}, const QString &extra = {})
{
    const QString pki = tmp.filePath(QStringLiteral("pki"));
    return QStringLiteral("[kiosk]\nid=GD-DEV-0001\ndata_dir=%1\n"
                          "[devices]\nsimulator_dir=%2\nidcard_reader.simulated=true\n"
                          "receipt_printer.simulated=true\ncode_scanner.simulated=true\n"
                          "document_printer.enabled=false\ndocument_scanner.enabled=false\n"
                          "document_camera.enabled=false\nface_camera.enabled=false\n"
                          "[platform]\nurl=https://localhost:%3\nca_file=%4/ca.crt\nclient_cert=%4/kiosk.crt\n"
                          "client_key=%5/kiosk.key\npins_file=%4/pins.txt\n%6")
        .arg(dataDir.isEmpty() ? tmp.filePath(QStringLiteral("kiosk-data")) : dataDir,
             tmp.filePath(QStringLiteral("devsim")))
        .arg(sandboxPort)
        .arg(pki, keyDir.isEmpty() ? pki : keyDir, extra)
        .toUtf8();
}

// The kiosk executable (offscreen, windowed) with `conf` and `extra` arguments; stopped with this object.
struct KioskProcess {
    QProcess process;
    QString errorLog; // set before start(): the kiosk's log (stderr) goes to this file instead of the test's stderr
    bool start(const QString &binary, const QString &conf, const QStringList &extra = {})
    {
        process.setProcessChannelMode(errorLog.isEmpty() ? QProcess::ForwardedErrorChannel
                                                         : QProcess::SeparateChannels);
        if (!errorLog.isEmpty())
            process.setStandardErrorFile(errorLog);
        process.setStandardOutputFile(QProcess::nullDevice());
        process.start(binary, QStringList{QStringLiteral("--config"), conf, QStringLiteral("--windowed")} + extra);
        return process.waitForStarted(10000);
    }
    ~KioskProcess()
    {
        if (process.state() == QProcess::NotRunning)
            return;
        process.terminate();
        if (!process.waitForFinished(10000)) {
            process.kill();
            process.waitForFinished(3000);
        }
    }
};

} // namespace kiosk::test
