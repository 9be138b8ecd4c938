// FrameSource: anything that delivers camera frames (a live camera, or a file played as one) as QImages with a
// monotonic timestamp. Face frames are biometric data: a source only hands them to its receivers, in memory; it has no
// way to save a frame and never logs frame content. There is deliberately no global or shared accessor for sources:
// the composition root creates one and gives it to whoever may use it (later: the face step's consent gate).
#pragma once

#include <QImage>
#include <QObject>
#include <QString>
#include <QVariantMap>

#include "drivers/device.h"

namespace kiosk::drivers {

// Milliseconds on the monotonic clock (the one QElapsedTimer uses): comparable across all frame sources of a process,
// unaffected by wall-clock changes.
qint64 monotonicNowMs();

class FrameSource : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    ~FrameSource() override = default;

    // Starts delivering frames (asynchronous: a failure shows as statusChanged, not as frames).
    virtual void start() = 0;
    // Stops delivering frames. When stop() returns, no frameReady follows until the next start(), even for frames the
    // device produced just before: late frames are dropped, not delivered.
    virtual void stop() = 0;
    virtual bool isActive() const = 0;

    virtual DeviceStatus status() const = 0;
    virtual QString model() const = 0; // e.g. "USB 2.0 Camera" or "file source"
    virtual QString port() const = 0;  // e.g. the camera id or the file path
    virtual DeviceCapabilities capabilities() const = 0;

protected:
    // Applies a status the source's worker observed: a device that went away ends a running stream (stopped(); the
    // frames of that start are dropped by `generation`), and a change of status is announced.
    void adoptObservedStatus(const DeviceStatus &observed, DeviceStatus &current, bool &active, quint64 &generation);

signals:
    // `frame` is Format_RGB888. Receivers that keep a frame are responsible for wiping it after use.
    void frameReady(const QImage &frame, qint64 timestampMs);
    void statusChanged(const kiosk::drivers::DeviceStatus &status);
    void started();
    void stopped();
    void endOfStream(); // a file source without looping reached its end
};

} // namespace kiosk::drivers
