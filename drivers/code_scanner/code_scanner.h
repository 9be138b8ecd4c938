// The QR / barcode scanner as a Device: reads codes line by line from a Transport (USB CDC serial or HID
// keyboard wedge) on its own thread and passes each through the payload filter.
#pragma once

#include <memory>

#include "common/worker_thread.h"
#include "drivers/code_scanner/payload_filter.h"
#include "drivers/device.h"
#include "drivers/transport/transport.h"

namespace kiosk::drivers::codescanner {

class CodeScannerWorker;

enum class ScannerConnection {
    SerialCdc, // QSerialPort (SerialTransport); the scanner ends each code with CR and/or LF
    HidWedge,  // evdev keyboard (EvdevTransport); the scanner ends each code with Enter
};

struct CodeScannerConfig {
    QString port; // for status details
    QString model = QStringLiteral("QR code scanner");
    ScannerConnection connection = ScannerConnection::SerialCdc;
    int maxPayloadBytes = kDefaultMaxPayloadBytes;
    // A scanner sends a code in one burst (a wedge types a key every 1-4 ms). A fragment followed by this much
    // silence is dropped, so it cannot glue itself to the front of the next scan.
    int interCharacterTimeoutMs = 500;
    int reopenIntervalMs = 2000;
};

// Usage: make it with the factory for its port, connect codeScanned/codeRejected, call open(). Codes are data:
// receivers must never open them as URLs or run them; a 粤省事 code is sent to the platform to be verified.
class CodeScanner : public Device
{
    Q_OBJECT
public:
    CodeScanner(TransportFactory factory, CodeScannerConfig config, QObject *parent = nullptr);
    ~CodeScanner() override;

    void open();
    void close();

    DeviceKind kind() const override { return DeviceKind::CodeScanner; }
    QString model() const override { return config_.model; }
    QString port() const override { return config_.port; }
    DeviceCapabilities capabilities() const override;
    DeviceStatus status() const override { return status_; }
    void selfTest() override; // passes when the scanner's port is open (scanners answer no queries)

signals:
    void codeScanned(const QString &payload);
    void codeRejected(kiosk::drivers::codescanner::PayloadRejection reason, const QString &detail);

private:
    CodeScannerConfig config_;
    DeviceStatus status_;
    CodeScannerWorker *worker_;
    std::unique_ptr<common::WorkerThread> thread_;
};

} // namespace kiosk::drivers::codescanner

Q_DECLARE_METATYPE(kiosk::drivers::codescanner::PayloadRejection)
