// SAM_V (GA 467) serial framing for the ID-card reader: command frames out, an incremental reply decoder in; no I/O.
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <cstdint>

namespace kiosk::drivers::idcard {

// Every frame in both directions starts with these five bytes (devices.md, "SAM_V serial protocol").
inline constexpr char kPreamble[] = {char(0xAA), char(0xAA), char(0xAA), char(0x96), char(0x69)};
inline constexpr int kPreambleSize = 5;
inline constexpr int kHeaderSize = kPreambleSize + 2; // preamble + LEN_H LEN_L
// The largest LEN a reply may declare. The largest legitimate reply (30 10 with 1024 fingerprint bytes) has
// LEN 2314; anything above the cap is treated as a corrupt length rather than buffered.
inline constexpr int kMaxReplyLength = 4096;

// Host -> reader commands (CMD, PARA).
enum class SamCommand : std::uint16_t {
    ResetSam = 0x10FF,
    SamStatus = 0x11FF,
    SamId = 0x12FF,
    FindCard = 0x2001,
    SelectCard = 0x2002,
    ReadBase = 0x3001,                // text + WLT photo
    ReadAppendedAddress = 0x3003,     // the address-change record written on the back of older cards
    ReadBaseWithFingerprint = 0x3010, // text + WLT photo + fingerprint minutiae
};

// `60 0x`: the reader's serial speed after the reply has been sent.
enum class SamBaudRate : std::uint8_t {
    B115200 = 0x00,
    B57600 = 0x01,
    B38400 = 0x02,
    B19200 = 0x03,
    B9600 = 0x04,
};

// XOR of every byte of `bytes` (callers pass everything between preamble and CHK).
std::uint8_t xorChecksum(const char *bytes, qsizetype size);

// Builds `AA AA AA 96 69 | LEN | CMD PARA | data | CHK` with LEN = 2 + data + 1.
QByteArray encodeCommand(std::uint8_t cmd, std::uint8_t para, const QByteArray &data = {});
QByteArray encodeCommand(SamCommand command);
QByteArray encodeSetBaudRate(SamBaudRate rate);
// `61 FF nn`: the largest RF frame the SAM uses towards the card; readers are set to 0x50 after reset.
QByteArray encodeSetMaxRfFrame(std::uint8_t size = 0x50);

// SW3 of a reply (SW1 and SW2 are 00 on every reader seen so far). Values from devices.md.
enum class SamStatus : std::uint8_t {
    Ok = 0x90,
    CardFound = 0x9F,
    NoCard = 0x80,
    SelectFailed = 0x81,
    ReadFailed = 0x41,
    UnknownCardType = 0x40,
    NoContent = 0x91,
    ChecksumError = 0x10,
    LengthError = 0x11,
    BadCommand = 0x21,
    NotAuthorised = 0x23,
    UnrecognisedError = 0x24,
    CardAuthenticationFailed = 0x31,
    SamAuthenticationFailed = 0x32,
    InformationVerificationFailed = 0x33,
    RandomNumberFailed = 0x47,
    SamSelfTestFailed = 0x60,
    SamNotAuthorised = 0x66,
};

bool isKnownStatus(std::uint8_t sw3);
// A readable English description, e.g. "0x80 no card found"; codes outside devices.md read "0x7A unknown status code".
QString describeStatus(std::uint8_t sw3);
// Builds a reader -> host frame: `AA AA AA 96 69 | LEN | SW1 SW2 SW3 | data | CHK`. The simulator and tests use it.
QByteArray encodeReply(std::uint8_t sw3, const QByteArray &data = {}, std::uint8_t sw1 = 0x00, std::uint8_t sw2 = 0x00);
inline QByteArray encodeReply(SamStatus status, const QByteArray &data = {})
{
    return encodeReply(std::uint8_t(status), data);
}

// One complete, checksum-verified reply frame.
struct SamReply {
    std::uint8_t sw1 = 0;
    std::uint8_t sw2 = 0;
    std::uint8_t sw3 = 0;
    QByteArray data; // the bytes between SW3 and CHK

    SamStatus status() const { return SamStatus(sw3); }
    bool isOk() const { return sw3 == std::uint8_t(SamStatus::Ok); }
    QString describe() const { return describeStatus(sw3); }
    void wipe(); // zeroes `data` (it may hold a citizen's record)
};

enum class FrameError {
    None,
    BadChecksum,     // CHK does not match the XOR of LEN..DATA
    BadLength,       // LEN too small to hold SW1 SW2 SW3 CHK
    OversizedLength, // LEN above the decoder's cap
    Truncated,       // flush() found the start of a frame without its end
};

QString toString(FrameError error); // "bad checksum", "bad length", ...

// What the decoder found: a reply, or a typed error about one frame.
struct DecodedFrame {
    FrameError error = FrameError::None;
    QString detail; // for errors: what exactly (lengths, expected/actual checksum); never payload bytes
    SamReply reply; // valid when error == None

    bool isOk() const { return error == FrameError::None; }
};

// Incremental decoder for reader -> host bytes. Feed any chunking (byte by byte, several frames at once); it
// hunts for the preamble, skips and counts garbage, and after an error resynchronises one byte past the bad
// frame's preamble so that a frame hidden behind a lost byte is still found.
class ReplyDecoder
{
public:
    explicit ReplyDecoder(int maxLength = kMaxReplyLength);
    ~ReplyDecoder();
    ReplyDecoder(const ReplyDecoder &) = delete;
    ReplyDecoder &operator=(const ReplyDecoder &) = delete;

    // Appends `chunk` and returns every frame (or frame error) it completed, in order.
    QList<DecodedFrame> feed(const QByteArray &chunk);
    QList<DecodedFrame> feed(const char *bytes, qsizetype size);
    // End of input (timeout, port closed): a started frame is reported as Truncated; the buffer is wiped.
    QList<DecodedFrame> flush();
    // Drops everything buffered (zeroing it) and forgets counters.
    void reset();

    // Bytes discarded while hunting for a preamble (before the first frame, between frames, after errors).
    qint64 garbageBytes() const { return garbage_; }
    // Bytes waiting for the rest of a frame.
    qsizetype pendingBytes() const { return buffer_.size() - pos_; }

private:
    void decodeAvailable(QList<DecodedFrame> *out);
    void compact();

    int maxLength_;
    QByteArray buffer_;
    qsizetype pos_ = 0; // first byte not yet consumed
    qint64 garbage_ = 0;
};

// Overwrites a buffer's bytes with zeros in a way the optimiser may not drop (citizen data must be erasable).
void secureZero(QByteArray &bytes);

} // namespace kiosk::drivers::idcard
