// The service catalogue's data: items (事项) exactly as platform-api.md's Item object, read defensively.
#pragma once

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace kiosk::app {

// Texts in the three languages the kiosk speaks; falls back to zh_CN when a language is missing.
struct LocalizedText {
    QHash<QString, QString> byLanguage; // zh_CN, zh_HK, en
    QString in(const QString &language) const;
    bool isEmpty() const { return byLanguage.isEmpty(); }
    static LocalizedText fromJson(const QJsonValue &value);
};

struct ItemMaterial {
    QString id;
    LocalizedText name;
    bool required = false;
    bool tolerable = false; // 容缺: may be supplied later
    int copies = 1;
    QString form;        // original | copy | electronic
    bool shared = false; // obtainable by data sharing: never asked of the citizen
};

struct FieldChoice {
    QString value;
    LocalizedText label;
};

struct ItemField {
    QString key;
    LocalizedText label;
    QString type; // text | number | date | id_number | phone | choice | address
    bool required = false;
    QString pattern;
    QList<FieldChoice> choices;
    QString source; // idcard.name, idcard.address, ocr:<material>:<field>, input
};

// One fee of an item (platform-api.md Item `fees`): amounts in fen (分), never floating point.
struct ItemFee {
    QString code;
    LocalizedText name;
    qint64 amountFen = 0;
};

struct ServiceItem {
    QString code;
    LocalizedText name;
    QString type;
    QString department;
    QString basis;
    QString conditions;
    QList<ItemMaterial> materials;
    int legalLimitDays = 0;
    int promisedLimitDays = 0;
    QString fee;         // display text
    QList<ItemFee> fees; // empty: free
    bool feePayableAtKiosk = false;
    bool commitmentAllowed = false; // 告知承诺
    LocalizedText commitmentText;
    QStringList delivery; // pickup | mail | self_print | online
    bool agentAllowed = false;
    bool faceRequired = false;
    QList<ItemField> form;
    bool highFrequency = false;
    bool crossBorder = false;
    int version = 1;
    // Extensions a platform may omit: used for browsing and search when present.
    QStringList lifeEvents;
    QStringList audience; // individual | enterprise
    QHash<QString, QStringList> keywords;

    qint64 totalFeeFen() const;
    // Fees to pay at the kiosk after acceptance: there are some, and the platform takes them at the kiosk.
    bool paysAtKiosk() const { return feePayableAtKiosk && totalFeeFen() > 0; }

    // Parses one Item; returns false with a reason for an item the kiosk cannot use (it is skipped, not fatal).
    static bool fromJson(const QJsonObject &o, ServiceItem *out, QString *error);
};

struct CatalogueEntry { // a department or a life event
    QString code;
    LocalizedText name;
};

} // namespace kiosk::app
