// CatalogueService with pinyin search deferred (the kiosk's start): the catalogue is ready and searchable in Chinese
// and English at once, pinyin (jzz) finds nothing until enablePinyin(), then finds 居住证 items.
#include <QSignalSpy>
#include <QTest>

#include "app/catalogue/catalogue_service.h"

using namespace kiosk::app;

namespace {

QStringList codes(const CatalogueService &s, const QString &query)
{
    QStringList out;
    for (const SearchHit &h : s.catalogue()->search(query, 10))
        out << h.code;
    return out;
}

} // namespace

class CataloguePinyinLaterTest : public QObject
{
    Q_OBJECT
private slots:
    void deferred_thenEnabled()
    {
        CatalogueService service;
        service.deferPinyin();
        QSignalSpy ready(&service, &CatalogueService::ready);
        service.loadFile(qEnvironmentVariable("KIOSK_SOURCE_DIR") +
                         QStringLiteral("/resources/catalogue/catalogue.json"));
        QVERIFY(ready.wait(20000));
        QVERIFY(!service.hasPinyin());
        QVERIFY(!codes(service, QStringLiteral("居住证")).isEmpty());
        QVERIFY2(codes(service, QStringLiteral("jzz")).isEmpty(), "pinyin must wait for enablePinyin()");

        service.enablePinyin();
        QVERIFY(ready.wait(20000)); // the same catalogue again, with pinyin keys
        QVERIFY(service.hasPinyin());
        const QStringList pinyin = codes(service, QStringLiteral("jzz"));
        QVERIFY(!pinyin.isEmpty());
        QVERIFY(codes(service, QStringLiteral("居住证")).contains(pinyin.first()));
    }

    void notDeferred_hasPinyinAtOnce()
    {
        CatalogueService service;
        QSignalSpy ready(&service, &CatalogueService::ready);
        service.loadFile(qEnvironmentVariable("KIOSK_SOURCE_DIR") +
                         QStringLiteral("/resources/catalogue/catalogue.json"));
        QVERIFY(ready.wait(20000));
        QVERIFY(service.hasPinyin());
        QVERIFY(!codes(service, QStringLiteral("jzz")).isEmpty());
    }
};

QTEST_GUILESS_MAIN(CataloguePinyinLaterTest)
#include "test_catalogue_pinyin_later.moc"
