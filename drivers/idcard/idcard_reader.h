// The resident ID-card reader as a Device: polls a SAM_V reader over a Transport on its own thread and reports
// each inserted card once, as a complete, checksum-verified and parsed CardRecord.
#pragma once

#include <QMetaType>
#include <memory>

#include "common/worker_thread.h"
#include "drivers/device.h"
#include "drivers/idcard/card_record.h"
#include "drivers/transport/transport.h"

namespace kiosk::drivers::idcard {

class IdCardReaderWorker;

struct IdCardReaderConfig {
    QString port; // for status details: "/dev/ttyUSB0"
    QString model = QStringLiteral("SAM_V reader");
    int pollIntervalMs = 1000;     // find card (20 01) this often while no read is under way
    int findTimeoutMs = 300;       // find and select; readers answer in ~200 ms
    int readTimeoutMs = 2000;      // read (30 01); 1295 bytes take ~115 ms at 115200 baud, the card itself up to 1-2 s
    int samTimeoutMs = 1000;       // SAM reset, status and id
    int reopenIntervalMs = 2000;   // after an unplug, try the port again this often
    int recoveryIntervalMs = 1000; // while the reader does not answer, reset the SAM this often
};

enum class IdCardErrorKind {
    OpenFailed,       // the port could not be opened (nothing there, permissions)
    Unplugged,        // the link went away (USB unplug, pty closed)
    IoError,          // the link failed a write or reported an I/O error while a command was under way
    Timeout,          // no complete reply in time (includes a reply that stopped mid-frame)
    CorruptFrame,     // bad checksum, impossible or oversized length
    UnexpectedStatus, // a status code that is not valid at this step (or not in devices.md at all)
    SamFault,         // the SAM reports its own failure (self-test, authorisation, checksum/length errors)
    CardFailed,       // the card could not be selected or read (moved, unknown card, authentication)
    BadCardData,      // the reader sent a record our parser rejects
};
QString toString(IdCardErrorKind kind); // stable machine name, e.g. "timeout"

struct IdCardError {
    IdCardErrorKind kind = IdCardErrorKind::Timeout;
    quint16 command = 0; // the SamCommand (CMD << 8 | PARA) that failed, 0 when none was under way
    int status = -1;     // SW3 of the reply when there was one, else -1
    QString message;     // for logs and technicians; never card contents
};

// Usage: make it with the factory for its port, connect cardRead/cardRemoved, call open(). Everything after that
// happens on the reader's own thread: SAM reset (10 FF) and status (11 FF), then find card (20 01) every
// pollIntervalMs; a found card is selected (20 02) and read (30 01) and reported once, until a find fails
// (the card was taken away: cardRemoved). A reader that stops answering is reset until it answers again; an
// unplugged one is reopened every reopenIntervalMs, so replugging it needs no restart.
class IdCardReader : public Device
{
    Q_OBJECT
public:
    IdCardReader(TransportFactory factory, IdCardReaderConfig config, QObject *parent = nullptr);
    ~IdCardReader() override; // stops the worker thread within a bounded time

    void open();
    void close();

    DeviceKind kind() const override { return DeviceKind::IdCardReader; }
    QString model() const override { return config_.model; }
    QString port() const override { return config_.port; }
    DeviceCapabilities capabilities() const override;
    DeviceStatus status() const override { return status_; }
    // SAM status (11 FF) and SAM id (12 FF); answered with selfTestFinished. Waits for a read under way.
    void selfTest() override;
    // The SAM id the reader gave at its last open or reset ("05.01-20101209-0000123456-1234567890"); empty before.
    QString samId() const { return samId_; }

signals:
    // One complete record per insertion. The WLT photo stays raw in record.wlt (decode with a PhotoDecoder).
    // The receiver owns the citizen's data from here on: wipe() it when the visit ends.
    void cardRead(const kiosk::drivers::idcard::CardRecord &record);
    void cardRemoved();
    // The reader itself failed (timeout, corrupt frames, SAM fault, unplug): once per failure cycle.
    void errorOccurred(const kiosk::drivers::idcard::IdCardError &error);
    // A card was found but could not be read: once per insertion (the reader keeps retrying while it lies there).
    void cardReadFailed(const kiosk::drivers::idcard::IdCardError &error);
    // At every open and reset, after the SAM's status (12 FF): before the reader reports itself online, so a kiosk
    // that checks the id against its commissioning record can refuse the reader before a card is read.
    void samIdentified(const QString &samId);

private:
    IdCardReaderConfig config_;
    QString samId_;
    DeviceStatus status_;
    IdCardReaderWorker *worker_; // lives on thread_
    std::unique_ptr<common::WorkerThread> thread_;
};

} // namespace kiosk::drivers::idcard

Q_DECLARE_METATYPE(kiosk::drivers::idcard::CardRecord)
Q_DECLARE_METATYPE(kiosk::drivers::idcard::IdCardError)
