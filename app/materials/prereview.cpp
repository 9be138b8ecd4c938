// Pre-review rules. Each finding has a stable code; the severity says whether the kiosk may still submit.
#include "app/materials/prereview.h"

#include <QJsonObject>
#include <QLoggingCategory>

#include "app/catalogue/service_item.h"

Q_LOGGING_CATEGORY(lcPrereview, "kiosk.app.materials.prereview")

namespace kiosk::app {

namespace {

struct MessageText {
    const char *code;
    const char *zhCN;
    const char *zhHK;
    const char *en;
};

// %1 is the material's name where the finding concerns one.
const MessageText kMessages[] = {
    {"missing_required", "缺少必需材料：%1", "缺少必需材料：%1", "Required material missing: %1"},
    {"tolerated_material", "容缺受理：%1需在规定期限内补交", "容缺受理：%1需在規定期限內補交",
     "Accepted with a missing material: %1 must be supplied later"},
    {"tolerance_not_allowed", "%1不适用容缺受理，须现场提交", "%1不適用容缺受理，須現場提交",
     "%1 cannot be supplied later and must be provided now"},
    {"agent_not_allowed", "本事项不可委托代办，须本人办理", "本事項不可委託代辦，須本人辦理",
     "This item cannot be applied for by an agent"},
    {"missing_authorisation", "委托代办须提交授权委托书", "委託代辦須提交授權委託書",
     "An agent must provide a letter of authorisation"},
    {"unreadable_page", "%1有页面无法辨认，请重新拍摄", "%1有頁面無法辨認，請重新拍攝",
     "A page of %1 cannot be read; please retake it"},
    {"page_quality", "%1有页面质量不佳，可能影响审核", "%1有頁面質量不佳，可能影響審核",
     "A page of %1 is of poor quality and may delay the review"},
    {"name_mismatch", "%1上的姓名与身份证件不一致", "%1上的姓名與身份證件不一致",
     "The name on %1 does not match the identity document"},
    {"id_mismatch", "%1上的身份证号码与身份证件不一致", "%1上的身份證號碼與身份證件不一致",
     "The ID number on %1 does not match the identity document"},
    {"expired", "%1已过有效期", "%1已過有效期", "%1 has expired"},
    {"not_yet_valid", "%1尚未生效", "%1尚未生效", "%1 is not yet valid"},
    {"date_in_future", "%1上的日期晚于今天，请核对", "%1上的日期晚於今天，請核對",
     "A date on %1 is later than today; please check it"},
    {"id_card_expired", "身份证件已过有效期", "身份證件已過有效期", "The identity document has expired"},
    {"identity_staff_check", "本事项要求核验本人身份，人脸核验未进行或未通过：请工作人员当面核验",
     "本事項要求核驗本人身份，人臉核驗未進行或未通過：請工作人員當面核驗",
     "The item requires an identity check; face verification did not take place or failed: staff must check "
     "identity in person"},
};

QString materialName(const ServiceItem *item, const QString &materialId)
{
    if (item)
        for (const ItemMaterial &m : item->materials)
            if (m.id == materialId)
                return m.name.in(QStringLiteral("zh_CN"));
    return materialId;
}

QString normalisedName(QString s)
{
    s.remove(QLatin1Char(' '));
    s.remove(QChar(0x00B7));
    s.remove(QChar(0x2022));
    return s;
}

// Which OCR'd name / ID number on a material names whom.
enum class Role { Subject, Principal, Agent };
struct PersonFields {
    const char *material;
    const char *nameKeys[2];
    const char *idKeys[2];
    Role role;
    bool idMismatchBlocks; // the document exists to name this person: a different number is a wrong document
};
const PersonFields kPersonFields[] = {
    // A household register holds every member: the subject's page must be among its pages. The item may ask for
    // another member's register (a child's, a parent's), so a mismatch there is only a warning.
    {"household_register", {"name", nullptr}, {"id_number", nullptr}, Role::Subject, false},
    {"marriage_certificate",
     {"party1_name", "party2_name"},
     {"party1_id_number", "party2_id_number"},
     Role::Subject,
     false},
    {"authorisation_letter", {"principal_name", nullptr}, {"principal_id_number", nullptr}, Role::Principal, true},
    {"authorisation_letter", {"agent_name", nullptr}, {"agent_id_number", nullptr}, Role::Agent, true},
};

// Fields whose date ends a validity, and fields whose date must not lie in the future.
struct DateRule {
    const char *material;
    const char *key;
    const char *code; // expired | not_yet_valid | date_in_future
};
const DateRule kDateRules[] = {
    {"business_licence", "valid_to", "expired"},
    {"authorisation_letter", "valid_to", "expired"},
    {"authorisation_letter", "valid_from", "not_yet_valid"},
    {"authorisation_letter", "date", "date_in_future"},
    {"marriage_certificate", "date", "date_in_future"},
    {"business_licence", "established_date", "date_in_future"},
    {"household_register", "birth_date", "date_in_future"},
};

} // namespace

bool PrereviewResult::has(const QString &code) const
{
    for (const PrereviewFinding &f : findings)
        if (f.code == code)
            return true;
    return false;
}

QJsonArray PrereviewResult::toJson() const
{
    QJsonArray out;
    for (const PrereviewFinding &f : findings)
        out.append(QJsonObject{{QStringLiteral("code"), f.code}, {QStringLiteral("message"), f.message}});
    return out;
}

QString prereviewMessage(const QString &code, const QString &language, const QString &materialName)
{
    for (const MessageText &m : kMessages) {
        if (code != QLatin1String(m.code))
            continue;
        const char *text = language == QLatin1String("en")      ? m.en
                           : language == QLatin1String("zh_HK") ? m.zhHK
                                                                : m.zhCN;
        QString s = QString::fromUtf8(text);
        return s.contains(QLatin1String("%1")) ? s.arg(materialName) : s;
    }
    return code;
}

PrereviewResult prereview(const PrereviewInput &in)
{
    PrereviewResult result;
    const QDate today = in.today.isValid() ? in.today : QDate::currentDate();
    auto add = [&](const QString &code, PrereviewSeverity severity, const QString &materialId = {},
                   const QString &field = {}) {
        for (const PrereviewFinding &f : result.findings)
            if (f.code == code && f.materialId == materialId)
                return; // one finding per code and material: a long list helps nobody
        result.findings.append({code,
                                prereviewMessage(code, QStringLiteral("zh_CN"), materialName(in.item, materialId)),
                                severity, materialId, field});
        if (severity == PrereviewSeverity::Blocking)
            result.submissionAllowed = false;
    };
    auto statusOf = [&](const QString &id) {
        const auto it = in.materials.constFind(id);
        if (it == in.materials.cend())
            return MaterialStatus::Missing;
        if (it->status == MaterialStatus::Provided && it->pageQuality.isEmpty())
            return MaterialStatus::Missing; // "provided" with no page is not provided
        return it->status;
    };

    if (in.item && in.agentApplies && !in.item->agentAllowed)
        add(QStringLiteral("agent_not_allowed"), PrereviewSeverity::Blocking);
    if (!in.applicant.isEmpty() && checkIdentity(in.applicant, today).problem == IdentityProblem::Expired)
        add(QStringLiteral("id_card_expired"), PrereviewSeverity::Blocking);
    if (in.identityCheckedByStaff)
        add(QStringLiteral("identity_staff_check"), PrereviewSeverity::Warning);

    if (in.item) {
        for (const ItemMaterial &m : in.item->materials) {
            if (m.shared)
                continue;
            const MaterialStatus status = statusOf(m.id);
            const bool neededAsAgent = in.agentApplies && m.id == QLatin1String("authorisation_letter");
            if (status == MaterialStatus::Tolerated) {
                if (m.tolerable)
                    add(QStringLiteral("tolerated_material"), PrereviewSeverity::Warning, m.id);
                else if (m.required || neededAsAgent)
                    add(QStringLiteral("tolerance_not_allowed"), PrereviewSeverity::Blocking, m.id);
            } else if (status == MaterialStatus::Missing) {
                if (neededAsAgent)
                    add(QStringLiteral("missing_authorisation"), PrereviewSeverity::Blocking, m.id);
                else if (m.required)
                    add(QStringLiteral("missing_required"), PrereviewSeverity::Blocking, m.id);
            }
        }
    }

    for (const ProvidedMaterial &pm : in.materials) {
        if (pm.status != MaterialStatus::Provided)
            continue;
        for (const QualityReport &q : pm.pageQuality) {
            if (!q.acceptable())
                add(QStringLiteral("unreadable_page"), PrereviewSeverity::Blocking, pm.materialId);
            else if (!q.findings.isEmpty())
                add(QStringLiteral("page_quality"), PrereviewSeverity::Warning, pm.materialId);
        }
    }

    // Names and ID numbers read from the materials against the card read at the kiosk.
    for (const PersonFields &pf : kPersonFields) {
        const QString material = QString::fromLatin1(pf.material);
        if (pf.role != Role::Subject && !in.agentApplies)
            continue;
        const Identity &person = pf.role == Role::Agent                            ? in.applicant
                                 : (pf.role == Role::Principal || in.agentApplies) ? in.principal
                                                                                   : in.applicant;
        if (person.isEmpty())
            continue;
        bool nameSeen = false, nameMatched = false, idSeen = false, idMatched = false;
        for (const ExtractedField &f : in.ocrFields) {
            if (f.materialId != material || f.value.isEmpty())
                continue;
            for (const char *k : pf.nameKeys) {
                if (!k || f.key != QLatin1String(k))
                    continue;
                if (normalisedName(f.value) == normalisedName(person.name))
                    nameMatched = true;
                else if (f.confidence >= in.minMatchConfidence)
                    nameSeen = true;
            }
            for (const char *k : pf.idKeys) {
                if (!k || f.key != QLatin1String(k))
                    continue;
                if (f.value.compare(person.idNumber, Qt::CaseInsensitive) == 0)
                    idMatched = true;
                else if (f.validated && f.confidence >= in.minMatchConfidence)
                    idSeen = true; // a number that passed its check digit is not a misread
            }
        }
        if (nameSeen && !nameMatched && !idMatched)
            add(QStringLiteral("name_mismatch"), PrereviewSeverity::Warning, material);
        if (idSeen && !idMatched)
            add(QStringLiteral("id_mismatch"),
                pf.idMismatchBlocks ? PrereviewSeverity::Blocking : PrereviewSeverity::Warning, material);
    }

    for (const DateRule &rule : kDateRules) {
        for (const ExtractedField &f : in.ocrFields) {
            if (f.materialId != QLatin1String(rule.material) || f.key != QLatin1String(rule.key) || !f.validated)
                continue;
            const QDate d = QDate::fromString(f.value, Qt::ISODate);
            if (!d.isValid()) // "long-term"
                continue;
            const QString code = QString::fromLatin1(rule.code);
            if (code == QLatin1String("expired") && d < today)
                add(code, PrereviewSeverity::Blocking, f.materialId, f.key);
            else if (code == QLatin1String("not_yet_valid") && d > today)
                add(code, PrereviewSeverity::Warning, f.materialId, f.key);
            else if (code == QLatin1String("date_in_future") && d > today)
                add(code, PrereviewSeverity::Warning, f.materialId, f.key);
        }
    }

    // Codes only: findings never carry the personal data they were derived from.
    QStringList codes;
    for (const PrereviewFinding &f : result.findings)
        codes << f.code;
    qCInfo(lcPrereview) << "item" << (in.item ? in.item->code : QString()) << "findings" << codes << "submission"
                        << (result.submissionAllowed ? "allowed" : "blocked");
    return result;
}

} // namespace kiosk::app
