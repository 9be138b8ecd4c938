// The draft application of one visit.
#include "app/application/draft.h"

#include <cstring>

#include "app/application/form_rules.h"

namespace kiosk::app {

QString toString(MaterialStatus status)
{
    switch (status) {
    case MaterialStatus::Missing: return QStringLiteral("missing");
    case MaterialStatus::Provided: return QStringLiteral("provided");
    case MaterialStatus::Tolerated: return QStringLiteral("tolerated");
    case MaterialStatus::Shared: return QStringLiteral("shared");
    }
    return QStringLiteral("missing");
}

void wipeBytes(QByteArray &bytes)
{
    if (!bytes.isEmpty() && !bytes.isDetached())
        bytes.detach(); // never scribble over a buffer another copy shares: that copy wipes itself
    if (!bytes.isEmpty())
        std::memset(bytes.data(), 0, size_t(bytes.size()));
    bytes.clear();
    bytes.squeeze();
}

void wipeText(QString &text)
{
    if (!text.isEmpty() && text.isDetached())
        std::memset(static_cast<void *>(text.data()), 0, size_t(text.size()) * sizeof(QChar));
    text.clear();
    text.squeeze();
}

namespace {

void wipePages(QList<MaterialPage> &pages)
{
    for (MaterialPage &p : pages)
        wipeBytes(p.image);
    pages.clear();
}

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

bool Draft::addPage(const QString &materialId, MaterialPage page)
{
    for (MaterialState &m : materials_) {
        if (m.spec.id != materialId || m.status == MaterialStatus::Shared)
            continue;
        m.pages.append(std::move(page));
        m.status = MaterialStatus::Provided;
        return true;
    }
    wipeBytes(page.image);
    return false;
}

bool Draft::removePage(const QString &materialId, int index)
{
    for (MaterialState &m : materials_) {
        if (m.spec.id != materialId || index < 0 || index >= m.pages.size())
            continue;
        wipeBytes(m.pages[index].image);
        m.pages.removeAt(index);
        if (m.pages.isEmpty())
            m.status = MaterialStatus::Missing;
        return true;
    }
    return false;
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

QList<PrereviewNote> Draft::prereview() const
{
    QList<PrereviewNote> notes;
    for (const MaterialState &m : materials_) {
        if (m.status == MaterialStatus::Tolerated)
            notes.append({QStringLiteral("tolerated_material"),
                          QStringLiteral("容缺受理：%1 承诺后补").arg(m.spec.name.in(QStringLiteral("zh_CN")))});
    }
    for (const ItemField &f : item_.form) {
        const FieldProblem p = checkField(f, values_.value(f.key));
        if (p != FieldProblem::None)
            notes.append({QStringLiteral("field_") + toString(p), QStringLiteral("字段 %1 未通过校验").arg(f.key)});
    }
    return notes;
}

ApplicationSnapshot Draft::snapshot(const QJsonObject &applicant, const QJsonValue &agent) const
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
    s.prereview = prereview();
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
