// QCOMPARE for the ID-card enums compares their names, so a failure prints "bad checksum" rather than nothing.
// (Overloading QTest::toString does not work here: ADL finds the library's own QString toString(enum) first.)
#pragma once

#include <QTest>

#include "app/identity/gb11643.h"
#include "drivers/idcard/card_record.h"
#include "drivers/idcard/frame_codec.h"
#include "drivers/idcard/photo_decoder.h"

#define KIOSK_QCOMPARE_BY_NAME(Type, nameOf)                                                                           \
    namespace QTest {                                                                                                  \
    inline bool qCompare(const Type &a, const Type &b, const char *actual, const char *expected, const char *file,     \
                         int line)                                                                                     \
    {                                                                                                                  \
        return qCompare(nameOf(a), nameOf(b), actual, expected, file, line);                                           \
    }                                                                                                                  \
    }

namespace idcard_test_names {
inline QString statusName(kiosk::drivers::idcard::SamStatus s)
{
    return kiosk::drivers::idcard::describeStatus(std::uint8_t(s));
}
inline QString kindName(kiosk::app::IdNumberKind k)
{
    return QString::number(int(k));
}
} // namespace idcard_test_names

KIOSK_QCOMPARE_BY_NAME(kiosk::drivers::idcard::FrameError, kiosk::drivers::idcard::toString)
KIOSK_QCOMPARE_BY_NAME(kiosk::drivers::idcard::CardRecordError, kiosk::drivers::idcard::toString)
KIOSK_QCOMPARE_BY_NAME(kiosk::drivers::idcard::CardType, kiosk::drivers::idcard::toString)
KIOSK_QCOMPARE_BY_NAME(kiosk::drivers::idcard::Sex, kiosk::drivers::idcard::toString)
KIOSK_QCOMPARE_BY_NAME(kiosk::drivers::idcard::PhotoDecodeError, kiosk::drivers::idcard::toString)
KIOSK_QCOMPARE_BY_NAME(kiosk::drivers::idcard::SamStatus, idcard_test_names::statusName)
KIOSK_QCOMPARE_BY_NAME(kiosk::app::IdNumberProblem, kiosk::app::toString)
KIOSK_QCOMPARE_BY_NAME(kiosk::app::IdNumberKind, idcard_test_names::kindName)
