// Specification of the application layer: form rules, the draft (prefill, checklist, 容缺), the payload against
// platform-api.md, the submission service (sealed, durable, refused cleanly) and the receipt layout.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "app/application/draft.h"
#include "app/application/form_rules.h"
#include "app/application/payload.h"
#include "app/application/submission_service.h"
#include "app/catalogue/catalogue.h"
#include "app/platform/platform_service.h"
#include "app/receipts/receipt.h"
#include "drivers/receipt_printer/escpos_renderer.h"
#include "offline_queue/outbox.h"
#include "offline_queue/platform_side/envelope_open.h"
#include "offline_queue/storage/store.h"

using namespace kiosk;
using namespace kiosk::app;

namespace {

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

ItemField field(const QString &type, bool required = true, const QString &pattern = {})
{
    ItemField f;
    f.key = QStringLiteral("k");
    f.type = type;
    f.required = required;
    f.pattern = pattern;
    return f;
}

Identity canaryCitizen()
{
    Identity id;
    id.idType = QStringLiteral("resident");
    id.idNumber = QStringLiteral("440106199001011235");
    id.name = QStringLiteral("张金丝雀");
    id.sex = QStringLiteral("male");
    id.birthDate = QDate(1990, 1, 1);
    id.address = QStringLiteral("广州市天河区金丝雀路1号");
    return id;
}

Catalogue sampleCatalogue()
{
    Catalogue c;
    Catalogue::fromJson(readAll(qEnvironmentVariable("KIOSK_SOURCE_DIR") + "/resources/catalogue/catalogue.json"), &c);
    return c;
}

ServiceItem sampleItem(const QString &code)
{
    const Catalogue c = sampleCatalogue();
    return c.item(code) ? *c.item(code) : ServiceItem();
}

} // namespace

class TestApplication : public QObject
{
    Q_OBJECT

    QTemporaryDir tmp_;
    QString pki_;

private slots:
    void initTestCase()
    {
        QVERIFY(tmp_.isValid());
        pki_ = tmp_.filePath(QStringLiteral("pki"));
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(QStringLiteral("bash"), {qEnvironmentVariable("KIOSK_SOURCE_DIR") + "/packaging/make-demo-pki.sh", pki_,
                                         QStringLiteral("GD-DEV-0001")});
        QVERIFY(p.waitForFinished(120000));
        QVERIFY2(p.exitCode() == 0, p.readAll().constData());
    }

    void fieldRules_acceptAndRefuseAsTheCitizenWouldExpect_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QString>("normalised");
        QTest::addColumn<QString>("problem");
        QTest::newRow("id ok, lower x") << "id_number"
                                        << "11010519491231002x"
                                        << "11010519491231002X"
                                        << "none";
        QTest::newRow("id full-width digits") << "id_number"
                                              << "４４０１０６１９９００１０１１２３５"
                                              << "440106199001011235"
                                              << "none";
        QTest::newRow("id bad check digit") << "id_number"
                                            << "440106199001011234"
                                            << "440106199001011234"
                                            << "bad_id_number";
        QTest::newRow("id too short") << "id_number"
                                      << "4401061990"
                                      << "4401061990"
                                      << "bad_id_number";
        QTest::newRow("mobile") << "phone"
                                << "138 0013 8000"
                                << "13800138000"
                                << "none";
        QTest::newRow("mobile +86") << "phone"
                                    << "+8613800138000"
                                    << "13800138000"
                                    << "none";
        QTest::newRow("fixed line") << "phone"
                                    << "020-83381234"
                                    << "02083381234"
                                    << "none";
        QTest::newRow("phone 10 digits") << "phone"
                                         << "1380013800"
                                         << "1380013800"
                                         << "bad_phone";
        QTest::newRow("date compact") << "date"
                                      << "20240105"
                                      << "2024-01-05"
                                      << "none";
        QTest::newRow("date chinese") << "date"
                                      << "2024年1月5日"
                                      << "2024-01-05"
                                      << "none";
        QTest::newRow("date impossible") << "date"
                                         << "2023-02-30"
                                         << "2023-02-30"
                                         << "bad_date";
        QTest::newRow("number") << "number"
                                << "３.5"
                                << "3.5"
                                << "none";
        QTest::newRow("not a number") << "number"
                                      << "abc"
                                      << "abc"
                                      << "bad_number";
        QTest::newRow("required empty") << "text"
                                        << "   "
                                        << ""
                                        << "required";
        QTest::newRow("text squeezed") << "text"
                                       << " 张  三 "
                                       << "张 三"
                                       << "none";
    }
    void fieldRules_acceptAndRefuseAsTheCitizenWouldExpect()
    {
        QFETCH(QString, type);
        QFETCH(QString, typed);
        QFETCH(QString, normalised);
        QFETCH(QString, problem);
        const ItemField f = field(type);
        const QString v = normaliseFieldValue(f, typed);
        QCOMPARE(v, normalised);
        QCOMPARE(toString(checkField(f, v)), problem);
    }

    void fieldRules_choicesPatternsAndOptionalFields()
    {
        ItemField choice = field(QStringLiteral("choice"));
        choice.choices = {{QStringLiteral("1"), {}}, {QStringLiteral("2"), {}}};
        QVERIFY(checkField(choice, QStringLiteral("2")) == FieldProblem::None);
        QVERIFY(checkField(choice, QStringLiteral("3")) == FieldProblem::BadChoice);
        const ItemField pattern = field(QStringLiteral("text"), true, QStringLiteral("^[A-Z]{2}\\d{4}$"));
        QVERIFY(checkField(pattern, QStringLiteral("GD1234")) == FieldProblem::None);
        QVERIFY(checkField(pattern, QStringLiteral("gd1234")) == FieldProblem::BadPattern);
        QVERIFY(checkField(field(QStringLiteral("phone"), false), QString()) == FieldProblem::None);
        QVERIFY(checkField(field(QStringLiteral("text")), QString(kMaxFieldChars + 1, QLatin1Char('a'))) ==
                FieldProblem::TooLong);
    }

    void draft_prefillsFromTheCardAndListsWhatIsMissing()
    {
        const ServiceItem item = sampleItem(QStringLiteral("GD-RS-001"));
        QVERIFY(!item.code.isEmpty());
        Draft d;
        d.start(item, canaryCitizen());
        QCOMPARE(d.value(QStringLiteral("applicant_name")), QStringLiteral("张金丝雀"));
        QCOMPARE(d.value(QStringLiteral("id_number")), QStringLiteral("440106199001011235"));
        QCOMPARE(d.value(QStringLiteral("sex")), QStringLiteral("1")); // GB/T 2261.1 code, as the choices use
        QVERIFY(d.isFromCard(QStringLiteral("id_number")));
        QVERIFY(!d.isFromCard(QStringLiteral("phone")));
        // Shared materials are never asked for; the photo is required and missing.
        QVERIFY(!d.checklist().isEmpty());
        for (const MaterialState &m : d.checklist())
            QVERIFY(!m.spec.shared);
        QVERIFY(d.missingRequired().contains(QStringLiteral("photo")));
        QVERIFY(!d.missingRequired().contains(QStringLiteral("id_card_copy"))); // shared
        QVERIFY(!d.setTolerated(QStringLiteral("photo"), true));                // not tolerable in this item
        QVERIFY(
            d.addPage(QStringLiteral("photo"), {QByteArray("\xff\xd8jpeg", 6), QStringLiteral("image/jpeg"), 1, 1}));
        QVERIFY(!d.missingRequired().contains(QStringLiteral("photo")));
        QVERIFY(d.removePage(QStringLiteral("photo"), 0));
        QVERIFY(d.missingRequired().contains(QStringLiteral("photo")));
        QVERIFY(!d.addPage(QStringLiteral("id_card_copy"), {QByteArray("x"), QStringLiteral("image/png"), 1, 1}));
        QCOMPARE(d.delivery().method, item.delivery.first());
        d.wipe();
        QVERIFY(!d.isStarted());
        QVERIFY(d.values().isEmpty());
    }

    void draft_tolerableMaterialsMayBeOwed()
    {
        // Find an item with a tolerable material in the sample catalogue.
        const Catalogue c = sampleCatalogue();
        const ServiceItem *found = nullptr;
        QString tolerableId;
        for (const ServiceItem &it : c.items()) {
            for (const ItemMaterial &m : it.materials) {
                if (m.tolerable && !m.shared && m.required && !found) {
                    found = &it;
                    tolerableId = m.id;
                }
            }
        }
        QVERIFY(found);
        Draft d;
        d.start(*found, canaryCitizen());
        QVERIFY(d.missingRequired().contains(tolerableId));
        QVERIFY(d.setTolerated(tolerableId, true));
        QVERIFY(!d.missingRequired().contains(tolerableId));
        QCOMPARE(d.toleratedIds(), QStringList{tolerableId});
        const QList<PrereviewNote> notes = d.prereview();
        QVERIFY(std::any_of(notes.begin(), notes.end(),
                            [](const PrereviewNote &n) { return n.code == QLatin1String("tolerated_material"); }));
    }

    void payload_hasEveryMemberOfTheContract()
    {
        const ServiceItem item = sampleItem(QStringLiteral("GD-RS-001"));
        Draft d;
        const Identity id = canaryCitizen();
        d.start(item, id);
        d.setValue(QStringLiteral("phone"), QStringLiteral("13800138000"));
        d.addPage(QStringLiteral("photo"), {QByteArray("page"), QStringLiteral("image/jpeg"), 1, 1});
        d.setDelivery({QStringLiteral("mail"), QStringLiteral("广州市越秀区某路2号"), QStringLiteral("13800138000")});
        ApplicationSnapshot s = d.snapshot(id.toPersonJson(), QJsonValue::Null);
        s.queryCode = newQueryCode();
        SealedNames names;
        names.pagesByMaterial[QStringLiteral("photo")] = {QString(64, QLatin1Char('a'))};
        const QJsonObject p = buildPayload(s, names);
        for (const char *m : {"applicant", "agent", "principal_authorisation", "form", "materials", "consent",
                              "commitment", "delivery", "prereview", "channel", "query_code"})
            QVERIFY2(p.contains(QLatin1String(m)), m);
        QVERIFY(p.value("agent").isNull());
        QVERIFY(p.value("principal_authorisation").isNull());
        QVERIFY(p.value("commitment").isNull());
        QCOMPARE(p.value("channel").toString(), QStringLiteral("kiosk"));
        QCOMPARE(p.value("form").toObject().value("phone").toString(), QStringLiteral("13800138000"));
        QCOMPARE(p.value("delivery").toObject().value("method").toString(), QStringLiteral("mail"));
        QCOMPARE(p.value("delivery").toObject().value("address").toString(), QStringLiteral("广州市越秀区某路2号"));
        const QJsonArray mats = p.value("materials").toArray();
        bool photo = false, shared = false;
        for (const QJsonValue v : mats) {
            const QJsonObject m = v.toObject();
            if (m.value("material_id") == QLatin1String("photo")) {
                photo = true;
                QCOMPARE(m.value("status").toString(), QStringLiteral("provided"));
                QCOMPARE(m.value("pages").toArray().size(), 1);
            }
            if (m.value("material_id") == QLatin1String("id_card_copy")) {
                shared = true;
                QCOMPARE(m.value("status").toString(), QStringLiteral("shared"));
            }
        }
        QVERIFY(photo && shared);
        QVERIFY(isQueryCode(p.value("query_code").toString()));
        s.wipe();
        QVERIFY(s.form.isEmpty());
        QVERIFY(s.queryCode.isEmpty());
    }

    void queryCode_isEightDigitsFromTheSystemSource()
    {
        // 8 decimal digits (leading zeros kept), and not one value over and over: 200 draws of a uniform 10^8 space
        // collide with probability ~2e-4; all ten digits show up in the leading position's share of the output.
        QSet<QString> seen;
        QSet<QChar> digits;
        for (int i = 0; i < 200; ++i) {
            const QString c = newQueryCode();
            QVERIFY2(isQueryCode(c), qPrintable(c));
            seen.insert(c);
            for (QChar ch : c)
                digits.insert(ch);
        }
        QVERIFY(seen.size() >= 199);
        QCOMPARE(digits.size(), 10);
    }

    void submission_isSealedDurableAndOpensOnlyWithThePlatformKey()
    {
        SubmissionSettings st;
        st.databasePath = tmp_.filePath(QStringLiteral("data/queue.db"));
        QDir().mkpath(tmp_.filePath(QStringLiteral("data")));
        st.kioskId = QStringLiteral("GD-DEV-0001");
        st.kioskKeyFile = pki_ + QStringLiteral("/kiosk.key");
        st.keyCacheFile = tmp_.filePath(QStringLiteral("data/platform-key.json"));
        st.diskFloorBytes = 1024 * 1024;
        SubmissionService service(st);
        QSignalSpy openedSpy(&service, &SubmissionService::opened);
        service.start();
        QVERIFY(openedSpy.wait(10000));
        QVERIFY2(openedSpy.first().at(0).toBool(), qPrintable(openedSpy.first().at(1).toString()));
        QVERIFY(service.readiness().problem == SubmitProblem::NoPlatformKey);

        // Without the platform key nothing can be sealed: a clear refusal, nothing queued.
        const ServiceItem item = sampleItem(QStringLiteral("GD-RS-001"));
        Draft d;
        const Identity id = canaryCitizen();
        d.start(item, id);
        d.setValue(QStringLiteral("phone"), QStringLiteral("13800138000"));
        d.addPage(QStringLiteral("photo"), {QByteArray(200 * 1024, 'P'), QStringLiteral("image/jpeg"), 10, 10});
        QSignalSpy submitted(&service, &SubmissionService::submitted);
        service.submit(d.snapshot(id.toPersonJson(), QJsonValue::Null));
        QVERIFY(submitted.wait(10000));
        auto out = submitted.takeFirst().at(0).value<SubmissionOutcome>();
        QVERIFY(out.problem == SubmitProblem::NoPlatformKey);

        QSignalSpy ready(&service, &SubmissionService::readinessChanged);
        service.setPlatformKey(QString::fromUtf8(readAll(pki_ + "/submission.key_id")).trimmed(),
                               readAll(pki_ + "/submission.pub"));
        QVERIFY(ready.wait(10000));
        QVERIFY(service.readiness().ok());
        QVERIFY(QFile::exists(st.keyCacheFile)); // cached for offline starts

        QSignalSpy enqueued(&service, &SubmissionService::enqueued);
        service.submit(d.snapshot(id.toPersonJson(), QJsonValue::Null));
        QVERIFY(submitted.wait(10000));
        out = submitted.takeFirst().at(0).value<SubmissionOutcome>();
        QVERIFY2(out.ok(), qPrintable(out.detail));
        QCOMPARE(enqueued.size(), 1);
        QVERIFY(out.localNo.startsWith(QStringLiteral("GD-DEV-0001-")));
        QCOMPARE(out.pages, 1);
        service.stop();

        // On disk: one pending item whose bytes open with the platform's private key and hold the form.
        auto opened = queue::Store::open(st.databasePath, queue::Outbox::migrations());
        QVERIFY(opened.isOk());
        queue::OutboxOptions oo;
        oo.kioskId = QStringLiteral("GD-DEV-0001");
        queue::Outbox outbox(*opened.store, oo);
        auto lease = outbox.leaseNext(QStringLiteral("t"), 0, 1000);
        QVERIFY(lease.isOk() && lease.value.has_value());
        QCOMPARE(lease.value->localNo, out.localNo);
        queue::Opener opener(QString::fromUtf8(readAll(pki_ + "/submission.key_id")).trimmed(),
                             readAll(pki_ + "/submission.key"), readAll(pki_ + "/kiosk.crt"));
        const auto env = opener.open(lease.value->envelope);
        QVERIFY2(env.isOk(), qPrintable(env.error.message));
        QCOMPARE(env.value.payload.value("applicant").toObject().value("id_number").toString(), id.idNumber);
        QCOMPARE(env.value.payload.value("form").toObject().value("phone").toString(), QStringLiteral("13800138000"));
        QCOMPARE(lease.value->blobs.size(), 1);
        const auto blob = outbox.blobBytes(lease.value->blobs.first().sha256);
        QVERIFY(blob.isOk());
        const auto page = opener.openBlob(blob.value, lease.value->blobs.first().sha256);
        QVERIFY(page.isOk());
        QCOMPARE(page.value, QByteArray(200 * 1024, 'P'));
        // The canary never reaches the database file in clear.
        QVERIFY(!readAll(st.databasePath).contains(QStringLiteral("张金丝雀").toUtf8()));
        QVERIFY(!readAll(st.databasePath + "-wal").contains(QByteArray("440106199001011235")));
    }

    void submission_belowTheDiskFloorIsRefusedWithNothingQueued()
    {
        SubmissionSettings st;
        st.databasePath = tmp_.filePath(QStringLiteral("floor/queue.db"));
        QDir().mkpath(tmp_.filePath(QStringLiteral("floor")));
        st.kioskId = QStringLiteral("GD-DEV-0001");
        st.kioskKeyFile = pki_ + QStringLiteral("/kiosk.key");
        st.keyCacheFile = tmp_.filePath(QStringLiteral("floor/platform-key.json"));
        st.diskFloorBytes = std::numeric_limits<qint64>::max() / 2; // more than any disk has
        SubmissionService service(st);
        service.start();
        QTRY_VERIFY_WITH_TIMEOUT(service.isOpen(), 10000); // it opens on its own thread
        QSignalSpy ready(&service, &SubmissionService::readinessChanged);
        service.setPlatformKey(QString::fromUtf8(readAll(pki_ + "/submission.key_id")).trimmed(),
                               readAll(pki_ + "/submission.pub"));
        QVERIFY(ready.wait(10000));
        QVERIFY(service.readiness().problem == SubmitProblem::DiskLow);
        Draft d;
        const Identity id = canaryCitizen();
        d.start(sampleItem(QStringLiteral("GD-RS-001")), id);
        QSignalSpy submitted(&service, &SubmissionService::submitted);
        service.submit(d.snapshot(id.toPersonJson(), QJsonValue::Null));
        QVERIFY(submitted.wait(10000));
        QVERIFY(submitted.first().at(0).value<SubmissionOutcome>().problem == SubmitProblem::DiskLow);
        service.stop();
        auto opened = queue::Store::open(st.databasePath, queue::Outbox::migrations());
        queue::OutboxOptions oo;
        oo.kioskId = QStringLiteral("GD-DEV-0001");
        queue::Outbox outbox(*opened.store, oo);
        QCOMPARE(outbox.stats().value.pending, 0);
    }

    void receipt_printsTheNumbersTheCitizenNeedsAndNoCleartextName()
    {
        ReceiptData r;
        r.centreName = QStringLiteral("天河区政务服务中心");
        r.itemName = QStringLiteral("社会保障卡申领");
        r.itemCode = QStringLiteral("GD-RS-001");
        r.localNo = QStringLiteral("GD-DEV-0001-20261122-000042");
        r.createdAt = QDateTime(QDate(2026, 11, 20), QTime(10, 0), Qt::OffsetFromUTC, 8 * 3600);
        r.promisedDays = 5;
        r.promisedDate = addWorkingDays(QDate(2026, 11, 20), 5); // Friday + 5 working days
        r.maskedName = QStringLiteral("张*");
        r.toleratedMaterials = {QStringLiteral("户口簿")};
        r.delivery = ReceiptText::deliveryName(QStringLiteral("pickup"));
        r.queryCode = QStringLiteral("04817263");
        r.queryPayload =
            receiptQueryPayload(QStringLiteral("https://example.gov.cn/q?no={no}"), r.localNo, r.queryCode);
        r.hotline = QStringLiteral("12345");
        QCOMPARE(r.promisedDate, QDate(2026, 11, 27));
        QString why;
        const QByteArray bytes = ReceiptText::escPos(r, &why);
        QVERIFY2(!bytes.isEmpty(), qPrintable(why));
        drivers::escpos::RenderOptions ro;
        ro.drawImages = false;
        const auto rendered = drivers::escpos::EscPosRenderer(ro).render(bytes);
        const QString text = rendered.text().join(QLatin1Char('\n'));
        QVERIFY2(text.contains(r.localNo), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("张*")));
        QVERIFY(text.contains(QStringLiteral("户口簿")));
        QVERIFY(text.contains(QStringLiteral("12345")));
        QVERIFY(text.contains(QStringLiteral("2026-11-27")));
        QCOMPARE(rendered.qrPayloads().value(0), r.queryPayload.toUtf8());
        // The query code is printed and travels in the QR code: scanning it back gives number and code.
        QVERIFY2(text.contains(QStringLiteral("查询码：04817263")), qPrintable(text));
        const CaseReference scanned = caseReferenceFromScan(QString::fromUtf8(rendered.qrPayloads().value(0)));
        QCOMPARE(scanned.number, r.localNo);
        QCOMPARE(scanned.queryCode, r.queryCode);
        QVERIFY(scanned.isLocalNo());
        QCOMPARE(caseReferenceFromScan(r.localNo).number, r.localNo);
        QVERIFY(caseReferenceFromScan(r.localNo).queryCode.isEmpty());
        // Without a URL template: "<number>/<code>"; a code that is not 8 digits is dropped.
        const QString bare = receiptQueryPayload(QString(), r.localNo, r.queryCode);
        QCOMPARE(bare, r.localNo + QStringLiteral("/04817263"));
        QCOMPARE(caseReferenceFromScan(bare).queryCode, r.queryCode);
        QVERIFY(caseReferenceFromScan(r.localNo + QStringLiteral("/1234")).queryCode.isEmpty());
        // A template that places the code itself.
        QCOMPARE(receiptQueryPayload(QStringLiteral("https://x.gov.cn/p/{no}?c={code}"), r.localNo, r.queryCode),
                 QStringLiteral("https://x.gov.cn/p/%1?c=04817263").arg(r.localNo));
        QVERIFY(caseReferenceFromScan(QStringLiteral("not a number!")).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestApplication)
#include "test_application.moc"
