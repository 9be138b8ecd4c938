// Builds DLE EOT queries and turns the printer's one-byte status replies into a PrinterStatus.
#include "drivers/receipt_printer/escpos_status.h"

namespace kiosk::drivers::escpos {

QByteArray statusQuery(StatusQuery query)
{
    return QByteArray::fromRawData("\x10\x04", 2) + char(query);
}

QString toString(StatusQuery query)
{
    switch (query) {
    case StatusQuery::Printer: return QStringLiteral("printer");
    case StatusQuery::OfflineCause: return QStringLiteral("offline_cause");
    case StatusQuery::ErrorCause: return QStringLiteral("error_cause");
    case StatusQuery::RollPaper: return QStringLiteral("roll_paper");
    }
    return QStringLiteral("unknown");
}

QString toString(PrinterPaperState state)
{
    switch (state) {
    case PrinterPaperState::Ok: return QStringLiteral("ok");
    case PrinterPaperState::NearEnd: return QStringLiteral("near_end");
    case PrinterPaperState::Out: return QStringLiteral("out");
    }
    return QStringLiteral("unknown");
}

StatusParseResult parseStatusReply(StatusQuery query, std::uint8_t reply)
{
    StatusParseResult result;
    if ((reply & kStatusFixedMask) != kStatusFixedValue) {
        result.error = StatusParseResult::Error::InvalidFixedBits;
        result.message = QStringLiteral("0x%1 is not a %2 status reply (bits 1 and 4 must be set, 0 and 7 clear)")
                             .arg(reply, 2, 16, QLatin1Char('0'))
                             .arg(toString(query));
        return result;
    }
    const auto bit = [reply](int n) { return (reply & (1u << n)) != 0; };
    StatusReply &r = result.reply;
    switch (query) {
    case StatusQuery::Printer: r.offline = bit(3); break;
    case StatusQuery::OfflineCause:
        r.coverOpen = bit(2);
        r.error = bit(6);
        if (bit(5))
            r.paper = PrinterPaperState::Out;
        break;
    case StatusQuery::ErrorCause: r.error = bit(2) || bit(3) || bit(5) || bit(6); break;
    case StatusQuery::RollPaper:
        r.paper = (reply & 0x60)   ? PrinterPaperState::Out
                  : (reply & 0x0C) ? PrinterPaperState::NearEnd
                                   : PrinterPaperState::Ok;
        break;
    }
    return result;
}

StatusParseResult parseStatusReply(StatusQuery query, const QByteArray &reply)
{
    if (reply.size() != 1) {
        StatusParseResult result;
        result.error = StatusParseResult::Error::WrongLength;
        result.message = QStringLiteral("a %1 status reply is one byte, got %2").arg(toString(query)).arg(reply.size());
        return result;
    }
    return parseStatusReply(query, std::uint8_t(reply.at(0)));
}

void PrinterStatus::apply(const StatusReply &reply)
{
    if (reply.offline)
        offline = *reply.offline;
    if (reply.coverOpen)
        coverOpen = *reply.coverOpen;
    if (reply.error)
        error = *reply.error;
    if (reply.paper)
        paper = *reply.paper;
}

} // namespace kiosk::drivers::escpos
