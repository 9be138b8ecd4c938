// The simulated SAM_V reader's behaviour: which reply each host command gets, given the card on the reader; no I/O.
#pragma once

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <optional>

#include "drivers/idcard/card_record.h"
#include "drivers/simulators/sam_command_decoder.h"

namespace kiosk::drivers::simulators {

// The card lying on the simulated reader.
struct SimulatedCard {
    QString id; // the catalogue id, e.g. "resident"
    kiosk::drivers::idcard::CardRecord record;
    QString appendedAddress; // the 30 03 record; empty: the card has none (reply 91)
};

// What the reader sends back and how long it "thinks" before the first byte leaves (wire time comes on top).
struct SamAnswer {
    QByteArray reply;
    int minDelayMs = 0;
    int maxDelayMs = 0;
};

// Counters the control channel reports under "status".
struct SamCounters {
    qint64 frames = 0; // well-formed command frames
    qint64 badChecksum = 0;
    qint64 badLength = 0;
    qint64 unknownCommands = 0;
    qint64 finds = 0;
    qint64 selects = 0;
    qint64 reads = 0; // successful 30 01 / 30 10 reads
};

// Follows the reader's card state machine: a card must be found (20 01 -> 9F) and then selected (20 02 -> 90)
// before it can be read; a new find starts the sequence again, as a real reader re-activates the card on each find.
class SamResponder
{
public:
    // The invented SAM id the reader reports (12 FF): 16 bytes, not the format of any real SAM.
    static QByteArray samId();

    void insertCard(const SimulatedCard &card);
    void removeCard();
    bool hasCard() const { return card_.has_value(); }
    QString cardId() const { return card_ ? card_->id : QString(); }
    // The reader's serial speed as last set by 60 0x (a pty ignores it; the simulator uses it for wire time).
    int baudRate() const { return baud_; }

    SamAnswer answer(const SamCommandFrame &frame);
    const SamCounters &counters() const { return counters_; }

private:
    SamAnswer read(bool withFingerprint);
    SamAnswer appendedAddress();

    std::optional<SimulatedCard> card_;
    bool found_ = false;
    bool selected_ = false;
    int baud_ = 115200;
    SamCounters counters_;
};

// UCS-2LE, space padded to the 70 bytes of the 30 03 record; empty when the text does not fit.
QByteArray encodeAppendedAddress(const QString &address);

// Milliseconds `bytes` take on the wire at `baud` with 8N1 framing (10 bits per byte).
int wireTimeMs(qsizetype bytes, int baud);

} // namespace kiosk::drivers::simulators
