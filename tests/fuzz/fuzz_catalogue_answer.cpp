// libFuzzer target: a GET /v1/catalogue answer from an untrusted platform. The bytes are parsed as a catalogue
// document (Catalogue::fromJson) and as an answer merged into a cached catalogue, full and delta (mergeCatalogue),
// then indexed and searched. Never a crash, a sanitizer report or an escaping exception, and the parsed catalogue
// keeps the invariants the screens rely on: every item has a non-empty, unique, bounded code and a Chinese name;
// fees are whole fen within bounds with unique codes; material, field, department and life-event codes are never
// empty; broken patterns are dropped; a delta keeps the cached items it neither replaces nor removes; search gives
// at most `limit` hits, each an item of the catalogue.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>

#include <cstdint>

#include "app/catalogue/catalogue.h"
#include "app/catalogue/catalogue_cache.h"
#include "app/catalogue/pinyin.h"
#include "tests/fuzz/fuzz_require.h"

using kiosk::fuzz::require;
using namespace kiosk::app;

namespace {

// The cached document a delta is merged into: two items, one department, one life event.
const char kCached[] = R"({"version":5,"departments":[{"code":"RS","name":"人社"}],
 "life_events":[{"code":"work","name":{"zh_CN":"就业","en":"Work"}}],
 "items":[{"code":"GD-RS-001","name":{"zh_CN":"社会保障卡申领","en":"Social security card"},"department":"RS",
           "high_frequency":true,"fees":[],"life_events":["work"]},
          {"code":"GD-GA-002","name":"居住证签注","department":"GA","legal_limit_days":10,"promised_limit_days":5}]})";

void checkText(const LocalizedText &t)
{
    for (auto it = t.byLanguage.cbegin(); it != t.byLanguage.cend(); ++it)
        require(!it.key().isNull());
}

void checkCatalogue(const Catalogue &c, int itemsInDocument)
{
    require(c.size() == c.items().size());
    require(c.size() <= itemsInDocument);
    QSet<QString> codes;
    for (const ServiceItem &i : c.items()) {
        require(!i.code.isEmpty() && i.code.size() <= 64);
        require(!codes.contains(i.code));
        codes.insert(i.code);
        require(c.item(i.code) == &i);
        require(!i.name.in(QStringLiteral("zh_CN")).isEmpty());
        require(i.legalLimitDays <= 0 || i.promisedLimitDays <= i.legalLimitDays);
        QSet<QString> feeCodes;
        for (const ItemFee &f : i.fees) {
            require(!f.code.isEmpty() && f.code.size() <= 64 && !feeCodes.contains(f.code));
            feeCodes.insert(f.code);
            require(f.amountFen >= 0 && f.amountFen <= 1'000'000'000);
            checkText(f.name);
        }
        require(i.totalFeeFen() >= 0 && i.totalFeeFen() <= qint64(i.fees.size()) * 1'000'000'000);
        require(!i.paysAtKiosk() || (i.feePayableAtKiosk && !i.fees.isEmpty()));
        for (const ItemMaterial &m : i.materials) {
            require(!m.id.isEmpty() && m.copies >= 1);
            require(!m.tolerable || m.required);
        }
        for (const ItemField &f : i.form) {
            require(!f.key.isEmpty() && !f.type.isEmpty() && !f.source.isEmpty());
            require(f.pattern.isEmpty() || QRegularExpression(f.pattern).isValid());
        }
    }
    for (const CatalogueEntry &e : c.departments())
        require(!e.code.isEmpty());
    for (const CatalogueEntry &e : c.lifeEvents())
        require(!e.code.isEmpty());
    const QList<const ServiceItem *> frequent = c.highFrequency(12);
    require(frequent.size() <= 12);
    for (const ServiceItem *i : frequent)
        require(i && i->highFrequency && c.item(i->code) == i);
}

void checkSearch(Catalogue &c, const QString &query)
{
    static const PinyinTranscriber pinyin; // ~150 ms once
    c.buildIndex(&pinyin);
    require(c.indexed());
    for (const QString &q : {query, query.left(2), QStringLiteral("jzz"), QStringLiteral("social card")}) {
        const QList<SearchHit> hits = c.search(q, 5);
        require(hits.size() <= 5);
        for (int k = 0; k < hits.size(); ++k) {
            require(hits[k].score > 0 && c.item(hits[k].code) != nullptr);
            require(k == 0 || hits[k - 1].score >= hits[k].score);
        }
    }
}

int itemCount(const QByteArray &document)
{
    return int(QJsonDocument::fromJson(document).object().value(QLatin1String("items")).toArray().size());
}

void parseAndCheck(const QByteArray &document, const QString &query)
{
    Catalogue c;
    QStringList problems;
    if (!Catalogue::fromJson(document, &c, &problems)) {
        require(!problems.isEmpty());
        return;
    }
    checkCatalogue(c, itemCount(document));
    checkSearch(c, query);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const QString query = QString::fromUtf8(bytes.left(12));
    parseAndCheck(bytes, query);

    // The same bytes as the platform's answer, merged into the cached document in full and as a delta.
    const QJsonObject answer = QJsonDocument::fromJson(bytes).object();
    const QByteArray cached(kCached);
    for (const bool delta : {false, true}) {
        QString why;
        const QByteArray merged = mergeCatalogue(cached, answer, delta, &why);
        if (merged.isEmpty()) {
            require(!why.isEmpty());
            continue;
        }
        Catalogue c;
        require(Catalogue::fromJson(merged, &c)); // a merge always gives a document with items
        checkCatalogue(c, itemCount(merged));
        if (delta) {
            // The cached items the answer neither carries nor removes are still there.
            QSet<QString> touched;
            for (const QJsonValue v : answer.value(QLatin1String("items")).toArray())
                touched.insert(v.toObject().value(QLatin1String("code")).toString());
            for (const QJsonValue v : answer.value(QLatin1String("removed")).toArray())
                touched.insert(v.toString());
            for (const char *code : {"GD-RS-001", "GD-GA-002"})
                require(touched.contains(QLatin1String(code)) || c.item(QLatin1String(code)) != nullptr);
        }
        checkSearch(c, query);
    }
    return 0;
}
