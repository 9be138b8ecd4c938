// Answers SAM_V commands with the replies a real reader gives (devices.md, "SAM_V serial protocol").
#include "drivers/simulators/sam_responder.h"

#include <QtEndian>

#include "drivers/idcard/frame_codec.h"

namespace kiosk::drivers::simulators {

using kiosk::drivers::idcard::encodeReply;
using kiosk::drivers::idcard::SamCommand;
using kiosk::drivers::idcard::SamStatus;

namespace {

// Reader "thinking" times before the reply starts. Find and select involve an RF exchange with the card; a read
// pulls ~1.3 KB through the SAM; SAM-local commands are quick. Real readers vary, so each answer draws from a range.
constexpr int kSamLocalMin = 5, kSamLocalMax = 15;
constexpr int kResetMin = 40, kResetMax = 60;
constexpr int kRfMin = 20, kRfMax = 50;
constexpr int kReadMin = 90, kReadMax = 110;
constexpr int kErrorMin = 2, kErrorMax = 5;

SamAnswer make(SamStatus status, int minMs, int maxMs, const QByteArray &data = {})
{
    return SamAnswer{encodeReply(status, data), minMs, maxMs};
}

} // namespace

QByteArray SamResponder::samId()
{
    static const char id[16] = {0x00, 0x00, 0x05, 0x01, 0x20, 0x26, 0x11, 0x01,
                                0x00, 0x00, 0x00, 0x01, 0x44, 0x01, 0x06, 0x00};
    return QByteArray(id, sizeof id);
}

void SamResponder::insertCard(const SimulatedCard &card)
{
    card_ = card;
    found_ = false;
    selected_ = false;
}

void SamResponder::removeCard()
{
    if (card_)
        card_->record.wipe();
    card_.reset();
    found_ = false;
    selected_ = false;
}

SamAnswer SamResponder::answer(const SamCommandFrame &frame)
{
    switch (frame.error) {
    case SamCommandFrame::Error::BadChecksum:
        ++counters_.badChecksum;
        return make(SamStatus::ChecksumError, kErrorMin, kErrorMax);
    case SamCommandFrame::Error::BadLength:
        ++counters_.badLength;
        return make(SamStatus::LengthError, kErrorMin, kErrorMax);
    case SamCommandFrame::Error::None: break;
    }
    ++counters_.frames;

    const bool noData = frame.data.isEmpty();
    switch (frame.code()) {
    case std::uint16_t(SamCommand::ResetSam):
        if (noData) {
            found_ = selected_ = false;
            return make(SamStatus::Ok, kResetMin, kResetMax);
        }
        break;
    case std::uint16_t(SamCommand::SamStatus):
        if (noData)
            return make(SamStatus::Ok, kSamLocalMin, kSamLocalMax);
        break;
    case std::uint16_t(SamCommand::SamId):
        if (noData)
            return make(SamStatus::Ok, kSamLocalMin, kSamLocalMax, samId());
        break;
    case std::uint16_t(SamCommand::FindCard):
        if (noData) {
            ++counters_.finds;
            selected_ = false;
            found_ = card_.has_value();
            // Find OK carries four zero bytes (devices.md: `... 00 08 00 00 9F 00 00 00 00 97`).
            return found_ ? make(SamStatus::CardFound, kRfMin, kRfMax, QByteArray(4, '\0'))
                          : make(SamStatus::NoCard, kRfMin, kRfMax);
        }
        break;
    case std::uint16_t(SamCommand::SelectCard):
        if (noData) {
            ++counters_.selects;
            selected_ = card_.has_value() && found_;
            // Select OK carries eight zero bytes where a real reader puts the card's serial number.
            return selected_ ? make(SamStatus::Ok, kRfMin, kRfMax, QByteArray(8, '\0'))
                             : make(SamStatus::SelectFailed, kRfMin, kRfMax);
        }
        break;
    case std::uint16_t(SamCommand::ReadBase):
        if (noData)
            return read(false);
        break;
    case std::uint16_t(SamCommand::ReadBaseWithFingerprint):
        if (noData)
            return read(true);
        break;
    case std::uint16_t(SamCommand::ReadAppendedAddress):
        if (noData)
            return appendedAddress();
        break;
    default:
        if (frame.cmd == 0x60 && frame.data.isEmpty() && frame.para <= 0x04) {
            static const int rates[] = {115200, 57600, 38400, 19200, 9600};
            baud_ = rates[frame.para];
            return make(SamStatus::Ok, kSamLocalMin, kSamLocalMax);
        }
        if (frame.cmd == 0x61 && frame.para == 0xFF && frame.data.size() == 1)
            return make(SamStatus::Ok, kSamLocalMin, kSamLocalMax);
        break;
    }
    ++counters_.unknownCommands;
    return make(SamStatus::BadCommand, kErrorMin, kErrorMax);
}

SamAnswer SamResponder::read(bool withFingerprint)
{
    if (!card_ || !selected_)
        return make(SamStatus::ReadFailed, kRfMin, kRfMax);
    const auto payload = kiosk::drivers::idcard::encodeReadPayload(card_->record, withFingerprint);
    if (!payload.isOk()) // the catalogue validated every card, so this is a simulator bug, not a card state
        return make(SamStatus::ReadFailed, kRfMin, kRfMax);
    ++counters_.reads;
    return make(SamStatus::Ok, kReadMin, kReadMax, payload.bytes);
}

SamAnswer SamResponder::appendedAddress()
{
    if (!card_ || !selected_)
        return make(SamStatus::ReadFailed, kRfMin, kRfMax);
    if (card_->appendedAddress.isEmpty())
        return make(SamStatus::NoContent, kRfMin, kRfMax);
    return make(SamStatus::Ok, kRfMin, kRfMax, encodeAppendedAddress(card_->appendedAddress));
}

QByteArray encodeAppendedAddress(const QString &address)
{
    using kiosk::drivers::idcard::kAppendedAddressSize;
    if (address.size() * 2 > kAppendedAddressSize)
        return {};
    QByteArray out(kAppendedAddressSize, '\0');
    for (int i = 0; i < kAppendedAddressSize; i += 2)
        out[i] = ' ';
    for (int i = 0; i < address.size(); ++i)
        qToLittleEndian<quint16>(address[i].unicode(), out.data() + 2 * i);
    return out;
}

int wireTimeMs(qsizetype bytes, int baud)
{
    if (baud <= 0)
        return 0;
    return int((qint64(bytes) * 10 * 1000 + baud - 1) / baud);
}

} // namespace kiosk::drivers::simulators
