// Specification of the decisions the application screens used to make themselves and app/application now makes:
// who the payload's applicant and agent are (and `verified_by`), the receipt and its promised date in China's time
// zone, the 告知承诺's text version and hash, the delivery rules, the form's rule while typing, page turns that land
// only on the page version they started from, and a submission queued behind a queue database still opening.
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include "app/application/draft.h"
#include "app/application/evaluation.h"
#include "app/application/form_rules.h"
#include "app/application/peripherals.h"
#include "app/application/submission_service.h"
#include "app/application/visit_state.h"
#include "app/catalogue/catalogue.h"
#include "app/session/clock.h"
#include "app/session/kiosk_session.h"
#include "app/session/service_availability.h"
#include "offline_queue/outbox.h"
#include "offline_queue/storage/store.h"

using namespace kiosk;
using namespace kiosk::app;

namespace {

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

Identity person(const QString &name, const QString &number)
{
    Identity id;
    id.idType = QStringLiteral("resident");
    id.idNumber = number;
    id.name = name;
    id.sex = QStringLiteral("male");
    id.birthDate = QDate(1990, 1, 1);
    id.address = QStringLiteral("广州市天河区金丝雀路1号");
    id.verifiedBy = QStringLiteral("card"); // how the identity was read
    return id;
}

Identity canary()
{
    return person(QStringLiteral("张金丝雀"), QStringLiteral("440106199001011235"));
}

ServiceItem sampleItem(const QString &code)
{
    Catalogue c;
    Catalogue::fromJson(readAll(qEnvironmentVariable("KIOSK_SOURCE_DIR") + "/resources/catalogue/catalogue.json"), &c);
    return c.item(code) ? *c.item(code) : ServiceItem();
}

MaterialPage jpegPage(int w, int h)
{
    QImage img(w, h, QImage::Format_Grayscale8);
    img.fill(200);
    return encodeCompactPage(img, PageEncoding::Jpeg);
}

// One visit of a running session, as the screens see it.
struct Visit {
    ManualClock clock;
    ServiceAvailability availability;
    KioskSession session{{}, &clock, &availability};
    VisitState *state = nullptr;
    Visit()
    {
        session.begin();
        state = VisitState::of(&session);
    }
};

} // namespace

class TestVisitDecisions : public QObject
{
    Q_OBJECT

    QTemporaryDir tmp_;
    QString pki_;

    SubmissionSettings settings(const QString &name) const
    {
        SubmissionSettings st;
        QDir().mkpath(tmp_.filePath(name));
        st.databasePath = tmp_.filePath(name + QStringLiteral("/queue.db"));
        st.kioskId = QStringLiteral("GD-DEV-0001");
        st.kioskKeyFile = pki_ + QStringLiteral("/kiosk.key");
        st.keyCacheFile = tmp_.filePath(name + QStringLiteral("/platform-key.json"));
        st.diskFloorBytes = 1024 * 1024;
        return st;
    }

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

    void parties_thePersonAtTheKioskIsTheApplicantAndFaceVerifiedOnlyWhenTheFaceMatched()
    {
        Visit v;
        QVERIFY(v.state);
        v.state->setApplicant(canary());
        VisitParties p = visitParties(*v.state);
        QCOMPARE(p.applicant.value("id_number").toString(), canary().idNumber);
        QCOMPARE(p.applicant.value("verified_by").toString(), QStringLiteral("card"));
        QVERIFY(p.agent.isNull());

        v.state->setFaceVerified(true);
        p = visitParties(*v.state);
        QCOMPARE(p.applicant.value("verified_by").toString(), QStringLiteral("face"));
        QVERIFY(p.agent.isNull());
    }

    void parties_anAgentIsTheVerifiedOneAndThePrincipalTheApplicant()
    {
        Visit v;
        v.state->setApplicant(canary());
        v.state->setAgentMode(true);
        const Identity principal = person(QStringLiteral("李委托"), QStringLiteral("44010619800101002X"));
        v.state->setPrincipal(principal);
        v.state->setFaceVerified(true);
        const VisitParties p = visitParties(*v.state);
        QCOMPARE(p.applicant.value("id_number").toString(), principal.idNumber);
        QCOMPARE(p.applicant.value("verified_by").toString(), QStringLiteral("card")); // not at the kiosk
        QVERIFY(p.agent.isObject());
        QCOMPARE(p.agent.toObject().value("id_number").toString(), canary().idNumber);
        QCOMPARE(p.agent.toObject().value("verified_by").toString(), QStringLiteral("face"));

        // The snapshot carries them, with the consent record and the pre-review's notes.
        v.state->draft().start(sampleItem(QStringLiteral("GD-RS-001")), principal);
        v.state->setConsent(QJsonObject{{"purpose", "face"}});
        ApplicationSnapshot s = visitSnapshot(*v.state);
        QCOMPARE(s.applicant.value("id_number").toString(), principal.idNumber);
        QCOMPARE(s.agent.toObject().value("id_number").toString(), canary().idNumber);
        QCOMPARE(s.consent.toObject().value("purpose").toString(), QStringLiteral("face"));
        QVERIFY(!s.prereview.isEmpty()); // the photo is missing
        s.wipe();
    }

    void promisedDate_isCountedFromTheCalendarDayInChina()
    {
        const QTimeZone shanghai(QByteArrayLiteral("Asia/Shanghai"));
        QVERIFY(shanghai.isValid());
        // Thursday 17:00 UTC is Friday 01:00 in Guangdong: one working day later is Monday, not Friday.
        const QDateTime thursdayUtc(QDate(2026, 11, 19), QTime(17, 0), Qt::UTC);
        QCOMPARE(promisedDate(thursdayUtc, 1, shanghai), QDate(2026, 11, 23));
        QCOMPARE(promisedDate(thursdayUtc, 1, QTimeZone::utc()), QDate(2026, 11, 20));
        QVERIFY(!promisedDate(thursdayUtc, 0, shanghai).isValid()); // no promised limit: no date
        QVERIFY(!promisedDate({}, 5, shanghai).isValid());
        QCOMPARE(ReceiptSettings().zone, shanghai); // the default
    }

    void receipt_namesTheItemMaskedPeopleWhatIsOwedAndTheOutcomesNumbers()
    {
        Visit v;
        v.state->setApplicant(canary());
        const ServiceItem item = sampleItem(QStringLiteral("GD-RS-017"));
        QVERIFY(item.promisedLimitDays > 0);
        v.state->draft().start(item, canary());
        QVERIFY(v.state->draft().setTolerated(QStringLiteral("household_register"), true));
        ReceiptSettings rs;
        rs.centreName = QStringLiteral("天河区政务服务中心");
        rs.hotline = QStringLiteral("12345");
        rs.queryUrl = QStringLiteral("https://example.gov.cn/q?no={no}");
        ReceiptData r = visitReceipt(*v.state, QStringLiteral("zh_CN"), rs);
        QCOMPARE(r.centreName, rs.centreName);
        QCOMPARE(r.itemCode, item.code);
        QCOMPARE(r.itemName, item.name.in(QStringLiteral("zh_CN")));
        QCOMPARE(r.maskedName, canary().maskedName());
        QVERIFY(!r.maskedName.contains(QStringLiteral("金丝雀")));
        QVERIFY(r.agentMaskedName.isEmpty());
        QCOMPARE(r.toleratedMaterials.size(), 1);
        QCOMPARE(r.promisedDays, item.promisedLimitDays);
        QVERIFY(!r.delivery.isEmpty());
        QVERIFY(r.localNo.isEmpty());

        SubmissionOutcome out;
        out.localNo = QStringLiteral("GD-DEV-0001-20261120-000007");
        out.queryCode = QStringLiteral("90210334");
        out.createdAt = QDateTime(QDate(2026, 11, 19), QTime(17, 0), Qt::UTC);
        completeReceipt(r, out, rs);
        QCOMPARE(r.localNo, out.localNo);
        QCOMPARE(r.createdAt, out.createdAt);
        QCOMPARE(r.promisedDate, addWorkingDays(QDate(2026, 11, 20), item.promisedLimitDays));
        QCOMPARE(r.queryCode, out.queryCode);
        QCOMPARE(r.queryPayload,
                 QStringLiteral("https://example.gov.cn/q?no=GD-DEV-0001-20261120-000007&code=90210334"));

        // Recorded: kept for reprinting, the draft's plaintext gone.
        v.state->recordSubmission(r);
        QVERIFY(v.state->receipt().has_value());
        QCOMPARE(v.state->receipt()->localNo, out.localNo);
        QVERIFY(!v.state->draft().isStarted());
    }

    void commitment_recordsTheItemsVersionAndTheHashOfTheTextShown()
    {
        Draft d;
        QVERIFY(!d.signCommitment(QStringLiteral("承诺"), QByteArray("png"))); // no draft
        const ServiceItem item = sampleItem(QStringLiteral("GD-RS-017"));
        d.start(item, canary());
        const QString text = item.commitmentText.in(QStringLiteral("zh_CN"));
        QVERIFY(!text.isEmpty());
        QVERIFY(!d.signCommitment(text, QByteArray())); // no signature
        QVERIFY(!d.signCommitment(QString(), QByteArray("png")));
        QVERIFY(!d.commitment());
        QVERIFY(d.signCommitment(text, QByteArray("\x89PNG-signature")));
        QVERIFY(d.commitment());
        QCOMPARE(d.commitment()->textVersion, QStringLiteral("%1@%2").arg(item.code).arg(item.version));
        QCOMPARE(d.commitment()->textSha256,
                 QString::fromLatin1(QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256).toHex()));
        QCOMPARE(d.commitment()->png, QByteArray("\x89PNG-signature"));
        // The English text shown is another text: another hash.
        QVERIFY(d.signCommitment(item.commitmentText.in(QStringLiteral("en")), QByteArray("png")));
        QVERIFY(d.commitment()->textSha256 !=
                QString::fromLatin1(QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256).toHex()));
    }

    void delivery_isRefusedWithoutMethodAddressForMailOrAPhone()
    {
        QVERIFY(checkDelivery(deliveryFromInput(QString(), QString(), QString())) == DeliveryProblem::NoMethod);
        QVERIFY(checkDelivery(deliveryFromInput(QStringLiteral("pickup"), QString(), QString())) ==
                DeliveryProblem::None); // the phone is optional for pickup
        QVERIFY(checkDelivery(deliveryFromInput(QStringLiteral("mail"), QStringLiteral("13800138000"),
                                                QStringLiteral("广州市"))) == DeliveryProblem::NoAddress);
        QVERIFY(checkDelivery(deliveryFromInput(QStringLiteral("mail"), QString(),
                                                QStringLiteral("广州市天河区金丝雀路1号"))) ==
                DeliveryProblem::BadPhone); // the post office calls
        QVERIFY(checkDelivery(deliveryFromInput(QStringLiteral("pickup"), QStringLiteral("123"), QString())) ==
                DeliveryProblem::BadPhone);
        const DeliveryChoice mail = deliveryFromInput(QStringLiteral("mail"), QStringLiteral("１３８００１３８０００"),
                                                      QStringLiteral("  广州市天河区金丝雀路1号 "));
        QVERIFY(checkDelivery(mail) == DeliveryProblem::None);
        QCOMPARE(mail.phone, QStringLiteral("13800138000")); // full-width digits normalised
        QCOMPARE(mail.address, QStringLiteral("广州市天河区金丝雀路1号"));
        QVERIFY(deliveryFromInput(QStringLiteral("pickup"), QString(), QStringLiteral("广州市天河区金丝雀路1号"))
                    .address.isEmpty()); // an address is kept only for mail

        // The step shows what was given before, or else the form's values.
        Draft d;
        d.start(sampleItem(QStringLiteral("GD-RS-001")), canary());
        d.setValue(QStringLiteral("phone"), QStringLiteral("13900139000"));
        QCOMPARE(d.deliveryWithDefaults().phone, QStringLiteral("13900139000"));
        d.setDelivery(mail);
        QCOMPARE(d.deliveryWithDefaults().phone, QStringLiteral("13800138000"));
    }

    void formWhileTyping_anUnfinishedValueIsNoErrorYetAWrongCharacterIs()
    {
        ItemField phone;
        phone.key = QStringLiteral("phone");
        phone.type = QStringLiteral("phone");
        phone.required = true;
        QCOMPARE(toString(checkFieldWhileTyping(phone, QString())), toString(FieldProblem::None));
        QCOMPARE(toString(checkField(phone, QString())), toString(FieldProblem::Required));
        QCOMPARE(toString(checkFieldWhileTyping(phone, QStringLiteral("138"))), toString(FieldProblem::None));
        QCOMPARE(toString(checkField(phone, QStringLiteral("138"))), toString(FieldProblem::BadPhone));
        QCOMPARE(toString(checkFieldWhileTyping(phone, QStringLiteral("12345678901"))),
                 toString(FieldProblem::BadPhone));
        ItemField number;
        number.key = QStringLiteral("n");
        number.type = QStringLiteral("number");
        QCOMPARE(toString(checkFieldWhileTyping(number, QStringLiteral("1a"))), toString(FieldProblem::BadNumber));
        ItemField idNumber;
        idNumber.key = QStringLiteral("id");
        idNumber.type = QStringLiteral("id_number");
        QCOMPARE(toString(checkFieldWhileTyping(idNumber, QStringLiteral("44010619900101123"))),
                 toString(FieldProblem::BadIdNumber));
        QCOMPARE(toString(checkFieldWhileTyping(idNumber, QStringLiteral("4401061990"))), toString(FieldProblem::None));
    }

    void stillMissing_asksForTheLetterOnlyWhenAnAgentApplies()
    {
        Draft d;
        QCOMPARE(d.stillMissing(false), QStringList{QStringLiteral("?")}); // not started: never complete
        d.start(sampleItem(QStringLiteral("GD-RS-001")), canary());
        QCOMPARE(d.stillMissing(false), QStringList{QStringLiteral("photo")});
        QVERIFY(d.addPage(QStringLiteral("photo"), jpegPage(8, 8)));
        QVERIFY(d.stillMissing(false).isEmpty());
        QCOMPARE(d.stillMissing(true), QStringList{QStringLiteral("authorisation_letter")});
        QVERIFY(d.addPage(QStringLiteral("authorisation_letter"), jpegPage(8, 8), true));
        QVERIFY(d.stillMissing(true).isEmpty());
    }

    void pageIds_anEditLandsOnlyOnTheVersionItStartedFrom()
    {
        Draft d;
        d.start(sampleItem(QStringLiteral("GD-RS-001")), canary());
        QVERIFY(d.addPage(QStringLiteral("photo"), jpegPage(8, 8)));
        QVERIFY(d.addPage(QStringLiteral("photo"), jpegPage(8, 8)));
        const quint64 first = d.pages(QStringLiteral("photo"))->at(0).id;
        const quint64 second = d.pages(QStringLiteral("photo"))->at(1).id;
        QVERIFY(first != 0 && second != 0 && first != second);
        QVERIFY(d.pageById(first));
        // A retake makes a new version: an edit begun on the old one is refused.
        QVERIFY(d.replacePage(QStringLiteral("photo"), 0, jpegPage(9, 9)));
        QVERIFY(!d.pageById(first));
        QVERIFY(!d.replacePageById(first, jpegPage(10, 10)));
        QCOMPARE(d.pages(QStringLiteral("photo"))->at(0).width, 9);
        // Deleting the first page moves the second to index 0: its id still finds it (an index would not).
        QVERIFY(d.removePage(QStringLiteral("photo"), 0));
        QVERIFY(d.replacePageById(second, jpegPage(12, 12)));
        QCOMPARE(d.pages(QStringLiteral("photo"))->at(0).width, 12);
        QVERIFY(d.pages(QStringLiteral("photo"))->at(0).id != second);
        QVERIFY(!d.replacePageById(0, jpegPage(12, 12)));
    }

    void rotatePage_turnsOffTheGuiThreadAndAnswersBySignal()
    {
        CaptureService capture(nullptr, nullptr);
        Draft d;
        d.start(sampleItem(QStringLiteral("GD-RS-001")), canary());
        QVERIFY(d.addPage(QStringLiteral("photo"), jpegPage(40, 20)));
        const MaterialPage page = d.pages(QStringLiteral("photo"))->at(0);
        QVERIFY(!capture.rotatePage(MaterialPage())); // not a page of a draft
        QSignalSpy rotated(&capture, &CaptureService::pageRotated);
        QVERIFY(capture.rotatePage(page));
        QVERIFY(capture.rotating());
        QVERIFY(!capture.rotatePage(page)); // one turn at a time
        QVERIFY(rotated.isEmpty());         // the answer comes later, by signal
        QVERIFY(rotated.wait(10000));
        QVERIFY(!capture.rotating());
        QCOMPARE(rotated.first().at(0).value<quint64>(), page.id);
        const MaterialPage turned = rotated.first().at(1).value<MaterialPage>();
        QCOMPARE(turned.size(), QSize(20, 40));
        QVERIFY(d.replacePageById(page.id, turned));
        QCOMPARE(d.pages(QStringLiteral("photo"))->at(0).size(), QSize(20, 40));

        // A turn that comes back after the page was retaken changes nothing.
        const MaterialPage current = d.pages(QStringLiteral("photo"))->at(0);
        QVERIFY(capture.rotatePage(current));
        QVERIFY(d.replacePage(QStringLiteral("photo"), 0, jpegPage(30, 30)));
        QVERIFY(rotated.wait(10000));
        QVERIFY(!d.replacePageById(rotated.last().at(0).value<quint64>(), rotated.last().at(1).value<MaterialPage>()));
        QCOMPARE(d.pages(QStringLiteral("photo"))->at(0).size(), QSize(30, 30));
    }

    void submitVisit_refusesABlockedReviewAndOtherwiseAnswersWithTheReceipt()
    {
        SubmissionService service(settings(QStringLiteral("visit")));
        Visit v;
        v.state->setApplicant(canary());
        v.state->draft().start(sampleItem(QStringLiteral("GD-RS-001")), canary());
        ReceiptSettings rs;
        rs.centreName = QStringLiteral("天河区政务服务中心");
        QSignalSpy visitSubmitted(&service, &SubmissionService::visitSubmitted);

        // Started and not yet open: the submission waits behind the opening instead of anyone waiting for the disk.
        QSignalSpy opened(&service, &SubmissionService::opened);
        service.start();
        QVERIFY(service.isOpening() || service.isOpen());
        QVERIFY(v.state->draft().addPage(QStringLiteral("photo"), jpegPage(64, 64)));
        QVERIFY(service.submitVisit(*v.state, QStringLiteral("zh_CN"), rs).ok());
        QVERIFY(visitSubmitted.wait(10000));
        QCOMPARE(opened.size(), 1); // answered after the opening
        QVERIFY(opened.first().at(0).toBool());
        // No platform key yet: refused, no receipt; the draft is kept.
        auto out = visitSubmitted.first().at(0).value<SubmissionOutcome>();
        QCOMPARE(toString(out.problem), toString(SubmitProblem::NoPlatformKey));
        QVERIFY(visitSubmitted.first().at(1).value<ReceiptData>().localNo.isEmpty());
        QVERIFY(v.state->draft().isStarted());
        // Now open and not ready: told at once, nothing emitted.
        QCOMPARE(toString(service.submitVisit(*v.state, QStringLiteral("zh_CN"), rs).problem),
                 toString(SubmitProblem::NoPlatformKey));

        QSignalSpy ready(&service, &SubmissionService::readinessChanged);
        service.setPlatformKey(QString::fromUtf8(readAll(pki_ + "/submission.key_id")).trimmed(),
                               readAll(pki_ + "/submission.pub"));
        QVERIFY(ready.wait(10000));
        QVERIFY(service.readiness().ok());

        // A blocking pre-review finding keeps the application on the review.
        QVERIFY(v.state->draft().removePage(QStringLiteral("photo"), 0));
        QCOMPARE(toString(service.submitVisit(*v.state, QStringLiteral("zh_CN"), rs).problem),
                 toString(SubmitProblem::Blocked));
        QVERIFY(v.state->draft().addPage(QStringLiteral("photo"), jpegPage(64, 64)));

        visitSubmitted.clear();
        QVERIFY(service.submitVisit(*v.state, QStringLiteral("zh_CN"), rs).ok());
        QVERIFY(visitSubmitted.wait(10000));
        out = visitSubmitted.first().at(0).value<SubmissionOutcome>();
        QVERIFY2(out.ok(), qPrintable(out.detail));
        const ReceiptData r = visitSubmitted.first().at(1).value<ReceiptData>();
        QCOMPARE(r.localNo, out.localNo);
        QCOMPARE(r.centreName, rs.centreName);
        QCOMPARE(r.itemCode, QStringLiteral("GD-RS-001"));
        QCOMPARE(r.promisedDate, promisedDate(out.createdAt, 10, rs.zone));
        QCOMPARE(r.maskedName, canary().maskedName());
        service.stop();
    }

    void evaluation_reasonsTravelOnlyWithALowScore()
    {
        QVERIFY(evaluationAsksReasons(1));
        QVERIFY(evaluationAsksReasons(3));
        QVERIFY(!evaluationAsksReasons(4));
        QVERIFY(!evaluationAsksReasons(0));
        Evaluation e;
        e.localNo = QStringLiteral("GD-DEV-0001-20261120-000007");
        e.score = 2;
        e.reasons = {QStringLiteral("slow")};
        QCOMPARE(evaluationJson(e).value("reasons").toArray().size(), 1);
        e.score = 5; // reasons ticked before the citizen changed their mind
        e.id.clear();
        const QJsonObject o = evaluationJson(e);
        QVERIFY(!o.isEmpty());
        QVERIFY(o.value("reasons").toArray().isEmpty());
    }

    // [queue] max_age_days stops new applications while one waits too long for the network; a dead letter waits for
    // a technician instead, so one old dead letter must not stop them (issue 15).
    void submission_anOldDeadLetterDoesNotStopNewApplications()
    {
        SubmissionSettings st = settings(QStringLiteral("age"));
        st.maxQueueAgeDays = 7;
        Draft d;
        const Identity id = canary();
        d.start(sampleItem(QStringLiteral("GD-RS-001")), id);
        d.setValue(QStringLiteral("phone"), QStringLiteral("13800138000"));
        const auto submitOnce = [&](SubmissionService &service) {
            QSignalSpy submitted(&service, &SubmissionService::submitted);
            service.submit(d.snapshot(id.toPersonJson(), QJsonValue::Null));
            if (!submitted.wait(10000))
                return SubmissionOutcome{};
            return submitted.first().at(0).value<SubmissionOutcome>();
        };
        const auto startService = [&](SubmissionService &service, SubmitProblem expected = SubmitProblem::None) {
            service.start();
            QTRY_VERIFY_WITH_TIMEOUT(service.isOpen(), 10000);
            service.setPlatformKey(QString::fromUtf8(readAll(pki_ + "/submission.key_id")).trimmed(),
                                   readAll(pki_ + "/submission.pub"));
            QTRY_VERIFY_WITH_TIMEOUT(service.readiness().problem == expected, 10000);
        };
        {
            SubmissionService service(st);
            startService(service);
            const SubmissionOutcome first = submitOnce(service);
            QVERIFY2(first.ok(), qPrintable(first.detail));
            service.stop();
        }
        // That one was refused by the platform 30 days ago and parked as a dead letter.
        const auto setOldState = [&](const char *state) {
            auto opened = queue::Store::open(st.databasePath, queue::Outbox::migrations());
            QVERIFY(opened.isOk());
            queue::Statement u = opened.store->prepare("UPDATE submissions SET state = ?1, created_wall = ?2");
            u.bindText(1, QLatin1String(state));
            u.bindInt(2, QDateTime::currentDateTimeUtc().addDays(-30).toMSecsSinceEpoch());
            QVERIFY(u.step() == queue::Statement::Step::Done);
        };
        setOldState("dead");
        {
            SubmissionService service(st);
            startService(service);
            QVERIFY2(service.readiness().ok(), qPrintable(service.readiness().detail));
            const SubmissionOutcome next = submitOnce(service);
            QVERIFY2(next.ok(), qPrintable(next.detail));
            service.stop();
        }
        // The age limit itself still holds for what waits for the network: the same old item pending refuses.
        setOldState("pending");
        {
            SubmissionService service(st);
            startService(service, SubmitProblem::QueueTooOld);
            QVERIFY(submitOnce(service).problem == SubmitProblem::QueueTooOld);
            service.stop();
        }
    }

    // Citizens are asked not to write personal data in a comment; some do. Numbers that may be a phone or an ID
    // number are masked before the evaluation is stored or sent (issue 15); short numbers stay readable.
    void evaluation_commentMasksPhoneAndIdNumbers_data()
    {
        QTest::addColumn<QString>("comment");
        QTest::addColumn<QString>("stored");
        QTest::newRow("mobile") << QStringLiteral("请回电13800138000谢谢") << QStringLiteral("请回电***********谢谢");
        QTest::newRow("mobile with spaces")
            << QStringLiteral("电话 138 0013 8000") << QStringLiteral("电话 *** **** ****");
        QTest::newRow("landline with hyphen") << QStringLiteral("打020-83336666") << QStringLiteral("打***-********");
        QTest::newRow("ID number with X")
            << QStringLiteral("身份证44010619900101123X办不了") << QStringLiteral("身份证******************办不了");
        QTest::newRow("full-width digits")
            << QStringLiteral("手机１３８００１３８０００") << QStringLiteral("手机***********");
        QTest::newRow("short numbers stay")
            << QStringLiteral("等了30分钟，打12345热线，3号窗口") << QStringLiteral("等了30分钟，打12345热线，3号窗口");
    }
    void evaluation_commentMasksPhoneAndIdNumbers()
    {
        QFETCH(QString, comment);
        QFETCH(QString, stored);
        Evaluation e;
        e.localNo = QStringLiteral("GD-DEV-0001-20261120-000007");
        e.score = 2;
        e.comment = comment;
        const QJsonObject o = evaluationJson(e);
        QVERIFY(!o.isEmpty());
        QCOMPARE(o.value("comment").toString(), stored);
    }

    void start_doesNotWaitForTheDiskAndAnUnusableQueueIsReportedBySignal()
    {
        SubmissionSettings st = settings(QStringLiteral("bad"));
        QFile notAFolder(tmp_.filePath(QStringLiteral("bad/file")));
        QVERIFY(notAFolder.open(QIODevice::WriteOnly));
        notAFolder.close();
        st.databasePath = notAFolder.fileName() + QStringLiteral("/queue.db"); // its folder cannot exist
        SubmissionService service(st);
        QSignalSpy opened(&service, &SubmissionService::opened);
        service.start();
        QVERIFY(opened.isEmpty()); // the answer comes by signal, never from start() itself
        QVERIFY(opened.wait(10000));
        QVERIFY(!opened.first().at(0).toBool());
        QVERIFY(!opened.first().at(1).toString().isEmpty());
        QVERIFY(!service.isOpen());
        QCOMPARE(toString(service.readiness().problem), toString(SubmitProblem::NotReady));
        // Work sent afterwards is answered, not lost.
        QSignalSpy submitted(&service, &SubmissionService::submitted);
        service.submit(ApplicationSnapshot());
        QVERIFY(submitted.wait(10000));
        QCOMPARE(toString(submitted.first().at(0).value<SubmissionOutcome>().problem),
                 toString(SubmitProblem::NotReady));
    }
};

QTEST_GUILESS_MAIN(TestVisitDecisions)
#include "test_visit_decisions.moc"
