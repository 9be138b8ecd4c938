// Rendering the telemetry snapshot in Prometheus's text exposition format 0.0.4.
#include "app/fleet/metrics_text.h"

#include <QRegularExpression>

#include <algorithm>
#include <cmath>

namespace kiosk::app {

void LatencySummary::observe(double seconds)
{
    if (!std::isfinite(seconds) || seconds < 0)
        return;
    ++count_;
    sum_ += seconds;
    if (recent_.size() < window_) {
        recent_.append(seconds);
    } else {
        recent_[next_] = seconds;
        next_ = (next_ + 1) % window_;
    }
}

LatencyFigures LatencySummary::figures() const
{
    LatencyFigures f;
    f.count = count_;
    f.sumS = sum_;
    if (recent_.isEmpty())
        return f;
    QList<double> sorted = recent_;
    std::sort(sorted.begin(), sorted.end());
    for (const double q : {0.5, 0.9, 0.99}) {
        const auto rank = static_cast<qsizetype>(std::ceil(q * static_cast<double>(sorted.size()))) - 1;
        f.quantiles.insert(q, sorted.at(std::clamp<qsizetype>(rank, 0, sorted.size() - 1)));
    }
    return f;
}

QStringList deviceStates()
{
    return {QStringLiteral("online"),    QStringLiteral("offline"),        QStringLiteral("busy"),
            QStringLiteral("no_device"), QStringLiteral("hardware_error"), QStringLiteral("user_error")};
}

QStringList paperStates()
{
    return {QStringLiteral("ok"), QStringLiteral("near_end"), QStringLiteral("out")};
}

QStringList syncFailureKinds()
{
    return {QStringLiteral("network"), QStringLiteral("tls"), QStringLiteral("4xx"), QStringLiteral("5xx"),
            QStringLiteral("429")};
}

QString escapeLabelValue(const QString &value)
{
    QString out;
    out.reserve(value.size());
    for (const QChar c : value) {
        if (c == QLatin1Char('\\'))
            out += QStringLiteral("\\\\");
        else if (c == QLatin1Char('"'))
            out += QStringLiteral("\\\"");
        else if (c == QLatin1Char('\n'))
            out += QStringLiteral("\\n");
        else
            out += c;
    }
    return out;
}

namespace {

using Labels = QList<QPair<QString, QString>>;

class Writer
{
public:
    void family(const char *name, const char *type, const char *help)
    {
        name_ = QString::fromLatin1(name);
        text_ += QStringLiteral("# HELP %1 %2\n# TYPE %1 %3\n")
                     .arg(name_, QString::fromLatin1(help), QString::fromLatin1(type));
    }
    void sample(const Labels &labels, double value, const QString &suffix = {})
    {
        text_ += name_ + suffix;
        if (!labels.isEmpty()) {
            QStringList parts;
            for (const auto &[k, v] : labels)
                parts << QStringLiteral("%1=\"%2\"").arg(k, escapeLabelValue(v));
            text_ += QLatin1Char('{') + parts.join(QLatin1Char(',')) + QLatin1Char('}');
        }
        text_ += QLatin1Char(' ') + number(value) + QLatin1Char('\n');
    }
    void single(const char *name, const char *type, const char *help, double value)
    {
        family(name, type, help);
        sample({}, value);
    }
    void counter(const char *name, const char *help, quint64 value)
    {
        single(name, "counter", help, static_cast<double>(value));
    }
    void summary(const char *name, const char *help, const LatencyFigures &f)
    {
        family(name, "summary", help);
        for (auto it = f.quantiles.cbegin(); it != f.quantiles.cend(); ++it)
            sample({{QStringLiteral("quantile"), number(it.key())}}, it.value());
        sample({}, f.sumS, QStringLiteral("_sum"));
        sample({}, static_cast<double>(f.count), QStringLiteral("_count"));
    }
    QByteArray bytes() const { return text_.toUtf8(); }

private:
    static QString number(double v)
    {
        if (std::isnan(v))
            return QStringLiteral("NaN");
        if (std::isinf(v))
            return v > 0 ? QStringLiteral("+Inf") : QStringLiteral("-Inf");
        if (v == std::floor(v) && std::fabs(v) < 1e15)
            return QString::number(static_cast<qint64>(v));
        return QString::number(v, 'g', 10);
    }
    QString name_;
    QString text_;
};

} // namespace

QByteArray formatPrometheusText(const MetricsSnapshot &s)
{
    Writer w;
    w.family("kiosk_info", "gauge", "The kiosk's identity, versions and region (value always 1).");
    w.sample({{QStringLiteral("kiosk_id"), s.kioskId},
              {QStringLiteral("region"), s.region},
              {QStringLiteral("version"), s.appVersion},
              {QStringLiteral("config_version"), s.configVersion}},
             1);
    w.single("kiosk_start_time_seconds", "gauge", "When the kiosk process started (Unix time).",
             static_cast<double>(s.startTimeS));
    w.single("kiosk_metrics_written_timestamp_seconds", "gauge", "When the kiosk last wrote this file (Unix time).",
             static_cast<double>(s.writtenAtS));

    w.family("kiosk_device_status", "gauge", "1 for each device's current status, 0 for the others.");
    for (const MetricsSnapshot::Device &d : s.devices)
        for (const QString &state : deviceStates())
            w.sample({{QStringLiteral("device"), d.kind}, {QStringLiteral("status"), state}}, d.state == state);
    w.family("kiosk_printer_paper", "gauge", "1 for each receipt printer's paper state, 0 for the others.");
    for (const MetricsSnapshot::Paper &p : s.paper)
        for (const QString &state : paperStates())
            w.sample({{QStringLiteral("device"), p.device}, {QStringLiteral("state"), state}}, p.state == state);

    w.single("kiosk_queue_pending", "gauge", "Submissions sealed and waiting to be sent.", s.queuePending);
    w.single("kiosk_queue_in_flight", "gauge", "Submissions being sent now.", s.queueInFlight);
    w.single("kiosk_queue_dead", "gauge", "Submissions the platform refused (dead letters, for staff).", s.queueDead);
    w.single("kiosk_queue_oldest_unsent_age_seconds", "gauge",
             "Age of the oldest submission not yet acknowledged (0 when none).",
             static_cast<double>(qMax<qint64>(0, s.queueOldestAgeS)));
    if (s.lastSyncS > 0)
        w.single("kiosk_last_sync_timestamp_seconds", "gauge", "When the platform last acknowledged a submission.",
                 static_cast<double>(s.lastSyncS));
    w.counter("kiosk_submissions_sealed_total", "Submissions sealed into the queue since start.", s.submissionsSealed);
    w.counter("kiosk_submissions_acknowledged_total", "Submissions the platform acknowledged since start.",
              s.submissionsAcknowledged);
    w.family("kiosk_sync_failures_total", "counter", "Failed platform requests of the sync engine by kind.");
    for (const QString &kind : syncFailureKinds())
        w.sample({{QStringLiteral("kind"), kind}}, static_cast<double>(s.syncFailures.value(kind)));

    w.family("kiosk_payments_total", "counter", "Payment orders that reached a final state since start, by state.");
    for (const QString &state : {QStringLiteral("paid"), QStringLiteral("failed"), QStringLiteral("expired"),
                                 QStringLiteral("cancelled"), QStringLiteral("rejected")})
        w.sample({{QStringLiteral("state"), state}}, static_cast<double>(s.paymentsEnded.value(state)));
    w.single("kiosk_payments_open", "gauge", "Payment orders not yet in a final state.", s.paymentsOpen);

    w.single("kiosk_out_of_service", "gauge", "1 while the kiosk cannot serve citizens.", s.outOfService);
    w.family("kiosk_out_of_service_reason", "gauge", "1 for each part whose absence takes the kiosk out of service.");
    for (const QString &part : s.outOfServiceParts)
        w.sample({{QStringLiteral("reason"), part}}, 1);

    w.counter("kiosk_visits_started_total", "Citizens' visits started since start.", s.visitsStarted);
    w.counter("kiosk_visits_completed_total", "Visits the citizen finished since start.", s.visitsCompleted);
    w.counter("kiosk_idle_wipes_total", "Visits wiped after the idle countdown since start.", s.idleWipes);

    if (s.selftestTimeS > 0) {
        w.single("kiosk_selftest_timestamp_seconds", "gauge", "When the last self-test finished.",
                 static_cast<double>(s.selftestTimeS));
        w.family("kiosk_selftest_passed", "gauge", "1 when a check of the last self-test passed, 0 when it failed.");
        for (auto it = s.selftestChecks.cbegin(); it != s.selftestChecks.cend(); ++it)
            w.sample({{QStringLiteral("check"), it.key()}}, it.value());
    }
    w.single("kiosk_keys_hardware_protected", "gauge",
             "1 when the kiosk's private keys are sealed to the TPM, 0 when a clear key file is left.",
             s.keysHardwareProtected);
    if (s.diskFreeBytes >= 0)
        w.single("kiosk_data_disk_free_bytes", "gauge", "Free space in the kiosk's data folder.",
                 static_cast<double>(s.diskFreeBytes));
    w.summary("kiosk_ocr_decision_duration_seconds", "Time to read one material page (OCR and checks).", s.ocr);
    w.summary("kiosk_face_decision_duration_seconds", "Time to a face verification decision.", s.face);
    if (!s.updateFailedVersion.isEmpty()) {
        w.family("kiosk_update_failed_info", "gauge", "The version kiosk-update rolled back from (value 1).");
        w.sample({{QStringLiteral("version"), s.updateFailedVersion}}, 1);
    }
    return w.bytes();
}

} // namespace kiosk::app
