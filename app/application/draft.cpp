// The draft application of one visit.
#include "app/application/draft.h"

#include <cstring>

#include "app/application/form_rules.h"

namespace kiosk::app {

namespace {

void wipeMap(QMap<QString, QString> &values)
{
    for (auto it = values.begin(); it != values.end(); ++it)
        wipeText(it.value());
    values.clear();
}

} // namespace

void ApplicationSnapshot::wipe()
{
    wipeMap(form);
    for (MaterialState &m : materials)
        wipePages(m.pages);
    materials.clear();
    wipePages(authorisation);
    if (commitment)
        wipeBytes(commitment->png);
    commitment.reset();
    wipeText(delivery.address);
    wipeText(delivery.phone);
    applicant = QJsonObject();
    agent = QJsonValue::Null;
}

void Draft::start(const ServiceItem &item, const Identity &subject)
{
    wipe();
    item_ = item;
    values_ = prefillFromCard(item.form, subject);
    fromCard_ = values_.keys();
    for (const ItemMaterial &m : item.materials) {
        MaterialState s;
        s.spec = m;
        s.status = m.shared ? MaterialStatus::Shared : MaterialStatus::Missing;
        materials_.append(s);
    }
    // The default delivery is the first the item offers (usually pickup at the centre).
    if (!item.delivery.isEmpty())
        delivery_.method = item.delivery.first();
}

void Draft::setValue(const QString &key, const QString &value)
{
    QString &slot = values_[key];
    wipeText(slot);
    slot = value;
}

QList<MaterialState> Draft::checklist() const
{
    QList<MaterialState> out;
    for (const MaterialState &m : materials_) {
        if (m.status != MaterialStatus::Shared)
            out.append(m);
    }
    return out;
}

const MaterialState *Draft::material(const QString &id) const
{
    for (const MaterialState &m : materials_) {
        if (m.spec.id == id)
            return &m;
    }
    return nullptr;
}

QList<MaterialPage> *Draft::pageList(const QString &materialId, bool agentLetter)
{
    if (agentLetter && materialId == QLatin1String("authorisation_letter"))
        return &authorisation_;
    for (MaterialState &m : materials_) {
        if (m.spec.id == materialId)
            return m.status == MaterialStatus::Shared ? nullptr : &m.pages;
    }
    return nullptr;
}

const QList<MaterialPage> *Draft::pages(const QString &materialId, bool agentLetter) const
{
    return const_cast<Draft *>(this)->pageList(materialId, agentLetter);
}

void Draft::pagesChanged(const QString &materialId, bool agentLetter)
{
    if (agentLetter && materialId == QLatin1String("authorisation_letter"))
        return;
    for (MaterialState &m : materials_) {
        if (m.spec.id != materialId)
            continue;
        if (!m.pages.isEmpty())
            m.status = MaterialStatus::Provided;
        else if (m.status == MaterialStatus::Provided)
            m.status = MaterialStatus::Missing;
    }
}

bool Draft::addPage(const QString &materialId, MaterialPage page, bool agentLetter)
{
    QList<MaterialPage> *list = pageList(materialId, agentLetter);
    if (!list) {
        wipePage(page);
        return false;
    }
    list->append(std::move(page));
    pagesChanged(materialId, agentLetter);
    return true;
}

bool Draft::replacePage(const QString &materialId, int index, MaterialPage page, bool agentLetter)
{
    QList<MaterialPage> *list = pageList(materialId, agentLetter);
    if (!list || index < 0 || index >= list->size() || page.isNull()) {
        wipePage(page);
        return false;
    }
    wipePage((*list)[index]);
    (*list)[index] = std::move(page);
    return true;
}

bool Draft::removePage(const QString &materialId, int index, bool agentLetter)
{
    QList<MaterialPage> *list = pageList(materialId, agentLetter);
    if (!list || index < 0 || index >= list->size())
        return false;
    wipePage((*list)[index]);
    list->removeAt(index);
    pagesChanged(materialId, agentLetter);
    return true;
}

bool Draft::movePage(const QString &materialId, int from, int to, bool agentLetter)
{
    QList<MaterialPage> *list = pageList(materialId, agentLetter);
    if (!list || from < 0 || from >= list->size() || to < 0 || to >= list->size())
        return false;
    list->move(from, to);
    return true;
}

bool Draft::setTolerated(const QString &materialId, bool tolerated)
{
    for (MaterialState &m : materials_) {
        if (m.spec.id != materialId || !m.spec.tolerable || m.status == MaterialStatus::Shared)
            continue;
        if (tolerated) {
            wipePages(m.pages);
            m.status = MaterialStatus::Tolerated;
        } else if (m.status == MaterialStatus::Tolerated) {
            m.status = MaterialStatus::Missing;
        }
        return true;
    }
    return false;
}

QStringList Draft::missingRequired() const
{
    QStringList out;
    for (const MaterialState &m : materials_) {
        // The letter of authorisation is asked for only when an agent applies (it is then captured separately).
        if (m.spec.required && m.status == MaterialStatus::Missing &&
            m.spec.id != QLatin1String("authorisation_letter"))
            out.append(m.spec.id);
    }
    return out;
}

QStringList Draft::toleratedIds() const
{
    QStringList out;
    for (const MaterialState &m : materials_) {
        if (m.status == MaterialStatus::Tolerated)
            out.append(m.spec.id);
    }
    return out;
}

void Draft::setCommitment(CommitmentSignature signature)
{
    clearCommitment();
    commitment_ = std::move(signature);
}

void Draft::clearCommitment()
{
    if (commitment_)
        wipeBytes(commitment_->png);
    commitment_.reset();
}

PrereviewResult Draft::review(const Identity &applicant, bool agentApplies, const Identity &principal,
                              const QDate &today, bool identityCheckedByStaff) const
{
    PrereviewInput in;
    in.identityCheckedByStaff = identityCheckedByStaff;
    in.item = isStarted() ? &item_ : nullptr;
    in.applicant = applicant;
    in.agentApplies = agentApplies;
    in.principal = principal;
    in.today = today;
    auto provide = [&in](const QString &id, MaterialStatus status, const QList<MaterialPage> &pages) {
        ProvidedMaterial pm{id, status, {}};
        for (const MaterialPage &p : pages) {
            pm.pageQuality.append(p.quality);
            in.ocrFields.append(p.fields);
        }
        in.materials.insert(id, pm);
    };
    for (const MaterialState &m : materials_) {
        if (agentApplies && m.spec.id == QLatin1String("authorisation_letter"))
            continue; // the agent's letter is held apart
        provide(m.spec.id, m.status, m.pages);
    }
    if (agentApplies && !authorisation_.isEmpty())
        provide(QStringLiteral("authorisation_letter"), MaterialStatus::Provided, authorisation_);
    PrereviewResult result = app::prereview(in);
    // The form's own checks (the form step shows them as typed; a value that still fails is recorded).
    for (const ItemField &f : item_.form) {
        const FieldProblem p = checkField(f, values_.value(f.key));
        if (p != FieldProblem::None)
            result.findings.append({QStringLiteral("field_") + toString(p),
                                    QStringLiteral("字段 %1 未通过校验").arg(f.key), PrereviewSeverity::Warning,
                                    QString(), f.key});
    }
    return result;
}

QList<PrereviewNote> Draft::notesOf(const PrereviewResult &review)
{
    QList<PrereviewNote> notes;
    for (const PrereviewFinding &f : review.findings)
        notes.append({f.code, f.message});
    return notes;
}

QList<PrereviewNote> Draft::prereview() const
{
    return notesOf(review(Identity()));
}

ApplicationSnapshot Draft::snapshot(const QJsonObject &applicant, const QJsonValue &agent) const
{
    return snapshot(applicant, agent, prereview());
}

ApplicationSnapshot Draft::snapshot(const QJsonObject &applicant, const QJsonValue &agent,
                                    const QList<PrereviewNote> &prereview) const
{
    ApplicationSnapshot s;
    s.itemCode = item_.code;
    s.itemVersion = item_.version;
    s.applicant = applicant;
    s.agent = agent;
    s.authorisation = authorisation_;
    for (auto it = values_.begin(); it != values_.end(); ++it) {
        if (!it.value().isEmpty())
            s.form.insert(it.key(), it.value());
    }
    s.materials = materials_;
    s.commitment = commitment_;
    s.delivery = delivery_;
    s.prereview = prereview;
    return s;
}

void Draft::wipe()
{
    wipeMap(values_);
    fromCard_.clear();
    for (MaterialState &m : materials_)
        wipePages(m.pages);
    materials_.clear();
    wipePages(authorisation_);
    clearCommitment();
    wipeText(delivery_.address);
    wipeText(delivery_.phone);
    delivery_ = {};
    item_ = ServiceItem();
}

} // namespace kiosk::app
