// The page list of a material (compact in-memory encoding, rotate, retake, delete, reorder, wipe) and the pre-review
// rules: missing and tolerated materials, agents, unreadable pages, names and ID numbers against the card, expiry.
#include <QFile>
#include <QJsonObject>
#include <QTest>

#include "app/catalogue/catalogue.h"
#include "app/materials/page_set.h"
#include "app/materials/prereview.h"
#include "unit/materials/material_fixtures.h"

using namespace kiosk::app;
using namespace kiosk::test;

namespace {

QualityReport goodPage()
{
    return {};
}

QualityReport badPage(QualityIssue issue, bool blocking = true)
{
    QualityReport q;
    q.findings.append({issue, blocking, 0, 0});
    return q;
}

Identity person(const QString &name, const QString &id)
{
    Identity i;
    i.idType = QStringLiteral("resident");
    i.name = name;
    i.idNumber = id;
    i.validLongTerm = true;
    i.validFrom = QDate(2015, 1, 1);
    return i;
}

ExtractedField field(const QString &material, const QString &key, const QString &value, bool validated = true,
                     double confidence = 0.95)
{
    return ExtractedField{material, key, value, confidence, validated, {}};
}

} // namespace

class TestPagesPrereview : public QObject
{
    Q_OBJECT

    Catalogue catalogue_;
    const QString zhang_ = makeIdNumber(QStringLiteral("440106"), QDate(1985, 3, 12), 123);
    const QString li_ = makeIdNumber(QStringLiteral("440104"), QDate(1990, 7, 1), 456);
    const QDate today_{2024, 6, 1};

    const ServiceItem *item(const QString &code) const { return catalogue_.item(code); }

    PrereviewInput inputFor(const QString &code)
    {
        PrereviewInput in;
        in.item = item(code);
        in.applicant = person(QStringLiteral("张伟"), zhang_);
        in.today = today_;
        return in;
    }

private slots:
    void initTestCase()
    {
        QFile f(qEnvironmentVariable("KIOSK_SOURCE_DIR") + "/resources/catalogue/catalogue.json");
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(Catalogue::fromJson(f.readAll(), &catalogue_));
        QVERIFY(item(QStringLiteral("GD-GA-009")));
    }

    // ---- pages ----

    void encodedPage_isCompactGreyscaleJpegInMemory()
    {
        QImage page = renderHouseholdRegister(makePerson(1));
        const EncodedPage e = encodeCompactPage(page);
        QCOMPARE(e.mimeType, QStringLiteral("image/jpeg"));
        QCOMPARE(e.size, page.size());
        QCOMPARE(e.dpi, 200);
        qInfo("A5 page at 200 dpi: %lld bytes as greyscale JPEG", qint64(e.bytes.size()));
        QVERIFY(e.bytes.size() < 250 * 1024);
        QCOMPARE(e.sha256().size(), 64);
        const QImage back = decodeCompactPage(e);
        QCOMPARE(back.format(), QImage::Format_Grayscale8);
        QCOMPARE(back.size(), page.size());
        QVERIFY(encodeCompactPage(QImage()).isNull());
    }

    void pageSet_editsRotateReplaceRemoveAndMove()
    {
        PageSet set(QStringLiteral("household_register"));
        const QImage a = renderHouseholdRegister(makePerson(1));
        const QImage b = renderMarriageCertificate(makeMarriage(2));
        set.append({encodeCompactPage(a), goodPage()});
        set.append({encodeCompactPage(b), badPage(QualityIssue::Blurry)});
        QCOMPARE(set.size(), 2);
        QVERIFY(!set.allAcceptable());

        QVERIFY(set.rotate(0, 1));
        QCOMPARE(set.page(0).image.size, QSize(a.height(), a.width()));
        QCOMPARE(decodeCompactPage(set.page(0).image).size(), QSize(a.height(), a.width()));
        QVERIFY(set.rotate(0, -1));
        QCOMPARE(set.page(0).image.size, a.size());
        QVERIFY(set.rotate(0, 4)); // a full turn changes nothing
        QVERIFY(!set.rotate(5, 1));

        const QByteArray before = set.page(1).image.sha256();
        QVERIFY(set.replace(1, {encodeCompactPage(b), goodPage()})); // retake
        QVERIFY(set.allAcceptable());
        QCOMPARE(set.page(1).image.sha256(), before); // same picture, same blob

        QVERIFY(set.move(1, 0));
        QCOMPARE(set.page(0).image.sha256(), before);
        QVERIFY(!set.move(0, 2));
        QVERIFY(set.remove(0));
        QCOMPARE(set.size(), 1);
        QVERIFY(!set.remove(1));
    }

    void pageSet_wipeOverwritesAndForgets()
    {
        PageSet set(QStringLiteral("photo"));
        set.append({encodeCompactPage(renderHouseholdRegister(makePerson(3))), goodPage()});
        QVERIFY(set.page(0).image.bytes.size() > 100);
        set.wipe();
        QVERIFY(set.isEmpty());
        QVERIFY(set.materialId().isEmpty());
    }

    // ---- pre-review ----

    void allProvidedAndMatching_allowsSubmissionWithNoFindings()
    {
        PrereviewInput in = inputFor(QStringLiteral("GD-GA-009")); // household_register + photo, both required
        in.materials.insert("household_register", {"household_register", MaterialProvision::Provided, {goodPage()}});
        in.materials.insert("photo", {"photo", MaterialProvision::Provided, {goodPage()}});
        in.ocrFields << field("household_register", "name", QStringLiteral("张伟"), false)
                     << field("household_register", "id_number", zhang_);
        const PrereviewResult r = prereview(in);
        QVERIFY2(r.findings.isEmpty(), qPrintable(r.findings.value(0).code));
        QVERIFY(r.submissionAllowed);
        QVERIFY(r.toJson().isEmpty());
    }

    void missingRequiredMaterial_blocks()
    {
        PrereviewInput in = inputFor(QStringLiteral("GD-GA-009"));
        in.materials.insert("photo", {"photo", MaterialProvision::Provided, {goodPage()}});
        // "Provided" with no page at all is still missing.
        in.materials.insert("household_register", {"household_register", MaterialProvision::Provided, {}});
        const PrereviewResult r = prereview(in);
        QVERIFY(r.has("missing_required"));
        QVERIFY(!r.submissionAllowed);
        const QJsonObject first = r.toJson().first().toObject();
        QCOMPARE(first.value("code").toString(), QStringLiteral("missing_required"));
        QVERIFY(first.value("message").toString().contains(QStringLiteral("户口簿")));
        QCOMPARE(first.keys(), (QStringList{"code", "message"}));
    }

    void sharedMaterial_isNeverAskedFor()
    {
        PrereviewInput in = inputFor(QStringLiteral("GD-RS-001")); // id_card_copy is shared; photo required
        in.materials.insert("photo", {"photo", MaterialProvision::Provided, {goodPage()}});
        const PrereviewResult r = prereview(in);
        QVERIFY2(r.findings.isEmpty(), qPrintable(r.findings.value(0).code));
    }

    void toleratedMaterial_warnsWhenTheItemAllowsIt_blocksOtherwise()
    {
        // Find an item with a tolerable required material, and one whose required material is not tolerable.
        const ServiceItem *tolerant = nullptr;
        QString tolerableId;
        for (const ServiceItem &i : catalogue_.items())
            for (const ItemMaterial &m : i.materials)
                if (m.required && m.tolerable && !m.shared && !tolerant)
                    tolerant = &i, tolerableId = m.id;
        QVERIFY(tolerant);
        PrereviewInput in;
        in.item = tolerant;
        in.today = today_;
        for (const ItemMaterial &m : tolerant->materials)
            in.materials.insert(m.id, {m.id, MaterialProvision::Provided, {goodPage()}});
        in.materials[tolerableId].status = MaterialProvision::Tolerated;
        PrereviewResult r = prereview(in);
        QVERIFY(r.has("tolerated_material"));
        QVERIFY(r.submissionAllowed);
        QCOMPARE(r.findings.first().severity, PrereviewSeverity::Warning);

        PrereviewInput strict = inputFor(QStringLiteral("GD-GA-009"));
        strict.materials.insert("household_register", {"household_register", MaterialProvision::Tolerated, {}});
        strict.materials.insert("photo", {"photo", MaterialProvision::Provided, {goodPage()}});
        r = prereview(strict);
        QVERIFY(r.has("tolerance_not_allowed"));
        QVERIFY(!r.submissionAllowed);
    }

    void unreadablePage_blocks_softIssue_warns()
    {
        PrereviewInput in = inputFor(QStringLiteral("GD-GA-009"));
        in.materials.insert(
            "household_register",
            {"household_register", MaterialProvision::Provided, {goodPage(), badPage(QualityIssue::Blank)}});
        in.materials.insert("photo", {"photo", MaterialProvision::Provided, {badPage(QualityIssue::TooSmall, false)}});
        const PrereviewResult r = prereview(in);
        QVERIFY(r.has("unreadable_page"));
        QVERIFY(r.has("page_quality"));
        QVERIFY(!r.submissionAllowed);
    }

    void householdRegisterOfSomeoneElse_warnsOfNameAndIdMismatch()
    {
        PrereviewInput in = inputFor(QStringLiteral("GD-GA-009"));
        in.materials.insert("household_register", {"household_register", MaterialProvision::Provided, {goodPage()}});
        in.materials.insert("photo", {"photo", MaterialProvision::Provided, {goodPage()}});
        in.ocrFields << field("household_register", "name", QStringLiteral("李娜"), false)
                     << field("household_register", "id_number", li_);
        const PrereviewResult r = prereview(in);
        QVERIFY(r.has("name_mismatch"));
        QVERIFY(r.has("id_mismatch"));
        // A register may be another family member's: a warning, not a refusal.
        QVERIFY(r.submissionAllowed);
    }

    void unverifiedOrDoubtfulOcr_doesNotContradictTheCard()
    {
        PrereviewInput in = inputFor(QStringLiteral("GD-GA-009"));
        in.materials.insert("household_register", {"household_register", MaterialProvision::Provided, {goodPage()}});
        in.materials.insert("photo", {"photo", MaterialProvision::Provided, {goodPage()}});
        in.ocrFields << field("household_register", "id_number", li_, false) // failed its check digit
                     << field("household_register", "name", QStringLiteral("张佳"), false, 0.3);
        const PrereviewResult r = prereview(in);
        QVERIFY(!r.has("id_mismatch"));
        QVERIFY(!r.has("name_mismatch"));
    }

    void agent_needsTheLetterAndItsPrincipalMustMatch()
    {
        PrereviewInput in = inputFor(QStringLiteral("GD-RS-001")); // agent allowed, letter optional in the item
        in.materials.insert("photo", {"photo", MaterialProvision::Provided, {goodPage()}});
        in.agentApplies = true;
        in.principal = person(QStringLiteral("李娜"), li_);
        PrereviewResult r = prereview(in);
        QVERIFY(r.has("missing_authorisation"));
        QVERIFY(!r.submissionAllowed);

        in.materials.insert("authorisation_letter",
                            {"authorisation_letter", MaterialProvision::Provided, {goodPage()}});
        in.ocrFields << field("authorisation_letter", "principal_name", QStringLiteral("李娜"), false)
                     << field("authorisation_letter", "principal_id_number", li_)
                     << field("authorisation_letter", "agent_name", QStringLiteral("张伟"), false)
                     << field("authorisation_letter", "agent_id_number", zhang_)
                     << field("authorisation_letter", "valid_to", "2024-12-31");
        r = prereview(in);
        QVERIFY2(r.findings.isEmpty(), qPrintable(r.findings.value(0).code));

        // A letter naming another principal is the wrong letter.
        in.ocrFields[1].value = makeIdNumber(QStringLiteral("440111"), QDate(1970, 1, 1), 1);
        r = prereview(in);
        QVERIFY(r.has("id_mismatch"));
        QVERIFY(!r.submissionAllowed);
    }

    void agentOnAnItemThatForbidsIt_blocks()
    {
        const ServiceItem *selfOnly = nullptr;
        for (const ServiceItem &i : catalogue_.items())
            if (!i.agentAllowed && !selfOnly)
                selfOnly = &i;
        QVERIFY(selfOnly);
        PrereviewInput in;
        in.item = selfOnly;
        in.today = today_;
        in.agentApplies = true;
        QVERIFY(prereview(in).has("agent_not_allowed"));
    }

    void expiredLetterOrLicence_blocks_futureDates_warn()
    {
        PrereviewInput in = inputFor(QStringLiteral("GD-RS-001"));
        in.materials.insert("photo", {"photo", MaterialProvision::Provided, {goodPage()}});
        in.ocrFields << field("authorisation_letter", "valid_to", "2024-05-31")
                     << field("business_licence", "valid_to", "long-term")
                     << field("marriage_certificate", "date", "2025-01-01");
        const PrereviewResult r = prereview(in);
        QVERIFY(r.has("expired"));
        QVERIFY(r.has("date_in_future"));
        QVERIFY(!r.submissionAllowed);
        for (const PrereviewFinding &f : r.findings)
            if (f.code == QLatin1String("expired"))
                QCOMPARE(f.field, QStringLiteral("valid_to"));
    }

    void expiredIdCard_blocks()
    {
        PrereviewInput in = inputFor(QStringLiteral("GD-RS-001"));
        in.materials.insert("photo", {"photo", MaterialProvision::Provided, {goodPage()}});
        in.applicant.validLongTerm = false;
        in.applicant.validTo = QDate(2024, 1, 1);
        QVERIFY(prereview(in).has("id_card_expired"));
    }

    void messages_existInThreeLanguagesForEveryCode_data()
    {
        QTest::addColumn<QString>("code");
        for (const char *c : {"missing_required", "tolerated_material", "tolerance_not_allowed", "agent_not_allowed",
                              "missing_authorisation", "unreadable_page", "page_quality", "name_mismatch",
                              "id_mismatch", "expired", "not_yet_valid", "date_in_future", "id_card_expired"})
            QTest::newRow(c) << QString::fromLatin1(c);
    }
    void messages_existInThreeLanguagesForEveryCode()
    {
        QFETCH(QString, code);
        for (const char *lang : {"zh_CN", "zh_HK", "en"}) {
            const QString m = prereviewMessage(code, QString::fromLatin1(lang), QStringLiteral("X"));
            QVERIFY2(m != code && !m.contains(QLatin1String("%1")), qPrintable(code + " " + lang));
        }
    }
};

QTEST_MAIN(TestPagesPrereview)
#include "test_pages_prereview.moc"
