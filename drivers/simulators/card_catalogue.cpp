// Reads cards.json into SimulatedCards; a card that the reader could not send byte-exactly is a load error.
#include "drivers/simulators/card_catalogue.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>

#include "drivers/idcard/frame_codec.h"
#include "drivers/idcard/simulated_photo_decoder.h"
#include "drivers/simulators/placeholder_portrait.h"

namespace kiosk::drivers::simulators {

using namespace kiosk::drivers::idcard;

namespace {

const QSet<QString> &knownKeys()
{
    static const QSet<QString> keys = {
        QStringLiteral("id"),          QStringLiteral("description"),      QStringLiteral("card_type"),
        QStringLiteral("name"),        QStringLiteral("name_en"),          QStringLiteral("sex"),
        QStringLiteral("ethnicity"),   QStringLiteral("birth_date"),       QStringLiteral("address"),
        QStringLiteral("id_number"),   QStringLiteral("authority"),        QStringLiteral("valid_from"),
        QStringLiteral("valid_to"),    QStringLiteral("pass_number"),      QStringLiteral("issue_count"),
        QStringLiteral("nationality"), QStringLiteral("card_version"),     QStringLiteral("old_number_link"),
        QStringLiteral("photo"),       QStringLiteral("appended_address"), QStringLiteral("fingerprint_size"),
    };
    return keys;
}

// FNV-1a: a stable seed per card id (qHash is seeded per process).
std::uint32_t stableHash(const QString &text)
{
    std::uint32_t h = 2166136261u;
    for (const char c : text.toUtf8()) {
        h ^= std::uint8_t(c);
        h *= 16777619u;
    }
    return h;
}

// Collects the first problem with one card.
class CardReader
{
public:
    CardReader(const QJsonObject &o, const QString &label) : o_(o), label_(label) {}

    bool failed() const { return !error_.isEmpty(); }
    const QString &error() const { return error_; }
    void setLabel(const QString &label) { label_ = label; }
    void fail(const QString &why)
    {
        if (error_.isEmpty())
            error_ = QStringLiteral("card %1: %2").arg(label_, why);
    }

    QString string(const char *key, bool required = false)
    {
        const QJsonValue v = o_.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull()) {
            if (required)
                fail(QStringLiteral("\"%1\" is missing").arg(QLatin1String(key)));
            return {};
        }
        if (!v.isString()) {
            fail(QStringLiteral("\"%1\" is not a string").arg(QLatin1String(key)));
            return {};
        }
        return v.toString();
    }

    QDate date(const char *key, bool *longTerm = nullptr)
    {
        const QString s = string(key, true);
        if (failed())
            return {};
        if (longTerm) {
            *longTerm = s == QLatin1String("long-term");
            if (*longTerm)
                return {};
        }
        const QDate d = QDate::fromString(s, Qt::ISODate);
        if (!d.isValid() || s.size() != 10)
            fail(QStringLiteral("\"%1\" is not a YYYY-MM-DD date%2")
                     .arg(QLatin1String(key), longTerm ? QStringLiteral(" or long-term") : QString()));
        return d;
    }

    int integer(const char *key, int fallback)
    {
        const QJsonValue v = o_.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull())
            return fallback;
        if (!v.isDouble() || v.toDouble() != double(v.toInt()) || v.toInt() < 0) {
            fail(QStringLiteral("\"%1\" is not a non-negative integer").arg(QLatin1String(key)));
            return fallback;
        }
        return v.toInt();
    }

private:
    const QJsonObject &o_;
    QString label_;
    QString error_;
};

std::optional<CardType> cardTypeFromString(const QString &s)
{
    for (CardType t : {CardType::Resident, CardType::HkMacaoTaiwanPermit, CardType::ForeignPermanent,
                       CardType::ForeignPermanent2023}) {
        if (toString(t) == s)
            return t;
    }
    return std::nullopt;
}

// Pseudo-minutiae so that 30 10 has something to carry; real templates are proprietary.
QByteArray fakeFingerprint(int size, std::uint32_t seed)
{
    QByteArray out(size, '\0');
    std::uint32_t x = seed | 1u;
    for (int i = 0; i < size; ++i) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        out[i] = char(x & 0xFF);
    }
    return out;
}

} // namespace

CardCatalogueResult CardCatalogue::load(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        CardCatalogueResult r;
        r.error = QStringLiteral("cannot read %1: %2").arg(path, f.errorString());
        return r;
    }
    return parse(f.readAll(), QFileInfo(path).absolutePath());
}

CardCatalogueResult CardCatalogue::parse(const QByteArray &json, const QString &baseDir)
{
    CardCatalogueResult result;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (doc.isNull()) {
        result.error =
            QStringLiteral("not valid JSON: %1 at offset %2").arg(parseError.errorString()).arg(parseError.offset);
        return result;
    }
    const QJsonValue cards = doc.object().value(QLatin1String("cards"));
    if (!doc.isObject() || !cards.isArray()) {
        result.error = QStringLiteral("expected an object with a \"cards\" array");
        return result;
    }
    static const QRegularExpression idPattern(QStringLiteral("^[a-z0-9][a-z0-9_-]{0,63}$"));
    QSet<QString> seen;
    const QJsonArray list = cards.toArray();
    for (int i = 0; i < list.size(); ++i) {
        if (!list.at(i).isObject()) {
            result.error = QStringLiteral("card #%1 is not an object").arg(i + 1);
            return result;
        }
        const QJsonObject o = list.at(i).toObject();
        CardReader r(o, QStringLiteral("#%1").arg(i + 1));
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (!knownKeys().contains(it.key()))
                r.fail(QStringLiteral("unknown key \"%1\"").arg(it.key()));
        }
        Entry e;
        SimulatedCard &card = e.card;
        CardRecord &c = card.record;
        card.id = r.string("id", true);
        if (!r.failed() && !idPattern.match(card.id).hasMatch())
            r.fail(QStringLiteral("id must be lowercase letters, digits, '-' or '_'"));
        if (!r.failed() && seen.contains(card.id))
            r.fail(QStringLiteral("id \"%1\" is used twice").arg(card.id));
        if (!r.failed())
            r.setLabel(card.id);
        e.description = r.string("description");
        const QString type = r.string("card_type", true);
        if (!r.failed()) {
            const auto t = cardTypeFromString(type);
            if (!t)
                r.fail(QStringLiteral("card_type must be resident, hkmt_permit, foreign_permanent or "
                                      "foreign_permanent_2023"));
            else
                c.type = *t;
        }
        c.name = r.string("name");
        c.nameEn = r.string("name_en");
        const QString sex = r.string("sex", true);
        if (!r.failed() && sex != QLatin1String("male") && sex != QLatin1String("female"))
            r.fail(QStringLiteral("sex must be male or female"));
        c.sex = sex == QLatin1String("female") ? Sex::Female : Sex::Male;
        c.ethnicity = r.string("ethnicity");
        if (!c.ethnicity.isEmpty()) {
            c.ethnicityCode = ethnicityCode(c.ethnicity);
            if (c.ethnicityCode.isEmpty())
                r.fail(QStringLiteral("ethnicity is not a GB 3304 name"));
        }
        c.birthDate = r.date("birth_date");
        c.address = r.string("address");
        c.idNumber = r.string("id_number", true);
        c.authority = r.string("authority");
        c.validFrom = r.date("valid_from");
        c.validTo = r.date("valid_to", &c.validToLongTerm);
        c.passNumber = r.string("pass_number");
        c.issueCount = r.integer("issue_count", -1);
        c.nationality = r.string("nationality");
        c.cardVersion = r.string("card_version");
        c.oldNumberLink = r.string("old_number_link");
        card.appendedAddress = r.string("appended_address");
        if (!card.appendedAddress.isEmpty() && encodeAppendedAddress(card.appendedAddress).isEmpty())
            r.fail(QStringLiteral("appended_address is longer than %1 characters").arg(kAppendedAddressSize / 2));
        const int fpSize = r.integer("fingerprint_size", 0);
        if (fpSize != 0 && fpSize != 512 && fpSize != 1024)
            r.fail(QStringLiteral("fingerprint_size must be 0, 512 or 1024"));
        const std::uint32_t seed = stableHash(card.id);
        c.fingerprint = fakeFingerprint(fpSize, seed);

        const QString photo = r.string("photo");
        if (!r.failed()) {
            QImage portrait;
            if (photo.isEmpty()) {
                portrait = placeholderPortrait(seed);
            } else {
                const QString photoPath = QDir(baseDir).filePath(photo);
                if (!portrait.load(photoPath))
                    r.fail(QStringLiteral("photo %1 cannot be read as an image").arg(photoPath));
            }
            c.wlt = kiosk::drivers::idcard::SimulatedPhotoDecoder::encode(portrait);
        }

        // The reader sends exactly these bytes; a card the kiosk's own parser would reject is a catalogue error.
        if (!r.failed()) {
            const CardEncodeResult encoded = encodeReadPayload(c, true);
            if (!encoded.isOk()) {
                r.fail(QStringLiteral("cannot be encoded: %1 (%2)").arg(toString(encoded.error), encoded.detail));
            } else {
                CardParseResult parsed = parseReadPayload(encoded.bytes);
                if (!parsed.isOk())
                    r.fail(QStringLiteral("encodes to a block the parser rejects: %1 (%2)")
                               .arg(toString(parsed.error), parsed.detail));
                parsed.record.wipe();
            }
        }
        if (r.failed()) {
            result.error = r.error();
            result.catalogue.entries_.clear();
            return result;
        }
        seen.insert(card.id);
        result.catalogue.entries_.append(e);
    }
    if (result.catalogue.entries_.isEmpty())
        result.error = QStringLiteral("the catalogue holds no cards");
    return result;
}

QStringList CardCatalogue::ids() const
{
    QStringList out;
    for (const Entry &e : entries_)
        out << e.card.id;
    return out;
}

std::optional<SimulatedCard> CardCatalogue::card(const QString &id) const
{
    for (const Entry &e : entries_) {
        if (e.card.id == id)
            return e.card;
    }
    return std::nullopt;
}

QList<QJsonObject> CardCatalogue::summaries(const QDate &today) const
{
    QList<QJsonObject> out;
    for (const Entry &e : entries_) {
        const CardRecord &c = e.card.record;
        out << QJsonObject{
            {QStringLiteral("id"), e.card.id},
            {QStringLiteral("card_type"), toString(c.type)},
            {QStringLiteral("description"), e.description},
            {QStringLiteral("expired"), !c.validToLongTerm && c.validTo < today},
        };
    }
    return out;
}

} // namespace kiosk::drivers::simulators
