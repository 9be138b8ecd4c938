// The simulator's test cards: loaded from a JSON file (resources/simulator/cards.json), validated by encoding
// each one exactly as the reader will send it.
#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

#include "drivers/simulators/sam_responder.h"

namespace kiosk::drivers::simulators {

struct CardCatalogueResult;

class CardCatalogue
{
public:
    // The catalogue compiled into the simulator (resources/simulator/cards.json).
    static QString builtInPath() { return QStringLiteral(":/devsim/cards.json"); }

    // Reads `path`; portrait paths inside it are relative to the file's folder.
    static CardCatalogueResult load(const QString &path);
    // Parses the JSON document; `baseDir` resolves relative portrait paths.
    static CardCatalogueResult parse(const QByteArray &json, const QString &baseDir);

    QStringList ids() const; // in file order
    std::optional<SimulatedCard> card(const QString &id) const;
    // One summary per card for the control channel: id, card_type, description, expired. No personal fields.
    QList<QJsonObject> summaries(const QDate &today) const;

private:
    struct Entry {
        SimulatedCard card;
        QString description;
    };
    QList<Entry> entries_;
};

struct CardCatalogueResult {
    QString error; // names the card and the field; empty when ok
    CardCatalogue catalogue;
    bool isOk() const { return error.isEmpty(); }
};

} // namespace kiosk::drivers::simulators
