// The kiosk's telemetry as Prometheus reads it: a plain snapshot of what the kiosk knows (no personal data, no case
// numbers, no free text from the platform: only counts, times, versions and fixed machine names) and its rendering in
// the text exposition format 0.0.4 for node-exporter's textfile collector.
#pragma once

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace kiosk::app {

// A summary's figures: the count and sum since start, and quantiles over the most recent observations.
struct LatencyFigures {
    quint64 count = 0;
    double sumS = 0;
    QMap<double, double> quantiles; // 0.5 -> seconds; empty before the first observation
};

// Keeps a summary's figures: every observation counts, the last `window` give the quantiles.
class LatencySummary
{
public:
    explicit LatencySummary(int window = 512) : window_(window) {}
    void observe(double seconds);
    LatencyFigures figures() const;

private:
    int window_;
    quint64 count_ = 0;
    double sum_ = 0;
    QList<double> recent_;
    int next_ = 0;
};

struct MetricsSnapshot {
    QString kioskId;       // kiosk/id: letters, digits and '-'
    QString region;        // kiosk/region: a label, empty when none
    QString appVersion;    // the package version
    QString configVersion; // the platform's config version from the last heartbeat answer (validated there)
    qint64 startTimeS = 0; // process start, Unix seconds

    struct Device {
        QString kind;  // drivers::toString(DeviceKind), e.g. "receipt_printer"
        QString state; // one of deviceStates()
    };
    QList<Device> devices;
    struct Paper {
        QString device; // "receipt_printer"
        QString state;  // one of paperStates()
    };
    QList<Paper> paper;

    int queuePending = 0;
    int queueInFlight = 0;
    int queueDead = 0;
    qint64 queueOldestAgeS = -1; // -1: nothing unsent
    qint64 lastSyncS = 0;        // Unix seconds of the last acknowledgement; 0: never (not written)

    quint64 submissionsSealed = 0;
    quint64 submissionsAcknowledged = 0;
    QMap<QString, quint64> syncFailures;  // syncFailureKinds() -> count
    QMap<QString, quint64> paymentsEnded; // final payment state -> count
    int paymentsOpen = 0;                 // orders not final

    bool outOfService = false;
    QStringList outOfServiceParts; // stable part names ("storage", "idcard_reader")

    quint64 visitsStarted = 0;
    quint64 visitsCompleted = 0;
    quint64 idleWipes = 0;

    qint64 selftestTimeS = 0;           // 0: none run yet
    QMap<QString, bool> selftestChecks; // check name -> passed
    bool keysHardwareProtected = false;
    qint64 diskFreeBytes = -1; // -1: unknown
    LatencyFigures ocr;
    LatencyFigures face;
    QString updateFailedVersion; // the version kiosk-update rolled back from; empty: none
    qint64 writtenAtS = 0;
};

// The value sets the labels take (fixed, so every series exists from the first write).
QStringList deviceStates();     // online offline busy no_device hardware_error user_error
QStringList paperStates();      // ok near_end out
QStringList syncFailureKinds(); // network tls 4xx 5xx 429

// A label value as the exposition format writes it between quotes: \ " and newline escaped.
QString escapeLabelValue(const QString &value);
// The text exposition format (version 0.0.4): # HELP and # TYPE before every family, one sample a line.
QByteArray formatPrometheusText(const MetricsSnapshot &snapshot);

} // namespace kiosk::app
