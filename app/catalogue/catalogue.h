// The service catalogue as the kiosk uses it: items, departments, life events, browsing and search by Chinese,
// pinyin (full or initials: jzz -> 居住证) and English.
#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include "app/catalogue/service_item.h"

namespace kiosk::app {

class PinyinTranscriber;

struct SearchHit {
    QString code;
    int score = 0;
};

class Catalogue
{
public:
    Catalogue() = default;

    // Parses {"version", "items":[...], "departments"?, "life_events"?}. Unusable items are skipped and listed in
    // `problems`; a document that is not a catalogue at all returns false.
    static bool fromJson(const QByteArray &json, Catalogue *out, QStringList *problems = nullptr);

    qint64 version() const { return version_; }
    int size() const { return int(items_.size()); }
    const QList<ServiceItem> &items() const { return items_; }
    const ServiceItem *item(const QString &code) const;
    const QList<CatalogueEntry> &departments() const { return departments_; }
    const QList<CatalogueEntry> &lifeEvents() const { return lifeEvents_; }
    QString departmentName(const QString &code, const QString &language) const;

    QList<const ServiceItem *> byDepartment(const QString &department) const;
    QList<const ServiceItem *> byLifeEvent(const QString &event) const;
    QList<const ServiceItem *> byAudience(const QString &audience) const; // individual | enterprise
    QList<const ServiceItem *> highFrequency(int limit) const;

    // Builds the search keys; `pinyin` may be null (then only Chinese substrings and English match).
    void buildIndex(const PinyinTranscriber *pinyin);
    bool indexed() const { return !keys_.isEmpty() || items_.isEmpty(); }
    QList<SearchHit> search(const QString &query, int limit = 30) const;

private:
    struct Keys {
        QStringList zh;         // Chinese names and keywords (Simplified and Traditional)
        QStringList en;         // lower-case English names and keywords
        QStringList enWords;    // their words, for multi-word queries
        QString pinyinFull;     // "juzhuzhengshenling"
        QString pinyinInitials; // "jzzsl"
    };

    qint64 version_ = 0;
    QList<ServiceItem> items_;
    QHash<QString, int> byCode_;
    QList<CatalogueEntry> departments_;
    QList<CatalogueEntry> lifeEvents_;
    QList<Keys> keys_;
};

// A catalogue `version` (platform-api.md: a decimal integer that only grows) as a JSON number or a decimal string;
// false for anything else, including a number that is not whole or lies outside 0..2^53 (never cast out of range).
bool catalogueVersion(const QJsonValue &value, qint64 *version);

// Normalises what the citizen typed: NFKC (full-width to half-width), lower case, trimmed.
QString normaliseQuery(const QString &query);

} // namespace kiosk::app
