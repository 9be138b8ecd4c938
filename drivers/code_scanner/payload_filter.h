// The gate every scanned code passes before the kiosk sees it: size cap, strict UTF-8, and no control, bidi or
// invisible format characters. Pure (no I/O, Qt Core only) so it can be fuzzed on its own.
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace kiosk::drivers::codescanner {

// A QR code holds at most ~2.9 KB; the codes a kiosk expects (粤省事码, appointment and case numbers) are far
// shorter. A longer "scan" is a misconfigured scanner or someone typing into it.
inline constexpr int kDefaultMaxPayloadBytes = 1024;

enum class PayloadRejection {
    None,
    Empty,            // a terminator with nothing before it never reaches the filter; this is for direct callers
    TooLong,          // more bytes than the cap
    InvalidUtf8,      // not strict UTF-8 (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF)
    ControlCharacter, // C0 (incl. TAB, ESC), DEL, C1, U+2028/U+2029 line/paragraph separators
    BidiControl,      // U+202A..U+202E embeddings/overrides, U+2066..U+2069 isolates, LRM/RLM/ALM marks
    FormatCharacter,  // any other invisible format character (Unicode Cf): zero-width joiners, BOM, tags
    Noncharacter,     // U+FDD0..U+FDEF and U+xxFFFE/U+xxFFFF: never valid in interchange
    Incomplete,       // framing: a code that stopped without its terminator
};

QString toString(PayloadRejection reason); // stable machine name, e.g. "bidi_control"

struct PayloadCheck {
    PayloadRejection rejection = PayloadRejection::None;
    QString detail; // where and what class, e.g. "U+202E at byte 5"; never the payload itself
    QString text;   // the decoded payload when accepted

    bool isOk() const { return rejection == PayloadRejection::None; }
};

// Checks one scanned payload (terminator already removed). Accepted text is plain data: callers must never treat
// it as a URL to open, a command or markup; a 粤省事 code is verified online, not interpreted.
PayloadCheck checkPayload(const QByteArray &bytes, int maxBytes = kDefaultMaxPayloadBytes);

// Splits a scanner's byte stream into lines: CR or LF ends a code (so CR LF ends one code, not two; empty lines
// are skipped). A line that grows past `maxLineBytes` is discarded as it arrives (memory stays bounded) and
// reported as overflowed when its terminator comes.
class LineFramer
{
public:
    explicit LineFramer(int maxLineBytes = kDefaultMaxPayloadBytes);

    struct Line {
        QByteArray bytes; // empty when overflowed
        bool overflowed = false;
        qint64 length = 0; // bytes the line had, also when overflowed
    };

    QList<Line> feed(const QByteArray &chunk);
    bool hasPartial() const { return !buffer_.isEmpty() || overflowLength_ > 0; }
    // Drops an unterminated line; returns how many bytes it had.
    qint64 dropPartial();

private:
    int max_;
    QByteArray buffer_;
    qint64 overflowLength_ = 0; // > 0 while discarding an over-long line
};

} // namespace kiosk::drivers::codescanner
