// `kioskctl idcard decode` and `idcard validate`: a captured reader reply into card fields; a GB 11643 number check.
#include <QFile>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QPair>

#include "app/identity/gb11643.h"
#include "app/kioskctl/command.h"
#include "app/logging/log_setup.h"
#include "drivers/idcard/card_record.h"
#include "drivers/idcard/frame_codec.h"

namespace kiosk::ctl {

namespace {

namespace idc = kiosk::drivers::idcard;

constexpr int kExitOk = 0;
constexpr int kExitInvalid = 1;
constexpr int kExitBadInput = 2;

int decodeError(const Invocation &inv, const QString &message)
{
    if (inv.json)
        printJson({{QStringLiteral("error"), message}});
    else
        err(QStringLiteral("error: %1").arg(message));
    return kExitBadInput;
}

// Addresses have no mask in log_setup.h: keep the first six characters (province and city), hide the rest.
QString maskAddress(const QString &address)
{
    return address.size() <= 6 ? QString(address.size(), QLatin1Char('*')) : address.left(6) + QStringLiteral("****");
}

// Travel-permit numbers are 9 characters: maskIdNumber would show 8 of them, so keep only the letter and last two.
QString maskPassNumber(const QString &pass)
{
    return pass.size() <= 4 ? QString(pass.size(), QLatin1Char('*'))
                            : pass.left(1) + QString(pass.size() - 3, QLatin1Char('*')) + pass.right(2);
}

QString isoDate(const QDate &d)
{
    return d.toString(Qt::ISODate);
}

// The card's fields in design.md section 6 order; the ones a card type lacks are left out.
QList<QPair<QString, QJsonValue>> cardFields(const idc::CardRecord &c, bool unmasked)
{
    using idc::CardType;
    QList<QPair<QString, QJsonValue>> f;
    auto add = [&f](const char *key, const QJsonValue &v) { f.append({QLatin1String(key), v}); };
    auto name = [unmasked](const QString &s) { return unmasked ? s : app::maskName(s); };
    auto number = [unmasked](const QString &s) { return unmasked ? s : app::maskIdNumber(s); };

    add("card_type", idc::toString(c.type));
    if (!c.name.isEmpty())
        add("name", name(c.name));
    if (!c.nameEn.isEmpty())
        add("name_en", name(c.nameEn));
    add("sex", idc::toString(c.sex));
    if (!c.ethnicity.isEmpty())
        add("ethnicity", c.ethnicity);
    add("birth_date", unmasked ? isoDate(c.birthDate) : c.birthDate.toString(QStringLiteral("yyyy-**-**")));
    if (c.type == CardType::Resident || c.type == CardType::HkMacaoTaiwanPermit)
        add("address", unmasked ? c.address : maskAddress(c.address));
    add("id_number", number(c.idNumber));
    if (!c.authority.isEmpty())
        add("authority", c.authority);
    add("valid_from", isoDate(c.validFrom));
    add("valid_to", c.validToLongTerm ? QStringLiteral("long-term") : isoDate(c.validTo));
    if (c.type == CardType::HkMacaoTaiwanPermit)
        add("pass_number", unmasked ? c.passNumber : maskPassNumber(c.passNumber));
    if (c.issueCount >= 0)
        add("issue_count", c.issueCount);
    if (!c.nationality.isEmpty())
        add("nationality", c.nationality);
    return f;
}

int idcardDecode(const Invocation &inv)
{
    QString path;
    bool unmasked = false;
    for (const QString &a : inv.args) {
        if (a == QLatin1String("--unmasked"))
            unmasked = true;
        else if (a.startsWith(QLatin1String("--")) || !path.isEmpty())
            return decodeError(inv, QStringLiteral("usage: kioskctl idcard decode FILE [--unmasked]"));
        else
            path = a;
    }
    if (path.isEmpty())
        return decodeError(inv, QStringLiteral("usage: kioskctl idcard decode FILE [--unmasked]"));

    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return decodeError(inv, QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
    QByteArray bytes = file.readAll();

    idc::ReplyDecoder decoder;
    QList<idc::DecodedFrame> frames = decoder.feed(bytes);
    frames += decoder.flush();
    idc::secureZero(bytes);
    if (frames.isEmpty())
        return decodeError(
            inv, QStringLiteral("no frame found: no preamble AA AA AA 96 69 in %1 bytes").arg(decoder.garbageBytes()));

    // The first thing in the file decides: a broken first frame is what the technician needs to hear about.
    idc::DecodedFrame &first = frames.first();
    if (!first.isOk())
        return decodeError(inv, QStringLiteral("%1: %2").arg(idc::toString(first.error), first.detail));
    if (!first.reply.isOk())
        return decodeError(inv, QStringLiteral("status code %1").arg(first.reply.describe()));

    idc::CardParseResult parsed = idc::parseReadPayload(first.reply.data);
    for (idc::DecodedFrame &f : frames)
        f.reply.wipe();
    if (!parsed.isOk())
        return decodeError(
            inv, QStringLiteral("not a card read reply: %1: %2").arg(idc::toString(parsed.error), parsed.detail));

    const auto fields = cardFields(parsed.record, unmasked);
    parsed.record.wipe();
    if (inv.json) {
        QJsonObject obj;
        for (const auto &[key, value] : fields)
            obj.insert(key, value);
        printJson(obj);
    } else {
        for (const auto &[key, value] : fields)
            out(QStringLiteral("%1: %2").arg(key,
                                             value.isDouble() ? QString::number(value.toInt()) : value.toString()));
    }
    return kExitOk;
}

int idcardValidate(const Invocation &inv)
{
    QString number;
    app::IdNumberCheckOptions options;
    bool usageError = false;
    for (const QString &a : inv.args) {
        if (a == QLatin1String("--foreign"))
            options.acceptForeignPermanent2023 = true;
        else if (a.startsWith(QLatin1String("--")) || !number.isEmpty())
            usageError = true;
        else
            number = a;
    }
    if (usageError || number.isEmpty()) {
        err(QStringLiteral("usage: kioskctl idcard validate NUMBER [--foreign]"));
        return kExitBadInput;
    }
    const app::IdNumberCheck check = app::checkIdNumber(number, options);
    if (inv.json)
        printJson({{QStringLiteral("valid"), check.valid}, {QStringLiteral("reason"), check.reason}});
    else
        out(QStringLiteral("%1: %2").arg(check.valid ? QStringLiteral("valid") : QStringLiteral("invalid"),
                                         check.reason));
    return check.valid ? kExitOk : kExitInvalid;
}

const bool registeredDecode = registerCommand(
    {{QStringLiteral("idcard"), QStringLiteral("decode")},
     QStringLiteral("idcard decode FILE [--unmasked]"),
     QStringLiteral("decode one reader->host frame (binary, as received) into card fields; names, numbers, address "
                    "and birth day are masked unless --unmasked"),
     idcardDecode});

const bool registeredValidate = registerCommand(
    {{QStringLiteral("idcard"), QStringLiteral("validate")},
     QStringLiteral("idcard validate NUMBER [--foreign]"),
     QStringLiteral("GB 11643 check of an ID number (--foreign also accepts 2023 foreigner's permanent residence "
                    "numbers): exit 0 valid, 1 invalid"),
     idcardValidate});

} // namespace

} // namespace kiosk::ctl
