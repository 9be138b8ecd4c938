// Device descriptions for the maintenance menu, from the drivers' typed capabilities.
#include "app/devices/device_description.h"

#include <QCoreApplication>

#include "drivers/device.h"
#include "drivers/device_manager.h"

namespace kiosk::app {

namespace {

using drivers::Capability;

struct Label {
    Capability id;
    const char *text;
};

// What a technician reads for each capability (translated by the screen in the context "kiosk::app::DeviceFact").
const Label kLabels[] = {
    {Capability::CardTypes, QT_TRANSLATE_NOOP("kiosk::app::DeviceFact", "支持的证件")},
    {Capability::PhotoFormat, QT_TRANSLATE_NOOP("kiosk::app::DeviceFact", "照片格式")},
    {Capability::Fingerprint, QT_TRANSLATE_NOOP("kiosk::app::DeviceFact", "指纹")},
    {Capability::PollInterval, QT_TRANSLATE_NOOP("kiosk::app::DeviceFact", "寻卡间隔")},
    {Capability::Connection, QT_TRANSLATE_NOOP("kiosk::app::DeviceFact", "连接方式")},
    {Capability::MaxPayload, QT_TRANSLATE_NOOP("kiosk::app::DeviceFact", "最大码长")},
    {Capability::Charset, QT_TRANSLATE_NOOP("kiosk::app::DeviceFact", "字符集")},
    {Capability::PaperWidth, QT_TRANSLATE_NOOP("kiosk::app::DeviceFact", "纸宽")},
    {Capability::CommandSet, QT_TRANSLATE_NOOP("kiosk::app::DeviceFact", "指令集")},
    {Capability::StatusProtocol, QT_TRANSLATE_NOOP("kiosk::app::DeviceFact", "状态查询")},
    {Capability::StatusInterval, QT_TRANSLATE_NOOP("kiosk::app::DeviceFact", "状态查询间隔")},
    {Capability::Queue, QT_TRANSLATE_NOOP("kiosk::app::DeviceFact", "打印队列")},
    {Capability::Color, QT_TRANSLATE_NOOP("kiosk::app::DeviceFact", "彩色")},
    {Capability::Duplex, QT_TRANSLATE_NOOP("kiosk::app::DeviceFact", "双面")},
    {Capability::DocumentFormats, QT_TRANSLATE_NOOP("kiosk::app::DeviceFact", "队列接受的格式")},
    {Capability::MediaDefault, QT_TRANSLATE_NOOP("kiosk::app::DeviceFact", "默认纸张")},
    {Capability::PrintFormats, QT_TRANSLATE_NOOP("kiosk::app::DeviceFact", "发送格式")},
    {Capability::Paper, QT_TRANSLATE_NOOP("kiosk::app::DeviceFact", "纸张")},
    {Capability::JobResults, QT_TRANSLATE_NOOP("kiosk::app::DeviceFact", "报告打印结果")},
    {Capability::SaneDevice, QT_TRANSLATE_NOOP("kiosk::app::DeviceFact", "SANE 设备")},
    {Capability::ScanSources, QT_TRANSLATE_NOOP("kiosk::app::DeviceFact", "扫描来源")},
    {Capability::ScanModes, QT_TRANSLATE_NOOP("kiosk::app::DeviceFact", "扫描模式")},
    {Capability::ScanResolutions, QT_TRANSLATE_NOOP("kiosk::app::DeviceFact", "分辨率")},
    {Capability::ResolutionMin, QT_TRANSLATE_NOOP("kiosk::app::DeviceFact", "最低分辨率")},
    {Capability::ResolutionMax, QT_TRANSLATE_NOOP("kiosk::app::DeviceFact", "最高分辨率")},
    {Capability::Flatbed, QT_TRANSLATE_NOOP("kiosk::app::DeviceFact", "平板")},
    {Capability::Feeder, QT_TRANSLATE_NOOP("kiosk::app::DeviceFact", "自动进纸器")},
    {Capability::CameraName, QT_TRANSLATE_NOOP("kiosk::app::DeviceFact", "摄像头")},
    {Capability::VideoResolutions, QT_TRANSLATE_NOOP("kiosk::app::DeviceFact", "视频分辨率")},
    {Capability::PhotoResolutions, QT_TRANSLATE_NOOP("kiosk::app::DeviceFact", "拍照分辨率")},
    {Capability::Width, QT_TRANSLATE_NOOP("kiosk::app::DeviceFact", "画面宽度")},
    {Capability::Height, QT_TRANSLATE_NOOP("kiosk::app::DeviceFact", "画面高度")},
    {Capability::FrameRate, QT_TRANSLATE_NOOP("kiosk::app::DeviceFact", "帧率")},
    {Capability::StillWidth, QT_TRANSLATE_NOOP("kiosk::app::DeviceFact", "拍照宽度")},
    {Capability::StillHeight, QT_TRANSLATE_NOOP("kiosk::app::DeviceFact", "拍照高度")},
    {Capability::Loop, QT_TRANSLATE_NOOP("kiosk::app::DeviceFact", "循环播放")},
    {Capability::PixelFormat, QT_TRANSLATE_NOOP("kiosk::app::DeviceFact", "像素格式")},
    {Capability::FrameCount, QT_TRANSLATE_NOOP("kiosk::app::DeviceFact", "帧数")},
    {Capability::StoresFrames, QT_TRANSLATE_NOOP("kiosk::app::DeviceFact", "保存画面")},
};

const char *labelOf(Capability id)
{
    for (const Label &l : kLabels) {
        if (l.id == id)
            return l.text;
    }
    return nullptr;
}

DeviceFact::Type factType(drivers::CapabilityType t)
{
    switch (t) {
    case drivers::CapabilityType::Flag: return DeviceFact::Type::Flag;
    case drivers::CapabilityType::Integer: return DeviceFact::Type::Integer;
    case drivers::CapabilityType::Real: return DeviceFact::Type::Real;
    case drivers::CapabilityType::Text: return DeviceFact::Type::Text;
    case drivers::CapabilityType::List: return DeviceFact::Type::List;
    }
    return DeviceFact::Type::Text;
}

} // namespace

const char *selfTestDetailLabel(const QString &key)
{
    struct DetailLabel {
        const char *key;
        const char *text;
    };
    static const DetailLabel labels[] = {
        {"busy", QT_TRANSLATE_NOOP("kiosk::app::DeviceFact", "正被使用")},
        {"cover_open", QT_TRANSLATE_NOOP("kiosk::app::DeviceFact", "盖板打开")},
        {"error", QT_TRANSLATE_NOOP("kiosk::app::DeviceFact", "错误")},
        {"frames", QT_TRANSLATE_NOOP("kiosk::app::DeviceFact", "收到的帧数")},
        {"height", QT_TRANSLATE_NOOP("kiosk::app::DeviceFact", "画面高度")},
        {"job_id", QT_TRANSLATE_NOOP("kiosk::app::DeviceFact", "打印任务号")},
        {"offline", QT_TRANSLATE_NOOP("kiosk::app::DeviceFact", "离线")},
        {"options", QT_TRANSLATE_NOOP("kiosk::app::DeviceFact", "选项数")},
        {"paper", QT_TRANSLATE_NOOP("kiosk::app::DeviceFact", "纸张")},
        {"port", QT_TRANSLATE_NOOP("kiosk::app::DeviceFact", "端口")},
        {"queue", QT_TRANSLATE_NOOP("kiosk::app::DeviceFact", "打印队列")},
        {"result", QT_TRANSLATE_NOOP("kiosk::app::DeviceFact", "打印结果")},
        {"sam", QT_TRANSLATE_NOOP("kiosk::app::DeviceFact", "安全模块")},
        {"sam_id", QT_TRANSLATE_NOOP("kiosk::app::DeviceFact", "安全模块编号")},
        {"sam_status", QT_TRANSLATE_NOOP("kiosk::app::DeviceFact", "安全模块状态")},
        {"size", QT_TRANSLATE_NOOP("kiosk::app::DeviceFact", "画面尺寸")},
        {"state", QT_TRANSLATE_NOOP("kiosk::app::DeviceFact", "状态")},
        {"width", QT_TRANSLATE_NOOP("kiosk::app::DeviceFact", "画面宽度")},
    };
    for (const DetailLabel &l : labels) {
        if (key == QLatin1String(l.key))
            return l.text;
    }
    return nullptr;
}

QString selfTestDetailUnit(const QString &key)
{
    return key == QLatin1String("width") || key == QLatin1String("height") || key == QLatin1String("size")
               ? QStringLiteral("px")
               : QString();
}

const char *deviceFactLabel(const QString &key)
{
    Capability id;
    return drivers::capabilityFromKey(key, &id) ? labelOf(id) : nullptr;
}

DeviceDescription describeDevice(const drivers::Device &device)
{
    DeviceDescription d;
    d.kind = drivers::toString(device.kind());
    d.model = device.model();
    d.port = device.port();
    const drivers::DeviceStatus st = device.status();
    d.state = drivers::toString(st.state);
    d.usable = st.usable();
    d.detail = st.detail;
    d.hint = st.recoveryHint;
    const drivers::DeviceCapabilities caps = device.capabilities();
    for (const drivers::DeviceCapabilities::Entry &e : caps.entries()) {
        const drivers::CapabilityInfo &info = drivers::capabilityInfo(e.id);
        d.facts.append(
            {QLatin1String(info.key), labelOf(e.id), factType(info.type), e.value, drivers::unitSymbol(info.unit)});
    }
    return d;
}

QList<DeviceDescription> describeDevices(drivers::DeviceManager &devices)
{
    QList<DeviceDescription> out;
    for (drivers::DeviceKind kind : devices.configuredKinds()) {
        if (const drivers::Device *device = devices.device(kind)) {
            out.append(describeDevice(*device));
            continue;
        }
        // Configured but not created (its driver failed to start): status only.
        DeviceDescription d;
        d.kind = drivers::toString(kind);
        const drivers::DeviceStatus st = devices.status(kind);
        d.state = drivers::toString(st.state);
        d.detail = st.detail;
        d.hint = st.recoveryHint;
        out.append(d);
    }
    return out;
}

} // namespace kiosk::app
