// Specification of the catalogue cache and of merging the platform's answers (full, or since a version with removed
// codes) into the kiosk's copy.
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include "app/catalogue/catalogue_cache.h"

using namespace kiosk::app;

namespace {

QJsonObject item(const QString &code, const QString &name)
{
    return QJsonObject{{"code", code}, {"name", QJsonObject{{"zh_CN", name}}}};
}

QStringList codes(const QByteArray &doc)
{
    QStringList out;
    for (const QJsonValue v : QJsonDocument::fromJson(doc).object().value("items").toArray())
        out << v.toObject().value("code").toString();
    return out;
}

} // namespace

class TestCatalogueCache : public QObject
{
    Q_OBJECT
private slots:
    void aFullAnswer_replacesEverything()
    {
        const QByteArray cached = QJsonDocument(QJsonObject{{"version", 3},
                                                            {"items", QJsonArray{item("A", "a"), item("B", "b")}},
                                                            {"departments", QJsonArray{QJsonObject{{"code", "RS"}}}}})
                                      .toJson();
        const QByteArray merged =
            mergeCatalogue(cached, QJsonObject{{"version", 5}, {"items", QJsonArray{item("C", "c")}}}, false);
        QCOMPARE(codes(merged), QStringList{"C"});
        QCOMPARE(QJsonDocument::fromJson(merged).object().value("version").toInt(), 5);
        // Browsing data the answer does not carry is kept.
        QVERIFY(QJsonDocument::fromJson(merged).object().value("departments").isArray());
    }

    void aDelta_replacesByCode_dropsRemoved_keepsTheRest()
    {
        const QByteArray cached =
            QJsonDocument(
                QJsonObject{{"version", 3}, {"items", QJsonArray{item("A", "a"), item("B", "b"), item("D", "d")}}})
                .toJson();
        const QJsonObject answer{
            {"version", 4}, {"items", QJsonArray{item("B", "b2"), item("E", "e")}}, {"removed", QJsonArray{"D"}}};
        const QByteArray merged = mergeCatalogue(cached, answer, true);
        QStringList got = codes(merged);
        got.sort();
        QCOMPARE(got, (QStringList{"A", "B", "E"}));
        for (const QJsonValue v : QJsonDocument::fromJson(merged).object().value("items").toArray()) {
            if (v.toObject().value("code") == QLatin1String("B"))
                QCOMPARE(v.toObject().value("name").toObject().value("zh_CN").toString(), QStringLiteral("b2"));
        }
        QVERIFY(!QJsonDocument::fromJson(merged).object().contains("removed"));
    }

    void anUnusableAnswer_changesNothing()
    {
        QString why;
        QVERIFY(mergeCatalogue("{}", QJsonObject{{"items", "nope"}}, true, &why).isEmpty());
        QVERIFY(!why.isEmpty());
    }

    void theCache_roundTrips_andSurvivesReopening()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("catalogue.sqlite");
        {
            auto cache = CatalogueCache::open(path);
            QVERIFY(cache);
            QVERIFY(!cache->load());
            QVERIFY(cache->save({7, "\"7\"", "{\"version\":7,\"items\":[]}"}));
            QVERIFY(cache->save({8, "\"8\"", "{\"version\":8,\"items\":[]}"}));
        }
        auto again = CatalogueCache::open(path);
        const auto c = again->load();
        QVERIFY(c);
        QCOMPARE(c->version, 8);
        QCOMPARE(c->etag, QByteArray("\"8\""));
        QVERIFY(c->json.contains("\"version\":8"));
    }
};

QTEST_GUILESS_MAIN(TestCatalogueCache)
#include "test_catalogue_cache.moc"
