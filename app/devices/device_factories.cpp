// Factories from DeviceSpec to drivers: serial devices get a SerialTransport (or evdev for a HID-wedge scanner).
#include "app/devices/device_factories.h"

#include "drivers/camera/face_camera.h"
#include "drivers/camera/file_frame_source.h"
#include "drivers/camera/qt_camera_frame_source.h"
#include "drivers/code_scanner/code_scanner.h"
#include "drivers/device_manager.h"
#include "drivers/document_printer/document_printer.h"
#include "drivers/idcard/idcard_reader.h"
#include "drivers/receipt_printer/receipt_printer.h"
#include "drivers/scanner/document_camera.h"
#include "drivers/scanner/sane_scanner.h"
#include "drivers/transport/evdev_transport.h"
#include "drivers/transport/serial_transport.h"

namespace kiosk::app {

using namespace kiosk::drivers;

namespace {
int option(const DeviceSpec &spec, const char *name, int fallback)
{
    bool ok = false;
    const int v = spec.options.value(QLatin1String(name)).toInt(&ok);
    return ok ? v : fallback;
}

TransportFactory serialFor(const DeviceSpec &spec)
{
    SerialSettings s;
    s.path = spec.port;
    s.baudRate = option(spec, "baud", 115200);
    return SerialTransport::factory(s);
}
} // namespace

void registerDeviceFactories(DeviceManager *manager)
{
    manager->setFactory(DeviceKind::IdCardReader, [](const DeviceSpec &spec, QObject *parent) -> Device * {
        idcard::IdCardReaderConfig c;
        c.port = spec.port;
        c.pollIntervalMs = option(spec, "poll_ms", c.pollIntervalMs);
        c.readTimeoutMs = option(spec, "read_timeout_ms", c.readTimeoutMs);
        auto *d = new idcard::IdCardReader(serialFor(spec), c, parent);
        d->open();
        return d;
    });
    manager->setFactory(DeviceKind::CodeScanner, [](const DeviceSpec &spec, QObject *parent) -> Device * {
        codescanner::CodeScannerConfig c;
        c.port = spec.port;
        const bool hid = spec.options.value(QStringLiteral("connection")).toString() == QLatin1String("hid");
        c.connection = hid ? codescanner::ScannerConnection::HidWedge : codescanner::ScannerConnection::SerialCdc;
        TransportFactory f = hid ? EvdevTransport::factory(EvdevSettings{spec.port, true}) : serialFor(spec);
        auto *d = new codescanner::CodeScanner(std::move(f), c, parent);
        d->open();
        return d;
    });
    manager->setFactory(DeviceKind::ReceiptPrinter, [](const DeviceSpec &spec, QObject *parent) -> Device * {
        escpos::ReceiptPrinterConfig c;
        c.port = spec.port;
        c.statusIntervalMs = option(spec, "status_ms", c.statusIntervalMs);
        auto *d = new escpos::ReceiptPrinter(serialFor(spec), c, parent);
        d->open();
        return d;
    });
    manager->setFactory(DeviceKind::DocumentPrinter, [](const DeviceSpec &spec, QObject *parent) -> Device * {
        DocumentPrinterConfig c;
        c.queue = spec.port;
        c.server = spec.options.value(QStringLiteral("server")).toString();
        c.jobTimeoutMs = option(spec, "job_timeout_ms", c.jobTimeoutMs);
        return new DocumentPrinter(c, parent);
    });
    manager->setFactory(DeviceKind::DocumentScanner, [](const DeviceSpec &spec, QObject *parent) -> Device * {
        SaneScannerConfig c;
        c.deviceName = spec.port;
        return new SaneScanner(c, parent);
    });
    manager->setFactory(DeviceKind::DocumentCamera, [](const DeviceSpec &spec, QObject *parent) -> Device * {
        DocumentCameraConfig c;
        c.deviceId = spec.port.toUtf8();
        auto *camera = new DocumentCamera(c, parent);
        // The live view for automatic capture: the same camera streaming at its still resolution, or (demo, tests) a
        // video file played as the camera: document_camera.file=pages.mp4
        const QString file = spec.options.value(QStringLiteral("file")).toString();
        if (!file.isEmpty()) {
            FileFrameSourceConfig f;
            f.path = file;
            f.loop = spec.options.value(QStringLiteral("loop"), true).toBool();
            camera->setPreviewSource(std::make_unique<FileFrameSource>(f));
        } else {
            QtCameraFrameSourceConfig q;
            q.deviceId = c.deviceId;
            q.preferredSize = QSize(2592, 1944); // 5 MP: pages are taken from the live view itself
            q.minFps = 5;
            camera->setPreviewSource(std::make_unique<QtCameraFrameSource>(q));
        }
        return camera;
    });
    manager->setFactory(DeviceKind::FaceCamera, [](const DeviceSpec &spec, QObject *parent) -> Device * {
        // A camera by id, or (demo, tests) a video file played as a camera: face_camera.file=clip.mp4
        const QString file = spec.options.value(QStringLiteral("file")).toString();
        std::unique_ptr<FrameSource> source;
        if (!file.isEmpty()) {
            FileFrameSourceConfig c;
            c.path = file;
            c.loop = spec.options.value(QStringLiteral("loop"), true).toBool();
            source = std::make_unique<FileFrameSource>(c);
        } else {
            QtCameraFrameSourceConfig c;
            c.deviceId = spec.port.toUtf8();
            source = std::make_unique<QtCameraFrameSource>(c);
        }
        return new FaceCamera(std::move(source), parent);
    });
}

} // namespace kiosk::app
