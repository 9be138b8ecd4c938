// Camera lookup and status texts shared by the Qt Multimedia camera devices (see qt_camera_support.h).
#include "drivers/camera/qt_camera_support.h"

#include <QMediaDevices>
#include <QStringList>
#include <QVideoFrameFormat>

#include "common/startup_gate.h"

namespace kiosk::drivers {

CameraLookup findCamera(const QByteArray &id, const QString &role)
{
    CameraLookup r;
    const QList<QCameraDevice> inputs = QMediaDevices::videoInputs();
    if (inputs.isEmpty()) {
        r.status = {DeviceState::NoDevice, QStringLiteral("No %1: the system lists no camera (video input)").arg(role),
                    QStringLiteral("Connect the %1's USB cable and check that it appears as /dev/video*; "
                                   "then restart the kiosk application.")
                        .arg(role)};
        return r;
    }
    if (id.isEmpty()) {
        r.device = QMediaDevices::defaultVideoInput();
        if (r.device.isNull())
            r.device = inputs.first();
    } else {
        QStringList known;
        for (const QCameraDevice &d : inputs) {
            known << QString::fromUtf8(d.id());
            if (d.id() == id)
                r.device = d;
        }
        if (r.device.isNull()) {
            r.status = {DeviceState::NoDevice,
                        QStringLiteral("No %1 with id \"%2\" (cameras present: %3)")
                            .arg(role, QString::fromUtf8(id), known.join(QStringLiteral(", "))),
                        QStringLiteral("Connect the configured camera, or correct its id in the configuration.")};
            return r;
        }
    }
    r.status = {DeviceState::Online, QStringLiteral("Ready"), QString()};
    return r;
}

QList<CameraFormatInfo> describeFormats(const QList<QCameraFormat> &formats)
{
    QList<CameraFormatInfo> out;
    for (const QCameraFormat &f : formats) {
        CameraFormatInfo info;
        info.resolution = f.resolution();
        info.minFps = f.minFrameRate();
        info.maxFps = f.maxFrameRate();
        info.compressed = f.pixelFormat() == QVideoFrameFormat::Format_Jpeg;
        out << info;
    }
    return out;
}

DeviceStatus cameraErrorStatus(const QString &role, const QString &errorString)
{
    return {DeviceState::HardwareError, QStringLiteral("The %1 reports an error: %2").arg(role, errorString),
            QStringLiteral("Reconnect the %1's USB cable; if the error stays, restart the kiosk.").arg(role)};
}

DeviceCapabilities cameraCapabilities(const QCameraDevice &device, const QCameraFormat &chosen)
{
    DeviceCapabilities caps;
    caps.setText(Capability::CameraName, device.description());
    QStringList resolutions;
    for (const QCameraFormat &f : device.videoFormats()) {
        const QString r = QStringLiteral("%1x%2").arg(f.resolution().width()).arg(f.resolution().height());
        if (!resolutions.contains(r))
            resolutions << r;
    }
    caps.setList(Capability::VideoResolutions, resolutions);
    QStringList photo;
    for (const QSize &s : device.photoResolutions())
        photo << QStringLiteral("%1x%2").arg(s.width()).arg(s.height());
    caps.setList(Capability::PhotoResolutions, photo);
    if (!chosen.isNull()) {
        caps.setInteger(Capability::Width, chosen.resolution().width())
            .setInteger(Capability::Height, chosen.resolution().height())
            .setReal(Capability::FrameRate, chosen.maxFrameRate());
    }
    return caps;
}

void afterMediaBackend(QObject *context, std::function<void()> then)
{
    common::StartupGate::whenOpen(context, [then = std::move(then)] {
        (void)QMediaDevices::videoInputs();
        then();
    });
}

} // namespace kiosk::drivers
