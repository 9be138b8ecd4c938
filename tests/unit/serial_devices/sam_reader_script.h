// A scripted SAM_V card reader on a FakePort for tests and benchmarks: it answers the real command frames of
// devices.md with the real reply frames (reset, SAM status/id, find, select, read) for a card put on it or taken off.
#pragma once

#include <QByteArray>
#include <QMutex>
#include <QMutexLocker>

#include <atomic>
#include <memory>

#include "drivers/idcard/card_record.h"
#include "drivers/idcard/frame_codec.h"
#include "drivers/transport/fake_transport.h"

namespace serial_test {

using kiosk::drivers::FakePort;
using kiosk::drivers::FakeReply;
using namespace kiosk::drivers::idcard;

// Bytes quoted from devices.md, so the tests check the codec against the document and not against itself.
inline QByteArray resetSamFrame()
{
    return QByteArray::fromHex("AAAAAA9669000310FFEC");
}
inline QByteArray findCardFrame()
{
    return QByteArray::fromHex("AAAAAA96690003200122");
}
inline QByteArray selectCardFrame()
{
    return QByteArray::fromHex("AAAAAA96690003200221");
}
inline QByteArray readBaseFrame()
{
    return QByteArray::fromHex("AAAAAA96690003300132");
}
inline QByteArray findOkReply()
{
    return QByteArray::fromHex("AAAAAA9669000800009F0000000097");
}
inline QByteArray samStatusFrame()
{
    return encodeCommand(SamCommand::SamStatus);
}
inline QByteArray samIdFrame()
{
    return encodeCommand(SamCommand::SamId);
}

// 16 bytes that format as "05.01-20101209-0000123456-1234567890".
inline QByteArray sampleSamId()
{
    QByteArray id(16, '\0');
    auto put16 = [&id](int at, quint16 v) {
        id[at] = char(v & 0xFF);
        id[at + 1] = char(v >> 8);
    };
    auto put32 = [&id](int at, quint32 v) {
        for (int i = 0; i < 4; ++i)
            id[at + i] = char((v >> (8 * i)) & 0xFF);
    };
    put16(0, 5);
    put16(2, 1);
    put32(4, 20101209);
    put32(8, 123456);
    put32(12, 1234567890u);
    return id;
}

class ScriptedSamReader
{
public:
    explicit ScriptedSamReader(std::shared_ptr<FakePort> port) : port_(std::move(port))
    {
        port_->setResponder([this](const QByteArray &written) { return answer(written); });
    }
    ~ScriptedSamReader() { port_->setResponder(nullptr); }

    void insertCard(const CardRecord &card)
    {
        const CardEncodeResult payload = encodeReadPayload(card);
        QMutexLocker lock(&mutex_);
        readReply_ = encodeReply(SamStatus::Ok, payload.bytes);
        cardPresent_ = true;
    }
    // A card whose read reply carries `payload` as it is (for records the parser must reject).
    void insertRawPayload(const QByteArray &payload)
    {
        QMutexLocker lock(&mutex_);
        readReply_ = encodeReply(SamStatus::Ok, payload);
        cardPresent_ = true;
    }
    void removeCard()
    {
        QMutexLocker lock(&mutex_);
        cardPresent_ = false;
    }
    // The read reply goes out in pieces of `size` bytes (a USB-serial adapter's reads), 0 for one piece.
    void setReadChunkSize(int size, int intervalMs = 0)
    {
        QMutexLocker lock(&mutex_);
        readChunk_ = size;
        readChunkInterval_ = intervalMs;
    }
    QByteArray readReply() const
    {
        QMutexLocker lock(&mutex_);
        return readReply_;
    }

    int finds() const { return finds_; }
    int selects() const { return selects_; }
    int reads() const { return reads_; }
    int resets() const { return resets_; }
    // Set by answer() just before it hands out a read reply (benchmarks time its delivery).
    std::atomic<int> readRepliesOut{0};

private:
    QList<FakeReply> answer(const QByteArray &written)
    {
        QMutexLocker lock(&mutex_);
        FakeReply r;
        if (written == resetSamFrame()) {
            ++resets_;
            r.bytes = encodeReply(SamStatus::Ok);
        } else if (written == samStatusFrame()) {
            r.bytes = encodeReply(SamStatus::Ok);
        } else if (written == samIdFrame()) {
            r.bytes = encodeReply(SamStatus::Ok, sampleSamId());
        } else if (written == findCardFrame()) {
            ++finds_;
            r.bytes = cardPresent_ ? findOkReply() : encodeReply(SamStatus::NoCard);
        } else if (written == selectCardFrame()) {
            ++selects_;
            r.bytes =
                cardPresent_ ? encodeReply(SamStatus::Ok, QByteArray(8, '\0')) : encodeReply(SamStatus::SelectFailed);
        } else if (written == readBaseFrame()) {
            ++reads_;
            if (cardPresent_) {
                r.bytes = readReply_;
                r.chunkSize = readChunk_;
                r.chunkIntervalMs = readChunkInterval_;
                ++readRepliesOut;
            } else {
                r.bytes = encodeReply(SamStatus::ReadFailed);
            }
        } else {
            r.bytes = encodeReply(SamStatus::BadCommand);
        }
        return {r};
    }

    std::shared_ptr<FakePort> port_;
    mutable QMutex mutex_;
    bool cardPresent_ = false;
    QByteArray readReply_;
    int readChunk_ = 0;
    int readChunkInterval_ = 0;
    std::atomic<int> finds_{0};
    std::atomic<int> selects_{0};
    std::atomic<int> reads_{0};
    std::atomic<int> resets_{0};
};

} // namespace serial_test
