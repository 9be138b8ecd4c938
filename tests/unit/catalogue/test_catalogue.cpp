// The catalogue as the kiosk reads it: the sample parses whole, bad items are skipped with a reason, browsing works,
// and search finds items by Chinese substring, pinyin initials, full pinyin and English.
#include <QFile>
#include <QTest>

#include "app/catalogue/catalogue.h"
#include "app/catalogue/pinyin.h"

using kiosk::app::Catalogue;

class CatalogueTest : public QObject
{
    Q_OBJECT

    Catalogue sample_;
    kiosk::app::PinyinTranscriber *pinyin_ = nullptr;

    QStringList names(const QString &query, int n = 5) const
    {
        QStringList out;
        for (const auto &hit : sample_.search(query, n))
            out << sample_.item(hit.code)->name.in(QStringLiteral("zh_CN"));
        return out;
    }

private slots:
    void initTestCase()
    {
        QFile f(qEnvironmentVariable("KIOSK_SOURCE_DIR") + "/resources/catalogue/catalogue.json");
        QVERIFY(f.open(QIODevice::ReadOnly));
        QStringList problems;
        QVERIFY(Catalogue::fromJson(f.readAll(), &sample_, &problems));
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
        pinyin_ = new kiosk::app::PinyinTranscriber;
        QVERIFY(pinyin_->isValid());
        sample_.buildIndex(pinyin_);
    }
    void cleanupTestCase() { delete pinyin_; }

    void sample_hasOverAHundredCompleteItems()
    {
        QVERIFY(sample_.size() >= 100);
        for (const auto &item : sample_.items()) {
            QVERIFY(!item.name.byLanguage.value("zh_HK").isEmpty());
            QVERIFY(!item.name.byLanguage.value("en").isEmpty());
            QVERIFY(item.promisedLimitDays <= item.legalLimitDays);
            QVERIFY(!item.form.isEmpty());
        }
        QVERIFY(sample_.departments().size() >= 10);
        QVERIFY(sample_.lifeEvents().size() >= 8);
    }

    void pinyinOfNames()
    {
        QCOMPARE(pinyin_->syllables(QStringLiteral("居住证")), (QStringList{"ju", "zhu", "zheng"}));
    }

    void search_findsByChineseSubstring()
    {
        const QStringList hits = names(QStringLiteral("居住证"));
        QVERIFY(!hits.isEmpty());
        for (const QString &n : hits)
            QVERIFY2(n.contains(QStringLiteral("居住")), qPrintable(n));
    }

    void search_findsByTraditionalChinese() { QVERIFY(names(QStringLiteral("居住證")).value(0).contains("居住证")); }

    void search_findsByPinyinInitials()
    {
        const QStringList hits = names(QStringLiteral("jzz"));
        QVERIFY(!hits.isEmpty());
        QVERIFY2(hits.first().startsWith(QStringLiteral("居住证")), qPrintable(hits.join(',')));
        QVERIFY(names(QStringLiteral("JZZ")) == hits); // case does not matter
    }

    void search_findsByFullPinyin() { QVERIFY(names(QStringLiteral("juzhuzheng")).value(0).startsWith("居住证")); }

    void search_findsByEnglish()
    {
        QStringList en;
        for (const auto &hit : sample_.search(QStringLiteral("housing fund"), 5))
            en << sample_.item(hit.code)->name.in(QStringLiteral("en"));
        QVERIFY(!en.isEmpty());
        for (const QString &n : en)
            QVERIFY2(n.contains(QStringLiteral("housing"), Qt::CaseInsensitive) &&
                         n.contains(QStringLiteral("fund"), Qt::CaseInsensitive),
                     qPrintable(n));
    }

    void search_fullWidthAndSpacesAreNormalised()
    {
        QCOMPARE(names(QStringLiteral("ｊｚｚ")), names(QStringLiteral("jzz")));
        QVERIFY(names(QStringLiteral("   ")).isEmpty());
        QVERIFY(names(QStringLiteral("qqqqqqq")).isEmpty());
    }

    void browse_byDepartmentLifeEventAndAudience()
    {
        const QString dept = sample_.departments().first().code;
        QVERIFY(!sample_.byDepartment(dept).isEmpty());
        for (const auto *i : sample_.byDepartment(dept))
            QCOMPARE(i->department, dept);
        const QString event = sample_.lifeEvents().first().code;
        QVERIFY(!sample_.byLifeEvent(event).isEmpty());
        QVERIFY(!sample_.byAudience(QStringLiteral("enterprise")).isEmpty());
        QVERIFY(sample_.byAudience(QStringLiteral("individual")).size() > sample_.byAudience("enterprise").size());
        QVERIFY(sample_.departmentName(dept, "en") != dept);
    }

    void badDocuments_areRefused_andBadItemsSkipped()
    {
        Catalogue c;
        QStringList problems;
        QVERIFY(!Catalogue::fromJson("not json", &c, &problems));
        QVERIFY(!Catalogue::fromJson("[1,2]", &c, &problems));
        problems.clear();
        QVERIFY(
            Catalogue::fromJson(R"({"version":3,"items":[{"code":"A","name":{"zh_CN":"甲"}},{"name":{"zh_CN":"无编码"}},
            {"code":"A","name":{"zh_CN":"重复"}},{"code":"B","name":{"zh_CN":"乙"},"legal_limit_days":5,"promised_limit_days":9},
            "garbage"]})",
                                &c, &problems));
        QCOMPARE(c.size(), 1);
        QCOMPARE(c.version(), 3);
        QCOMPARE(problems.size(), 4);
    }
};

QTEST_GUILESS_MAIN(CatalogueTest)
#include "test_catalogue.moc"
