// More of the citizen's flows end to end, on the shared fixture (e2e_kiosk.h: real services and widgets offscreen,
// kiosk-devsim and platform-sandbox as separate processes): applying with the 粤省事 code, applying as an agent
// (委托办理) while the network is down and its sync exactly once afterwards, the progress query by 粤省事 code, and
// A4 printing through a real cupsd (cups-pdf): self-print of a platform document, the guide's one-time notification
// sheet and the A4 acceptance notice. Asserted: what the platform received after decrypting, what the receipt printer
// printed, and the PDFs CUPS printed (page counts). The A4 parts skip with the reason where no cupsd can be used.
#include <QDirIterator>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

#include "integration/cups_support.h"
#include "integration/e2e/e2e_kiosk.h"
#include "ui/screens/identify/identify_screen.h"
#include "ui/screens/services/progress_screen.h"
#include "ui/screens/services/self_print_screen.h"

using namespace kiosk;
using e2e::findVisible;
using e2e::Kiosk;

namespace {

const QString kA4Queue = QStringLiteral("KIOSK_E2E_A4");
// The applicant of the agent test (the principal: resources/simulator/cards.json "resident_long_term") as the test
// platform knows her: a 粤省事 code of hers for the progress query.
const QString kPrincipalCode = QStringLiteral("YSS-TEST-WANGFANG");
const QString kPrincipalId = QStringLiteral("440304195811020029");
const QString kAgentId = QStringLiteral("440106199003071231"); // "resident", 张三

} // namespace

class TestE2eIdentityAndPrint : public QObject, public e2e::CitizenE2e
{
    Q_OBJECT

    QString cupsSkip_;  // why A4 printing cannot be tested here; empty when it can
    QString pdfOutDir_; // where cups-pdf writes
    QStringList printedFiles_;
    QString agentCaseNo_;

    // One kiosk, one queue: every kiosk of this file uses the same data folder (local numbers are never reused).
    QString dataDir() const { return tmp_.filePath(QStringLiteral("kiosk-data")); }

    QJsonObject submission(const QString &localNo, int *copies = nullptr)
    {
        QJsonObject found;
        int n = 0;
        for (const QJsonValue v : sandboxSubmissions()) {
            if (v.toObject().value("local_no").toString() == localNo) {
                found = v.toObject();
                ++n;
            }
        }
        if (copies)
            *copies = n;
        return found;
    }

    // The PDF cups-pdf wrote for a job whose title contains `titlePart`, newer than `since`.
    QString waitForCupsPdf(const QString &titlePart, const QDateTime &since)
    {
        QString found;
        (void)QTest::qWaitFor(
            [&] {
                QDirIterator it(pdfOutDir_, {QStringLiteral("*%1*.pdf").arg(titlePart)}, QDir::Files);
                while (it.hasNext()) {
                    const QString f = it.next();
                    if (QFileInfo(f).lastModified() >= since)
                        found = f;
                }
                return !found.isEmpty();
            },
            30000);
        if (!found.isEmpty())
            printedFiles_ << found;
        return found;
    }

    bool waitForLabel(Kiosk &k, const QString &name, const QString &part, int ms = 30000)
    {
        return QTest::qWaitFor(
            [&] {
                auto *l = findVisible<QLabel>(k.window.get(), name);
                return l && l->text().contains(part);
            },
            ms);
    }

    // The window as a PNG in <build>/screenshots, for people to look at (lists only the platform can fill).
    static void screenshot(Kiosk &k, const QString &name)
    {
        QString dir = qEnvironmentVariable("KIOSK_SCREENSHOT_DIR");
        if (dir.isEmpty())
            dir = qEnvironmentVariable("KIOSK_BINARY_DIR", QDir::tempPath()) + QStringLiteral("/screenshots");
        QDir().mkpath(dir);
        QTest::qWait(50);
        k.window->grab().save(dir + QStringLiteral("/e2e-") + name + QStringLiteral(".png"));
    }

    QString labelText(Kiosk &k, const QString &name)
    {
        auto *l = findVisible<QLabel>(k.window.get(), name);
        return l ? l->text() : QStringLiteral("(no %1)").arg(name);
    }

private slots:
    // Every flow conforms to platform-api.md as the sandbox's own checker reads it.
    void cleanup()
    {
        const QString deviations = sandbox_.newDeviations();
        QVERIFY2(deviations.isEmpty(), qPrintable(deviations));
    }

    void initTestCase()
    {
        QVERIFY(tmp_.isValid());
        pki_ = tmp_.filePath(QStringLiteral("pki"));
        QString why = test::makeDemoPki(pki_);
        QVERIFY2(why.isEmpty(), qPrintable(why));
        // The sandbox's demo 粤省事 codes, plus one for the principal of the agent test.
        QJsonObject ids =
            QJsonDocument::fromJson(test::readFile(test::sourceDir() + "/offline_queue/sandbox/demo_identities.json"))
                .object();
        QJsonArray codes = ids.value("codes").toArray();
        QVERIFY(!codes.isEmpty());
        codes.append(QJsonObject{{"code", kPrincipalCode},
                                 {"name", QStringLiteral("王芳")},
                                 {"id_type", "resident"},
                                 {"id_number", kPrincipalId},
                                 {"documents", QJsonArray()}});
        ids.insert("codes", codes);
        QFile idFile(tmp_.filePath(QStringLiteral("identities.json")));
        QVERIFY(idFile.open(QIODevice::WriteOnly));
        idFile.write(QJsonDocument(ids).toJson());
        idFile.close();
        why = sandbox_.start(pki_, {QStringLiteral("--identities"), idFile.fileName()});
        QVERIFY2(why.isEmpty(), qPrintable(why));
        platformUrl_ = QStringLiteral("https://localhost:%1").arg(sandbox_.port());
        QDir().mkpath(tmp_.filePath(QStringLiteral("devsim")));
        QVERIFY2(sim_.start(tmp_.filePath(QStringLiteral("devsim")), {QStringLiteral("--fast")}),
                 qPrintable(sim_.errorString()));

        // A4: a cups-pdf queue of our own, when this machine lets us make one.
        cupsSkip_ = test::cupsUnavailableReason();
        if (cupsSkip_.isEmpty()) {
            test::run(QStringLiteral("lpadmin"), {QStringLiteral("-x"), kA4Queue});
            const test::Run r = test::run(QStringLiteral("lpadmin"),
                                          {QStringLiteral("-p"), kA4Queue, QStringLiteral("-E"), QStringLiteral("-v"),
                                           QStringLiteral("cups-pdf:/"), QStringLiteral("-P"), test::kCupsPdfPpd});
            if (r.exitCode != 0)
                cupsSkip_ = QStringLiteral("lpadmin failed: ") + r.out;
        }
        if (cupsSkip_.isEmpty()) {
            a4Queue_ = kA4Queue;
            pdfOutDir_ = test::cupsPdfOutputDir();
        } else {
            qWarning("A4 parts skipped: %s", qPrintable(cupsSkip_));
        }
    }

    void cleanupTestCase()
    {
        if (!a4Queue_.isEmpty()) {
            test::run(QStringLiteral("cancel"), {QStringLiteral("-a"), a4Queue_});
            test::run(QStringLiteral("lpadmin"), {QStringLiteral("-x"), a4Queue_});
        }
        const QByteArray keep = qgetenv("KIOSK_TEST_KEEP_OUTPUT"); // a folder to copy the printed PDFs to
        for (const QString &f : std::as_const(printedFiles_)) {
            if (!keep.isEmpty())
                QFile::copy(f, QDir(QString::fromLocal8Bit(keep)).filePath(QFileInfo(f).fileName()));
            QFile::remove(f);
        }
    }

    void applyWithQrCode_theTokenIdentifiesTheApplicant_andAnA4NoticeCanBePrinted()
    {
        auto k = makeKiosk(dataDir(), platformUrl_);
        QVERIFY(k);
        QTRY_VERIFY_WITH_TIMEOUT(k->submissions->readiness().ok() && k->platform->isOnline(), 10000);
        // GD-RS-013 就业创业证申领: no face step, the form typed (a 粤省事 check gives masked data only).
        const QString itemCode = QStringLiteral("GD-RS-013");
        QVERIFY(openIdentification(*k, itemCode));
        auto *qr = findVisible<QPushButton>(k->window.get(), QStringLiteral("useQrCode"));
        QVERIFY(qr && qr->isEnabled()); // online: offered
        QVERIFY(click(*k, QStringLiteral("useQrCode")));
        sim_.command({{"cmd", "scan_qr"}, {"payload", "YSS-DEMO-0004"}});
        QTRY_VERIFY_WITH_TIMEOUT(findVisible<QPushButton>(k->window.get(), QStringLiteral("identifyNext")), 10000);
        auto *identify = qobject_cast<ui::IdentifyScreen *>(k->window->currentScreen());
        QVERIFY(identify && identify->statusText().contains(QStringLiteral("张*")));
        QVERIFY(!identify->statusText().contains(QStringLiteral("张三")));
        QVERIFY(click(*k, QStringLiteral("identifyNext")));
        const QString localNo = completeApplication(*k, itemCode, false, true);
        QVERIFY2(localNo.startsWith(QStringLiteral("GD-DEV-0001-")), qPrintable(localNo));

        // The platform opened it: the applicant is the 粤省事 identity (its token stands for the person).
        QJsonObject sub;
        QTRY_VERIFY_WITH_TIMEOUT(!(sub = submission(localNo)).isEmpty(), 15000);
        const QJsonObject payload = sub.value("payload").toObject();
        const QJsonObject applicant = payload.value("applicant").toObject();
        QCOMPARE(applicant.value("id_type").toString(), QStringLiteral("qr"));
        QCOMPARE(applicant.value("verified_by").toString(), QStringLiteral("qr"));
        QVERIFY(!applicant.value("id_number").toString().isEmpty());
        QVERIFY(!applicant.value("id_number").toString().contains(QStringLiteral("440106"))); // a token, not an ID
        QCOMPARE(applicant.value("name").toString(), QStringLiteral("张*"));
        QVERIFY(payload.value("agent").isNull());
        QVERIFY(payload.value("principal_authorisation").isNull());
        QCOMPARE(payload.value("form").toObject().value("phone").toString(), QStringLiteral("13800138000"));
        QVERIFY(!sub.value("blobs").toArray().isEmpty());
        for (const QJsonValue b : sub.value("blobs").toArray())
            QVERIFY(b.toObject().value("opens").toBool());

        // The receipt: local and case number, the masked name.
        const QJsonObject receipt = waitForReceipt(localNo);
        QVERIFY2(!receipt.isEmpty(), "no receipt with the local number");
        const QString text = receipt.value("text").toVariant().toStringList().join('\n');
        QVERIFY2(text.contains(QStringLiteral("申请人：张*")), qPrintable(text));
        QVERIFY2(text.contains(sub.value("case_no").toString()), qPrintable(text));
        QVERIFY(!text.contains(QStringLiteral("代办人")));

        // The optional A4 acceptance notice, through CUPS.
        auto *notice = findVisible<QPushButton>(k->window.get(), QStringLiteral("printAcceptanceNotice"));
        if (!cupsSkip_.isEmpty()) {
            QVERIFY(!notice); // no A4 printer: not offered
            k->session->finish();
            // Reported as a skip, not a pass: CI fails on it unless tests/skip-allowlist.txt names it with a reason.
            QSKIP(qPrintable(QStringLiteral("A4 notice not printed: ") + cupsSkip_));
        }
        QVERIFY(notice);
        const QDateTime before = QDateTime::currentDateTime().addSecs(-1);
        QVERIFY(click(*k, QStringLiteral("printAcceptanceNotice")));
        QVERIFY2(waitForLabel(*k, QStringLiteral("printAcceptanceNoticeStatus"), QStringLiteral("已打印"), 60000),
                 qPrintable(labelText(*k, QStringLiteral("printAcceptanceNoticeStatus"))));
        const QString pdf = waitForCupsPdf(QStringLiteral("notice"), before);
        QVERIFY2(!pdf.isEmpty(), qPrintable(pdfOutDir_));
        QCOMPARE(test::pdfPages(pdf), 1);
        k->session->finish();
    }

    void applyAsAgent_whileOffline_isQueued_andArrivesOnceWithAgentPrincipalAndLetter()
    {
        {
            auto k = makeKiosk(dataDir(), platformUrl_); // once online: the platform key
            QVERIFY(k);
            QTRY_VERIFY_WITH_TIMEOUT(k->submissions->readiness().ok(), 10000);
        }
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const quint16 deadPort = closed.serverPort();
        closed.close();
        auto k = makeKiosk(dataDir(), QStringLiteral("https://localhost:%1").arg(deadPort));
        QVERIFY(k);
        QVERIFY(k->submissions->readiness().ok());
        QVERIFY(!k->platform->isOnline());

        // GD-RS-001 社会保障卡申领 allows an agent. Offline, the 粤省事 code is not offered, and the screen says why.
        const QString itemCode = QStringLiteral("GD-RS-001");
        QVERIFY(openIdentification(*k, itemCode));
        auto *qr = findVisible<QPushButton>(k->window.get(), QStringLiteral("useQrCode"));
        QVERIFY(qr && !qr->isEnabled());
        bool saysNetwork = false;
        for (QLabel *l : k->window->currentScreen()->findChildren<QLabel *>())
            saysNetwork = saysNetwork || (l->isVisible() && l->text().contains(QStringLiteral("粤省事码需要联网")));
        QVERIFY(saysNetwork);
        screenshot(*k, QStringLiteral("identify-offline"));

        // The agent's card, "I act for someone", then the principal's card.
        QObject *reader = k->services->devices.device(drivers::DeviceKind::IdCardReader);
        QVERIFY(reader);
        QSignalSpy removed(reader, SIGNAL(cardRemoved()));
        QVERIFY(removed.isValid());
        QVERIFY(presentCard(*k, QStringLiteral("resident"), QStringLiteral("actAsAgent")));
        QVERIFY(click(*k, QStringLiteral("actAsAgent")));
        // The reader reports a card once until one of its polls (every 1 s) finds none: the agent takes the card
        // away before the principal's goes on, as at a real reader. Wait for that poll, not for a fixed time.
        QTRY_VERIFY_WITH_TIMEOUT(removed.count() >= 1, 10000);
        QVERIFY(presentCard(*k, QStringLiteral("resident_long_term"), QStringLiteral("identifyNext")));
        auto *identify = qobject_cast<ui::IdentifyScreen *>(k->window->currentScreen());
        QVERIFY(identify && identify->statusText().contains(QStringLiteral("委托人：王*")));
        QVERIFY(click(*k, QStringLiteral("identifyNext")));
        const QString localNo = completeApplication(*k, itemCode, false, true);
        QVERIFY2(localNo.startsWith(QStringLiteral("GD-DEV-0001-")), qPrintable(localNo));

        // The receipt: queued; the applicant is the principal, the agent is named (both masked).
        const QJsonObject receipt = waitForReceipt(localNo);
        QVERIFY(!receipt.isEmpty());
        const QString text = receipt.value("text").toVariant().toStringList().join('\n');
        QVERIFY2(text.contains(QStringLiteral("排队")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("申请人：王*")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("代办人：张*")), qPrintable(text));
        QVERIFY(!text.contains(QStringLiteral("王芳")) && !text.contains(QStringLiteral("张三")));
        QVERIFY(submission(localNo).isEmpty());
        k->session->finish();
        k.reset();

        // The network returns: exactly one copy, with agent, principal and the letter.
        auto back = makeKiosk(dataDir(), platformUrl_);
        QVERIFY(back);
        int copies = 0;
        QJsonObject sub;
        QTRY_VERIFY_WITH_TIMEOUT(!(sub = submission(localNo, &copies)).isEmpty(), 20000);
        const QJsonObject payload = sub.value("payload").toObject();
        QCOMPARE(payload.value("applicant").toObject().value("id_number").toString(), kPrincipalId);
        QCOMPARE(payload.value("applicant").toObject().value("name").toString(), QStringLiteral("王芳"));
        QCOMPARE(payload.value("agent").toObject().value("id_number").toString(), kAgentId);
        QCOMPARE(payload.value("agent").toObject().value("verified_by").toString(), QStringLiteral("card"));
        QCOMPARE(payload.value("form").toObject().value("sex").toString(), QStringLiteral("2")); // the principal's card
        const QJsonArray letter = payload.value("principal_authorisation").toArray();
        QCOMPARE(letter.size(), 1);
        bool letterOpens = false;
        for (const QJsonValue b : sub.value("blobs").toArray()) {
            const QJsonObject blob = b.toObject();
            QVERIFY(blob.value("opens").toBool());
            letterOpens = letterOpens || (blob.value("sha256") == letter.first() &&
                                          blob.value("material_id") == QLatin1String("authorisation_letter"));
        }
        QVERIFY2(letterOpens, qPrintable(QJsonDocument(sub.value("blobs").toArray()).toJson()));
        QTest::qWait(1000);
        submission(localNo, &copies);
        QCOMPARE(copies, 1);
        agentCaseNo_ = sub.value("case_no").toString();
    }

    void progressQuery_byQrCode_listsTheCitizensCases_andOpensTheTimeline()
    {
        QVERIFY2(!agentCaseNo_.isEmpty(), "needs the agent test's case");
        auto k = makeKiosk(dataDir(), platformUrl_);
        QVERIFY(k);
        QTRY_VERIFY_WITH_TIMEOUT(k->platform->isOnline(), 10000);
        k->session->begin();
        k->session->navigate(QStringLiteral("progress"));
        auto *p = qobject_cast<ui::ProgressScreen *>(k->window->currentScreen());
        QVERIFY(p);
        QVERIFY(click(*k, QStringLiteral("progressByQr")));
        sim_.command({{"cmd", "scan_qr"}, {"payload", kPrincipalCode}});
        // The principal's cases: the one her agent applied for is among them.
        const QString caseButton = QStringLiteral("case_") + agentCaseNo_;
        QTRY_VERIFY_WITH_TIMEOUT(findVisible<QPushButton>(k->window.get(), caseButton), 10000);
        screenshot(*k, QStringLiteral("progress-cases"));
        // Each case's button is named by its item, case number and status (three cases, three names).
        QVERIFY2(findVisible<QPushButton>(k->window.get(), caseButton)->accessibleName().contains(agentCaseNo_),
                 qPrintable(findVisible<QPushButton>(k->window.get(), caseButton)->accessibleName()));
        QVERIFY(click(*k, caseButton));
        // The summary the list holds, at once (no lookup: the timeline needs the receipt's query code).
        QVERIFY2(p->resultText().contains(agentCaseNo_), qPrintable(p->resultText()));
        QVERIFY(p->resultText().contains(QStringLiteral("当前状态")));
        QVERIFY(p->resultText().contains(QStringLiteral("查询码")));
        QString code;
        for (const QJsonValue v : sandbox_.control("GET", "/control/submissions").json().value("submissions").toArray())
            if (v.toObject().value("case_no").toString() == agentCaseNo_)
                code = v.toObject().value("payload").toObject().value("query_code").toString();
        QVERIFY(app::isQueryCode(code));
        auto *codeField = findVisible<QLineEdit>(k->window.get(), QStringLiteral("progressCode"));
        QVERIFY(codeField);
        codeField->setText(code);
        QVERIFY(click(*k, QStringLiteral("progressSearch")));
        QTRY_VERIFY_WITH_TIMEOUT(p->resultText().contains(QStringLiteral("办理过程")), 10000);
        QVERIFY(p->resultText().contains(agentCaseNo_));
        k->session->finish();
    }

    void selfPrint_qrIdentity_listsTheDocuments_andCupsPrintsTheChosenOne()
    {
        if (!cupsSkip_.isEmpty())
            QSKIP(qPrintable(cupsSkip_));
        auto k = makeKiosk(dataDir(), platformUrl_);
        QVERIFY(k);
        QTRY_VERIFY_WITH_TIMEOUT(k->platform->isOnline(), 10000);
        k->session->begin();
        k->session->navigate(QStringLiteral("selfprint"));
        auto *s = qobject_cast<ui::SelfPrintScreen *>(k->window->currentScreen());
        QVERIFY(s);
        sim_.command({{"cmd", "scan_qr"}, {"payload", "YSS-DEMO-0001"}});
        // The platform's documents of this citizen: the two-page social insurance record is printed.
        const QString doc = QStringLiteral("document_DOC-0001-SOCIAL");
        QTRY_VERIFY_WITH_TIMEOUT(findVisible<QPushButton>(k->window.get(), doc), 10000);
        QVERIFY(findVisible<QPushButton>(k->window.get(), QStringLiteral("document_DOC-0001-HUKOU")));
        screenshot(*k, QStringLiteral("selfprint-documents"));
        const QDateTime before = QDateTime::currentDateTime().addSecs(-1);
        QVERIFY(click(*k, doc));
        QTRY_VERIFY_WITH_TIMEOUT(s->statusText().contains(QStringLiteral("打印完成")), 60000);
        const QString pdf = waitForCupsPdf(QStringLiteral("self-print"), before);
        QVERIFY2(!pdf.isEmpty(), qPrintable(pdfOutDir_));
        QCOMPARE(test::pdfPages(pdf), 2);
        // The job's title in CUPS names no citizen and no document.
        QVERIFY(!QFileInfo(pdf).fileName().contains(QStringLiteral("SOCIAL")));
        k->session->finish();
    }

    void guidePrintButton_printsTheOneTimeNotificationSheetOnA4()
    {
        if (!cupsSkip_.isEmpty())
            QSKIP(qPrintable(cupsSkip_));
        auto k = makeKiosk(dataDir(), platformUrl_);
        QVERIFY(k);
        k->session->begin();
        k->session->navigate(QStringLiteral("apply"));
        app::VisitState::of(k->session)->selectItem(QStringLiteral("GD-RS-001"));
        k->session->navigate(QStringLiteral("guide"));
        const QDateTime before = QDateTime::currentDateTime().addSecs(-1);
        QVERIFY(click(*k, QStringLiteral("printGuide")));
        QVERIFY2(waitForLabel(*k, QStringLiteral("printGuideStatus"), QStringLiteral("已打印"), 60000),
                 qPrintable(labelText(*k, QStringLiteral("printGuideStatus"))));
        const QString pdf = waitForCupsPdf(QStringLiteral("notification"), before);
        QVERIFY2(!pdf.isEmpty(), qPrintable(pdfOutDir_));
        QVERIFY(test::pdfPages(pdf) >= 1);
        k->session->finish();
    }
};

QTEST_MAIN(TestE2eIdentityAndPrint)
#include "test_e2e_identity_and_print.moc"
