// The flatbed/ADF document scanner over libsane: opens a configured device (e.g. "test:0", "pnm:0",
// "genesys:libusb:001:004"), applies resolution / colour mode / source, and scans one page or a whole feeder batch
// into QImages on the device's own thread.
#pragma once

#include <QImage>
#include <QList>
#include <QString>
#include <QVariant>
#include <QVariantMap>

#include <atomic>
#include <memory>

#include "common/worker_thread.h"
#include "drivers/device.h"
#include "drivers/scanner/sane_status.h"

namespace kiosk::drivers {

class SaneScannerWorker;

enum class ScanColorMode { Color, Gray };
enum class ScanSource { Flatbed, Adf };

struct ScanSettings {
    int resolutionDpi = 300; // the nearest value the device offers is used
    ScanColorMode mode = ScanColorMode::Color;
    ScanSource source = ScanSource::Flatbed;
    int maxPages = 100; // a feeder batch stops here even if the feeder never says it is empty
    // Further SANE options by name, e.g. {"filename": "/path/page.ppm"} for the pnm backend. Set after the three
    // above; an option that is inactive until another is set is retried after the others.
    QVariantMap backendOptions;
};

struct SaneScannerConfig {
    QString deviceName; // as scanimage -L lists it
};

// One SANE option as the device describes it (for technicians' screens and kioskctl).
struct ScanOptionInfo {
    int index = 0;
    QString name; // e.g. "resolution"; empty for group headings
    QString title;
    QString description;
    QString type;              // "bool", "int", "fixed", "string", "button" or "group"
    QString unit;              // "", "pixel", "bit", "mm", "dpi", "%" or "us"
    QVariant value;            // current value when readable
    QVariantList allowed;      // word or string list constraint
    QVariant minimum, maximum; // range constraint
    QVariant step;
    bool active = false;
    bool settable = false;
};

struct ScanResult {
    quint64 ticket = 0;
    ScanError error = ScanError::None;
    QString detail;      // what went wrong; empty on success
    QList<QImage> pages; // what was scanned before any error, in feeder order

    bool ok() const { return error == ScanError::None; }
};

class SaneScanner : public Device
{
    Q_OBJECT
public:
    explicit SaneScanner(const SaneScannerConfig &config, QObject *parent = nullptr);
    ~SaneScanner() override;

    DeviceKind kind() const override { return DeviceKind::DocumentScanner; }
    QString model() const override { return model_; }
    QString port() const override { return config_.deviceName; }
    DeviceCapabilities capabilities() const override { return capabilities_; }
    DeviceStatus status() const override { return status_; }
    // Opens the device, reads its options and, when it has a flatbed, scans one low-resolution gray page.
    void selfTest() override;

    // One page: from the flatbed, or the next sheet of the feeder. Answers with scanFinished(ticket).
    quint64 scanPage(const ScanSettings &settings);
    // Every sheet in the feeder (until SANE_STATUS_NO_DOCS or maxPages); with the flatbed source, one page.
    quint64 scanAllPages(const ScanSettings &settings);
    // Cancels the scan under way and any requested before this call. Works while the worker is busy reading:
    // it is a flag the read loop checks between reads.
    void cancel();
    // Answers with optionsListed.
    void listOptions();

signals:
    void scanProgress(quint64 ticket, int pageIndex, int percent);
    void pageScanned(quint64 ticket, int pageIndex, const QImage &page);
    void scanFinished(const kiosk::drivers::ScanResult &result);
    void optionsListed(const QList<kiosk::drivers::ScanOptionInfo> &options);

private:
    quint64 requestScan(const ScanSettings &settings, bool allPages);
    void onStatusObserved(const kiosk::drivers::DeviceStatus &status);
    void onDeviceDescribed(const QString &model, const kiosk::drivers::DeviceCapabilities &capabilities);

    SaneScannerConfig config_;
    DeviceStatus status_;
    QString model_;
    DeviceCapabilities capabilities_;
    quint64 nextTicket_ = 1;
    std::shared_ptr<std::atomic<quint64>> cancelEpoch_;
    SaneScannerWorker *worker_ = nullptr; // owned by thread_
    std::unique_ptr<common::WorkerThread> thread_;
};

} // namespace kiosk::drivers

Q_DECLARE_METATYPE(kiosk::drivers::ScanResult)
Q_DECLARE_METATYPE(kiosk::drivers::ScanOptionInfo)
