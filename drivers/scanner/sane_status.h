// What a SANE status code means for a scan and for the scanner's DeviceStatus (with human detail and recovery hint).
#pragma once

#include <QString>

#include <sane/sane.h>

#include "drivers/device.h"

namespace kiosk::drivers {

enum class ScanError {
    None,
    Cancelled,       // we (or the device) cancelled
    NoDocuments,     // the feeder is empty (ends an ADF batch normally when at least one page came)
    Jammed,          // paper jam in the feeder
    CoverOpen,       // lid or feeder cover open
    DeviceBusy,      // another program (or a previous scan) holds the scanner
    IoError,         // the device stopped answering: cable, power
    NoMemory,        // the backend could not allocate
    AccessDenied,    // permissions (udev group) or an authenticating backend
    Unsupported,     // the scanner cannot do what was asked (e.g. ADF on a flatbed-only device)
    InvalidArgument, // a setting the backend refused
    WarmingUp,       // the lamp is not ready yet
    Locked,          // transport lock engaged
    NoDevice,        // no scanner of the configured name
    BadImage,        // the data did not form an image we understand
};
QString toString(ScanError error); // stable machine name, e.g. "no_documents"

// The scan error for a status returned by sane_start / sane_read / sane_control_option.
// GOOD and EOF are not errors.
ScanError scanErrorFor(SANE_Status status);

// The scanner's status after an operation ended with `error`. NoDevice and the user-fixable conditions say what to
// do; Cancelled leaves the scanner Online.
DeviceStatus deviceStatusFor(ScanError error, const QString &deviceName);

// Human text for `error` (what went wrong, never personal data), as used in ScanResult::detail.
QString describe(ScanError error);

} // namespace kiosk::drivers
