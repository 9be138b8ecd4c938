// The citizen's flows end to end: the kiosk's real services and widgets (offscreen) driven as a citizen would,
// with kiosk-devsim (ID-card reader, QR scanner, receipt printer over ptys) and platform-sandbox (HTTPS with client
// certificates) as separate processes. Asserted: what the platform received after decrypting, what the receipt
// printer printed, and that a submission made offline arrives exactly once when the network returns.
#include <QDirIterator>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

#include "app/audit/audit_log.h"
#include "app/logging/log_setup.h"
#include "app/maintenance/maintenance_backend.h"
#include "integration/e2e/e2e_kiosk.h"
#include "ui/screens/services/progress_screen.h"

#include <sqlite3.h>

using namespace kiosk;
using e2e::findVisible;
using e2e::Kiosk;

namespace {

// Where a canary occurs in the files under `dirs`, in UTF-8, UTF-16LE and base64 (at each of the three alignments a
// string can have inside base64); empty when nowhere.
QStringList canaryHits(const QStringList &dirs, const QStringList &canaries)
{
    QList<std::pair<QString, QByteArray>> needles;
    for (const QString &c : canaries) {
        const QByteArray utf8 = c.toUtf8();
        needles.append({c + QStringLiteral(" (utf-8)"), utf8});
        needles.append(
            {c + QStringLiteral(" (utf-16le)"), QByteArray(reinterpret_cast<const char *>(c.utf16()), c.size() * 2)});
        for (int k = 0; k < 3; ++k) {
            const QByteArray enc = (QByteArray(k, 'x') + utf8).toBase64();
            const int first = (k + 2) / 3, last = (k + utf8.size()) / 3 - 1; // triplets made of canary bytes only
            if (last >= first)
                needles.append({c + QStringLiteral(" (base64+%1)").arg(k), enc.mid(4 * first, 4 * (last - first + 1))});
        }
    }
    QStringList hits;
    for (const QString &dir : dirs) {
        QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            QFile f(path);
            if (!f.open(QIODevice::ReadOnly))
                continue;
            const QByteArray bytes = f.readAll();
            for (const auto &n : needles) {
                if (bytes.contains(n.second))
                    hits << path + QStringLiteral(": ") + n.first;
            }
        }
    }
    return hits;
}

// How many sealed copies of acknowledged submissions (envelopes, blobs no unacknowledged one shares) the queue database
// still holds; -1 when it cannot be read. A read-only connection of its own, closed at once, so it never holds back the
// purge's checkpoint.
int storedSealedCopies(const QString &database)
{
    sqlite3 *db = nullptr;
    int n = -1;
    if (sqlite3_open_v2(database.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_busy_timeout(db, 2000);
        sqlite3_stmt *st = nullptr;
        if (sqlite3_prepare_v2(db,
                               "SELECT (SELECT COUNT(*) FROM submissions WHERE state = 'acked' AND envelope IS NOT "
                               "NULL) + (SELECT COUNT(*) FROM blobs WHERE sealed IS NOT NULL AND sha256 NOT IN (SELECT "
                               "sb.sha256 FROM submission_blobs sb JOIN submissions s ON s.id = sb.submission_id "
                               "WHERE s.state != 'acked'))",
                               -1, &st, nullptr) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW)
            n = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return n;
}

} // namespace

class TestE2eCitizenFlows : public QObject, public e2e::CitizenE2e
{
    Q_OBJECT

    QStringList privacyDirs() const
    {
        return {tmp_.filePath(QStringLiteral("kiosk-data")), tmp_.filePath(QStringLiteral("tmp"))};
    }
    // The card's name and number (resources/simulator/cards.json "resident"), the typed phone, the bank account.
    static QStringList canaries()
    {
        return {QStringLiteral("张三"), QStringLiteral("440106199003071231"), QStringLiteral("13800138000"),
                QStringLiteral("6222020200112345678")};
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
        // Everything the kiosk writes goes where the privacy scan looks: its data folder, its logs (with debug
        // output on, the most talkative it gets) and the temporary folder.
        QDir().mkpath(tmp_.filePath(QStringLiteral("tmp")));
        qputenv("TMPDIR", tmp_.filePath(QStringLiteral("tmp")).toLocal8Bit());
        app::LogSettings logs;
        logs.dir = tmp_.filePath(QStringLiteral("kiosk-data/logs"));
        logs.filterRules = QStringLiteral("kiosk.*.debug=true");
        logs.alsoStderr = false;
        app::installLogging(logs);
        pki_ = tmp_.filePath(QStringLiteral("pki"));
        QString why = test::makeDemoPki(pki_);
        QVERIFY2(why.isEmpty(), qPrintable(why));
        why = sandbox_.start(pki_);
        QVERIFY2(why.isEmpty(), qPrintable(why));
        platformUrl_ = QStringLiteral("https://localhost:%1").arg(sandbox_.port());
        // The demo's face material, made the way the demo makes it: a clip of one face for the camera, and the same
        // face as the photo of the resident test card.
        QProcess clips;
        clips.setProcessChannelMode(QProcess::MergedChannels);
        clips.start(QStringLiteral("bash"), {qEnvironmentVariable("KIOSK_SOURCE_DIR") + "/packaging/make-face-clips.sh",
                                             tmp_.filePath(QStringLiteral("face"))});
        QVERIFY(clips.waitForFinished(120000));
        QVERIFY2(clips.exitCode() == 0, clips.readAll().constData());
        faceClip_ = tmp_.filePath(QStringLiteral("face/face_same.mp4"));
        QVERIFY(QFile::copy(tmp_.filePath(QStringLiteral("face/face_card.png")),
                            tmp_.filePath(QStringLiteral("face_card.png"))));
        QFile cards(qEnvironmentVariable("KIOSK_SOURCE_DIR") + "/resources/simulator/cards.json");
        QVERIFY(cards.open(QIODevice::ReadOnly));
        QByteArray catalogue = cards.readAll();
        catalogue.replace("\"id\": \"resident\",", "\"id\": \"resident\", \"photo\": \"face_card.png\",");
        QFile demoCards(tmp_.filePath(QStringLiteral("cards.json")));
        QVERIFY(demoCards.open(QIODevice::WriteOnly));
        demoCards.write(catalogue);
        demoCards.close();

        QDir().mkpath(tmp_.filePath(QStringLiteral("devsim")));
        QVERIFY2(sim_.start(tmp_.filePath(QStringLiteral("devsim")),
                            {QStringLiteral("--fast"), QStringLiteral("--cards"), demoCards.fileName()}),
                 qPrintable(sim_.errorString()));
    }

    void applyWithCard_online_platformReceivesItSealedAndTheReceiptCarriesTheCaseNumber()
    {
        auto k = makeKiosk(tmp_.filePath(QStringLiteral("kiosk-data")), platformUrl_);
        QVERIFY(k);
        QTRY_VERIFY_WITH_TIMEOUT(k->submissions->readiness().ok(), 10000); // the platform key arrived
        // GD-RS-001: 社会保障卡申领 (form with a choice, the photo required).
        const QString localNo = applyWithCard(*k, QStringLiteral("GD-RS-001"), false, true);
        QVERIFY2(localNo.startsWith(QStringLiteral("GD-DEV-0001-")), qPrintable(localNo));

        // The platform: exactly one submission, which it opened: the card's identity, the typed phone, the photo.
        QJsonObject sub;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (const QJsonValue v : sandboxSubmissions())
                    if (v.toObject().value("local_no").toString() == localNo)
                        sub = v.toObject();
                return !sub.isEmpty();
            }(),
            15000);
        const QJsonObject payload = sub.value("payload").toObject();
        QCOMPARE(payload.value("applicant").toObject().value("id_number").toString(),
                 QStringLiteral("440106199003071231"));
        QCOMPARE(payload.value("applicant").toObject().value("verified_by").toString(), QStringLiteral("card"));
        QCOMPARE(payload.value("applicant").toObject().value("sex").toString(), QStringLiteral("1")); // GB/T 2261.1
        QCOMPARE(payload.value("form").toObject().value("phone").toString(), QStringLiteral("13800138000"));
        QCOMPARE(payload.value("form").toObject().value("sex").toString(), QStringLiteral("1"));
        QCOMPARE(payload.value("delivery").toObject().value("method").toString(), QStringLiteral("pickup"));
        QCOMPARE(payload.value("channel").toString(), QStringLiteral("kiosk"));
        bool photo = false;
        for (const QJsonValue m : payload.value("materials").toArray())
            photo = photo || (m.toObject().value("material_id") == QLatin1String("photo") &&
                              m.toObject().value("pages").toArray().size() == 1);
        QVERIFY(photo);
        QVERIFY(!sub.value("blobs").toArray().isEmpty()); // the pages went as blobs: the loop checks something
        for (const QJsonValue b : sub.value("blobs").toArray())
            QVERIFY(b.toObject().value("opens").toBool());

        // The receipt printer printed the local number, the masked name and the case number; its QR leads back.
        const QJsonObject receipt = waitForReceipt(localNo);
        QVERIFY2(!receipt.isEmpty(), "no receipt with the local number");
        const QString text = receipt.value("text").toVariant().toStringList().join('\n');
        QVERIFY(text.contains(QStringLiteral("张*")));
        QVERIFY(!text.contains(QStringLiteral("张三")));
        QVERIFY2(text.contains(sub.value("case_no").toString()), qPrintable(text));
        QVERIFY(receipt.value("qr").toArray().first().toString().contains(localNo));
        // The query code: 8 digits made when the citizen confirmed, sealed in the payload, printed and in the QR.
        const QString code = payload.value("query_code").toString();
        QVERIFY2(app::isQueryCode(code), qPrintable(code));
        QVERIFY2(text.contains(QStringLiteral("查询码：") + code), qPrintable(text));
        QCOMPARE(app::caseReferenceFromScan(receipt.value("qr").toArray().first().toString()).queryCode, code);
        QVERIFY(QFileInfo(receipt.value("png").toString()).size() > 0);
        QTRY_VERIFY_WITH_TIMEOUT(findVisible<QLabel>(k->window.get(), QStringLiteral("receiptStatus")) &&
                                     findVisible<QLabel>(k->window.get(), QStringLiteral("receiptStatus"))
                                         ->text()
                                         .contains(QStringLiteral("已打印")),
                                 10000);
        // This kiosk has no A4 printer in its configuration: no A4 acceptance notice is offered.
        QVERIFY(!k->window->findChild<QPushButton *>(QStringLiteral("printAcceptanceNotice")) ||
                !findVisible<QPushButton>(k->window.get(), QStringLiteral("printAcceptanceNotice")));

        // Rating: queued like a submission, received by the platform with the case number.
        QVERIFY(click(*k, QStringLiteral("rateService")));
        QVERIFY(click(*k, QStringLiteral("score_2")));
        QVERIFY(click(*k, QStringLiteral("reason_slow")));
        QVERIFY(click(*k, QStringLiteral("submitRating")));
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const test::Response r = sandbox_.control("GET", "/control/evaluations");
                for (const QJsonValue v : r.json().value("evaluations").toArray()) {
                    const QJsonObject e = v.toObject().value("evaluation").toObject();
                    if (e.value("case_no").toString() == sub.value("case_no").toString() &&
                        e.value("score").toInt() == 2 && e.value("query_code").toString() == code)
                        return true;
                }
                return false;
            }(),
            15000);
        // The session ends by itself after the thank-you: the next citizen starts clean.
        QTRY_VERIFY_WITH_TIMEOUT(k->session->stage() == app::KioskSession::Stage::Attract, 10000);
    }

    void applyOffline_isAcceptedQueuedAndArrivesExactlyOnceWhenTheNetworkReturns()
    {
        // First online once, so the kiosk holds the platform key; then the platform is unreachable.
        const QString dataDir = tmp_.filePath(QStringLiteral("kiosk-data")); // one kiosk, one queue
        {
            auto k = makeKiosk(dataDir, platformUrl_);
            QVERIFY(k);
            QTRY_VERIFY_WITH_TIMEOUT(k->submissions->readiness().ok(), 10000);
        }
        QTcpServer closed; // a port nobody answers on: connection refused
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const quint16 deadPort = closed.serverPort();
        closed.close();
        auto k = makeKiosk(dataDir, QStringLiteral("https://localhost:%1").arg(deadPort));
        QVERIFY(k);
        QVERIFY(k->submissions->readiness().ok()); // the cached key: accepting while offline
        // An item with a 容缺-tolerable material, applied while offline, owing that material.
        QString itemCode;
        for (const app::ServiceItem &it : k->catalogue->catalogue()->items()) {
            bool tolerable = false;
            for (const app::ItemMaterial &m : it.materials)
                tolerable = tolerable || (m.tolerable && m.required && !m.shared);
            if (tolerable && !it.faceRequired && itemCode.isEmpty())
                itemCode = it.code;
        }
        QVERIFY(!itemCode.isEmpty());
        const int before = sandboxSubmissions().size();
        const QString localNo = applyWithCard(*k, itemCode, true, true);
        QVERIFY2(localNo.startsWith(QStringLiteral("GD-DEV-0001-")), qPrintable(localNo));
        const QJsonObject receipt = waitForReceipt(localNo);
        QVERIFY(!receipt.isEmpty());
        const QString text = receipt.value("text").toVariant().toStringList().join('\n');
        QVERIFY2(text.contains(QStringLiteral("排队")), qPrintable(text)); // "queued, sent when online"
        QVERIFY(text.contains(QStringLiteral("补交")));                    // what is owed under 容缺
        QCOMPARE(sandboxSubmissions().size(), before);
        // While queued: nothing of the citizen in clear anywhere the kiosk writes.
        const QStringList queuedHits = canaryHits(privacyDirs(), canaries());
        QVERIFY2(queuedHits.isEmpty(), qPrintable(queuedHits.join('\n')));
        k->session->finish();
        k.reset();

        // The network returns: the same data folder, the platform reachable again.
        auto back = makeKiosk(dataDir, platformUrl_);
        QVERIFY(back);
        QJsonObject sub;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                int n = 0;
                for (const QJsonValue v : sandboxSubmissions()) {
                    if (v.toObject().value("local_no").toString() == localNo) {
                        sub = v.toObject();
                        ++n;
                    }
                }
                return n == 1;
            }(),
            20000);
        bool tolerated = false;
        for (const QJsonValue m : sub.value("payload").toObject().value("materials").toArray())
            tolerated = tolerated || m.toObject().value("status") == QLatin1String("tolerated");
        QVERIFY(tolerated);
        QTest::qWait(1000);
        int copies = 0;
        for (const QJsonValue v : sandboxSubmissions())
            copies += v.toObject().value("local_no").toString() == localNo ? 1 : 0;
        QCOMPARE(copies, 1);
    }

    void progressQuery_byReceiptNumber_showsThePlatformsTimeline()
    {
        auto k = makeKiosk(tmp_.filePath(QStringLiteral("kiosk-data")), platformUrl_);
        QVERIFY(k);
        const QJsonArray subs = sandboxSubmissions();
        QVERIFY(!subs.isEmpty());
        const QJsonObject sub = subs.first().toObject();
        const QString localNo = sub.value("local_no").toString();
        const QString caseNo = sub.value("case_no").toString();
        const QString code = sub.value("payload").toObject().value("query_code").toString();
        QVERIFY(app::isQueryCode(code));
        k->session->begin();
        k->session->navigate(QStringLiteral("progress"));
        auto *p = qobject_cast<ui::ProgressScreen *>(k->window->currentScreen());
        QVERIFY(p);
        // As scanned from the receipt's QR code: number and code.
        sim_.command(
            {{"cmd", "scan_qr"}, {"payload", "https://example.gov.cn/progress?no=" + localNo + "&code=" + code}});
        QTRY_VERIFY_WITH_TIMEOUT(p->resultText().contains(caseNo), 10000);
        QVERIFY(p->resultText().contains(QStringLiteral("办理过程")));

        // Typed: the case number without the code asks for the code (and sends nothing).
        auto *codeField = findVisible<QLineEdit>(k->window.get(), QStringLiteral("progressCode"));
        QVERIFY(codeField);
        const qint64 before = sandbox_.control("GET", "/control/requests").json().value("last_seq").toInteger();
        p->lookUp(caseNo);
        QVERIFY2(p->resultText().contains(QStringLiteral("查询码")), qPrintable(p->resultText()));
        QVERIFY(!p->resultText().contains(QStringLiteral("办理过程")));
        // A wrong code: the platform answers 404, and the citizen is told "not found: check number and code".
        QString wrong = code;
        wrong[0] = wrong[0] == QLatin1Char('9') ? QLatin1Char('0') : QChar(wrong[0].unicode() + 1);
        codeField->setText(wrong);
        p->lookUp(caseNo);
        QTRY_VERIFY_WITH_TIMEOUT(p->resultText().contains(QStringLiteral("没有查到")), 10000);
        QVERIFY2(!p->resultText().contains(QStringLiteral("连不上")), qPrintable(p->resultText()));
        QVERIFY(!p->resultText().contains(QStringLiteral("办理过程")));
        p->lookUp(localNo); // by local number: this kiosk sent it, so a 404 is a wrong code, not "still queued"
        QTRY_VERIFY_WITH_TIMEOUT(p->resultText().contains(QStringLiteral("没有查到")), 10000);
        // The right code typed: found.
        codeField->setText(code);
        p->lookUp(caseNo);
        QTRY_VERIFY_WITH_TIMEOUT(p->resultText().contains(QStringLiteral("办理过程")), 10000);
        QVERIFY(p->resultText().contains(caseNo));
        // The sandbox saw lookups only with a code (the code-less one never left the kiosk).
        const QJsonArray requests = sandbox_.control("GET", "/control/requests?since=" + QByteArray::number(before))
                                        .json()
                                        .value("requests")
                                        .toArray();
        int lookups404 = 0;
        for (const QJsonValue v : requests) {
            const QJsonObject r = v.toObject();
            if (r.value("path").toString().startsWith(QLatin1String("/v1/cases")) && r.value("status").toInt() == 404)
                ++lookups404;
        }
        QCOMPARE(lookups404, 2);
    }

    void ratingRefusedByThePlatform_isADeadLetterOnTheOutboxPage_andInTheAuditChain()
    {
        auto k = makeKiosk(tmp_.filePath(QStringLiteral("kiosk-data")), platformUrl_);
        QVERIFY(k);
        QVERIFY(k->services->maintenanceBackend);
        const QJsonObject sub = sandboxSubmissions().first().toObject();
        const QString caseNo = sub.value("case_no").toString();
        const QString code = sub.value("payload").toObject().value("query_code").toString();
        k->session->begin();
        k->session->navigate(QStringLiteral("progress"));
        auto *p = qobject_cast<ui::ProgressScreen *>(k->window->currentScreen());
        QVERIFY(p);
        p->lookUp(caseNo + QLatin1Char('/') + code);
        QTRY_VERIFY_WITH_TIMEOUT(p->resultText().contains(QStringLiteral("办理过程")), 10000);
        // The platform refuses the next evaluation (422); the citizen is thanked, the kiosk keeps it for a technician.
        QCOMPARE(sandbox_
                     .control("POST", "/control/faults",
                              QJsonObject{
                                  {"fault", QJsonObject{{"endpoint", "evaluations"}, {"status", 422}, {"count", 1}}}})
                     .status,
                 200);
        k->session->navigate(QStringLiteral("rate"));
        QVERIFY(click(*k, QStringLiteral("score_4")));
        QVERIFY(click(*k, QStringLiteral("submitRating")));
        app::MaintenanceProviders providers = k->services->maintenanceBackend->providers();
        QList<app::DeadLetter> dead;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                bool answered = false;
                providers.deadLetters([&](QList<app::DeadLetter> d) {
                    dead = d;
                    answered = true;
                });
                QElapsedTimer t;
                t.start();
                while (!answered && t.elapsed() < 5000)
                    QTest::qWait(20);
                for (const app::DeadLetter &d : dead)
                    if (d.kind == app::DeadLetter::Kind::Evaluation && d.localNo == caseNo)
                        return true;
                return false;
            }(),
            20000);
        bool audited = false;
        const auto tail = k->services->auditLog.log->tail(50);
        QVERIFY(tail.isOk());
        for (const app::AuditRecord &r : tail.value)
            audited = audited || r.kind == QLatin1String("evaluation.dead");
        QVERIFY(audited);
        // The technician puts it back: sent again (the fault is used up), the platform has it, no dead letter left.
        QString deadId;
        for (const app::DeadLetter &d : dead)
            if (d.kind == app::DeadLetter::Kind::Evaluation)
                deadId = d.id;
        bool retried = false;
        providers.retryDead(deadId, [&](QString error) {
            QVERIFY2(error.isEmpty(), qPrintable(error));
            retried = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(retried, 5000);
        k->sync->syncNow();
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (const QJsonValue v :
                     sandbox_.control("GET", "/control/evaluations").json().value("evaluations").toArray())
                    if (v.toObject().value("evaluation").toObject().value("id").toString() == deadId)
                        return true;
                return false;
            }(),
            15000);
        k->session->finish();
    }

    void applyWithFace_theCardHoldersFaceIsVerified_andTheConsentRecordReachesThePlatform()
    {
        auto k = makeKiosk(tmp_.filePath(QStringLiteral("kiosk-data")), platformUrl_);
        QVERIFY(k);
        QVERIFY2(k->face->available(), "face models or camera missing (packaging/fetch-models.sh)");
        QTRY_VERIFY_WITH_TIMEOUT(k->submissions->readiness().ok(), 10000);
        QString itemCode;
        for (const app::ServiceItem &it : k->catalogue->catalogue()->items()) {
            if (it.faceRequired && itemCode.isEmpty())
                itemCode = it.code;
        }
        const QString localNo = applyWithCard(*k, itemCode, true, true);
        QVERIFY2(localNo.startsWith(QStringLiteral("GD-DEV-0001-")), qPrintable(localNo));
        QJsonObject sub;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (const QJsonValue v : sandboxSubmissions())
                    if (v.toObject().value("local_no").toString() == localNo)
                        sub = v.toObject();
                return !sub.isEmpty();
            }(),
            15000);
        const QJsonObject payload = sub.value("payload").toObject();
        QCOMPARE(payload.value("applicant").toObject().value("verified_by").toString(), QStringLiteral("face"));
        const QJsonObject consent = payload.value("consent").toObject();
        QCOMPARE(consent.value("decision").toString(), QStringLiteral("agree"));
        QCOMPARE(consent.value("method_used").toString(), QStringLiteral("face"));
        QVERIFY(!consent.value("text_sha256").toString().isEmpty());
        // No image of the face went to the platform: the blobs are exactly the material pages and the signature the
        // payload names (also when that is none at all: then no blob went), none of them the face.
        QStringList named;
        for (const QJsonValue m : payload.value("materials").toArray())
            for (const QJsonValue page : m.toObject().value("pages").toArray())
                named << page.toString();
        const QString signature = payload.value("commitment").toObject().value("signature_blob").toString();
        if (!signature.isEmpty())
            named << signature;
        QStringList sent;
        for (const QJsonValue b : sub.value("blobs").toArray()) {
            QVERIFY(b.toObject().value("material_id").toString() != QLatin1String("face"));
            sent << b.toObject().value("sha256").toString();
        }
        named.sort();
        sent.sort();
        QCOMPARE(sent, named);
        k->session->finish();
    }

    void privacy_afterAcknowledgementAndPurge_noCanaryInDataLogsOrTemp()
    {
        // Reopen the kiosk once more: the retention purge erases acknowledged sealed copies and truncates the WAL.
        auto k = makeKiosk(tmp_.filePath(QStringLiteral("kiosk-data")), platformUrl_);
        QVERIFY(k);
        QTRY_VERIFY_WITH_TIMEOUT(k->sync->status().pending == 0, 15000);
        // purge_after_s=1: wait for the purge itself (no sealed copy left in the database), not a fixed time.
        const QString queueDb = tmp_.filePath(QStringLiteral("kiosk-data/queue.sqlite"));
        QVERIFY2(QFileInfo::exists(queueDb), qPrintable(queueDb));
        QTRY_COMPARE_WITH_TIMEOUT(storedSealedCopies(queueDb), 0, 30000);
        // One more pass over the queue after the purge (it completes a WAL checkpoint a reader held back).
        const quint64 passes = k->sync->status().passes;
        k->sync->syncNow();
        QTRY_VERIFY_WITH_TIMEOUT(k->sync->status().passes > passes, 10000);
        k.reset();
        app::shutdownLogging();
        QVERIFY(QDir(tmp_.filePath(QStringLiteral("kiosk-data/logs"))).entryList(QDir::Files).size() > 0);
        const QStringList hits = canaryHits(privacyDirs(), canaries());
        QVERIFY2(hits.isEmpty(), qPrintable(hits.join('\n')));
        // The scan covered the metrics file of those visits (kiosk-data/metrics/kiosk.prom), not an empty folder.
        QFile metrics(tmp_.filePath(QStringLiteral("kiosk-data/metrics/kiosk.prom")));
        QVERIFY2(metrics.open(QIODevice::ReadOnly), qPrintable(metrics.fileName()));
        QVERIFY(metrics.readAll().contains("\nkiosk_submissions_acknowledged_total "));

        // The scan itself finds what it looks for: a planted file in each encoding is reported.
        const QString probeDir = tmp_.filePath(QStringLiteral("probe"));
        QDir().mkpath(probeDir);
        const QString name = QStringLiteral("张三");
        const QList<QByteArray> planted{
            "x" + name.toUtf8() + "y", QByteArray(reinterpret_cast<const char *>(name.utf16()), name.size() * 2),
            ("{\"n\":\"" + name.toUtf8() + "\"}").toBase64(), ("ab" + name.toUtf8() + "cd").toBase64()};
        for (int i = 0; i < planted.size(); ++i) {
            QFile f(probeDir + QStringLiteral("/p%1").arg(i));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(planted[i]);
            f.close();
            QVERIFY2(!canaryHits({probeDir}, {name}).isEmpty(), qPrintable(QStringLiteral("probe %1 missed").arg(i)));
            QFile::remove(f.fileName());
        }
    }
};

QTEST_MAIN(TestE2eCitizenFlows)
#include "test_e2e_citizen_flows.moc"
