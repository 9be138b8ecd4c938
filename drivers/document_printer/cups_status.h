// Pure mapping from what CUPS says about a queue and a job (IPP printer-state, printer-state-reasons, job-state,
// job-state-reasons) to our DeviceStatus and to a typed print-job result; no libcups here, so it is table-tested.
#pragma once

#include <QString>
#include <QStringList>

#include <optional>

#include "drivers/device.h"

namespace kiosk::drivers {

// How a print job ended, as the document printer reports it.
enum class PrintJobResult {
    Completed,      // the queue printed every page
    Aborted,        // CUPS or a filter gave up on the job (bad document, backend failure)
    Cancelled,      // someone (or we, on request) cancelled it
    StoppedPrinter, // the queue is stopped (paper out, paused, error policy): the job was withdrawn
    TimedOut,       // it did not finish within the configured time: the job was withdrawn
    SubmitFailed,   // it never reached the queue (no queue, CUPS down, refused, unreadable file)
};
QString toString(PrintJobResult result); // stable machine name, e.g. "stopped_printer"

namespace cups {

// IPP printer-state (RFC 8011 5.4.11) and job-state (5.3.7) values.
enum PrinterStateValue { PrinterIdle = 3, PrinterProcessing = 4, PrinterStopped = 5 };
enum JobStateValue {
    JobPending = 3,
    JobHeld = 4,
    JobProcessing = 5,
    JobProcessingStopped = 6,
    JobCanceled = 7,
    JobAborted = 8,
    JobCompleted = 9,
};

// What one Get-Printer-Attributes round trip told us.
struct PrinterSnapshot {
    QString queue;
    bool serviceReachable = true; // cupsd answered at all
    bool exists = true;           // the queue is known to cupsd
    int state = PrinterIdle;      // printer-state
    QStringList reasons;          // printer-state-reasons keywords, e.g. "media-empty-error"; "none" is ignored
    bool acceptingJobs = true;    // printer-is-accepting-jobs
    QString message;              // printer-state-message (technical text from the backend; no personal data)
};

// The device status for a queue snapshot. Order of precedence: missing service/queue, then conditions a person
// can fix (paper, jam, cover, toner: often the reason CUPS stopped the queue), then a stopped or rejecting
// queue, then other printer errors, then offline, then busy/online.
DeviceStatus deviceStatusFor(const PrinterSnapshot &snapshot);

// The keyword of a printer-state-reason without its "-error" / "-warning" / "-report" suffix.
QString reasonStem(const QString &reason);
// Warnings and reports describe, errors stop printing; RFC 8011 says a keyword without a suffix is an error.
bool reasonIsError(const QString &reason);

// Whether a job has ended and how. `printerStopped` is the queue's state at the same time: a job still pending on
// a stopped queue will not print until someone re-enables it, which in a kiosk is later than the citizen waits.
// std::nullopt: still under way.
std::optional<PrintJobResult> finishedJobResult(int jobState, const QStringList &jobReasons, bool printerStopped);

} // namespace cups
} // namespace kiosk::drivers
