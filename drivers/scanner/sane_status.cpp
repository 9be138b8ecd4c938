// The SANE status table (see sane_status.h).
#include "drivers/scanner/sane_status.h"

namespace kiosk::drivers {

namespace {

// Codes some backends already return but sane.h still keeps under #if 0 ("for later sane version").
constexpr int kSaneStatusWarmingUp = 12;
constexpr int kSaneStatusHwLocked = 13;

struct Row {
    ScanError error;
    const char *name;
    DeviceState state;
    const char *detail;
    const char *hint;
};

// One row per error: its machine name, the device state it leaves behind, and what staff are told.
constexpr Row kRows[] = {
    {ScanError::None, "none", DeviceState::Online, "Ready", ""},
    {ScanError::Cancelled, "cancelled", DeviceState::Online, "The scan was cancelled", ""},
    {ScanError::NoDocuments, "no_documents", DeviceState::UserError, "The document feeder is empty",
     "Put the pages face down into the document feeder and scan again."},
    {ScanError::Jammed, "jammed", DeviceState::UserError, "Paper jam in the document feeder",
     "Open the feeder cover, take out the jammed page, close the cover and scan again."},
    {ScanError::CoverOpen, "cover_open", DeviceState::UserError, "The scanner cover is open",
     "Close the scanner lid and the feeder cover, then scan again."},
    {ScanError::DeviceBusy, "device_busy", DeviceState::Busy, "The scanner is busy (in use by another program)",
     "Wait a moment and try again; if it stays busy, switch the scanner off and on."},
    {ScanError::IoError, "io_error", DeviceState::Offline, "Communication with the scanner failed",
     "Check the scanner's power and USB cable, then try again."},
    {ScanError::NoMemory, "no_memory", DeviceState::HardwareError, "The scanner driver ran out of memory",
     "Scan at a lower resolution; if it happens again, restart the kiosk."},
    {ScanError::AccessDenied, "access_denied", DeviceState::HardwareError, "Access to the scanner was denied",
     "Give the kiosk user access to the scanner (the 'scanner' group or a udev rule)."},
    {ScanError::Unsupported, "unsupported", DeviceState::Online, "The scanner does not support this request", ""},
    {ScanError::InvalidArgument, "invalid_argument", DeviceState::HardwareError, "The scanner refused a setting",
     "Check the [scanner] settings against scanimage --help -d <device>."},
    {ScanError::WarmingUp, "warming_up", DeviceState::Busy, "The scanner lamp is warming up",
     "Wait a minute and scan again."},
    {ScanError::Locked, "locked", DeviceState::UserError, "The scanner's transport lock is engaged",
     "Release the transport lock switch on the scanner."},
    {ScanError::NoDevice, "no_device", DeviceState::NoDevice, "No scanner named \"%1\" was found",
     "Connect and switch on the scanner, or correct the [scanner] device name (scanimage -L lists them)."},
    {ScanError::BadImage, "bad_image", DeviceState::HardwareError, "The scanner sent data that is not an image",
     "Try again; if it happens again, restart the scanner."},
};

const Row &rowFor(ScanError error)
{
    for (const Row &r : kRows) {
        if (r.error == error)
            return r;
    }
    return kRows[0];
}

} // namespace

QString toString(ScanError error)
{
    return QString::fromLatin1(rowFor(error).name);
}

QString describe(ScanError error)
{
    return QString::fromLatin1(rowFor(error).detail);
}

ScanError scanErrorFor(SANE_Status status)
{
    switch (int(status)) {
    case SANE_STATUS_GOOD:
    case SANE_STATUS_EOF: return ScanError::None;
    case SANE_STATUS_CANCELLED: return ScanError::Cancelled;
    case SANE_STATUS_NO_DOCS: return ScanError::NoDocuments;
    case SANE_STATUS_JAMMED: return ScanError::Jammed;
    case SANE_STATUS_COVER_OPEN: return ScanError::CoverOpen;
    case SANE_STATUS_DEVICE_BUSY: return ScanError::DeviceBusy;
    case SANE_STATUS_IO_ERROR: return ScanError::IoError;
    case SANE_STATUS_NO_MEM: return ScanError::NoMemory;
    case SANE_STATUS_ACCESS_DENIED: return ScanError::AccessDenied;
    case SANE_STATUS_UNSUPPORTED: return ScanError::Unsupported;
    case SANE_STATUS_INVAL: return ScanError::InvalidArgument;
    case kSaneStatusWarmingUp: return ScanError::WarmingUp;
    case kSaneStatusHwLocked: return ScanError::Locked;
    }
    return ScanError::IoError; // an unknown code from a newer backend: treat as a failed exchange
}

DeviceStatus deviceStatusFor(ScanError error, const QString &deviceName)
{
    const Row &r = rowFor(error);
    QString detail = QString::fromLatin1(r.detail);
    if (error == ScanError::NoDevice)
        detail = detail.arg(deviceName);
    return {r.state, detail, QString::fromLatin1(r.hint)};
}

} // namespace kiosk::drivers
