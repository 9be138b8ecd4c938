// kiosk-devsim's core: the three simulated devices on their ptys and the control commands that drive them.
#pragma once

#include <QJsonObject>
#include <QObject>
#include <QString>

#include <memory>

#include "drivers/receipt_printer/escpos_status.h"
#include "drivers/simulators/card_catalogue.h"

namespace kiosk::drivers::simulators {

class IdCardReaderDevice;
class PtyEndpoint;
class ReceiptPrinterModel;

struct DeviceSimulatorOptions {
    QString dir;       // links, control socket and receipts/ live here
    bool fast = false; // no reader processing time, no wire-time pacing (tests)
    kiosk::drivers::escpos::PrinterPaperState paper = kiosk::drivers::escpos::PrinterPaperState::Ok;
    bool drawReceipts = true;
};

class DeviceSimulator : public QObject
{
    Q_OBJECT
public:
    DeviceSimulator(DeviceSimulatorOptions options, CardCatalogue cards, QObject *parent = nullptr);
    ~DeviceSimulator() override;

    // Creates DIR/receipts (clearing receipts of an earlier run) and plugs in all three devices.
    bool start(QString *error);
    // Unplugs everything and removes the links.
    void shutdown();

    QString linkPath(const QString &device) const; // "idcard" | "qr" | "printer"

    // One control request -> one answer ({"ok":true,...} or {"ok":false,"error":...}); never throws.
    QJsonObject handle(const QJsonObject &request);

signals:
    void quitRequested();

private:
    QJsonObject insertCard(const QJsonObject &request);
    QJsonObject removeCard();
    QJsonObject scanQr(const QJsonObject &request);
    QJsonObject paper(const QJsonObject &request);
    QJsonObject cover(const QJsonObject &request);
    QJsonObject unplug(const QJsonObject &request);
    QJsonObject replug(const QJsonObject &request);
    QJsonObject status() const;
    QJsonObject receipts();
    QJsonObject cards() const;
    PtyEndpoint *port(const QJsonObject &request, QJsonObject *error) const;

    DeviceSimulatorOptions options_;
    CardCatalogue cards_;
    PtyEndpoint *idcardPort_ = nullptr;
    PtyEndpoint *qrPort_ = nullptr;
    PtyEndpoint *printerPort_ = nullptr;
    IdCardReaderDevice *reader_ = nullptr;
    std::unique_ptr<ReceiptPrinterModel> printer_;
    qint64 scans_ = 0;
    qint64 qrBytesFromHost_ = 0;
};

} // namespace kiosk::drivers::simulators
