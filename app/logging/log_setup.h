// Logging for the whole process: one category per class, rotating files, and masks for anything personal.
#pragma once

#include <QString>

namespace kiosk::app {

struct LogSettings {
    QString dir;          // empty: stderr only
    int maxFileKb = 1024; // rotate when the current file passes this size
    int maxFiles = 5;     // kiosk.log, kiosk.log.1 ... kiosk.log.(maxFiles-1)
    QString filterRules;  // QLoggingCategory rules
    bool alsoStderr = true;
};

// Installs the message handler. Safe to call again with new settings; pass an empty dir to stop writing files.
void installLogging(const LogSettings &settings);
// Flushes and closes the log file; the handler falls back to stderr.
void shutdownLogging();
// The current log file path, empty when logging to stderr only.
QString currentLogFile();

// Masks for the rare place that must mention a citizen (never the whole value): 4401**********2430, 张*.
QString maskIdNumber(const QString &id);
QString maskName(const QString &name);

} // namespace kiosk::app
