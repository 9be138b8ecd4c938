// The fleet status page: latest heartbeat and self-test per kiosk, as one readable HTML table.
#include "offline_queue/sandbox/fleet_page.h"

#include <QJsonArray>
#include <QStringList>
#include <QTimeZone>

namespace kiosk::sandbox {

namespace {

QString esc(const QString &s)
{
    return s.toHtmlEscaped();
}

// Wall times as the province reads them: Asia/Shanghai is UTC+8 all year.
QString localTime(const QDateTime &t)
{
    return t.toUTC().addSecs(8 * 3600).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString whenCell(const QDateTime &t, const QDateTime &now)
{
    if (!t.isValid())
        return QStringLiteral("<span class=\"muted\">never</span>");
    const qint64 age = qMax<qint64>(0, t.secsTo(now));
    return QStringLiteral("%1<br><span class=\"muted\">%2 ago</span>").arg(esc(localTime(t)), esc(humanDuration(age)));
}

bool deviceFine(const QString &status)
{
    return status == QLatin1String("online") || status == QLatin1String("busy") || status == QLatin1String("ok") ||
           status == QLatin1String("ready");
}

qint64 figure(const QJsonObject &o, const char *name)
{
    return qMax<qint64>(0, o.value(QLatin1String(name)).toInteger());
}

} // namespace

QString humanDuration(qint64 s)
{
    s = qMax<qint64>(0, s);
    if (s < 60)
        return QStringLiteral("%1 s").arg(s);
    if (s < 3600)
        return QStringLiteral("%1 min").arg(s / 60);
    if (s < 86400)
        return s % 3600 >= 60 ? QStringLiteral("%1 h %2 min").arg(s / 3600).arg(s % 3600 / 60)
                              : QStringLiteral("%1 h").arg(s / 3600);
    return s % 86400 >= 3600 ? QStringLiteral("%1 d %2 h").arg(s / 86400).arg(s % 86400 / 3600)
                             : QStringLiteral("%1 d").arg(s / 86400);
}

QString renderFleetPage(const QList<FleetKiosk> &kiosks, const QDateTime &now, const FleetPageOptions &options)
{
    QString rows;
    int attention = 0;
    int silent = 0;
    for (const FleetKiosk &k : kiosks) {
        const QJsonObject &h = k.heartbeat;
        QStringList reasons;
        const bool isSilent = !k.lastSeen.isValid() || k.lastSeen.secsTo(now) > options.silentAfterS;
        if (isSilent)
            reasons << QStringLiteral("no heartbeat for %1").arg(humanDuration(k.lastSeen.secsTo(now)));

        // Devices: the ones with a problem, each with its detail; the rest counted.
        QString devices;
        int fine = 0;
        const QJsonArray list = h.value(QLatin1String("devices")).toArray();
        for (const QJsonValue v : list) {
            const QJsonObject d = v.toObject();
            const QString status = d.value(QLatin1String("status")).toString();
            if (deviceFine(status)) {
                ++fine;
                continue;
            }
            devices += QStringLiteral("<div class=\"fault\"><b>%1</b>: %2<br><span class=\"detail\">%3</span></div>")
                           .arg(esc(d.value(QLatin1String("kind")).toString()), esc(status),
                                esc(d.value(QLatin1String("detail")).toString()));
        }
        if (fine < list.size())
            reasons << QStringLiteral("device problem");
        devices += list.isEmpty()
                       ? QStringLiteral("<span class=\"muted\">none reported</span>")
                       : QStringLiteral("<div class=\"muted\">%1 of %2 devices fine</div>").arg(fine).arg(list.size());

        // Queue figures: dead letters and an old oldest item need a technician.
        const QJsonObject q = h.value(QLatin1String("queue")).toObject();
        const qint64 pending = figure(q, "pending");
        const qint64 dead = figure(q, "dead");
        const qint64 oldest = figure(q, "oldest_age_s");
        const bool oldQueue = pending > 0 && oldest > options.oldQueueAfterS;
        if (dead > 0)
            reasons << QStringLiteral("dead letters");
        if (oldQueue)
            reasons << QStringLiteral("old queue");
        const QString queue =
            QStringLiteral("<div class=\"nw\">pending <b>%1</b></div><div class=\"nw\">dead <b%2>%3</b></div>"
                           "<div class=\"nw\">oldest <span%4>%5</span></div>")
                .arg(pending)
                .arg(dead > 0 ? QStringLiteral(" class=\"bad\"") : QString())
                .arg(dead)
                .arg(oldQueue ? QStringLiteral(" class=\"bad\"") : QString(),
                     pending > 0 ? esc(humanDuration(oldest)) : QStringLiteral("&ndash;"));

        const QDateTime lastSync =
            QDateTime::fromString(h.value(QLatin1String("last_sync")).toString(), Qt::ISODateWithMs);

        // The latest self-test report (it rides on one heartbeat; the page keeps it).
        QString selftest;
        if (k.selftest.isEmpty()) {
            selftest = QStringLiteral("<span class=\"muted\">none received</span>");
        } else {
            const QJsonArray failed = k.selftest.value(QLatin1String("failed")).toArray();
            const int checks = int(k.selftest.value(QLatin1String("checks")).toArray().size());
            if (failed.isEmpty()) {
                selftest = QStringLiteral("<span class=\"good\">passed</span> (%1 checks)").arg(checks);
            } else {
                selftest = QStringLiteral("<span class=\"bad\">%1 of %2 failed</span>").arg(failed.size()).arg(checks);
                for (const QJsonValue v : failed) {
                    const QJsonObject f = v.toObject();
                    selftest += QStringLiteral("<div class=\"fault\"><b>%1</b>: <span class=\"detail\">%2</span></div>")
                                    .arg(esc(f.value(QLatin1String("name")).toString()),
                                         esc(f.value(QLatin1String("detail")).toString()));
                }
                reasons << QStringLiteral("self-test failed");
            }
            const QDateTime at =
                QDateTime::fromString(k.selftest.value(QLatin1String("at")).toString(), Qt::ISODateWithMs);
            selftest +=
                QStringLiteral("<div class=\"muted\">%1</div>").arg(esc(at.isValid() ? localTime(at) : QString()));
            if (k.selftestVerified) {
                selftest += QStringLiteral("<div class=\"muted\">signature verified</div>");
            } else {
                selftest +=
                    QStringLiteral("<div class=\"bad\">signature NOT verified: %1</div>").arg(esc(k.selftestProblem));
                reasons << QStringLiteral("unverified self-test");
            }
        }

        QString state;
        if (isSilent) {
            ++silent;
            state = QStringLiteral("<span class=\"badge silent\">silent</span>");
        } else if (!reasons.isEmpty()) {
            state = QStringLiteral("<span class=\"badge attention\">needs attention</span>");
        } else {
            state = QStringLiteral("<span class=\"badge ok\">OK</span>");
        }
        if (!reasons.isEmpty())
            ++attention;
        rows += QStringLiteral("<tr class=\"kiosk%1\" data-kiosk=\"%2\">"
                               "<td><div class=\"id\">%2</div>%3<div class=\"reasons\">%4</div></td>"
                               "<td>%5</td><td>%6<br><span class=\"muted\">%7</span></td>"
                               "<td>%8</td><td>%9</td><td>%10</td><td>%11</td></tr>\n")
                    // One call: a value is never scanned for placeholders again.
                    .arg(reasons.isEmpty() ? QString() : QStringLiteral(" attention"), esc(k.kioskId), state,
                         esc(reasons.join(QStringLiteral(", "))), esc(h.value(QLatin1String("app_version")).toString()),
                         whenCell(k.lastSeen, now),
                         k.heartbeats == 1 ? QStringLiteral("1 heartbeat")
                                           : QStringLiteral("%1 heartbeats").arg(k.heartbeats),
                         devices, queue, whenCell(lastSync, now), selftest);
    }
    if (kiosks.isEmpty())
        rows = QStringLiteral("<tr><td colspan=\"7\" class=\"muted\">No heartbeat has arrived yet.</td></tr>\n");

    const QString summary = QStringLiteral("<span class=\"chip\">%1 kiosks</span>"
                                           "<span class=\"chip%2\">%3 need attention</span>"
                                           "<span class=\"chip%4\">%5 silent</span>")
                                .arg(kiosks.size())
                                .arg(attention > 0 ? QStringLiteral(" attention") : QString())
                                .arg(attention)
                                .arg(silent > 0 ? QStringLiteral(" silent") : QString())
                                .arg(silent);
    static const QString css = QStringLiteral(
        "body{font-family:'Noto Sans CJK SC','Noto Sans',sans-serif;margin:24px;color:#1d2733;background:#f5f7fa}"
        "h1{margin:0 0 4px;font-size:26px}.sub{color:#5b6775;margin-bottom:14px}"
        ".chip{display:inline-block;padding:4px 12px;margin:0 8px 14px 0;border-radius:14px;background:#e3e8ef}"
        ".chip.attention{background:#ffe1c2}.chip.silent{background:#e0d4f5}"
        "table{border-collapse:collapse;width:100%;background:#fff;font-size:15px}"
        "th{background:#234e85;color:#fff;text-align:left;padding:8px 10px;font-weight:600}"
        "td{border-bottom:1px solid #d5dce5;padding:8px 10px;vertical-align:top}"
        "tr.attention td:first-child{border-left:6px solid #e07a00}"
        ".id{font-weight:700;font-size:16px}.muted{color:#67737f;font-size:13px}"
        ".badge{display:inline-block;margin:4px 0;padding:2px 8px;border-radius:10px;font-size:13px;font-weight:600}"
        ".badge.ok{background:#d5f2dc;color:#17602b}.badge.attention{background:#ffe1c2;color:#8a4100}"
        ".badge.silent{background:#e0d4f5;color:#4b2a86}.reasons{color:#8a4100;font-size:13px}"
        ".nw{white-space:nowrap}.fault{margin:2px "
        "0}.detail{color:#5b6775}.bad{color:#b42318;font-weight:600}.good{color:#17602b;"
        "font-weight:600}");
    return QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                          "<meta http-equiv=\"refresh\" content=\"%1\">"
                          "<title>Kiosk fleet (platform sandbox)</title><style>%2</style></head>\n<body>"
                          "<h1>Kiosk fleet</h1><div class=\"sub\">platform sandbox (demo) &middot; %3 (UTC+8) "
                          "&middot; refreshes every %1 s &middot; no personal data</div>%4\n"
                          "<table><thead><tr><th>Kiosk</th><th>App version</th><th>Last seen</th><th>Devices</th>"
                          "<th>Queue</th><th>Last sync</th><th>Self-test</th></tr></thead>\n<tbody>\n%5</tbody>"
                          "</table></body></html>\n")
        .arg(options.refreshS)
        .arg(css, esc(localTime(now)), summary, rows);
}

} // namespace kiosk::sandbox
