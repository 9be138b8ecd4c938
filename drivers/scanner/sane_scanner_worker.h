// SaneScanner's worker: owns the SANE handle and makes every libsane call, on the scanner's own thread.
#pragma once

#include <QObject>

#include <atomic>
#include <memory>
#include <optional>

#include <sane/sane.h>

#include "drivers/scanner/sane_image.h"
#include "drivers/scanner/sane_runtime.h"
#include "drivers/scanner/sane_scanner.h"

namespace kiosk::drivers {

class SaneScannerWorker : public QObject
{
    Q_OBJECT
public:
    SaneScannerWorker(const SaneScannerConfig &config, std::shared_ptr<std::atomic<quint64>> cancelEpoch);
    ~SaneScannerWorker() override; // closes the handle; runs on the worker thread (deleteLater)

    // Run on the worker thread. `epoch` is the cancel epoch when the request was made: a later cancel() moves the
    // shared epoch on and the scan stops at its next check.
    void start();
    void scan(quint64 ticket, const kiosk::drivers::ScanSettings &settings, bool allPages, quint64 epoch);
    void listOptions();
    void selfTest();

signals:
    void statusObserved(const kiosk::drivers::DeviceStatus &status);
    void deviceDescribed(const QString &model, const kiosk::drivers::DeviceCapabilities &capabilities);
    void scanProgress(quint64 ticket, int pageIndex, int percent);
    void pageScanned(quint64 ticket, int pageIndex, const QImage &page);
    void scanFinished(const kiosk::drivers::ScanResult &result);
    void optionsListed(const QList<kiosk::drivers::ScanOptionInfo> &options);
    void selfTestFinished(const kiosk::drivers::SelfTestResult &result);

private:
    bool ensureOpen(ScanError *error);
    void close();
    void publish(ScanError error);
    void describeDevice();
    QList<ScanOptionInfo> readOptions() const;
    std::optional<int> optionIndex(const char *name) const;
    // Sets option `index` to `value` (converted to the option's type, snapped to its constraint).
    SANE_Status setOption(int index, const QVariant &value, QString *why);
    ScanError applySettings(const ScanSettings &settings, QString *why);
    // Scans one page (all its frames) into `image`; ScanError::None or why not.
    ScanError readPage(quint64 ticket, int pageIndex, quint64 epoch, QImage *image, QString *why);
    bool cancelled(quint64 epoch) const { return cancelEpoch_->load() != epoch; }

    SaneScannerConfig config_;
    std::shared_ptr<std::atomic<quint64>> cancelEpoch_;
    std::unique_ptr<SaneRuntimeRef> runtime_;
    SANE_Handle handle_ = nullptr;
    DeviceStatus lastStatus_;
};

} // namespace kiosk::drivers
