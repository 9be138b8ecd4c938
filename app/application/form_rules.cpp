// Field rules of the application form.
#include "app/application/form_rules.h"

#include <QRegularExpression>

#include "app/identity/gb11643.h"

namespace kiosk::app {

QString toString(FieldProblem problem)
{
    switch (problem) {
    case FieldProblem::None: return QStringLiteral("none");
    case FieldProblem::Required: return QStringLiteral("required");
    case FieldProblem::BadIdNumber: return QStringLiteral("bad_id_number");
    case FieldProblem::BadPhone: return QStringLiteral("bad_phone");
    case FieldProblem::BadDate: return QStringLiteral("bad_date");
    case FieldProblem::BadNumber: return QStringLiteral("bad_number");
    case FieldProblem::BadChoice: return QStringLiteral("bad_choice");
    case FieldProblem::BadPattern: return QStringLiteral("bad_pattern");
    case FieldProblem::TooLong: return QStringLiteral("too_long");
    }
    return QStringLiteral("none");
}

namespace {

// Full-width ASCII (what a Chinese input method often gives: ０-９, Ｘ, －) to half-width.
QString halfWidth(const QString &text)
{
    QString out = text;
    for (QChar &c : out) {
        const ushort u = c.unicode();
        if (u >= 0xFF01 && u <= 0xFF5E)
            c = QChar(u - 0xFEE0);
        else if (u == 0x3000)
            c = QLatin1Char(' ');
    }
    return out;
}

QDate parseDate(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("^(\\d{4})[-/.年]?(\\d{1,2})[-/.月]?(\\d{1,2})日?$"));
    const QRegularExpressionMatch m = re.match(text);
    if (!m.hasMatch())
        return {};
    // Without separators the month and day must have two digits each (20240105).
    if (text.size() == 8 && !text.contains(QLatin1Char('-')))
        return QDate::fromString(text, QStringLiteral("yyyyMMdd"));
    return QDate(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt());
}

} // namespace

QString normaliseFieldValue(const ItemField &field, const QString &typed)
{
    QString v = halfWidth(typed).trimmed();
    if (field.type == QLatin1String("id_number")) {
        v.remove(QLatin1Char(' '));
        v = v.toUpper();
    } else if (field.type == QLatin1String("phone")) {
        v.remove(QRegularExpression(QStringLiteral("[\\s-]")));
        if (v.startsWith(QLatin1String("+86")))
            v = v.mid(3);
    } else if (field.type == QLatin1String("date")) {
        const QDate d = parseDate(v);
        if (d.isValid())
            v = d.toString(Qt::ISODate);
    } else if (field.type == QLatin1String("number")) {
        v.remove(QLatin1Char(' '));
    } else {
        v = v.simplified();
    }
    return v;
}

FieldProblem checkField(const ItemField &field, const QString &value)
{
    if (value.isEmpty())
        return field.required ? FieldProblem::Required : FieldProblem::None;
    if (value.size() > kMaxFieldChars)
        return FieldProblem::TooLong;
    if (field.type == QLatin1String("id_number")) {
        if (!checkIdNumber(value).valid)
            return FieldProblem::BadIdNumber;
    } else if (field.type == QLatin1String("phone")) {
        static const QRegularExpression mobile(QStringLiteral("^1[3-9]\\d{9}$"));
        static const QRegularExpression fixed(QStringLiteral("^0\\d{2,3}\\d{7,8}$"));
        if (!mobile.match(value).hasMatch() && !fixed.match(value).hasMatch())
            return FieldProblem::BadPhone;
    } else if (field.type == QLatin1String("date")) {
        static const QRegularExpression iso(QStringLiteral("^\\d{4}-\\d{2}-\\d{2}$"));
        if (!iso.match(value).hasMatch() || !QDate::fromString(value, Qt::ISODate).isValid())
            return FieldProblem::BadDate;
    } else if (field.type == QLatin1String("number")) {
        bool ok = false;
        value.toDouble(&ok);
        if (!ok)
            return FieldProblem::BadNumber;
    } else if (field.type == QLatin1String("choice") && !field.choices.isEmpty()) {
        bool found = false;
        for (const FieldChoice &c : field.choices)
            found = found || c.value == value;
        if (!found)
            return FieldProblem::BadChoice;
    }
    if (!field.pattern.isEmpty()) {
        const QRegularExpression re(field.pattern);
        if (re.isValid() && !re.match(value).hasMatch())
            return FieldProblem::BadPattern;
    }
    return FieldProblem::None;
}

FieldProblem checkFieldWhileTyping(const ItemField &field, const QString &value)
{
    const FieldProblem p = checkField(field, value);
    if (p == FieldProblem::Required || (value.size() < 11 && p != FieldProblem::BadNumber))
        return FieldProblem::None;
    return p;
}

QMap<QString, QString> prefillFromCard(const QList<ItemField> &fields, const Identity &id)
{
    QMap<QString, QString> out;
    if (id.isEmpty() || id.idType == QLatin1String("qr")) // the 粤省事 check gives masked data only
        return out;
    for (const ItemField &f : fields) {
        if (!f.source.startsWith(QLatin1String("idcard.")))
            continue;
        const QString what = f.source.mid(7);
        QString v;
        if (what == QLatin1String("name"))
            v = id.name.isEmpty() ? id.nameEn : id.name;
        else if (what == QLatin1String("name_en"))
            v = id.nameEn;
        else if (what == QLatin1String("id_number"))
            v = id.idNumber;
        else if (what == QLatin1String("address"))
            v = id.address;
        else if (what == QLatin1String("nationality"))
            v = id.nationality;
        else if (what == QLatin1String("birth_date") && id.birthDate.isValid())
            v = id.birthDate.toString(Qt::ISODate);
        else if (what == QLatin1String("sex") && !id.sex.isEmpty()) {
            // GB/T 2261.1 codes (1 male, 2 female) when the field's choices use them, else the words.
            bool gbCodes = false;
            for (const FieldChoice &c : f.choices)
                gbCodes = gbCodes || c.value == QLatin1String("1");
            v = gbCodes ? id.sexCode() : id.sex;
        }
        if (!v.isEmpty())
            out.insert(f.key, v);
    }
    return out;
}

} // namespace kiosk::app
