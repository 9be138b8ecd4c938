// QCOMPARE for the serial-device enums compares their stable names, so a failure prints "hardware_error" vs
// "online" rather than two numbers. (Same pattern as tests/unit/idcard/idcard_test_printers.h.)
#pragma once

#include <QTest>

#include "drivers/code_scanner/payload_filter.h"
#include "drivers/device.h"
#include "drivers/idcard/card_record.h"
#include "drivers/idcard/idcard_reader.h"
#include "drivers/receipt_printer/receipt_printer.h"
#include "drivers/transport/transport.h"

#define KIOSK_SERIAL_QCOMPARE_BY_NAME(Type, nameOf)                                                                    \
    namespace QTest {                                                                                                  \
    inline bool qCompare(const Type &a, const Type &b, const char *actual, const char *expected, const char *file,     \
                         int line)                                                                                     \
    {                                                                                                                  \
        return qCompare(nameOf(a), nameOf(b), actual, expected, file, line);                                           \
    }                                                                                                                  \
    }

KIOSK_SERIAL_QCOMPARE_BY_NAME(kiosk::drivers::DeviceState, kiosk::drivers::toString)
KIOSK_SERIAL_QCOMPARE_BY_NAME(kiosk::drivers::TransportErrorCode, kiosk::drivers::toString)
KIOSK_SERIAL_QCOMPARE_BY_NAME(kiosk::drivers::idcard::CardType, kiosk::drivers::idcard::toString)
KIOSK_SERIAL_QCOMPARE_BY_NAME(kiosk::drivers::idcard::IdCardErrorKind, kiosk::drivers::idcard::toString)
KIOSK_SERIAL_QCOMPARE_BY_NAME(kiosk::drivers::codescanner::PayloadRejection, kiosk::drivers::codescanner::toString)
KIOSK_SERIAL_QCOMPARE_BY_NAME(kiosk::drivers::escpos::PrintResult, kiosk::drivers::escpos::toString)
