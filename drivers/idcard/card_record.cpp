// Parsing and encoding of the SAM_V text block for the four card layouts, with the GB 3304 ethnicity table.
#include "drivers/idcard/card_record.h"

#include "drivers/idcard/frame_codec.h"

#include "common/text_screen.h"

#include <QtEndian>

#include <algorithm>

#include <string.h> // explicit_bzero (glibc)

namespace kiosk::drivers::idcard {

namespace {

// Offsets and sizes in bytes inside the 256-byte text block (devices.md).
struct Slot {
    int offset;
    int size;
    const char *name; // for error details; the value itself is never reported
};

namespace resident {
constexpr Slot kName{0, 30, "name"};
constexpr Slot kSex{30, 2, "sex"};
constexpr Slot kEthnicity{32, 4, "ethnicity"};
constexpr Slot kBirth{36, 16, "birth date"};
constexpr Slot kAddress{52, 70, "address"};
constexpr Slot kId{122, 36, "id number"};
constexpr Slot kAuthority{158, 30, "issuing authority"};
constexpr Slot kValidFrom{188, 16, "valid-from date"};
constexpr Slot kValidTo{204, 16, "valid-to date"};
} // namespace resident

namespace hkmt { // 'J': the resident layout up to byte 220, then these
constexpr Slot kPassNumber{220, 18, "pass number"};
constexpr Slot kIssueCount{238, 4, "issue count"};
} // namespace hkmt

namespace foreign2017 { // 'I'
constexpr Slot kNameEn{0, 120, "English name"};
constexpr Slot kSex{120, 2, "sex"};
constexpr Slot kPermitNo{122, 30, "permit number"};
constexpr Slot kNationality{152, 6, "nationality"};
constexpr Slot kName{158, 30, "Chinese name"};
constexpr Slot kValidFrom{188, 16, "valid-from date"};
constexpr Slot kValidTo{204, 16, "valid-to date"};
constexpr Slot kBirth{220, 16, "birth date"};
constexpr Slot kVersion{236, 4, "card version"};
constexpr Slot kAuthority{240, 8, "authority code"};
} // namespace foreign2017

namespace foreign2023 { // 'Y'
constexpr Slot kName{0, 30, "Chinese name"};
constexpr Slot kSex{30, 2, "sex"};
constexpr Slot kRenewalCount{32, 4, "renewal count"};
constexpr Slot kBirth{36, 16, "birth date"};
constexpr Slot kNameEn{52, 70, "English name"};
constexpr Slot kId{122, 36, "id number"};
constexpr Slot kValidFrom{188, 16, "valid-from date"};
constexpr Slot kValidTo{204, 16, "valid-to date"};
constexpr Slot kNameEnCont{220, 22, "English name continuation"};
constexpr Slot kCountry{242, 6, "nationality"};
constexpr Slot kOldNumberLink{250, 6, "old-number link"};
} // namespace foreign2023

constexpr Slot kTypeFlag{248, 2, "type flag"};

const QString kLongTerm = QStringLiteral("长期");

struct Ethnicity {
    const char *code;
    const char *name;
};

// GB 3304-1991 names of ethnic groups, as printed on the card (without the 族 suffix), plus 97 and 98.
const Ethnicity kEthnicities[] = {
    {"01", "汉"},       {"02", "蒙古"},
    {"03", "回"},       {"04", "藏"},
    {"05", "维吾尔"},   {"06", "苗"},
    {"07", "彝"},       {"08", "壮"},
    {"09", "布依"},     {"10", "朝鲜"},
    {"11", "满"},       {"12", "侗"},
    {"13", "瑶"},       {"14", "白"},
    {"15", "土家"},     {"16", "哈尼"},
    {"17", "哈萨克"},   {"18", "傣"},
    {"19", "黎"},       {"20", "傈僳"},
    {"21", "佤"},       {"22", "畲"},
    {"23", "高山"},     {"24", "拉祜"},
    {"25", "水"},       {"26", "东乡"},
    {"27", "纳西"},     {"28", "景颇"},
    {"29", "柯尔克孜"}, {"30", "土"},
    {"31", "达斡尔"},   {"32", "仫佬"},
    {"33", "羌"},       {"34", "布朗"},
    {"35", "撒拉"},     {"36", "毛南"},
    {"37", "仡佬"},     {"38", "锡伯"},
    {"39", "阿昌"},     {"40", "普米"},
    {"41", "塔吉克"},   {"42", "怒"},
    {"43", "乌孜别克"}, {"44", "俄罗斯"},
    {"45", "鄂温克"},   {"46", "德昂"},
    {"47", "保安"},     {"48", "裕固"},
    {"49", "京"},       {"50", "塔塔尔"},
    {"51", "独龙"},     {"52", "鄂伦春"},
    {"53", "赫哲"},     {"54", "门巴"},
    {"55", "珞巴"},     {"56", "基诺"},
    {"97", "其他"},     {"98", "外国血统中国籍人士"},
};

void wipeString(QString &s)
{
    if (!s.isEmpty())
        explicit_bzero(s.data(), size_t(s.size()) * sizeof(QChar));
    s.clear();
}

bool isPadding(QChar c)
{
    return c.unicode() == 0 || c.isSpace();
}

// Reads a slot as UTF-16LE without trimming; false (BadUtf16) on unpaired surrogates and non-characters.
bool readRaw(const QByteArray &block, const Slot &slot, QString *value)
{
    QString s(slot.size / 2, Qt::Uninitialized);
    const uchar *p = reinterpret_cast<const uchar *>(block.constData()) + slot.offset;
    for (int i = 0; i < slot.size / 2; ++i)
        s[i] = QChar(qFromLittleEndian<quint16>(p + 2 * i));
    for (int i = 0; i < s.size(); ++i) {
        const char16_t u = s[i].unicode();
        if (u == 0xFFFE || u == 0xFFFF)
            return false;
        if (QChar::isHighSurrogate(u)) {
            if (i + 1 >= s.size() || !QChar::isLowSurrogate(s[i + 1].unicode()))
                return false;
            ++i;
        } else if (QChar::isLowSurrogate(u)) {
            return false;
        }
    }
    *value = s;
    return true;
}

// Fields are left-aligned and padded on the right; only the padding goes. Leading characters are content, which
// also keeps every character at its slot position so the encoder reproduces the block exactly.
QString trimPadding(QString s)
{
    qsizetype end = s.size();
    while (end > 0 && isPadding(s[end - 1]))
        --end;
    s.truncate(end);
    return s;
}

QString unicodeHex(char16_t u)
{
    return QStringLiteral("U+%1").arg(uint(u), 4, 16, QLatin1Char('0')).toUpper();
}

// Collects the first error of a parse and keeps the code short.
class Reader
{
public:
    explicit Reader(const QByteArray &block) : block_(block) {}

    bool failed() const { return error_ != CardRecordError::None; }
    CardRecordError error() const { return error_; }
    const QString &detail() const { return detail_; }

    void fail(CardRecordError e, const QString &detail)
    {
        if (!failed()) {
            error_ = e;
            detail_ = detail;
        }
    }

    QString raw(const Slot &slot)
    {
        QString v;
        if (!failed() && !readRaw(block_, slot, &v))
            fail(CardRecordError::BadUtf16, QStringLiteral("%1 is not valid UTF-16").arg(QLatin1String(slot.name)));
        return v;
    }

    QString text(const Slot &slot, bool required = true)
    {
        const QString v = screened(slot.name, trimPadding(raw(slot)));
        if (!failed() && required && v.isEmpty())
            fail(CardRecordError::BadField, QStringLiteral("%1 is empty").arg(QLatin1String(slot.name)));
        return v;
    }

    // A reader (or a microcontroller posing as one) could put control or bidi characters in a field: text shown to
    // staff, printed or used to sign in must not hide or reorder what it says. Refused as the QR filter refuses
    // them (common/text_screen.h); the detail names the field and the class, never the value.
    QString screened(const char *field, const QString &value)
    {
        for (const char32_t c : value.toUcs4()) {
            const common::TextHazard h = common::textHazardOf(c);
            if (h != common::TextHazard::None && !failed())
                fail(CardRecordError::BadField,
                     QStringLiteral("%1 holds %2 (U+%3)")
                         .arg(QLatin1String(field),
                              h == common::TextHazard::BidiControl        ? QStringLiteral("a bidi control")
                              : h == common::TextHazard::ControlCharacter ? QStringLiteral("a control character")
                                                                          : QStringLiteral("an invisible character"))
                         .arg(uint(c), 4, 16, QLatin1Char('0')));
        }
        return value;
    }

    QDate date(const Slot &slot, bool *longTerm = nullptr)
    {
        const QString v = text(slot);
        if (failed())
            return {};
        if (longTerm) {
            *longTerm = v == kLongTerm;
            if (*longTerm)
                return {};
        }
        QDate d;
        if (v.size() == 8 && std::all_of(v.begin(), v.end(), [](QChar c) { return c.isDigit() && c.unicode() < 128; }))
            d = QDate(v.left(4).toInt(), v.mid(4, 2).toInt(), v.mid(6, 2).toInt());
        if (!d.isValid())
            fail(CardRecordError::BadDate,
                 QStringLiteral("%1 is not a valid YYYYMMDD date%2")
                     .arg(QLatin1String(slot.name), longTerm ? QStringLiteral(" or 长期") : QString()));
        return d;
    }

    Sex sex(const Slot &slot)
    {
        const QString v = text(slot);
        if (failed())
            return Sex::Male;
        if (v == QLatin1String("1"))
            return Sex::Male;
        if (v == QLatin1String("2"))
            return Sex::Female;
        fail(CardRecordError::BadField, QStringLiteral("sex code is neither 1 (male) nor 2 (female)"));
        return Sex::Male;
    }

    int count(const Slot &slot)
    {
        const QString v = text(slot, false);
        if (failed() || v.isEmpty())
            return -1;
        bool ok = false;
        const int n = v.toInt(&ok);
        if (!ok || n < 0 ||
            !std::all_of(v.begin(), v.end(), [](QChar c) { return c.unicode() >= '0' && c.unicode() <= '9'; }))
            fail(CardRecordError::BadField, QStringLiteral("%1 is not a number").arg(QLatin1String(slot.name)));
        return n;
    }

    QString idNumber(const Slot &slot)
    {
        const QString v = text(slot);
        if (failed())
            return v;
        const bool digits = std::all_of(v.begin(), v.begin() + qMin<qsizetype>(17, v.size()),
                                        [](QChar c) { return c.unicode() >= '0' && c.unicode() <= '9'; });
        const QChar last = v.isEmpty() ? QChar() : v.back();
        if (v.size() != 18 || !digits ||
            !((last >= QLatin1Char('0') && last <= QLatin1Char('9')) || last == QLatin1Char('X')))
            fail(CardRecordError::BadField,
                 QStringLiteral("%1 is not 17 digits and a check character").arg(QLatin1String(slot.name)));
        return v;
    }

    QString countryCode(const Slot &slot)
    {
        const QString v = text(slot);
        if (!failed() && (v.size() != 3 || !std::all_of(v.begin(), v.end(), [](QChar c) {
                              return c.unicode() >= 'A' && c.unicode() <= 'Z';
                          })))
            fail(CardRecordError::BadField, QStringLiteral("nationality is not a three-letter country code"));
        return v;
    }

private:
    const QByteArray &block_;
    CardRecordError error_ = CardRecordError::None;
    QString detail_;
};

void parseResidentCommon(Reader &r, CardRecord &c, bool ethnicityRequired)
{
    c.name = r.text(resident::kName);
    c.sex = r.sex(resident::kSex);
    c.ethnicityCode = r.text(resident::kEthnicity, ethnicityRequired);
    if (!r.failed() && !c.ethnicityCode.isEmpty()) {
        c.ethnicity = ethnicityName(c.ethnicityCode);
        if (c.ethnicity.isEmpty())
            r.fail(CardRecordError::BadField, QStringLiteral("ethnicity code is not in GB 3304"));
    }
    c.birthDate = r.date(resident::kBirth);
    c.address = r.text(resident::kAddress);
    c.idNumber = r.idNumber(resident::kId);
    c.authority = r.text(resident::kAuthority);
    c.validFrom = r.date(resident::kValidFrom);
    c.validTo = r.date(resident::kValidTo, &c.validToLongTerm);
}

// ---- encoding ----

class Writer
{
public:
    Writer() : block_(kTextBlockSize, '\0')
    {
        // Unused bytes are UCS-2 spaces, as on real cards.
        for (int i = 0; i < kTextBlockSize; i += 2)
            block_[i] = ' ';
    }

    bool failed() const { return error_ != CardRecordError::None; }
    CardRecordError error() const { return error_; }
    const QString &detail() const { return detail_; }
    QByteArray &block() { return block_; }

    void fail(CardRecordError e, const QString &detail)
    {
        if (!failed()) {
            error_ = e;
            detail_ = detail;
        }
    }

    void put(const Slot &slot, const QString &value)
    {
        if (failed())
            return;
        if (value.size() * 2 > slot.size) {
            fail(CardRecordError::FieldTooLong,
                 QStringLiteral("%1 is longer than %2 characters").arg(QLatin1String(slot.name)).arg(slot.size / 2));
            return;
        }
        uchar *p = reinterpret_cast<uchar *>(block_.data()) + slot.offset;
        for (int i = 0; i < value.size(); ++i)
            qToLittleEndian<quint16>(value[i].unicode(), p + 2 * i);
    }

    void date(const Slot &slot, const QDate &d)
    {
        if (!d.isValid() || d.year() < 1 || d.year() > 9999) {
            fail(CardRecordError::BadDate, QStringLiteral("%1 is not a valid date").arg(QLatin1String(slot.name)));
            return;
        }
        put(slot, QStringLiteral("%1%2%3")
                      .arg(d.year(), 4, 10, QLatin1Char('0'))
                      .arg(d.month(), 2, 10, QLatin1Char('0'))
                      .arg(d.day(), 2, 10, QLatin1Char('0')));
    }

    void validTo(const Slot &slot, const CardRecord &c)
    {
        if (c.validToLongTerm)
            put(slot, kLongTerm);
        else
            date(slot, c.validTo);
    }

    void sex(const Slot &slot, Sex s) { put(slot, s == Sex::Female ? QStringLiteral("2") : QStringLiteral("1")); }

    void count(const Slot &slot, int n)
    {
        if (n < 0)
            return;
        const int width = slot.size / 2;
        const QString v = QStringLiteral("%1").arg(n, width, 10, QLatin1Char('0'));
        put(slot, v);
    }

private:
    QByteArray block_;
    CardRecordError error_ = CardRecordError::None;
    QString detail_;
};

void encodeResidentCommon(Writer &w, const CardRecord &c, bool ethnicityRequired)
{
    w.put(resident::kName, c.name);
    w.sex(resident::kSex, c.sex);
    QString code = c.ethnicityCode;
    if (code.isEmpty() && !c.ethnicity.isEmpty())
        code = ethnicityCode(c.ethnicity);
    if (!code.isEmpty() && ethnicityName(code).isEmpty())
        w.fail(CardRecordError::BadField, QStringLiteral("ethnicity code is not in GB 3304"));
    else if (code.isEmpty() && (ethnicityRequired || !c.ethnicity.isEmpty()))
        w.fail(CardRecordError::BadField, QStringLiteral("ethnicity is not in GB 3304"));
    w.put(resident::kEthnicity, code);
    w.date(resident::kBirth, c.birthDate);
    w.put(resident::kAddress, c.address);
    w.put(resident::kId, c.idNumber);
    w.put(resident::kAuthority, c.authority);
    w.date(resident::kValidFrom, c.validFrom);
    w.validTo(resident::kValidTo, c);
}

void putBigEndian16(QByteArray &out, int v)
{
    out.append(char((v >> 8) & 0xFF));
    out.append(char(v & 0xFF));
}

int bigEndian16(const QByteArray &b, int offset)
{
    return (uchar(b[offset]) << 8) | uchar(b[offset + 1]);
}

} // namespace

QString toString(CardType type)
{
    switch (type) {
    case CardType::Resident: return QStringLiteral("resident");
    case CardType::HkMacaoTaiwanPermit: return QStringLiteral("hkmt_permit");
    case CardType::ForeignPermanent: return QStringLiteral("foreign_permanent");
    case CardType::ForeignPermanent2023: return QStringLiteral("foreign_permanent_2023");
    }
    return QStringLiteral("unknown");
}

QString toString(Sex sex)
{
    return sex == Sex::Female ? QStringLiteral("female") : QStringLiteral("male");
}

QString ethnicityName(const QString &code)
{
    for (const Ethnicity &e : kEthnicities) {
        if (code == QLatin1String(e.code))
            return QString::fromUtf8(e.name);
    }
    return {};
}

QString ethnicityCode(const QString &name)
{
    for (const Ethnicity &e : kEthnicities) {
        if (name == QString::fromUtf8(e.name))
            return QLatin1String(e.code);
    }
    return {};
}

QString toString(CardRecordError error)
{
    switch (error) {
    case CardRecordError::None: return QStringLiteral("ok");
    case CardRecordError::WrongLength: return QStringLiteral("wrong length");
    case CardRecordError::BadUtf16: return QStringLiteral("bad UTF-16");
    case CardRecordError::BadDate: return QStringLiteral("bad date");
    case CardRecordError::UnknownTypeFlag: return QStringLiteral("unknown card type flag");
    case CardRecordError::BadField: return QStringLiteral("bad field");
    case CardRecordError::FieldTooLong: return QStringLiteral("field too long");
    }
    return QStringLiteral("unknown error");
}

void CardRecord::wipe()
{
    for (QString *s : {&name, &nameEn, &ethnicityCode, &ethnicity, &address, &idNumber, &authority, &passNumber,
                       &nationality, &cardVersion, &oldNumberLink})
        wipeString(*s);
    secureZero(wlt);
    wlt.clear();
    secureZero(fingerprint);
    fingerprint.clear();
    type = CardType::Resident;
    sex = Sex::Male;
    birthDate = validFrom = validTo = QDate();
    validToLongTerm = false;
    issueCount = -1;
}

CardParseResult parseTextBlock(const QByteArray &text)
{
    CardParseResult result;
    if (text.size() != kTextBlockSize) {
        result.error = CardRecordError::WrongLength;
        result.detail = QStringLiteral("text block is %1 bytes, expected %2").arg(text.size()).arg(kTextBlockSize);
        return result;
    }
    Reader r(text);
    CardRecord &c = result.record;

    const char16_t flag = qFromLittleEndian<quint16>(text.constData() + kTypeFlag.offset);
    switch (flag) {
    case 0x0000:
    case u' ': c.type = CardType::Resident; break;
    case u'J': c.type = CardType::HkMacaoTaiwanPermit; break;
    case u'I': c.type = CardType::ForeignPermanent; break;
    case u'Y': c.type = CardType::ForeignPermanent2023; break;
    default:
        result.error = CardRecordError::UnknownTypeFlag;
        result.detail = QStringLiteral("type flag %1 names no known card type").arg(unicodeHex(flag));
        return result;
    }

    switch (c.type) {
    case CardType::Resident: parseResidentCommon(r, c, true); break;
    case CardType::HkMacaoTaiwanPermit:
        // These permits carry no ethnicity; the slot is blank on the cards seen so far.
        parseResidentCommon(r, c, false);
        c.passNumber = r.text(hkmt::kPassNumber);
        c.issueCount = r.count(hkmt::kIssueCount);
        break;
    case CardType::ForeignPermanent:
        c.nameEn = r.text(foreign2017::kNameEn);
        c.sex = r.sex(foreign2017::kSex);
        c.idNumber = r.text(foreign2017::kPermitNo);
        c.nationality = r.countryCode(foreign2017::kNationality);
        c.name = r.text(foreign2017::kName, false); // many holders have no Chinese name
        c.validFrom = r.date(foreign2017::kValidFrom);
        c.validTo = r.date(foreign2017::kValidTo, &c.validToLongTerm);
        c.birthDate = r.date(foreign2017::kBirth);
        c.cardVersion = r.text(foreign2017::kVersion, false);
        c.authority = r.text(foreign2017::kAuthority, false);
        break;
    case CardType::ForeignPermanent2023: {
        c.name = r.text(foreign2023::kName, false);
        c.sex = r.sex(foreign2023::kSex);
        c.issueCount = r.count(foreign2023::kRenewalCount);
        c.birthDate = r.date(foreign2023::kBirth);
        // The English name runs on from byte 52 into byte 220: join before trimming so an inner space survives.
        c.nameEn =
            r.screened("English name", trimPadding(r.raw(foreign2023::kNameEn) + r.raw(foreign2023::kNameEnCont)));
        if (!r.failed() && c.nameEn.isEmpty())
            r.fail(CardRecordError::BadField, QStringLiteral("English name is empty"));
        c.idNumber = r.idNumber(foreign2023::kId);
        c.validFrom = r.date(foreign2023::kValidFrom);
        c.validTo = r.date(foreign2023::kValidTo, &c.validToLongTerm);
        c.nationality = r.countryCode(foreign2023::kCountry);
        c.oldNumberLink = r.text(foreign2023::kOldNumberLink, false);
        break;
    }
    }

    if (r.failed()) {
        result.error = r.error();
        result.detail = r.detail();
        result.record.wipe();
    }
    return result;
}

CardParseResult parseReadPayload(const QByteArray &payload)
{
    CardParseResult result;
    auto fail = [&result](const QString &detail) {
        result.error = CardRecordError::WrongLength;
        result.detail = detail;
        return result;
    };
    if (payload.size() < 4)
        return fail(QStringLiteral("read payload is %1 bytes, too short for its length fields").arg(payload.size()));
    const int textLen = bigEndian16(payload, 0);
    const int photoLen = bigEndian16(payload, 2);
    if (textLen != kTextBlockSize || photoLen != kWltPhotoSize)
        return fail(QStringLiteral("text/photo lengths are %1/%2, expected %3/%4")
                        .arg(textLen)
                        .arg(photoLen)
                        .arg(kTextBlockSize)
                        .arg(kWltPhotoSize));

    int header = 4;
    int fpLen = 0;
    if (payload.size() != header + textLen + photoLen) {
        // 30 10 replies put the fingerprint length after the photo length, then text, photo and fingerprint.
        if (payload.size() < 6 + textLen + photoLen)
            return fail(QStringLiteral("read payload is %1 bytes, expected %2 (base) or at least %3 (with fingerprint)")
                            .arg(payload.size())
                            .arg(4 + textLen + photoLen)
                            .arg(6 + textLen + photoLen));
        header = 6;
        fpLen = bigEndian16(payload, 4);
        if (fpLen != 0 && fpLen != 512 && fpLen != 1024)
            return fail(QStringLiteral("fingerprint length is %1, expected 0, 512 or 1024").arg(fpLen));
        if (payload.size() != header + textLen + photoLen + fpLen)
            return fail(QStringLiteral("read payload is %1 bytes, expected %2 (base) or %3 (with fingerprint)")
                            .arg(payload.size())
                            .arg(4 + textLen + photoLen)
                            .arg(header + textLen + photoLen + fpLen));
    }

    QByteArray text = payload.mid(header, textLen);
    result = parseTextBlock(text);
    secureZero(text);
    if (!result.isOk())
        return result;
    result.record.wlt = payload.mid(header + textLen, photoLen);
    result.record.fingerprint = payload.mid(header + textLen + photoLen, fpLen);
    return result;
}

AppendedAddressResult parseAppendedAddress(const QByteArray &data)
{
    AppendedAddressResult result;
    if (data.size() != kAppendedAddressSize) {
        result.error = CardRecordError::WrongLength;
        result.detail =
            QStringLiteral("appended address is %1 bytes, expected %2").arg(data.size()).arg(kAppendedAddressSize);
        return result;
    }
    QString raw;
    if (!readRaw(data, Slot{0, kAppendedAddressSize, "appended address"}, &raw)) {
        result.error = CardRecordError::BadUtf16;
        result.detail = QStringLiteral("appended address is not valid UTF-16");
        return result;
    }
    Reader screen(data);
    result.address = screen.screened("appended address", trimPadding(raw));
    if (screen.failed()) {
        result.error = screen.error();
        result.detail = screen.detail();
        result.address.fill(QLatin1Char(' '));
        result.address.clear();
    }
    return result;
}

CardEncodeResult encodeTextBlock(const CardRecord &c)
{
    Writer w;
    switch (c.type) {
    case CardType::Resident:
        encodeResidentCommon(w, c, true);
        w.put(kTypeFlag, QStringLiteral(" "));
        break;
    case CardType::HkMacaoTaiwanPermit:
        encodeResidentCommon(w, c, false);
        w.put(hkmt::kPassNumber, c.passNumber);
        w.count(hkmt::kIssueCount, c.issueCount);
        w.put(kTypeFlag, QStringLiteral("J"));
        break;
    case CardType::ForeignPermanent:
        w.put(foreign2017::kNameEn, c.nameEn);
        w.sex(foreign2017::kSex, c.sex);
        w.put(foreign2017::kPermitNo, c.idNumber);
        w.put(foreign2017::kNationality, c.nationality);
        w.put(foreign2017::kName, c.name);
        w.date(foreign2017::kValidFrom, c.validFrom);
        w.validTo(foreign2017::kValidTo, c);
        w.date(foreign2017::kBirth, c.birthDate);
        w.put(foreign2017::kVersion, c.cardVersion);
        w.put(foreign2017::kAuthority, c.authority);
        w.put(kTypeFlag, QStringLiteral("I"));
        break;
    case CardType::ForeignPermanent2023: {
        w.put(foreign2023::kName, c.name);
        w.sex(foreign2023::kSex, c.sex);
        w.count(foreign2023::kRenewalCount, c.issueCount);
        w.date(foreign2023::kBirth, c.birthDate);
        const int firstPart = foreign2023::kNameEn.size / 2;
        if (c.nameEn.size() > firstPart + foreign2023::kNameEnCont.size / 2)
            w.fail(CardRecordError::FieldTooLong, QStringLiteral("English name is longer than %1 characters")
                                                      .arg(firstPart + foreign2023::kNameEnCont.size / 2));
        if (c.nameEn.size() > firstPart && c.nameEn[firstPart - 1].isHighSurrogate())
            w.fail(CardRecordError::BadUtf16,
                   QStringLiteral("English name would split a surrogate pair between its slots"));
        w.put(foreign2023::kNameEn, c.nameEn.left(firstPart));
        w.put(foreign2023::kNameEnCont, c.nameEn.mid(firstPart));
        w.put(foreign2023::kId, c.idNumber);
        w.date(foreign2023::kValidFrom, c.validFrom);
        w.validTo(foreign2023::kValidTo, c);
        w.put(foreign2023::kCountry, c.nationality);
        w.put(kTypeFlag, QStringLiteral("Y"));
        w.put(foreign2023::kOldNumberLink, c.oldNumberLink);
        break;
    }
    }
    CardEncodeResult result;
    result.error = w.error();
    result.detail = w.detail();
    if (result.isOk())
        result.bytes = w.block();
    secureZero(w.block());
    return result;
}

CardEncodeResult encodeReadPayload(const CardRecord &record, bool withFingerprint)
{
    CardEncodeResult result = encodeTextBlock(record);
    if (!result.isOk())
        return result;
    auto fail = [&result](const QString &detail) {
        secureZero(result.bytes);
        result.bytes.clear();
        result.error = CardRecordError::WrongLength;
        result.detail = detail;
        return result;
    };
    if (!record.wlt.isEmpty() && record.wlt.size() != kWltPhotoSize)
        return fail(QStringLiteral("photo is %1 bytes, expected %2").arg(record.wlt.size()).arg(kWltPhotoSize));
    const int fpLen = withFingerprint ? int(record.fingerprint.size()) : 0;
    if (fpLen != 0 && fpLen != 512 && fpLen != 1024)
        return fail(QStringLiteral("fingerprint is %1 bytes, expected 0, 512 or 1024").arg(fpLen));

    QByteArray out;
    out.reserve(6 + kTextBlockSize + kWltPhotoSize + fpLen);
    putBigEndian16(out, kTextBlockSize);
    putBigEndian16(out, kWltPhotoSize);
    if (withFingerprint)
        putBigEndian16(out, fpLen);
    out.append(result.bytes);
    out.append(record.wlt.isEmpty() ? QByteArray(kWltPhotoSize, '\0') : record.wlt);
    if (withFingerprint)
        out.append(record.fingerprint);
    secureZero(result.bytes);
    result.bytes = out;
    return result;
}

} // namespace kiosk::drivers::idcard
