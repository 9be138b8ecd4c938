// The Case and CaseSummary answers of the platform (platform-api.md) as CaseInfo: pure functions of the JSON, in a
// file of their own so that the fuzz target (tests/fuzz/fuzz_case_answer) compiles them without the network client.
#include "app/platform/platform_service.h"

#include <QJsonArray>

#include <cmath>

namespace kiosk::app {

CaseInfo CaseInfo::fromJson(const QJsonObject &o)
{
    CaseInfo c;
    c.caseNo = o.value(QStringLiteral("case_no")).toString().left(40);
    c.localNo = o.value(QStringLiteral("local_no")).toString().left(80);
    c.itemCode = o.value(QStringLiteral("item_code")).toString().left(64);
    c.status = o.value(QStringLiteral("status")).toString().left(32);
    c.promisedDate = QDate::fromString(o.value(QStringLiteral("promised_date")).toString(), Qt::ISODate);
    c.applicantMasked = o.value(QStringLiteral("applicant_masked")).toString().left(32);
    const QString pay = o.value(QStringLiteral("payment_status")).toString();
    const QJsonValue due = o.value(QStringLiteral("amount_due_fen"));
    const double fen = due.toDouble(-1);
    // Whole fen from 0 to 10^9 (ten million yuan); anything else is not shown as an amount.
    if ((pay == QLatin1String("due") || pay == QLatin1String("paid")) && due.isDouble() && fen >= 0 && fen <= 1e9 &&
        fen == std::floor(fen)) {
        c.paymentStatus = pay;
        c.amountDueFen = qint64(fen);
    }
    const QJsonArray timeline = o.value(QStringLiteral("timeline")).toArray();
    for (const QJsonValue v : timeline) {
        const QJsonObject e = v.toObject();
        c.timeline.append({QDateTime::fromString(e.value(QStringLiteral("at")).toString(), Qt::ISODateWithMs),
                           e.value(QStringLiteral("status")).toString().left(32),
                           e.value(QStringLiteral("note")).toString().left(500)});
        if (c.timeline.size() >= 100)
            break;
    }
    return c;
}

QList<CaseInfo> CaseInfo::listFromJson(const QJsonObject &answer)
{
    QList<CaseInfo> out;
    for (const QJsonValue v : answer.value(QStringLiteral("cases")).toArray()) {
        out.append(fromJson(v.toObject()));
        if (out.size() >= 50)
            break;
    }
    return out;
}

} // namespace kiosk::app
