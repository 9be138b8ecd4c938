// Catalogue parsing, browsing and ranked search.
#include "app/catalogue/catalogue.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>

#include "app/catalogue/pinyin.h"

namespace kiosk::app {

namespace {

bool hasHan(const QString &s)
{
    for (QChar c : s) {
        if (c.script() == QChar::Script_Han)
            return true;
    }
    return false;
}

QList<CatalogueEntry> entries(const QJsonValue &v)
{
    QList<CatalogueEntry> out;
    for (const QJsonValue &e : v.toArray()) {
        const QJsonObject o = e.toObject();
        const QString code = o.value(QLatin1String("code")).toString();
        if (!code.isEmpty())
            out << CatalogueEntry{code, LocalizedText::fromJson(o.value(QLatin1String("name")))};
    }
    return out;
}

// Score of `needle` against `hay`: exact 100, prefix 80, word prefix 70, substring 55; 0 when absent.
int matchScore(const QString &hay, const QString &needle)
{
    if (hay.isEmpty() || needle.isEmpty())
        return 0;
    if (hay == needle)
        return 100;
    if (hay.startsWith(needle))
        return 80;
    const int at = int(hay.indexOf(needle));
    if (at < 0)
        return 0;
    if (at > 0 && !hay.at(at - 1).isLetterOrNumber())
        return 70;
    return 55;
}

// Every word of the query starts a word of the name ("housing fund" finds "housing provident fund withdrawal").
bool allWordsPrefix(const QStringList &hayWords, const QStringList &words)
{
    for (const QString &w : words) {
        bool found = false;
        for (const QString &h : hayWords) {
            if (h.startsWith(w)) {
                found = true;
                break;
            }
        }
        if (!found)
            return false;
    }
    return true;
}

} // namespace

QString normaliseQuery(const QString &query)
{
    return query.normalized(QString::NormalizationForm_KC).toLower().simplified();
}

bool catalogueVersion(const QJsonValue &value, qint64 *version)
{
    constexpr qint64 kMax = qint64(1) << 53; // every integer up to here is exact in a double
    qint64 v = -1;
    if (value.isString()) {
        bool ok = false;
        v = value.toString().toLongLong(&ok);
        if (!ok)
            return false;
    } else if (value.isDouble()) {
        const double d = value.toDouble();
        if (!(d >= 0 && d <= double(kMax)) || d != std::floor(d))
            return false;
        v = qint64(d);
    }
    if (v < 0 || v > kMax)
        return false;
    *version = v;
    return true;
}

bool Catalogue::fromJson(const QByteArray &json, Catalogue *out, QStringList *problems)
{
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject()) {
        if (problems)
            problems->append(QStringLiteral("not a catalogue: %1").arg(err.errorString()));
        return false;
    }
    const QJsonObject root = doc.object();
    if (!root.value(QLatin1String("items")).isArray()) {
        if (problems)
            problems->append(QStringLiteral("not a catalogue: no items"));
        return false;
    }
    Catalogue c;
    const QJsonValue version = root.value(QLatin1String("version"));
    if (!version.isUndefined() && !catalogueVersion(version, &c.version_)) {
        if (problems)
            problems->append(QStringLiteral("not a catalogue: the version is not a whole number from 0 to 2^53"));
        return false;
    }
    for (const QJsonValue &v : root.value(QLatin1String("items")).toArray()) {
        ServiceItem item;
        QString error;
        if (!ServiceItem::fromJson(v.toObject(), &item, &error)) {
            if (problems)
                problems->append(error);
            continue;
        }
        if (c.byCode_.contains(item.code)) {
            if (problems)
                problems->append(QStringLiteral("%1: duplicate code").arg(item.code));
            continue;
        }
        c.byCode_.insert(item.code, int(c.items_.size()));
        c.items_ << std::move(item);
    }
    c.departments_ = entries(root.value(QLatin1String("departments")));
    c.lifeEvents_ = entries(root.value(QLatin1String("life_events")));
    *out = std::move(c);
    return true;
}

const ServiceItem *Catalogue::item(const QString &code) const
{
    const int i = byCode_.value(code, -1);
    return i < 0 ? nullptr : &items_[i];
}

QString Catalogue::departmentName(const QString &code, const QString &language) const
{
    for (const CatalogueEntry &d : departments_) {
        if (d.code == code)
            return d.name.in(language);
    }
    return code; // a platform that sends names instead of codes
}

QList<const ServiceItem *> Catalogue::byDepartment(const QString &department) const
{
    QList<const ServiceItem *> out;
    for (const ServiceItem &i : items_) {
        if (i.department == department)
            out << &i;
    }
    return out;
}

QList<const ServiceItem *> Catalogue::byLifeEvent(const QString &event) const
{
    QList<const ServiceItem *> out;
    for (const ServiceItem &i : items_) {
        if (i.lifeEvents.contains(event))
            out << &i;
    }
    return out;
}

QList<const ServiceItem *> Catalogue::byAudience(const QString &audience) const
{
    QList<const ServiceItem *> out;
    for (const ServiceItem &i : items_) {
        // Items that do not say are for individuals.
        if (i.audience.contains(audience) || (i.audience.isEmpty() && audience == QLatin1String("individual")))
            out << &i;
    }
    return out;
}

QList<const ServiceItem *> Catalogue::highFrequency(int limit) const
{
    // Round-robin over departments so the first screen shows a bit of everything, not one department's list.
    QList<QString> depts;
    QHash<QString, QList<const ServiceItem *>> byDept;
    for (const ServiceItem &i : items_) {
        if (!i.highFrequency)
            continue;
        if (!byDept.contains(i.department))
            depts << i.department;
        byDept[i.department] << &i;
    }
    QList<const ServiceItem *> out;
    for (int round = 0; out.size() < limit; ++round) {
        bool any = false;
        for (const QString &d : depts) {
            const auto &list = byDept[d];
            if (round < list.size() && out.size() < limit) {
                out << list[round];
                any = true;
            }
        }
        if (!any)
            break;
    }
    return out;
}

void Catalogue::buildIndex(const PinyinTranscriber *pinyin)
{
    keys_.clear();
    keys_.reserve(items_.size());
    for (const ServiceItem &item : items_) {
        Keys k;
        for (const QString &lang : {QStringLiteral("zh_CN"), QStringLiteral("zh_HK")}) {
            const QString n = item.name.byLanguage.value(lang);
            if (!n.isEmpty())
                k.zh << normaliseQuery(n);
            for (const QString &w : item.keywords.value(lang))
                k.zh << normaliseQuery(w);
        }
        k.en << normaliseQuery(item.name.byLanguage.value(QStringLiteral("en")));
        for (const QString &w : item.keywords.value(QStringLiteral("en")))
            k.en << normaliseQuery(w);
        static const QRegularExpression nonWord(QStringLiteral("[^a-z0-9]+"));
        for (const QString &e : std::as_const(k.en))
            k.enWords << e.split(nonWord, Qt::SkipEmptyParts);
        k.en << item.code.toLower();
        if (pinyin && pinyin->isValid()) {
            const QStringList syl = pinyin->syllables(item.name.in(QStringLiteral("zh_CN")));
            for (const QString &s : syl) {
                k.pinyinFull += s;
                k.pinyinInitials += s.left(1);
            }
        }
        keys_ << k;
    }
}

QList<SearchHit> Catalogue::search(const QString &query, int limit) const
{
    const QString q = normaliseQuery(query);
    QList<SearchHit> hits;
    if (q.isEmpty())
        return hits;
    const bool han = hasHan(q);
    const QString compact = QString(q).remove(QLatin1Char(' '));
    for (int i = 0; i < items_.size() && i < keys_.size(); ++i) {
        const Keys &k = keys_[i];
        int best = 0;
        if (han) {
            for (int j = 0; j < k.zh.size(); ++j) {
                // names first, keywords a little lower
                const int s = matchScore(k.zh[j], q);
                best = qMax(best, j == 0 || (j == 1 && k.zh.size() > 1) ? s : s - 15);
            }
        } else {
            const QStringList words = q.split(QLatin1Char(' '), Qt::SkipEmptyParts);
            for (const QString &e : k.en) {
                best = qMax(best, matchScore(e, q));
            }
            if (words.size() > 1 && allWordsPrefix(k.enWords, words))
                best = qMax(best, 72);
            if (compact.size() >= 2) {
                // Initials: "jzz" finds 居住证...; full pinyin: "juzhu" finds it too.
                if (k.pinyinInitials.startsWith(compact))
                    best = qMax(best, 78);
                else if (compact.size() >= 3 && k.pinyinInitials.contains(compact))
                    best = qMax(best, 60);
                if (k.pinyinFull.startsWith(compact))
                    best = qMax(best, 76);
                else if (compact.size() >= 4 && k.pinyinFull.contains(compact))
                    best = qMax(best, 58);
            }
        }
        if (best > 0)
            hits << SearchHit{items_[i].code, best + (items_[i].highFrequency ? 3 : 0)};
    }
    std::stable_sort(hits.begin(), hits.end(),
                     [](const SearchHit &a, const SearchHit &b) { return a.score > b.score; });
    if (hits.size() > limit)
        hits.resize(limit);
    return hits;
}

} // namespace kiosk::app
