// What a device can do, as data: a list of typed entries (which capability, its value; the value's type and unit are
// fixed per capability in one table), filled in by every driver and by the simulators' devices the same way and read
// by name-safe accessors. The maintenance menu builds its device panels from the list (app/devices/device_description).
#pragma once

#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVariant>
#include <QVariantMap>

namespace kiosk::drivers {

// Every capability any driver reports. New ones go at the end of the table in device_capabilities.cpp too.
enum class Capability {
    // ID-card reader
    CardTypes,    // list: "resident", "hkmt_permit", ...
    PhotoFormat,  // text: "wlt_raw"
    Fingerprint,  // flag
    PollInterval, // integer, ms
    // code scanner
    Connection, // text: "hid_wedge" | "serial_cdc"
    MaxPayload, // integer, bytes
    Charset,    // text: "ascii" | "utf-8"
    // receipt printer
    PaperWidth,     // integer, mm
    CommandSet,     // text: "escpos"
    StatusProtocol, // text: "dle_eot"
    StatusInterval, // integer, ms
    // document printer (CUPS)
    Queue,           // text: the CUPS queue name
    Color,           // flag
    Duplex,          // flag
    DocumentFormats, // list of MIME types the queue accepts
    MediaDefault,    // text: e.g. "iso_a4_210x297mm"
    PrintFormats,    // list of MIME types the kiosk sends
    Paper,           // text: "A4"
    JobResults,      // flag: reports completion per job
    // document scanner (SANE)
    SaneDevice,      // text: the SANE device name
    ScanSources,     // list
    ScanModes,       // list
    ScanResolutions, // list, dpi
    ResolutionMin,   // integer, dpi
    ResolutionMax,   // integer, dpi
    Flatbed,         // flag
    Feeder,          // flag: automatic document feeder
    // cameras (face camera, document camera, a file played as one)
    CameraName,       // text
    VideoResolutions, // list, "WxH"
    PhotoResolutions, // list, "WxH"
    Width,            // integer, px
    Height,           // integer, px
    FrameRate,        // real, frames per second
    StillWidth,       // integer, px
    StillHeight,      // integer, px
    Loop,             // flag: a file source starts again at its end
    PixelFormat,      // text: "RGB888"
    FrameCount,       // integer: frames in a file source
    StoresFrames,     // flag: always false (frames stay in memory)
};

enum class CapabilityType { Flag, Integer, Real, Text, List };
enum class CapabilityUnit { None, Millimetre, Millisecond, Byte, Pixel, DotsPerInch, FramesPerSecond };

struct CapabilityInfo {
    Capability id;
    const char *key; // stable machine name, e.g. "paper_width_mm" (JSON, logs)
    CapabilityType type;
    CapabilityUnit unit;
};

// The table entry of `id` (every enumerator has one).
const CapabilityInfo &capabilityInfo(Capability id);
// All capabilities in the order of the enum.
const QList<CapabilityInfo> &allCapabilities();
bool capabilityFromKey(const QString &key, Capability *id);
QString unitSymbol(CapabilityUnit unit); // "mm", "ms", "B", "px", "dpi", "fps"; empty for None

class DeviceCapabilities
{
public:
    struct Entry {
        Capability id;
        QVariant value; // bool, qint64, double, QString or QStringList, as capabilityInfo(id).type says
        bool operator==(const Entry &o) const { return id == o.id && value == o.value; }
    };

    // Each setter sets (or replaces) one entry; setting a capability with the wrong type is a programming error and is
    // refused (Q_ASSERT in debug builds, a warning and no entry in release builds).
    DeviceCapabilities &setFlag(Capability id, bool value);
    DeviceCapabilities &setInteger(Capability id, qint64 value);
    DeviceCapabilities &setReal(Capability id, double value);
    DeviceCapabilities &setText(Capability id, const QString &value);
    DeviceCapabilities &setList(Capability id, const QStringList &value);
    // Entries of `other` replace or join this one's.
    DeviceCapabilities &merge(const DeviceCapabilities &other);

    bool has(Capability id) const;
    bool isEmpty() const { return entries_.isEmpty(); }
    bool flag(Capability id, bool fallback = false) const;
    qint64 integer(Capability id, qint64 fallback = 0) const;
    double real(Capability id, double fallback = 0.0) const;
    QString text(Capability id) const;
    QStringList list(Capability id) const;

    // In the order they were first set (the order a panel shows them).
    const QList<Entry> &entries() const { return entries_; }
    // {key: value} for JSON output (kioskctl, logs).
    QVariantMap toVariantMap() const;

    bool operator==(const DeviceCapabilities &o) const { return entries_ == o.entries_; }
    bool operator!=(const DeviceCapabilities &o) const { return !(*this == o); }

private:
    DeviceCapabilities &set(Capability id, CapabilityType type, QVariant value);
    const Entry *find(Capability id) const;

    QList<Entry> entries_;
};

} // namespace kiosk::drivers

Q_DECLARE_METATYPE(kiosk::drivers::DeviceCapabilities)
