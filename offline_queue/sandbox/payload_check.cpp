// The platform's check of a decrypted payload against platform-api.md "Payload": the members that must be present
// (those written "X or null" too), their types and the enumerations. Extra members are tolerated (a newer kiosk).
#include "offline_queue/envelope.h"
#include "offline_queue/sandbox/sandbox.h"
#include "offline_queue/sandbox/sandbox_util.h"

#include <QRegularExpression>

namespace kiosk::sandbox {

namespace {

using Check = QString; // empty: fine; otherwise what is wrong

Check requireString(const QJsonObject &o, const char *name, const QString &where, bool nonEmpty = true)
{
    const QJsonValue v = o.value(QLatin1String(name));
    if (!v.isString() || (nonEmpty && v.toString().isEmpty()))
        return QStringLiteral("%1.%2 must be a%3 string")
            .arg(where, QLatin1String(name), nonEmpty ? QStringLiteral(" non-empty") : QString());
    return {};
}

Check requireEnum(const QJsonObject &o, const char *name, const QStringList &values, const QString &where)
{
    const QJsonValue v = o.value(QLatin1String(name));
    if (!v.isString() || !values.contains(v.toString()))
        return QStringLiteral("%1.%2 must be one of %3").arg(where, QLatin1String(name), values.join('|'));
    return {};
}

Check optionalEnum(const QJsonObject &o, const char *name, const QStringList &values, const QString &where)
{
    if (!o.contains(QLatin1String(name)))
        return {};
    return requireEnum(o, name, values, where);
}

Check optionalString(const QJsonObject &o, const char *name, const QString &where)
{
    if (o.contains(QLatin1String(name)) && !o.value(QLatin1String(name)).isString())
        return QStringLiteral("%1.%2, when present, must be a string").arg(where, QLatin1String(name));
    return {};
}

Check checkSha(const QJsonValue &v, const QString &where, QStringList *refs)
{
    if (!v.isString() || !queue::isLowerHexSha256(v.toString()))
        return QStringLiteral("%1 must be a lowercase hex sha256").arg(where);
    if (!refs->contains(v.toString()))
        refs->append(v.toString());
    return {};
}

Check checkPerson(const QJsonValue &v, const QString &where)
{
    if (!v.isObject())
        return QStringLiteral("%1 must be a Person object").arg(where);
    const QJsonObject p = v.toObject();
    const QStringList &idTypes = personIdTypes();
    const QStringList &verifiedBy = personVerifiedBy();
    // GB/T 2261.1: 0 not known, 1 male, 2 female, 9 not stated.
    static const QStringList sexCodes{QStringLiteral("0"), QStringLiteral("1"), QStringLiteral("2"),
                                      QStringLiteral("9")};
    for (const Check &c : {requireEnum(p, "id_type", idTypes, where), requireString(p, "id_number", where),
                           requireString(p, "name", where), optionalString(p, "name_en", where),
                           optionalEnum(p, "sex", sexCodes, where), optionalString(p, "birth_date", where),
                           optionalString(p, "nationality", where), requireEnum(p, "verified_by", verifiedBy, where)}) {
        if (!c.isEmpty())
            return c;
    }
    return {};
}

} // namespace

QString checkPayload(const QJsonObject &payload, QStringList *referencedBlobs)
{
    QStringList refs;
    for (const char *member : {"applicant", "agent", "principal_authorisation", "form", "materials", "consent",
                               "commitment", "delivery", "prereview", "channel", "query_code"}) {
        if (!payload.contains(QLatin1String(member)))
            return QStringLiteral("payload.%1 is missing (members written 'X or null' are always present)")
                .arg(QLatin1String(member));
    }
    if (Check c = checkPerson(payload.value(QLatin1String("applicant")), QStringLiteral("payload.applicant"));
        !c.isEmpty())
        return c;
    const QJsonValue agent = payload.value(QLatin1String("agent"));
    if (!agent.isNull()) {
        if (Check c = checkPerson(agent, QStringLiteral("payload.agent")); !c.isEmpty())
            return c;
    }
    const QJsonValue authorisation = payload.value(QLatin1String("principal_authorisation"));
    if (!authorisation.isNull()) {
        if (!authorisation.isArray())
            return QStringLiteral("payload.principal_authorisation must be an array of sha256 or null");
        for (const QJsonValue v : authorisation.toArray()) {
            if (Check c = checkSha(v, QStringLiteral("payload.principal_authorisation[]"), &refs); !c.isEmpty())
                return c;
        }
    }
    const QJsonValue form = payload.value(QLatin1String("form"));
    if (!form.isObject())
        return QStringLiteral("payload.form must be an object of strings");
    const QJsonObject formObject = form.toObject();
    for (auto it = formObject.begin(); it != formObject.end(); ++it) {
        if (!it.value().isString())
            return QStringLiteral("payload.form.%1 must be a string").arg(it.key());
    }
    const QJsonValue materials = payload.value(QLatin1String("materials"));
    if (!materials.isArray())
        return QStringLiteral("payload.materials must be an array");
    static const QStringList materialStatus{QStringLiteral("provided"), QStringLiteral("tolerated"),
                                            QStringLiteral("shared")};
    for (const QJsonValue v : materials.toArray()) {
        const QJsonObject m = v.toObject();
        const QString where = QStringLiteral("payload.materials[]");
        if (!v.isObject())
            return QStringLiteral("%1 must be an object").arg(where);
        for (const Check &c :
             {requireString(m, "material_id", where), requireEnum(m, "status", materialStatus, where)}) {
            if (!c.isEmpty())
                return c;
        }
        if (!m.value(QLatin1String("pages")).isArray())
            return QStringLiteral("%1.pages must be an array of sha256").arg(where);
        for (const QJsonValue page : m.value(QLatin1String("pages")).toArray()) {
            if (Check c = checkSha(page, where + QStringLiteral(".pages[]"), &refs); !c.isEmpty())
                return c;
        }
    }
    const QJsonValue consent = payload.value(QLatin1String("consent"));
    if (!consent.isNull()) {
        const QJsonObject c = consent.toObject();
        const QString where = QStringLiteral("payload.consent");
        if (!consent.isObject())
            return QStringLiteral("%1 must be a Consent object or null").arg(where);
        static const QStringList decisions{QStringLiteral("agree"), QStringLiteral("decline"),
                                           QStringLiteral("withdrawn")};
        static const QStringList methods{QStringLiteral("face"), QStringLiteral("alternative")};
        for (const Check &k : {requireString(c, "purpose", where), requireString(c, "text_version", where),
                               requireString(c, "text_sha256", where), requireEnum(c, "decision", decisions, where),
                               requireString(c, "at", where), requireEnum(c, "method_used", methods, where)}) {
            if (!k.isEmpty())
                return k;
        }
    }
    const QJsonValue commitment = payload.value(QLatin1String("commitment"));
    if (!commitment.isNull()) {
        const QJsonObject c = commitment.toObject();
        const QString where = QStringLiteral("payload.commitment");
        if (!commitment.isObject())
            return QStringLiteral("%1 must be an object or null").arg(where);
        for (const Check &k : {requireString(c, "text_version", where), requireString(c, "text_sha256", where)}) {
            if (!k.isEmpty())
                return k;
        }
        if (Check k =
                checkSha(c.value(QLatin1String("signature_blob")), where + QStringLiteral(".signature_blob"), &refs);
            !k.isEmpty())
            return k;
    }
    const QJsonValue delivery = payload.value(QLatin1String("delivery"));
    if (!delivery.isObject())
        return QStringLiteral("payload.delivery must be an object");
    const QJsonObject d = delivery.toObject();
    static const QStringList deliveryMethods{QStringLiteral("pickup"), QStringLiteral("mail"),
                                             QStringLiteral("self_print"), QStringLiteral("online")};
    if (Check c = requireEnum(d, "method", deliveryMethods, QStringLiteral("payload.delivery")); !c.isEmpty())
        return c;
    for (const char *member : {"address", "phone"}) {
        const QJsonValue v = d.value(QLatin1String(member));
        if (!d.contains(QLatin1String(member)) || (!v.isString() && !v.isNull()))
            return QStringLiteral("payload.delivery.%1 must be a string or null").arg(QLatin1String(member));
    }
    const QJsonValue prereview = payload.value(QLatin1String("prereview"));
    if (!prereview.isArray())
        return QStringLiteral("payload.prereview must be an array of {code, message}");
    for (const QJsonValue v : prereview.toArray()) {
        const QJsonObject p = v.toObject();
        if (!v.isObject() || !p.value(QLatin1String("code")).isString() ||
            !p.value(QLatin1String("message")).isString())
            return QStringLiteral("payload.prereview[] must be {code, message} strings");
    }
    if (payload.value(QLatin1String("channel")).toString() != QLatin1String("kiosk"))
        return QStringLiteral("payload.channel must be \"kiosk\"");
    static const QRegularExpression queryCode(QStringLiteral("^[0-9]{8}$"));
    if (!queryCode.match(payload.value(QLatin1String("query_code")).toString()).hasMatch())
        return QStringLiteral("payload.query_code must be 8 decimal digits");
    *referencedBlobs = refs;
    return {};
}

} // namespace kiosk::sandbox
