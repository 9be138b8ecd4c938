// Maps CUPS queue and job attributes to DeviceStatus and PrintJobResult (see cups_status.h).
#include "drivers/document_printer/cups_status.h"

#include <array>

namespace kiosk::drivers {

QString toString(PrintJobResult result)
{
    switch (result) {
    case PrintJobResult::Completed: return QStringLiteral("completed");
    case PrintJobResult::Aborted: return QStringLiteral("aborted");
    case PrintJobResult::Cancelled: return QStringLiteral("cancelled");
    case PrintJobResult::StoppedPrinter: return QStringLiteral("stopped_printer");
    case PrintJobResult::TimedOut: return QStringLiteral("timed_out");
    case PrintJobResult::SubmitFailed: return QStringLiteral("submit_failed");
    }
    return QStringLiteral("unknown");
}

namespace cups {

namespace {

struct ReasonText {
    const char *stem;
    const char *detail;
    const char *hint;
};

// Conditions a person at the machine can fix. The first match wins, so the list is in order of how much it blocks.
constexpr std::array<ReasonText, 9> kUserReasons{{
    {"media-empty", "Paper out",
     "Load A4 paper into the printer's tray. Printing continues by itself; "
     "if the queue was stopped, re-enable it (cupsenable %1)."},
    {"media-needed", "Paper out",
     "Load A4 paper into the printer's tray. Printing continues by itself; "
     "if the queue was stopped, re-enable it (cupsenable %1)."},
    {"media-jam", "Paper jam", "Open the printer, remove the jammed sheet and close all covers."},
    {"door-open", "A printer door is open", "Close all doors and covers of the printer."},
    {"cover-open", "A printer cover is open", "Close all doors and covers of the printer."},
    {"interlock-open", "A printer cover is open", "Close all doors and covers of the printer."},
    {"toner-empty", "Toner is empty", "Replace the toner cartridge."},
    {"marker-supply-empty", "Toner or ink is empty", "Replace the toner or ink cartridge."},
    {"input-tray-missing", "The paper tray is missing", "Push the paper tray back into the printer."},
}};

// Printer conditions that only show up as reasons and are not worth their own text.
constexpr std::array<const char *, 3> kOfflineStems{{"offline", "connecting-to-device", "timed-out"}};

QString keyword(const char *s)
{
    return QString::fromLatin1(s);
}

} // namespace

QString reasonStem(const QString &reason)
{
    for (const char *suffix : {"-error", "-warning", "-report"}) {
        if (reason.endsWith(QLatin1String(suffix)))
            return reason.left(reason.size() - int(qstrlen(suffix)));
    }
    return reason;
}

bool reasonIsError(const QString &reason)
{
    return !reason.endsWith(QLatin1String("-warning")) && !reason.endsWith(QLatin1String("-report"));
}

DeviceStatus deviceStatusFor(const PrinterSnapshot &s)
{
    if (!s.serviceReachable) {
        return {DeviceState::Offline, QStringLiteral("The print service (CUPS) is not running or not reachable"),
                QStringLiteral("Start the CUPS service (systemctl start cups) and check the [document_printer] "
                               "server setting.")};
    }
    if (!s.exists) {
        return {DeviceState::NoDevice, QStringLiteral("There is no print queue named \"%1\"").arg(s.queue),
                QStringLiteral("Create the queue with lpadmin, or correct the queue name in the [document_printer] "
                               "section of the configuration (lpstat -p lists the queues).")};
    }

    QStringList errors;
    QStringList stems;
    for (const QString &r : s.reasons) {
        if (r.isEmpty() || r == QLatin1String("none"))
            continue;
        stems << reasonStem(r);
        if (reasonIsError(r))
            errors << r;
    }

    for (const ReasonText &t : kUserReasons) {
        for (const QString &r : errors) {
            if (reasonStem(r) == keyword(t.stem)) {
                QString detail = keyword(t.detail);
                if (s.state == PrinterStopped)
                    detail += QStringLiteral(" (queue \"%1\" stopped)").arg(s.queue);
                QString hint = keyword(t.hint);
                if (hint.contains(QLatin1String("%1")))
                    hint = hint.arg(s.queue);
                return {DeviceState::UserError, detail, hint};
            }
        }
    }

    if (s.state == PrinterStopped) {
        QString detail = QStringLiteral("Print queue \"%1\" is stopped").arg(s.queue);
        if (!s.message.isEmpty())
            detail += QStringLiteral(": ") + s.message;
        return {DeviceState::HardwareError, detail,
                QStringLiteral("Check the printer and the CUPS error log, then restart the queue (cupsenable %1).")
                    .arg(s.queue)};
    }
    if (!s.acceptingJobs) {
        return {DeviceState::HardwareError, QStringLiteral("Print queue \"%1\" is rejecting jobs").arg(s.queue),
                QStringLiteral("Let the queue accept jobs again (cupsaccept %1).").arg(s.queue)};
    }

    for (const char *stem : kOfflineStems) {
        // "offline-report" is how CUPS backends say the printer went away, so the suffix does not matter here.
        if (stems.contains(keyword(stem))) {
            return {DeviceState::Offline, QStringLiteral("The printer of queue \"%1\" does not answer").arg(s.queue),
                    QStringLiteral("Check the printer's power and its USB or network cable.")};
        }
    }

    for (const QString &r : errors) {
        if (r.startsWith(QLatin1String("cups-")))
            continue; // scheduler notes (e.g. cups-waiting-for-job-completed), not printer faults
        return {DeviceState::HardwareError, QStringLiteral("The printer reports \"%1\"").arg(r),
                QStringLiteral("Look at the printer's panel and the CUPS error log (/var/log/cups/error_log).")};
    }

    if (s.state == PrinterProcessing)
        return {DeviceState::Busy, QStringLiteral("Printing"), QString()};
    return {DeviceState::Online, QStringLiteral("Ready"), QString()};
}

std::optional<PrintJobResult> finishedJobResult(int jobState, const QStringList &jobReasons, bool printerStopped)
{
    switch (jobState) {
    case JobCompleted: return PrintJobResult::Completed;
    case JobAborted: return PrintJobResult::Aborted;
    case JobCanceled: return PrintJobResult::Cancelled;
    case JobProcessingStopped:
        // CUPS stops a job whose filters failed even when the queue itself stays idle: that job will never
        // print, which is what "aborted" means to the caller.
        for (const char *r : {"job-completed-with-errors", "document-format-error", "document-unprintable-error",
                              "aborted-by-system", "document-access-error"}) {
            if (jobReasons.contains(keyword(r)))
                return PrintJobResult::Aborted;
        }
        return PrintJobResult::StoppedPrinter;
    case JobPending:
    case JobHeld:
    case JobProcessing:
        if (printerStopped)
            return PrintJobResult::StoppedPrinter;
        return std::nullopt;
    default: return std::nullopt;
    }
}

} // namespace cups
} // namespace kiosk::drivers
