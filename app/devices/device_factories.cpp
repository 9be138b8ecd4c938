// Factories from DeviceSpec to drivers: serial devices get a SerialTransport (or evdev for a HID-wedge scanner).
#include "app/devices/device_factories.h"

#include "drivers/code_scanner/code_scanner.h"
#include "drivers/device_manager.h"
#include "drivers/idcard/idcard_reader.h"
#include "drivers/receipt_printer/receipt_printer.h"
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
}

} // namespace kiosk::app
