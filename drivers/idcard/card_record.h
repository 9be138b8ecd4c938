// The citizen record read from a resident ID card or permit: parsed from, and encoded to, the reader's 256-byte
// UCS-2 text block and read-reply payload (layouts in devices.md).
#pragma once

#include <QByteArray>
#include <QDate>
#include <QString>

namespace kiosk::drivers::idcard {

inline constexpr int kTextBlockSize = 256;
inline constexpr int kWltPhotoSize = 1024;
inline constexpr int kAppendedAddressSize = 70;

enum class CardType {
    Resident,             // 居民身份证
    HkMacaoTaiwanPermit,  // 'J': 港澳台居民居住证
    ForeignPermanent,     // 'I': 外国人永久居留身份证 (2017)
    ForeignPermanent2023, // 'Y': 外国人永久居留身份证 (2023)
};

// Stable machine names used in kioskctl JSON: resident | hkmt_permit | foreign_permanent | foreign_permanent_2023.
QString toString(CardType type);

enum class Sex { Male, Female };
QString toString(Sex sex); // male | female

// GB 3304 code ("01".."56", "97", "98") -> name as printed on the card ("汉"); empty for an unknown code.
QString ethnicityName(const QString &code);
// The reverse, for the encoder; empty when the name is not in the table.
QString ethnicityCode(const QString &name);

struct CardRecord {
    CardType type = CardType::Resident;
    QString name;   // Chinese name (resident, J; I and Y when the card carries one)
    QString nameEn; // I and Y
    Sex sex = Sex::Male;
    QString ethnicityCode; // resident ("01"); J cards leave it blank
    QString ethnicity;     // its name, "汉"
    QDate birthDate;
    QString address;   // resident, J
    QString idNumber;  // resident and J: GB 11643 number; I: permit number; Y: 18-digit number
    QString authority; // resident, J: issuing authority; I: authority code
    QDate validFrom;
    QDate validTo;                // null when validToLongTerm
    bool validToLongTerm = false; // "长期"
    QString passNumber;           // J: the HK/Macao/Taiwan travel permit number
    int issueCount = -1;          // J: issue count; Y: renewal count; -1 when the card type has none
    QString nationality;          // I, Y: ISO 3166-1 alpha-3 code as stored on the card
    QString cardVersion;          // I
    QString oldNumberLink;        // Y: link to the holder's previous card number
    QByteArray wlt;               // the raw 1024-byte WLT photo (proprietary; see photo_decoder.h)
    QByteArray fingerprint;       // raw minutiae from 30 10 (0, 512 or 1024 bytes)

    // Zeroes the photo and fingerprint buffers and clears every field: call when the visit ends.
    void wipe();
};

enum class CardRecordError {
    None,
    WrongLength,     // a block or the payload is not the size the protocol fixes
    BadUtf16,        // a field is not valid UCS-2/UTF-16 (unpaired surrogate, non-character)
    BadDate,         // a date field is not a real YYYYMMDD date (or "长期" for valid-to)
    UnknownTypeFlag, // byte 248 names no card type we know
    BadField,        // a coded field holds a value outside its table (sex, ethnicity, digits)
    FieldTooLong,    // encoder: a value does not fit its slot
};

QString toString(CardRecordError error);

struct CardParseResult {
    CardRecordError error = CardRecordError::None;
    QString detail; // which field and why; never the field's value (it is personal data)
    CardRecord record;

    bool isOk() const { return error == CardRecordError::None; }
};

// Parses the 256-byte text block (the layout is chosen by the type flag at byte 248).
CardParseResult parseTextBlock(const QByteArray &text);
// Parses the data of a 30 01 reply (textLen photoLen text wlt) or of a 30 10 reply
// (textLen photoLen fpLen text wlt fingerprint).
CardParseResult parseReadPayload(const QByteArray &payload);

struct AppendedAddressResult {
    CardRecordError error = CardRecordError::None;
    QString detail;
    QString address;
    bool isOk() const { return error == CardRecordError::None; }
};
// Parses the data of a 30 03 reply: 70 bytes of UCS-2 (the address written on the card after a move).
AppendedAddressResult parseAppendedAddress(const QByteArray &data);

struct CardEncodeResult {
    CardRecordError error = CardRecordError::None;
    QString detail;
    QByteArray bytes;
    bool isOk() const { return error == CardRecordError::None; }
};

// The inverse of parseTextBlock: exactly 256 bytes in the layout of `record.type`. The device simulator builds its
// replies with it, so it follows the same layouts byte for byte.
CardEncodeResult encodeTextBlock(const CardRecord &record);
// A full read payload: 30 01 when `withFingerprint` is false, else 30 10 (with record.fingerprint, 0/512/1024 bytes).
// A record without a photo gets 1024 zero bytes.
CardEncodeResult encodeReadPayload(const CardRecord &record, bool withFingerprint = false);

} // namespace kiosk::drivers::idcard
