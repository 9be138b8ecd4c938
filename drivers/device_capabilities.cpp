// The capability table (one row per capability: key, value type, unit) and the typed capability list.
#include "drivers/device_capabilities.h"

#include <QLoggingCategory>

namespace kiosk::drivers {

Q_LOGGING_CATEGORY(lcCapabilities, "kiosk.drivers.capabilities")

namespace {

using T = CapabilityType;
using U = CapabilityUnit;

const QList<CapabilityInfo> &table()
{
    static const QList<CapabilityInfo> rows{
        {Capability::CardTypes, "card_types", T::List, U::None},
        {Capability::PhotoFormat, "photo", T::Text, U::None},
        {Capability::Fingerprint, "fingerprint", T::Flag, U::None},
        {Capability::PollInterval, "poll_interval_ms", T::Integer, U::Millisecond},
        {Capability::Connection, "connection", T::Text, U::None},
        {Capability::MaxPayload, "max_payload_bytes", T::Integer, U::Byte},
        {Capability::Charset, "charset", T::Text, U::None},
        {Capability::PaperWidth, "paper_width_mm", T::Integer, U::Millimetre},
        {Capability::CommandSet, "command_set", T::Text, U::None},
        {Capability::StatusProtocol, "status", T::Text, U::None},
        {Capability::StatusInterval, "status_interval_ms", T::Integer, U::Millisecond},
        {Capability::Queue, "queue", T::Text, U::None},
        {Capability::Color, "color", T::Flag, U::None},
        {Capability::Duplex, "duplex", T::Flag, U::None},
        {Capability::DocumentFormats, "document_formats", T::List, U::None},
        {Capability::MediaDefault, "media_default", T::Text, U::None},
        {Capability::PrintFormats, "formats", T::List, U::None},
        {Capability::Paper, "paper", T::Text, U::None},
        {Capability::JobResults, "job_results", T::Flag, U::None},
        {Capability::SaneDevice, "device", T::Text, U::None},
        {Capability::ScanSources, "sources", T::List, U::None},
        {Capability::ScanModes, "modes", T::List, U::None},
        {Capability::ScanResolutions, "scan_resolutions", T::List, U::DotsPerInch},
        {Capability::ResolutionMin, "resolution_min", T::Integer, U::DotsPerInch},
        {Capability::ResolutionMax, "resolution_max", T::Integer, U::DotsPerInch},
        {Capability::Flatbed, "flatbed", T::Flag, U::None},
        {Capability::Feeder, "adf", T::Flag, U::None},
        {Capability::CameraName, "camera", T::Text, U::None},
        {Capability::VideoResolutions, "video_resolutions", T::List, U::Pixel},
        {Capability::PhotoResolutions, "photo_resolutions", T::List, U::Pixel},
        {Capability::Width, "width", T::Integer, U::Pixel},
        {Capability::Height, "height", T::Integer, U::Pixel},
        {Capability::FrameRate, "fps", T::Real, U::FramesPerSecond},
        {Capability::StillWidth, "still_width", T::Integer, U::Pixel},
        {Capability::StillHeight, "still_height", T::Integer, U::Pixel},
        {Capability::Loop, "loop", T::Flag, U::None},
        {Capability::PixelFormat, "pixel_format", T::Text, U::None},
        {Capability::FrameCount, "frames", T::Integer, U::None},
        {Capability::StoresFrames, "stores_frames", T::Flag, U::None},
    };
    return rows;
}

} // namespace

const QList<CapabilityInfo> &allCapabilities()
{
    return table();
}

const CapabilityInfo &capabilityInfo(Capability id)
{
    // The table is in enum order (test_device_capabilities checks it), so the enum value is the row.
    return table().at(static_cast<int>(id));
}

bool capabilityFromKey(const QString &key, Capability *id)
{
    for (const CapabilityInfo &c : table()) {
        if (key == QLatin1String(c.key)) {
            *id = c.id;
            return true;
        }
    }
    return false;
}

QString unitSymbol(CapabilityUnit unit)
{
    switch (unit) {
    case CapabilityUnit::None: return {};
    case CapabilityUnit::Millimetre: return QStringLiteral("mm");
    case CapabilityUnit::Millisecond: return QStringLiteral("ms");
    case CapabilityUnit::Byte: return QStringLiteral("B");
    case CapabilityUnit::Pixel: return QStringLiteral("px");
    case CapabilityUnit::DotsPerInch: return QStringLiteral("dpi");
    case CapabilityUnit::FramesPerSecond: return QStringLiteral("fps");
    }
    return {};
}

DeviceCapabilities &DeviceCapabilities::set(Capability id, CapabilityType type, QVariant value)
{
    const CapabilityInfo &info = capabilityInfo(id);
    Q_ASSERT_X(info.type == type, "DeviceCapabilities", info.key);
    if (info.type != type) {
        qCWarning(lcCapabilities) << "capability" << info.key << "set with the wrong type; ignored";
        return *this;
    }
    for (Entry &e : entries_) {
        if (e.id == id) {
            e.value = std::move(value);
            return *this;
        }
    }
    entries_.append({id, std::move(value)});
    return *this;
}

DeviceCapabilities &DeviceCapabilities::setFlag(Capability id, bool value)
{
    return set(id, CapabilityType::Flag, value);
}

DeviceCapabilities &DeviceCapabilities::setInteger(Capability id, qint64 value)
{
    return set(id, CapabilityType::Integer, value);
}

DeviceCapabilities &DeviceCapabilities::setReal(Capability id, double value)
{
    return set(id, CapabilityType::Real, value);
}

DeviceCapabilities &DeviceCapabilities::setText(Capability id, const QString &value)
{
    return set(id, CapabilityType::Text, value);
}

DeviceCapabilities &DeviceCapabilities::setList(Capability id, const QStringList &value)
{
    return set(id, CapabilityType::List, value);
}

DeviceCapabilities &DeviceCapabilities::merge(const DeviceCapabilities &other)
{
    for (const Entry &e : other.entries_)
        set(e.id, capabilityInfo(e.id).type, e.value);
    return *this;
}

const DeviceCapabilities::Entry *DeviceCapabilities::find(Capability id) const
{
    for (const Entry &e : entries_) {
        if (e.id == id)
            return &e;
    }
    return nullptr;
}

bool DeviceCapabilities::has(Capability id) const
{
    return find(id) != nullptr;
}

bool DeviceCapabilities::flag(Capability id, bool fallback) const
{
    const Entry *e = find(id);
    return e ? e->value.toBool() : fallback;
}

qint64 DeviceCapabilities::integer(Capability id, qint64 fallback) const
{
    const Entry *e = find(id);
    return e ? e->value.toLongLong() : fallback;
}

double DeviceCapabilities::real(Capability id, double fallback) const
{
    const Entry *e = find(id);
    return e ? e->value.toDouble() : fallback;
}

QString DeviceCapabilities::text(Capability id) const
{
    const Entry *e = find(id);
    return e ? e->value.toString() : QString();
}

QStringList DeviceCapabilities::list(Capability id) const
{
    const Entry *e = find(id);
    return e ? e->value.toStringList() : QStringList();
}

QVariantMap DeviceCapabilities::toVariantMap() const
{
    QVariantMap out;
    for (const Entry &e : entries_)
        out.insert(QLatin1String(capabilityInfo(e.id).key), e.value);
    return out;
}

} // namespace kiosk::drivers
