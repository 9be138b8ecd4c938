// The consent record and its JSON form.
#include "app/consent/consent_record.h"

#include <QRegularExpression>

namespace kiosk::app {

QString toString(ConsentDecision decision)
{
    switch (decision) {
    case ConsentDecision::Agree: return QStringLiteral("agree");
    case ConsentDecision::Decline: return QStringLiteral("decline");
    case ConsentDecision::Withdrawn: return QStringLiteral("withdrawn");
    }
    return QStringLiteral("decline");
}

QString toString(ConsentMethod method)
{
    return method == ConsentMethod::Face ? QStringLiteral("face") : QStringLiteral("alternative");
}

QString toRfc3339Cst(const QDateTime &at)
{
    return at.toOffsetFromUtc(8 * 3600).toString(Qt::ISODate);
}

QJsonObject ConsentRecord::toJson() const
{
    return {{QStringLiteral("purpose"), purpose},        {QStringLiteral("text_version"), textVersion},
            {QStringLiteral("text_sha256"), textSha256}, {QStringLiteral("decision"), toString(decision)},
            {QStringLiteral("at"), toRfc3339Cst(at)},    {QStringLiteral("method_used"), toString(methodUsed)}};
}

std::optional<ConsentRecord> ConsentRecord::fromJson(const QJsonObject &json, QString *error)
{
    auto fail = [&](const QString &why) {
        if (error)
            *error = why;
        return std::nullopt;
    };
    ConsentRecord r;
    r.purpose = json.value(QStringLiteral("purpose")).toString();
    r.textVersion = json.value(QStringLiteral("text_version")).toString();
    r.textSha256 = json.value(QStringLiteral("text_sha256")).toString();
    if (r.purpose.isEmpty() || r.textVersion.isEmpty())
        return fail(QStringLiteral("purpose and text_version are required"));
    static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{64}$"));
    if (!hex.match(r.textSha256).hasMatch())
        return fail(QStringLiteral("text_sha256 must be 64 lowercase hex digits"));
    const QString d = json.value(QStringLiteral("decision")).toString();
    if (d == QLatin1String("agree"))
        r.decision = ConsentDecision::Agree;
    else if (d == QLatin1String("decline"))
        r.decision = ConsentDecision::Decline;
    else if (d == QLatin1String("withdrawn"))
        r.decision = ConsentDecision::Withdrawn;
    else
        return fail(QStringLiteral("decision must be agree, decline or withdrawn"));
    const QString m = json.value(QStringLiteral("method_used")).toString();
    if (m == QLatin1String("face"))
        r.methodUsed = ConsentMethod::Face;
    else if (m == QLatin1String("alternative"))
        r.methodUsed = ConsentMethod::Alternative;
    else
        return fail(QStringLiteral("method_used must be face or alternative"));
    r.at = QDateTime::fromString(json.value(QStringLiteral("at")).toString(), Qt::ISODate);
    if (!r.at.isValid())
        return fail(QStringLiteral("at must be an RFC 3339 time"));
    return r;
}

bool ConsentRecord::operator==(const ConsentRecord &o) const
{
    return purpose == o.purpose && textVersion == o.textVersion && textSha256 == o.textSha256 &&
           decision == o.decision && at == o.at && methodUsed == o.methodUsed;
}

} // namespace kiosk::app
