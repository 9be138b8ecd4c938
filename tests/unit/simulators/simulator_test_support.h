// Shared helpers for the simulator tests: hex literals and the SAM_V frames from devices.md.
#pragma once

#include <QByteArray>
#include <QString>

namespace simulator_test {

// "AA AA 96" -> bytes; spaces are ignored so that frames can be written as devices.md writes them.
inline QByteArray hex(const char *spaced)
{
    return QByteArray::fromHex(QByteArray(spaced).replace(' ', ""));
}

inline QString toHex(const QByteArray &bytes)
{
    return QString::fromLatin1(bytes.toHex(' ').toUpper());
}

// Host -> reader commands exactly as devices.md lists them.
inline QByteArray resetSam()
{
    return hex("AA AA AA 96 69 00 03 10 FF EC");
}
inline QByteArray findCard()
{
    return hex("AA AA AA 96 69 00 03 20 01 22");
}
inline QByteArray selectCard()
{
    return hex("AA AA AA 96 69 00 03 20 02 21");
}
inline QByteArray readBase()
{
    return hex("AA AA AA 96 69 00 03 30 01 32");
}

// Reader -> host replies.
inline QByteArray findOk()
{
    return hex("AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97");
}
inline QByteArray noCard()
{
    return hex("AA AA AA 96 69 00 04 00 00 80 84");
}
inline QByteArray selectOk()
{
    return hex("AA AA AA 96 69 00 0C 00 00 90 00 00 00 00 00 00 00 00 9C");
}
inline QByteArray checksumError()
{
    return hex("AA AA AA 96 69 00 04 00 00 10 14");
}
inline QByteArray badCommand()
{
    return hex("AA AA AA 96 69 00 04 00 00 21 25");
}

} // namespace simulator_test
