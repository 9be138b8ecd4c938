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
    explicit ScriptedSamReader(std::shared_ptr<FakePort> port) : m_port(std::move(port))
    {
        m_port->setResponder([this](const QByteArray &written) { return answer(written); });
    }
    ~ScriptedSamReader() { m_port->setResponder(nullptr); }

    void insertCard(const CardRecord &card)
    {
        const CardEncodeResult payload = encodeReadPayload(card);
        QMutexLocker lock(&m_mutex);
        m_readReply = encodeReply(SamStatus::Ok, payload.bytes);
        m_cardPresent = true;
    }
    // A card whose read reply carries `payload` as it is (for records the parser must reject).
    void insertRawPayload(const QByteArray &payload)
    {
        QMutexLocker lock(&m_mutex);
        m_readReply = encodeReply(SamStatus::Ok, payload);
        m_cardPresent = true;
    }
    void removeCard()
    {
        QMutexLocker lock(&m_mutex);
        m_cardPresent = false;
    }
    // The read reply goes out in pieces of `size` bytes (a USB-serial adapter's reads), 0 for one piece.
    void setReadChunkSize(int size, int intervalMs = 0)
    {
        QMutexLocker lock(&m_mutex);
        m_readChunk = size;
        m_readChunkInterval = intervalMs;
    }
    QByteArray readReply() const
    {
        QMutexLocker lock(&m_mutex);
        return m_readReply;
    }

    int finds() const { return m_finds; }
    int selects() const { return m_selects; }
    int reads() const { return m_reads; }
    int resets() const { return m_resets; }
    // Set by answer() just before it hands out a read reply (benchmarks time its delivery).
    std::atomic<int> readRepliesOut{0};

private:
    QList<FakeReply> answer(const QByteArray &written)
    {
        QMutexLocker lock(&m_mutex);
        FakeReply r;
        if (written == resetSamFrame()) {
            ++m_resets;
            r.bytes = encodeReply(SamStatus::Ok);
        } else if (written == samStatusFrame()) {
            r.bytes = encodeReply(SamStatus::Ok);
        } else if (written == samIdFrame()) {
            r.bytes = encodeReply(SamStatus::Ok, sampleSamId());
        } else if (written == findCardFrame()) {
            ++m_finds;
            r.bytes = m_cardPresent ? findOkReply() : encodeReply(SamStatus::NoCard);
        } else if (written == selectCardFrame()) {
            ++m_selects;
            r.bytes =
                m_cardPresent ? encodeReply(SamStatus::Ok, QByteArray(8, '\0')) : encodeReply(SamStatus::SelectFailed);
        } else if (written == readBaseFrame()) {
            ++m_reads;
            if (m_cardPresent) {
                r.bytes = m_readReply;
                r.chunkSize = m_readChunk;
                r.chunkIntervalMs = m_readChunkInterval;
                ++readRepliesOut;
            } else {
                r.bytes = encodeReply(SamStatus::ReadFailed);
            }
        } else {
            r.bytes = encodeReply(SamStatus::BadCommand);
        }
        return {r};
    }

    std::shared_ptr<FakePort> m_port;
    mutable QMutex m_mutex;
    bool m_cardPresent = false;
    QByteArray m_readReply;
    int m_readChunk = 0;
    int m_readChunkInterval = 0;
    std::atomic<int> m_finds{0};
    std::atomic<int> m_selects{0};
    std::atomic<int> m_reads{0};
    std::atomic<int> m_resets{0};
};

} // namespace serial_test
