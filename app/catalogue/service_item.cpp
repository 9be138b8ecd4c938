// Defensive parsing of catalogue items: wrong types and missing members give a reason, never a crash.
#include "app/catalogue/service_item.h"

#include <algorithm>

#include <QJsonArray>
#include <QRegularExpression>

namespace kiosk::app {

QString LocalizedText::in(const QString &language) const
{
    const QString v = byLanguage.value(language);
    if (!v.isEmpty())
        return v;
    return byLanguage.value(QStringLiteral("zh_CN"));
}

LocalizedText LocalizedText::fromJson(const QJsonValue &value)
{
    LocalizedText t;
    if (value.isString()) {
        t.byLanguage.insert(QStringLiteral("zh_CN"), value.toString());
        return t;
    }
    const QJsonObject o = value.toObject();
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (it.value().isString())
            t.byLanguage.insert(it.key(), it.value().toString());
    }
    return t;
}

namespace {
QStringList stringList(const QJsonValue &v)
{
    QStringList out;
    for (const QJsonValue &e : v.toArray()) {
        if (e.isString())
            out << e.toString();
    }
    return out;
}
} // namespace

qint64 ServiceItem::totalFeeFen() const
{
    qint64 total = 0;
    for (const ItemFee &f : fees)
        total += f.amountFen;
    return total;
}

bool ServiceItem::fromJson(const QJsonObject &o, ServiceItem *out, QString *error)
{
    ServiceItem it;
    it.code = o.value(QLatin1String("code")).toString();
    if (it.code.isEmpty() || it.code.size() > 64) {
        *error = QStringLiteral("item without a usable code");
        return false;
    }
    it.name = LocalizedText::fromJson(o.value(QLatin1String("name")));
    if (it.name.in(QStringLiteral("zh_CN")).isEmpty()) {
        *error = QStringLiteral("%1: no name").arg(it.code);
        return false;
    }
    it.type = o.value(QLatin1String("type")).toString();
    it.department = o.value(QLatin1String("department")).toString();
    it.basis = o.value(QLatin1String("basis")).toString();
    it.conditions = o.value(QLatin1String("conditions")).toString();
    it.legalLimitDays = o.value(QLatin1String("legal_limit_days")).toInt();
    it.promisedLimitDays = o.value(QLatin1String("promised_limit_days")).toInt();
    if (it.promisedLimitDays > it.legalLimitDays && it.legalLimitDays > 0) {
        *error = QStringLiteral("%1: promised limit above the legal limit").arg(it.code);
        return false;
    }
    it.fee = o.value(QLatin1String("fee")).toString();
    // Fees are money: a malformed entry (no code, a negative, fractional or absurd amount, a repeated code) makes
    // the item unpayable at the kiosk rather than charging a guess.
    bool feesUsable = true;
    for (const QJsonValue &fv : o.value(QLatin1String("fees")).toArray()) {
        const QJsonObject f = fv.toObject();
        ItemFee fee;
        fee.code = f.value(QLatin1String("code")).toString();
        fee.name = LocalizedText::fromJson(f.value(QLatin1String("name")));
        const QJsonValue amount = f.value(QLatin1String("amount_fen"));
        const double a = amount.toDouble(-1);
        const bool seen =
            std::any_of(it.fees.cbegin(), it.fees.cend(), [&fee](const ItemFee &x) { return x.code == fee.code; });
        if (fee.code.isEmpty() || fee.code.size() > 64 || !amount.isDouble() || a < 0 || a > 1e9 ||
            a != double(qint64(a)) || seen) {
            feesUsable = false;
            continue;
        }
        fee.amountFen = qint64(a);
        it.fees << fee;
    }
    it.feePayableAtKiosk = feesUsable && o.value(QLatin1String("fee_payable_at_kiosk")).toBool();
    const QJsonObject commitment = o.value(QLatin1String("commitment")).toObject();
    it.commitmentAllowed = commitment.value(QLatin1String("allowed")).toBool();
    it.commitmentText = LocalizedText::fromJson(commitment.value(QLatin1String("text")));
    it.delivery = stringList(o.value(QLatin1String("delivery")));
    it.agentAllowed = o.value(QLatin1String("agent_allowed")).toBool();
    it.faceRequired = o.value(QLatin1String("face_required")).toBool();
    it.highFrequency = o.value(QLatin1String("high_frequency")).toBool();
    it.crossBorder = o.value(QLatin1String("cross_border")).toBool();
    it.version = o.value(QLatin1String("version")).toInt(1);
    it.lifeEvents = stringList(o.value(QLatin1String("life_events")));
    it.audience = stringList(o.value(QLatin1String("audience")));
    const QJsonObject kw = o.value(QLatin1String("keywords")).toObject();
    for (auto k = kw.begin(); k != kw.end(); ++k)
        it.keywords.insert(k.key(), stringList(k.value()));

    for (const QJsonValue &mv : o.value(QLatin1String("materials")).toArray()) {
        const QJsonObject m = mv.toObject();
        ItemMaterial mat;
        mat.id = m.value(QLatin1String("id")).toString();
        if (mat.id.isEmpty())
            continue;
        mat.name = LocalizedText::fromJson(m.value(QLatin1String("name")));
        mat.required = m.value(QLatin1String("required")).toBool();
        mat.tolerable = m.value(QLatin1String("tolerable")).toBool() && mat.required;
        mat.copies = qMax(1, m.value(QLatin1String("copies")).toInt(1));
        mat.form = m.value(QLatin1String("form")).toString();
        mat.shared = m.value(QLatin1String("shared")).toBool();
        it.materials << mat;
    }
    for (const QJsonValue &fv : o.value(QLatin1String("form")).toArray()) {
        const QJsonObject f = fv.toObject();
        ItemField field;
        field.key = f.value(QLatin1String("key")).toString();
        if (field.key.isEmpty())
            continue;
        field.label = LocalizedText::fromJson(f.value(QLatin1String("label")));
        field.type = f.value(QLatin1String("type")).toString(QStringLiteral("text"));
        field.required = f.value(QLatin1String("required")).toBool();
        field.pattern = f.value(QLatin1String("pattern")).toString();
        if (!field.pattern.isEmpty() && !QRegularExpression(field.pattern).isValid())
            field.pattern.clear(); // a broken pattern must not block the citizen; the platform validates again
        for (const QJsonValue &cv : f.value(QLatin1String("choices")).toArray()) {
            const QJsonObject c = cv.toObject();
            field.choices << FieldChoice{c.value(QLatin1String("value")).toString(),
                                         LocalizedText::fromJson(c.value(QLatin1String("label")))};
        }
        field.source = f.value(QLatin1String("source")).toString(QStringLiteral("input"));
        it.form << field;
    }
    *out = std::move(it);
    return true;
}

} // namespace kiosk::app
