// What the Qt Multimedia camera devices (face camera, document camera) share: finding the configured camera among
// the system's video inputs, describing its formats for camera_format.h, and the status for "no camera" and errors.
#pragma once

#include <QByteArray>
#include <QCamera>
#include <QCameraDevice>
#include <QList>
#include <QVariantMap>

#include <functional>

#include "common/worker_thread.h"

#include "drivers/camera/camera_format.h"
#include "drivers/device.h"

namespace kiosk::drivers {

struct CameraLookup {
    QCameraDevice device; // null when not found
    DeviceStatus status;  // Online when found, NoDevice with the reason otherwise
};

// `id` empty: the system's default video input. `role` names the device in texts ("face camera").
CameraLookup findCamera(const QByteArray &id, const QString &role);

QList<CameraFormatInfo> describeFormats(const QList<QCameraFormat> &formats);

// Status for a QCamera error (never NoError).
DeviceStatus cameraErrorStatus(const QString &role, const QString &errorString);

// Runs `then` once Qt Multimedia's backend exists. The backend (GStreamer here, ~25 ms) is made on first use; it is
// made on the application's thread (not a device thread, which may end before the application does), once the
// start-up gate is open (common/startup_gate.h: after the kiosk's first screen is shown). `then` does not run if
// `context` is gone.
void afterMediaBackend(QObject *context, std::function<void()> then);
// The worker's probe (device, formats, status without opening it) on its thread, once the media backend is up.
template <typename Worker> void probeAfterMediaBackend(QObject *context, common::WorkerThread *thread, Worker *worker)
{
    afterMediaBackend(context, [thread, worker] { thread->post([worker] { worker->probe(); }); });
}

// Capabilities of a camera device as data: resolutions, photo resolutions, position.
DeviceCapabilities cameraCapabilities(const QCameraDevice &device, const QCameraFormat &chosen);

} // namespace kiosk::drivers
