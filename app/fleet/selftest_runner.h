// Answers the platform's send_selftest heartbeat command: runs the self-test of every configured device (bounded
// wait), adds the composition root's own checks (queue database...), builds the SelftestReport, signs it with the
// kiosk's key and hands it on (HeartbeatService::attachSelftest carries it with the next heartbeat).
//
// Remote self-tests never disturb a citizen: while `canRunNow` says no (a visit in progress) the run waits and is
// retried every few seconds. Device kinds whose self-test uses up material (the A4 printer prints a test page) are
// reported from their current status instead: a technician runs those at the kiosk (maintenance menu, kioskctl).
// Repeated requests while one run is going are folded into it.
#pragma once

#include "app/fleet/selftest_report.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>

#include <functional>

class QTimer;

namespace kiosk::drivers {
class DeviceManager;
enum class DeviceKind;
struct SelfTestResult;
} // namespace kiosk::drivers

namespace kiosk::app {

struct SelftestRunnerSettings {
    QString kioskId;
    QString appVersion;
    QString kioskKeyFile;         // PEM, the private key of the kiosk's TLS client certificate (EC P-256)
    int deviceTimeoutMs = 20'000; // a device that has not answered by then is reported failed
    int retryMs = 5'000;          // how often a deferred run asks `canRunNow` again
};

class SelftestRunner : public QObject
{
    Q_OBJECT
public:
    SelftestRunner(drivers::DeviceManager *devices, SelftestRunnerSettings settings, QObject *parent = nullptr);
    ~SelftestRunner() override;

    // Optional: false while the kiosk is serving a citizen (the run is deferred). Default: always true.
    void setCanRunNow(std::function<bool()> canRunNow);
    // Optional: checks of parts other than the devices, run at the end of a run on this object's thread.
    void setExtraChecks(std::function<QList<SelftestCheck>()> extraChecks);

    bool isRunning() const { return running_ || deferred_; }

public slots:
    // Starts a run (or folds the request into the one under way).
    void run();

signals:
    // Every run's checks, before the report is signed (the kiosk's state file and metrics; no key needed).
    void checked(const QList<kiosk::app::SelftestCheck> &checks);
    void reportReady(const QJsonObject &signedReport);
    void failed(const QString &why);

private:
    void tryStart();
    void deviceAnswered(drivers::DeviceKind kind, const drivers::SelfTestResult &result);
    void finish();

    drivers::DeviceManager *devices_;
    SelftestRunnerSettings settings_;
    std::function<bool()> canRunNow_;
    std::function<QList<SelftestCheck>()> extraChecks_;
    QTimer *retry_ = nullptr;
    QTimer *deadline_ = nullptr;
    bool running_ = false;
    bool deferred_ = false;
    QList<drivers::DeviceKind> waitingFor_;
    QHash<int, SelftestCheck> results_; // by DeviceKind as int
    QList<drivers::DeviceKind> order_;
    QList<QMetaObject::Connection> connections_;
};

// Device kinds whose self-test consumes material and is therefore not run on a remote request.
bool selftestConsumesMaterial(drivers::DeviceKind kind);

} // namespace kiosk::app
