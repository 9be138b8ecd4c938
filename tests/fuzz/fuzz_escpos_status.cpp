// libFuzzer target: the receipt printer's real-time status replies (DLE EOT n, drivers/receipt_printer/
// escpos_status). The input is a series of reads, each [query selector][length][bytes]: every read is parsed as the
// reply to its query, whole (the QByteArray overload) and by its first byte (as the worker takes it), and applied to
// a PrinterStatus. Never a crash or a sanitizer report; a read that is not exactly one byte is WrongLength; a byte
// without the fixed bits (bit 1 and 4 set, 0 and 7 clear) is never believed, in particular the first byte of an
// Automatic Status Back block (bits 0-1 clear) and a GS r transmit-status reply (bit 4 clear); an accepted byte
// answers exactly the questions of its query, as an independent reading of the bits says; canPrint() holds exactly
// when no reply so far said out of paper, cover open, error or offline (the last answer for each wins).
#include <QByteArray>

#include <cstdint>

#include "drivers/receipt_printer/escpos_status.h"
#include "tests/fuzz/fuzz_require.h"

using kiosk::fuzz::require;
using namespace kiosk::drivers::escpos;

namespace {

bool bit(std::uint8_t b, int n)
{
    return (b >> n) & 1u;
}

// What the bits of an accepted reply mean, written out again from the ESC/POS reference.
void checkMeaning(StatusQuery q, std::uint8_t b, const StatusReply &r)
{
    switch (q) {
    case StatusQuery::Printer: require(r.offline == bit(b, 3) && !r.coverOpen && !r.error && !r.paper); break;
    case StatusQuery::OfflineCause:
        require(!r.offline && r.coverOpen == bit(b, 2) && r.error == bit(b, 6));
        require(bit(b, 5) ? r.paper == PrinterPaperState::Out : !r.paper);
        break;
    case StatusQuery::ErrorCause:
        require(!r.offline && !r.coverOpen && !r.paper);
        require(r.error == (bit(b, 2) || bit(b, 3) || bit(b, 5) || bit(b, 6)));
        break;
    case StatusQuery::RollPaper: {
        require(!r.offline && !r.coverOpen && !r.error && r.paper);
        const PrinterPaperState expected = (bit(b, 5) || bit(b, 6))   ? PrinterPaperState::Out
                                           : (bit(b, 2) || bit(b, 3)) ? PrinterPaperState::NearEnd
                                                                      : PrinterPaperState::Ok;
        require(*r.paper == expected);
        break;
    }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    PrinterStatus status;
    // The model: the last answer to each question.
    bool offline = false, coverOpen = false, error = false;
    PrinterPaperState paper = PrinterPaperState::Ok;
    std::size_t pos = 0;
    while (pos + 2 <= size) {
        const auto q = StatusQuery(1 + data[pos] % 4);
        const std::size_t length = qMin<std::size_t>(data[pos + 1] % 8, size - pos - 2);
        const QByteArray read(reinterpret_cast<const char *>(data + pos + 2), qsizetype(length));
        pos += 2 + length;

        const QByteArray query = statusQuery(q);
        require(query.size() == 3 && query[0] == '\x10' && query[1] == '\x04' && query[2] == char(q));
        require(toString(q) != QLatin1String("unknown"));

        const StatusParseResult whole = parseStatusReply(q, read);
        require(whole.ok() == whole.message.isEmpty());
        if (read.size() != 1) {
            require(whole.error == StatusParseResult::Error::WrongLength);
            if (read.isEmpty())
                continue;
        }
        const auto b = std::uint8_t(read[0]);
        const StatusParseResult first = parseStatusReply(q, b);
        require(first.ok() == first.message.isEmpty());
        const bool fixedBits = bit(b, 1) && bit(b, 4) && !bit(b, 0) && !bit(b, 7);
        require(first.ok() == fixedBits);
        if (!bit(b, 4) || (!bit(b, 0) && !bit(b, 1))) // a GS r reply, or the first byte of an ASB block
            require(!first.ok());
        if (read.size() == 1)
            require(whole.ok() == first.ok() && whole.error == first.error);
        if (!first.ok()) {
            require(first.error == StatusParseResult::Error::InvalidFixedBits);
            require(!first.reply.offline && !first.reply.coverOpen && !first.reply.error && !first.reply.paper);
            continue;
        }
        checkMeaning(q, b, first.reply);
        status.apply(first.reply);
        offline = first.reply.offline.value_or(offline);
        coverOpen = first.reply.coverOpen.value_or(coverOpen);
        error = first.reply.error.value_or(error);
        paper = first.reply.paper.value_or(paper);
        require(status.offline == offline && status.coverOpen == coverOpen && status.error == error &&
                status.paper == paper);
        require(status.canPrint() == (paper != PrinterPaperState::Out && !coverOpen && !error && !offline));
        require(toString(status.paper) != QLatin1String("unknown"));
    }
    return 0;
}
