// Identity from a card record, its checks, masks and the platform Person object.
#include "app/identity/identity.h"

#include "app/identity/gb11643.h"
#include "app/logging/log_setup.h"
#include "drivers/idcard/card_record.h"

namespace kiosk::app {

namespace {
void wipeString(QString &s)
{
    s.fill(QChar(0));
    s.clear();
    s.squeeze();
}
} // namespace

QString Identity::maskedName() const
{
    return maskName(name.isEmpty() ? nameEn : name);
}

QString Identity::maskedIdNumber() const
{
    return maskIdNumber(idNumber);
}

QString Identity::sexCode() const
{
    if (sex.isEmpty())
        return {};
    if (sex == QLatin1String("male"))
        return QStringLiteral("1");
    if (sex == QLatin1String("female"))
        return QStringLiteral("2");
    return QStringLiteral("0");
}

QJsonObject Identity::toPersonJson() const
{
    QJsonObject o{{QStringLiteral("id_type"), idType},
                  {QStringLiteral("id_number"), idNumber},
                  {QStringLiteral("name"), name.isEmpty() ? nameEn : name},
                  {QStringLiteral("verified_by"), verifiedBy}};
    if (!nameEn.isEmpty())
        o.insert(QStringLiteral("name_en"), nameEn);
    if (!sex.isEmpty())
        o.insert(QStringLiteral("sex"), sexCode()); // the words were sent before: not what the contract fixes
    if (birthDate.isValid())
        o.insert(QStringLiteral("birth_date"), birthDate.toString(Qt::ISODate));
    if (!nationality.isEmpty())
        o.insert(QStringLiteral("nationality"), nationality);
    return o;
}

void Identity::wipe()
{
    for (QString *s : {&idType, &idNumber, &name, &nameEn, &sex, &nationality, &address, &verifiedBy})
        wipeString(*s);
    photoWlt.fill('\0');
    photoWlt.clear();
    photoWlt.squeeze();
    birthDate = validFrom = validTo = QDate();
    validLongTerm = false;
}

Identity Identity::fromCard(const drivers::idcard::CardRecord &card)
{
    Identity id;
    id.idType = drivers::idcard::toString(card.type);
    id.idNumber = card.idNumber;
    id.name = card.name;
    id.nameEn = card.nameEn;
    id.sex = drivers::idcard::toString(card.sex);
    id.birthDate = card.birthDate;
    id.nationality = card.nationality;
    id.address = card.address;
    id.validFrom = card.validFrom;
    id.validTo = card.validTo;
    id.validLongTerm = card.validToLongTerm;
    id.photoWlt = card.wlt;
    id.verifiedBy = QStringLiteral("card");
    return id;
}

IdentityCheck checkIdentity(const Identity &id, const QDate &today)
{
    if (!id.validLongTerm && id.validTo.isValid() && id.validTo < today)
        return {IdentityProblem::Expired, QStringLiteral("card validity ended")};
    if (id.validFrom.isValid() && id.validFrom > today)
        return {IdentityProblem::NotYetValid, QStringLiteral("card not yet valid")};
    if (id.idType == QLatin1String("resident") || id.idType == QLatin1String("hkmt_permit") ||
        id.idType == QLatin1String("foreign_permanent_2023")) {
        IdNumberCheckOptions opts;
        opts.acceptForeignPermanent2023 = id.idType == QLatin1String("foreign_permanent_2023");
        opts.today = today;
        const IdNumberCheck c = checkIdNumber(id.idNumber, opts);
        if (!c.valid)
            return {IdentityProblem::InvalidNumber, c.reason};
    }
    return {};
}

} // namespace kiosk::app
