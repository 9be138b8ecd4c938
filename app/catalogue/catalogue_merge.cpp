// The merge of a platform catalogue answer into the cached document (declared in catalogue_cache.h), in a file of
// its own so that the fuzz target (tests/fuzz/fuzz_catalogue_answer) compiles it without the SQLite store.
#include "app/catalogue/catalogue_cache.h"

#include "app/catalogue/catalogue.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QStringList>

namespace kiosk::app {

QByteArray mergeCatalogue(const QByteArray &cached, const QJsonObject &answer, bool delta, QString *error)
{
    auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return QByteArray();
    };
    qint64 version = 0;
    if (!answer.value(QLatin1String("items")).isArray() || !answer.value(QLatin1String("version")).isDouble() ||
        !catalogueVersion(answer.value(QLatin1String("version")), &version))
        return fail(QStringLiteral("the answer has no items or no usable version"));
    const QJsonObject base = QJsonDocument::fromJson(cached).object();
    QJsonObject out = delta ? base : QJsonObject();
    for (auto it = answer.begin(); it != answer.end(); ++it) {
        if (it.key() != QLatin1String("items") && it.key() != QLatin1String("removed"))
            out.insert(it.key(), it.value());
    }
    for (const char *keep : {"departments", "life_events"}) {
        if (!out.contains(QLatin1String(keep)) && base.contains(QLatin1String(keep)))
            out.insert(QLatin1String(keep), base.value(QLatin1String(keep)));
    }
    QJsonArray items;
    QStringList replaced;
    for (const QJsonValue v : answer.value(QLatin1String("items")).toArray()) {
        const QString code = v.toObject().value(QLatin1String("code")).toString();
        if (code.isEmpty())
            continue;
        replaced << code;
        items.append(v);
    }
    if (delta) {
        QStringList removed;
        for (const QJsonValue v : answer.value(QLatin1String("removed")).toArray())
            removed << v.toString();
        for (const QJsonValue v : base.value(QLatin1String("items")).toArray()) {
            const QString code = v.toObject().value(QLatin1String("code")).toString();
            if (!replaced.contains(code) && !removed.contains(code))
                items.append(v);
        }
    }
    out.insert(QStringLiteral("items"), items);
    return QJsonDocument(out).toJson(QJsonDocument::Compact);
}

} // namespace kiosk::app
