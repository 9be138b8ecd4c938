// The page list of a material (compact in-memory encoding, rotate, retake, delete, reorder, wipe) and the pre-review
// rules: missing and tolerated materials, agents, unreadable pages, names and ID numbers against the card, expiry.
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

#include "app/application/draft.h"
#include "app/application/payload.h"
#include "app/catalogue/catalogue.h"
#include "app/materials/material_page.h"
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
    return ExtractedField{material, key, value, confidence, validated, {}, {}, false, false};
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
        const MaterialPage e = encodeCompactPage(page);
        QCOMPARE(e.mediaType, QStringLiteral("image/jpeg"));
        QCOMPARE(e.size(), page.size());
        QCOMPARE(e.dpi, 200);
        qInfo("A5 page at 200 dpi: %lld bytes as greyscale JPEG", qint64(e.image.size()));
        QVERIFY(e.image.size() < 250 * 1024);
        QCOMPARE(e.sha256().size(), 64);
        const QImage back = decodeCompactPage(e);
        QCOMPARE(back.format(), QImage::Format_Grayscale8);
        QCOMPARE(back.size(), page.size());
        QVERIFY(encodeCompactPage(QImage()).isNull());
        // The thumbnail is decoded small, never the full page.
        const QImage thumb = decodePageThumbnail(e, QSize(120, 160));
        QVERIFY(!thumb.isNull());
        QVERIFY(thumb.width() <= 120 && thumb.height() <= 160);
        QVERIFY(thumb.width() >= 100 || thumb.height() >= 140);
    }

    void rotatedPage_turnsAndKeepsQualityAndFields()
    {
        const QImage a = renderHouseholdRegister(makePerson(1));
        MaterialPage p = encodeCompactPage(a);
        p.quality = badPage(QualityIssue::TooSmall, false);
        p.fields = {field(QStringLiteral("household_register"), QStringLiteral("name"), QStringLiteral("张伟"))};
        const MaterialPage turned = rotatedPage(p, 1);
        QCOMPARE(turned.size(), QSize(a.height(), a.width()));
        QCOMPARE(decodeCompactPage(turned).size(), QSize(a.height(), a.width()));
        QVERIFY(turned.quality.has(QualityIssue::TooSmall));
        QCOMPARE(turned.fields.size(), 1);
        // A quarter turn clockwise moves the top-left corner to the top-right.
        const QImage src = decodeCompactPage(p), dst = decodeCompactPage(turned);
        QVERIFY(qAbs(qGray(src.pixel(5, 5)) - qGray(dst.pixel(dst.width() - 6, 5))) < 40);
        QCOMPARE(rotatedPage(turned, -1).size(), a.size());
        QCOMPARE(rotatedPage(p, 4).sha256(), p.sha256()); // a full turn changes nothing
        QVERIFY(rotatedPage(MaterialPage(), 1).isNull());
    }

    void draftPages_retakeRemoveMoveAndTheAgentsLetter()
    {
        const ServiceItem *it = item(QStringLiteral("GD-GA-009"));
        QVERIFY(it);
        Draft d;
        d.start(*it, person(QStringLiteral("张伟"), zhang_));
        const QImage a = renderHouseholdRegister(makePerson(1));
        const QImage b = renderMarriageCertificate(makeMarriage(2));
        const QString hr = QStringLiteral("household_register");
        QVERIFY(d.addPage(hr, encodeCompactPage(a)));
        QVERIFY(d.addPage(hr, encodeCompactPage(b)));
        QCOMPARE(toString(d.material(hr)->status), toString(MaterialStatus::Provided));
        QCOMPARE(d.pages(hr)->size(), 2);
        const QByteArray second = d.pages(hr)->at(1).sha256();
        QVERIFY(d.replacePage(hr, 0, encodeCompactPage(b))); // retake
        QCOMPARE(d.pages(hr)->at(0).sha256(), second);       // same picture, same blob
        QVERIFY(!d.replacePage(hr, 2, encodeCompactPage(b)));
        QVERIFY(!d.replacePage(hr, 0, MaterialPage()));
        QVERIFY(d.replacePage(hr, 1, encodeCompactPage(a)));
        const QByteArray first = d.pages(hr)->at(1).sha256();
        QVERIFY(d.movePage(hr, 1, 0));
        QCOMPARE(d.pages(hr)->at(0).sha256(), first);
        QVERIFY(!d.movePage(hr, 0, 2));
        QVERIFY(d.removePage(hr, 0));
        QVERIFY(!d.removePage(hr, 1));
        QVERIFY(d.removePage(hr, 0));
        QCOMPARE(toString(d.material(hr)->status),
                 toString(MaterialStatus::Missing)); // the last page gone: missing again
        QVERIFY(!d.pages(QStringLiteral("no_such_material")));
        // The agent's letter is held apart from the item's checklist.
        QVERIFY(d.addPage(QStringLiteral("authorisation_letter"), encodeCompactPage(a), true));
        QCOMPARE(d.authorisation().size(), 1);
        QCOMPARE(d.pages(QStringLiteral("authorisation_letter"), true)->size(), 1);
        QVERIFY(d.removePage(QStringLiteral("authorisation_letter"), 0, true));
        QVERIFY(d.authorisation().isEmpty());
        d.wipe();
        QVERIFY(!d.isStarted());
    }

    void wipePage_overwritesTheBytesItOwns()
    {
        MaterialPage p = encodeCompactPage(renderHouseholdRegister(makePerson(3)));
        p.fields = {field(QStringLiteral("household_register"), QStringLiteral("name"), QStringLiteral("张伟"))};
        QVERIFY(p.image.size() > 100);
        const char *data = p.image.constData();
        const qsizetype size = p.image.size();
        QByteArray keep = p.image; // another holder (the submission's snapshot) keeps its copy intact
        wipePage(p);
        QVERIFY(p.isNull());
        QVERIFY(p.fields.isEmpty());
        QCOMPARE(keep.size(), size);
        QVERIFY(keep.constData() == data);
        QVERIFY(keep.startsWith("\xff\xd8"));
    }

    // ---- pre-review ----

    void allProvidedAndMatching_allowsSubmissionWithNoFindings()
    {
        PrereviewInput in = inputFor(QStringLiteral("GD-GA-009")); // household_register + photo, both required
        in.materials.insert("household_register", {"household_register", MaterialStatus::Provided, {goodPage()}});
        in.materials.insert("photo", {"photo", MaterialStatus::Provided, {goodPage()}});
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
        in.materials.insert("photo", {"photo", MaterialStatus::Provided, {goodPage()}});
        // "Provided" with no page at all is still missing.
        in.materials.insert("household_register", {"household_register", MaterialStatus::Provided, {}});
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
        in.materials.insert("photo", {"photo", MaterialStatus::Provided, {goodPage()}});
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
            in.materials.insert(m.id, {m.id, MaterialStatus::Provided, {goodPage()}});
        in.materials[tolerableId].status = MaterialStatus::Tolerated;
        PrereviewResult r = prereview(in);
        QVERIFY(r.has("tolerated_material"));
        QVERIFY(r.submissionAllowed);
        QCOMPARE(r.findings.first().severity, PrereviewSeverity::Warning);

        PrereviewInput strict = inputFor(QStringLiteral("GD-GA-009"));
        strict.materials.insert("household_register", {"household_register", MaterialStatus::Tolerated, {}});
        strict.materials.insert("photo", {"photo", MaterialStatus::Provided, {goodPage()}});
        r = prereview(strict);
        QVERIFY(r.has("tolerance_not_allowed"));
        QVERIFY(!r.submissionAllowed);
    }

    void unreadablePage_blocks_softIssue_warns()
    {
        PrereviewInput in = inputFor(QStringLiteral("GD-GA-009"));
        in.materials.insert(
            "household_register",
            {"household_register", MaterialStatus::Provided, {goodPage(), badPage(QualityIssue::Blank)}});
        in.materials.insert("photo", {"photo", MaterialStatus::Provided, {badPage(QualityIssue::TooSmall, false)}});
        const PrereviewResult r = prereview(in);
        QVERIFY(r.has("unreadable_page"));
        QVERIFY(r.has("page_quality"));
        QVERIFY(!r.submissionAllowed);
    }

    void householdRegisterOfSomeoneElse_warnsOfNameAndIdMismatch()
    {
        PrereviewInput in = inputFor(QStringLiteral("GD-GA-009"));
        in.materials.insert("household_register", {"household_register", MaterialStatus::Provided, {goodPage()}});
        in.materials.insert("photo", {"photo", MaterialStatus::Provided, {goodPage()}});
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
        in.materials.insert("household_register", {"household_register", MaterialStatus::Provided, {goodPage()}});
        in.materials.insert("photo", {"photo", MaterialStatus::Provided, {goodPage()}});
        in.ocrFields << field("household_register", "id_number", li_, false) // failed its check digit
                     << field("household_register", "name", QStringLiteral("张佳"), false, 0.3);
        const PrereviewResult r = prereview(in);
        QVERIFY(!r.has("id_mismatch"));
        QVERIFY(!r.has("name_mismatch"));
    }

    void agent_needsTheLetterAndItsPrincipalMustMatch()
    {
        PrereviewInput in = inputFor(QStringLiteral("GD-RS-001")); // agent allowed, letter optional in the item
        in.materials.insert("photo", {"photo", MaterialStatus::Provided, {goodPage()}});
        in.agentApplies = true;
        in.principal = person(QStringLiteral("李娜"), li_);
        PrereviewResult r = prereview(in);
        QVERIFY(r.has("missing_authorisation"));
        QVERIFY(!r.submissionAllowed);

        in.materials.insert("authorisation_letter", {"authorisation_letter", MaterialStatus::Provided, {goodPage()}});
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
        in.materials.insert("photo", {"photo", MaterialStatus::Provided, {goodPage()}});
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
        in.materials.insert("photo", {"photo", MaterialStatus::Provided, {goodPage()}});
        in.applicant.validLongTerm = false;
        in.applicant.validTo = QDate(2024, 1, 1);
        QVERIFY(prereview(in).has("id_card_expired"));
    }

    void faceCheckNotDone_isAWarningThatTellsTheReviewerToCheckInPerson()
    {
        PrereviewInput in = inputFor(QStringLiteral("GD-RS-001"));
        in.materials.insert("photo", {"photo", MaterialStatus::Provided, {goodPage()}});
        QVERIFY(!prereview(in).has("identity_staff_check"));
        in.identityCheckedByStaff = true;
        const PrereviewResult r = prereview(in);
        QVERIFY(r.has("identity_staff_check"));
        QVERIFY(r.submissionAllowed); // the citizen goes on; staff check identity in person
        QCOMPARE(r.findings.first().severity, PrereviewSeverity::Warning);
        QVERIFY(r.findings.first().message.contains(QStringLiteral("工作人员当面核验")));
        // Through the draft, as the review screen asks for it.
        Draft d;
        d.start(*item(QStringLiteral("GD-RS-001")), in.applicant);
        QVERIFY(!d.review(in.applicant, false, {}, today_).has("identity_staff_check"));
        QVERIFY(d.review(in.applicant, false, {}, today_, true).has("identity_staff_check"));
    }

    void draftReview_findingsGoIntoThePayloadsPrereview()
    {
        const ServiceItem *it = item(QStringLiteral("GD-GA-009"));
        QVERIFY(it);
        const Identity zhang = person(QStringLiteral("张伟"), zhang_);
        Draft d;
        d.start(*it, zhang);
        const QString hr = QStringLiteral("household_register");
        // Someone else's register page, read by OCR; a photo whose capture was small but usable.
        MaterialPage page = encodeCompactPage(renderHouseholdRegister(makePerson(5)));
        page.fields = {field(hr, QStringLiteral("name"), QStringLiteral("李娜")),
                       field(hr, QStringLiteral("id_number"), li_)};
        QVERIFY(d.addPage(hr, page));
        MaterialPage photo = encodeCompactPage(renderHouseholdRegister(makePerson(6)));
        photo.quality = badPage(QualityIssue::TooSmall, false);
        QVERIFY(d.addPage(QStringLiteral("photo"), photo));

        const PrereviewResult r = d.review(zhang, false, {}, today_);
        QVERIFY(r.has("name_mismatch"));
        QVERIFY(r.has("id_mismatch"));
        QVERIFY(r.has("page_quality"));
        QVERIFY(r.submissionAllowed); // warnings: the citizen may still submit; the reviewer sees them

        const ApplicationSnapshot s = d.snapshot(zhang.toPersonJson(), QJsonValue::Null, Draft::notesOf(r));
        SealedNames names;
        names.pagesByMaterial[hr] = {QString(64, QLatin1Char('a'))};
        names.pagesByMaterial[QStringLiteral("photo")] = {QString(64, QLatin1Char('b'))};
        const QJsonArray pre = buildPayload(s, names).value(QStringLiteral("prereview")).toArray();
        QStringList codes;
        for (const QJsonValue &v : pre) {
            const QJsonObject o = v.toObject();
            QCOMPARE(o.keys(), (QStringList{"code", "message"}));
            QVERIFY(!o.value("message").toString().isEmpty());
            // The reviewer's note names the material, never the values read (no personal data in notes).
            QVERIFY(!o.value("message").toString().contains(QStringLiteral("李娜")));
            QVERIFY(!o.value("message").toString().contains(li_));
            codes << o.value("code").toString();
        }
        QVERIFY(codes.contains("name_mismatch"));
        QVERIFY(codes.contains("id_mismatch"));
        QVERIFY(codes.contains("page_quality"));

        // The wrong page taken out, its readings go with it.
        QVERIFY(d.removePage(hr, 0));
        const PrereviewResult after = d.review(zhang, false, {}, today_);
        QVERIFY(!after.has("name_mismatch"));
        QVERIFY(after.has("missing_required"));
        QVERIFY(!after.submissionAllowed);
        // 容缺 is not allowed for the register in this item: still blocked, with its own code.
        QVERIFY(!d.setTolerated(hr, true));
    }

    void draftReview_agentsLetterIsCheckedAgainstThePrincipal()
    {
        const ServiceItem *it = item(QStringLiteral("GD-RS-001"));
        QVERIFY(it && it->agentAllowed);
        const Identity agent = person(QStringLiteral("张伟"), zhang_);
        const Identity principal = person(QStringLiteral("李娜"), li_);
        Draft d;
        d.start(*it, principal);
        QVERIFY(d.addPage(QStringLiteral("photo"), encodeCompactPage(renderHouseholdRegister(makePerson(7)))));
        QVERIFY(d.review(agent, true, principal, today_).has("missing_authorisation"));
        const QString al = QStringLiteral("authorisation_letter");
        MaterialPage letter = encodeCompactPage(renderHouseholdRegister(makePerson(8)));
        const QString stranger = makeIdNumber(QStringLiteral("440111"), QDate(1970, 1, 1), 1);
        letter.fields = {field(al, QStringLiteral("principal_id_number"), stranger),
                         field(al, QStringLiteral("agent_id_number"), zhang_)};
        QVERIFY(d.addPage(al, letter, true));
        const PrereviewResult r = d.review(agent, true, principal, today_);
        QVERIFY(!r.has("missing_authorisation"));
        QVERIFY(r.has("id_mismatch")); // the letter names another principal: the wrong letter
        QVERIFY(!r.submissionAllowed);
    }

    void messages_existInThreeLanguagesForEveryCode_data()
    {
        QTest::addColumn<QString>("code");
        for (const char *c :
             {"missing_required", "tolerated_material", "tolerance_not_allowed", "agent_not_allowed",
              "missing_authorisation", "unreadable_page", "page_quality", "name_mismatch", "id_mismatch", "expired",
              "not_yet_valid", "date_in_future", "id_card_expired", "identity_staff_check"})
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
