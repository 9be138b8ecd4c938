// The draft application of one visit.
#include "app/application/draft.h"

#include <QCryptographicHash>
#include <QRandomGenerator>

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
    wipeText(queryCode);
}

QString newQueryCode()
{
    // Uniform over 00000000..99999999: bounded() rejects the biased tail of the 32-bit draws.
    return QStringLiteral("%1").arg(QRandomGenerator::system()->bounded(100'000'000u), 8, 10, QLatin1Char('0'));
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
    page.id = ++lastPageId_;
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
    page.id = ++lastPageId_;
    (*list)[index] = std::move(page);
    return true;
}

bool Draft::replacePageById(quint64 pageId, MaterialPage page)
{
    auto replaceIn = [&](QList<MaterialPage> &list) {
        for (MaterialPage &p : list) {
            if (pageId == 0 || p.id != pageId)
                continue;
            wipePage(p);
            p = std::move(page);
            p.id = ++lastPageId_;
            return true;
        }
        return false;
    };
    if (!page.isNull()) {
        for (MaterialState &m : materials_) {
            if (replaceIn(m.pages))
                return true;
        }
        if (replaceIn(authorisation_))
            return true;
    }
    wipePage(page);
    return false;
}

const MaterialPage *Draft::pageById(quint64 pageId) const
{
    for (const MaterialState &m : materials_) {
        for (const MaterialPage &p : m.pages)
            if (pageId != 0 && p.id == pageId)
                return &p;
    }
    for (const MaterialPage &p : authorisation_)
        if (pageId != 0 && p.id == pageId)
            return &p;
    return nullptr;
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

QStringList Draft::stillMissing(bool agentApplies) const
{
    if (!isStarted())
        return {QStringLiteral("?")};
    QStringList missing = missingRequired();
    if (agentApplies && authorisation_.isEmpty())
        missing << QStringLiteral("authorisation_letter");
    return missing;
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

bool Draft::signCommitment(const QString &shownText, const QByteArray &signaturePng)
{
    if (!isStarted() || shownText.isEmpty() || signaturePng.isEmpty())
        return false;
    CommitmentSignature s;
    s.textVersion = QStringLiteral("%1@%2").arg(item_.code).arg(item_.version);
    s.textSha256 =
        QString::fromLatin1(QCryptographicHash::hash(shownText.toUtf8(), QCryptographicHash::Sha256).toHex());
    s.png = signaturePng;
    setCommitment(std::move(s));
    return true;
}

DeliveryChoice Draft::deliveryWithDefaults() const
{
    DeliveryChoice c = delivery_;
    if (c.address.isEmpty())
        c.address = value(QStringLiteral("mailing_address"));
    if (c.phone.isEmpty())
        c.phone = value(QStringLiteral("phone"));
    return c;
}

DeliveryChoice deliveryFromInput(const QString &method, const QString &phone, const QString &address)
{
    DeliveryChoice c;
    c.method = method;
    ItemField phoneField;
    phoneField.type = QStringLiteral("phone");
    c.phone = normaliseFieldValue(phoneField, phone);
    ItemField addressField;
    addressField.type = QStringLiteral("address");
    c.address = method == QLatin1String("mail") ? normaliseFieldValue(addressField, address) : QString();
    return c;
}

DeliveryProblem checkDelivery(const DeliveryChoice &c)
{
    const bool mail = c.method == QLatin1String("mail");
    ItemField phoneField;
    phoneField.type = QStringLiteral("phone");
    phoneField.required = mail; // the post office calls before it delivers
    if (c.method.isEmpty())
        return DeliveryProblem::NoMethod;
    if (mail && c.address.size() < 6)
        return DeliveryProblem::NoAddress;
    if (checkField(phoneField, c.phone) != FieldProblem::None)
        return DeliveryProblem::BadPhone;
    return DeliveryProblem::None;
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
