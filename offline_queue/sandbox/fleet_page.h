// The sandbox's fleet status page (GET /fleet on the control endpoint): one row per kiosk from its latest heartbeat
// and its latest self-test report. Plain HTML with inline CSS, no script; every value is escaped. Heartbeats carry no
// personal data (platform-api.md), so neither does the page.
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace kiosk::sandbox {

struct FleetKiosk {
    QString kioskId;
    QDateTime lastSeen;    // when the latest heartbeat arrived
    qint64 heartbeats = 0; // how many arrived
    QJsonObject heartbeat; // the latest body as sent
    QJsonObject selftest;  // the latest self-test report carried by a heartbeat (empty: none yet)
    QDateTime selftestReceived;
    bool selftestVerified = false; // its signature verified with the kiosk's client certificate
    QString selftestProblem;       // why it did not verify
};

struct FleetPageOptions {
    qint64 silentAfterS = 300;      // no heartbeat for longer: the kiosk is shown as silent
    qint64 oldQueueAfterS = 86'400; // an oldest unsent item older than this needs attention
    int refreshS = 30;              // the page reloads itself
};

// "45 s", "12 min", "3 h 5 min", "2 d 4 h".
QString humanDuration(qint64 seconds);

QString renderFleetPage(const QList<FleetKiosk> &kiosks, const QDateTime &now, const FleetPageOptions &options = {});

} // namespace kiosk::sandbox
