// The kiosk's local interface for kiosk-update (and technicians): one small JSON file in the kiosk's runtime folder
// ($RUNTIME_DIRECTORY/state.json, i.e. /run/kiosk under systemd; [update] state_file to move it), replaced
// atomically at every change:
//   {"pid":1234,"version":"0.9.0","ready":true,"visit":false,"selftest":"passed","changed_at":1765100000}
// "visit" is true from the first touch of a visit until its wipe: kiosk-update never restarts the kiosk then.
// "ready" is set once the first screen is shown (with systemd's READY=1); "selftest" is "pending", "passed" or
// "failed" (the devices' self-test run at start). Why a file and not sd_notify STATUS: any root script reads it with
// no D-Bus and no parsing of free text, its pid says whether it is stale, and it is gone with /run at a reboot.
// Nothing personal is in it. kiosk-update also leaves the version it rolled back from in [update] state_dir
// (failed-version), which the kiosk reports in the heartbeat (alert update_failed) and the metrics.
#pragma once

#include <QString>

class QSettings;

namespace kiosk::app {

class KioskStateFile
{
public:
    explicit KioskStateFile(QString path, QString version);

    QString path() const { return path_; }
    void setReady(bool ready);
    void setVisit(bool inProgress);
    void setSelftest(const QString &result); // pending | passed | failed
    // Writes the file now (each setter writes when the value changed). False, with the reason, when it cannot.
    bool write(QString *error = nullptr);

private:
    QString path_;
    QString version_;
    bool ready_ = false;
    bool visit_ = false;
    QString selftest_ = QStringLiteral("pending");
};

// [update] state_file, else $RUNTIME_DIRECTORY/state.json; empty when neither is set (no file is written).
QString kioskStateFilePath(QSettings &ini);
// The version kiosk-update rolled back from: [update] state_dir (default /var/lib/kiosk-update) /failed-version,
// a package version (letters, digits, . + ~ : -); empty when none or not a version.
QString readUpdateFailedVersion(QSettings &ini);

} // namespace kiosk::app
