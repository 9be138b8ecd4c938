// A hostile platform's texts are shown as text, never as rich text: markup (<b>, <img src="file:///etc/passwd">,
// <a href>) put into every catalogue text (item, department and life-event names, material names, form labels and
// choices, fees, conditions, basis, commitment text), into a case's timeline note and into the citizen's document
// titles and issuers reaches the kiosk from platform-sandbox as a separate process, and each label that shows it
// has textFormat PlainText and holds the markup literally; the one rich-text label (the guide's body, HTML the kiosk
// builds itself) holds it escaped.
#include <QJsonDocument>
#include <QTest>

#include "integration/e2e/e2e_kiosk.h"
#include "ui/screens/services/progress_screen.h"

using namespace kiosk;
using e2e::findVisible;
using e2e::Kiosk;

namespace {

// What a compromised server would send: bold, a local file as an image, a link.
const QString kMarkup =
    QStringLiteral("<b>B</b><img src=\"file:///etc/passwd\"><a href=\"https://evil.invalid/\">A</a>");

// Puts kMarkup in front of every text a person reads: each localised string ({"zh_CN", "zh_HK", "en"}) and the
// item's plain strings, leaving codes, ids and values alone.
QJsonValue poisoned(const QJsonValue &v, const QString &key = {})
{
    static const QStringList texts = {QStringLiteral("zh_CN"), QStringLiteral("zh_HK"),      QStringLiteral("en"),
                                      QStringLiteral("fee"),   QStringLiteral("conditions"), QStringLiteral("basis"),
                                      QStringLiteral("text")};
    if (v.isString())
        return texts.contains(key) ? QJsonValue(kMarkup + v.toString()) : v;
    if (v.isArray()) {
        QJsonArray out;
        for (const QJsonValue e : v.toArray())
            out.append(poisoned(e));
        return out;
    }
    if (v.isObject()) {
        QJsonObject out;
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            out.insert(it.key(), poisoned(it.value(), it.key()));
        return out;
    }
    return v;
}

} // namespace

class TestE2eServerMarkup : public QObject, public e2e::CitizenE2e
{
    Q_OBJECT

    // Every label of the window (every screen built so far, shown or not) that holds the markup: plain text, or, for
    // a rich-text label, only escaped. Returns how many labels show it literally; `where` names the step.
    int checkLabels(Kiosk &k, const QString &where)
    {
        QCoreApplication::processEvents();
        int literal = 0;
        for (QLabel *l : k.window->findChildren<QLabel *>()) {
            const QString name = where + QLatin1Char(' ') + l->objectName() + QLatin1Char(' ') +
                                 QString::fromLatin1(l->parentWidget()->metaObject()->className());
            if (l->text().contains(kMarkup)) {
                if (l->textFormat() != Qt::PlainText) {
                    qWarning().noquote() << "not plain text:" << name << l->textFormat() << l->text().left(120);
                    return -1;
                }
                ++literal;
            }
            if (l->textFormat() != Qt::PlainText && l->text().contains(QStringLiteral("<img"))) {
                qWarning().noquote() << "markup in a rich-text label:" << name;
                return -1;
            }
        }
        return literal;
    }

private slots:
    void initTestCase()
    {
        QString why = makePki();
        QVERIFY2(why.isEmpty(), qPrintable(why));
        const QString src = QStringLiteral(KIOSK_TEST_SOURCE_DIR);
        const QString catalogue = tmp_.filePath(QStringLiteral("catalogue.json"));
        const QString identities = tmp_.filePath(QStringLiteral("identities.json"));
        {
            const QJsonObject cat =
                QJsonDocument::fromJson(test::readFile(src + "/resources/catalogue/catalogue.json")).object();
            QFile f(catalogue);
            QVERIFY(f.open(QIODevice::WriteOnly));
            // A newer version than the bundled sample's: the kiosk adopts an equal one only if it comes last.
            // Every other item (and the one the walk applies for): the markup in every text of all 139 items would
            // make the answer larger than the contract's 1 MiB, which the kiosk refuses before reading it.
            QJsonObject hostile = poisoned(cat).toObject();
            QJsonArray items;
            const QJsonArray plainItems = cat.value("items").toArray();
            const QJsonArray hostileItems = hostile.value("items").toArray();
            for (int i = 0; i < plainItems.size(); ++i) {
                const bool poison =
                    i % 2 == 0 || plainItems.at(i).toObject().value("code") == QLatin1String("GD-RS-001");
                items.append(poison ? hostileItems.at(i) : plainItems.at(i));
            }
            hostile.insert("items", items);
            hostile.insert("version", cat.value("version").toInteger() + 1);
            f.write(QJsonDocument(hostile).toJson(QJsonDocument::Compact)); // within the contract's 1 MiB
            // The citizen's documents: titles and issuers from the platform.
            QJsonObject ids =
                QJsonDocument::fromJson(test::readFile(src + "/offline_queue/sandbox/demo_identities.json")).object();
            QJsonArray codes;
            for (const QJsonValue c : ids.value("codes").toArray()) {
                QJsonObject code = c.toObject();
                QJsonArray docs;
                for (const QJsonValue d : code.value("documents").toArray()) {
                    QJsonObject doc = d.toObject();
                    doc.insert("title", kMarkup + doc.value("title").toString());
                    doc.insert("issuer", kMarkup + doc.value("issuer").toString());
                    docs.append(doc);
                }
                code.insert("documents", docs);
                codes.append(code);
            }
            ids.insert("codes", codes);
            QFile g(identities);
            QVERIFY(g.open(QIODevice::WriteOnly));
            g.write(QJsonDocument(ids).toJson());
        }
        why = sandbox_.start(pki_, {QStringLiteral("--catalogue"), catalogue, QStringLiteral("--identities"),
                                    identities, QStringLiteral("--advance-seconds"), QStringLiteral("0")});
        QVERIFY2(why.isEmpty(), qPrintable(why));
        platformUrl_ = QStringLiteral("https://localhost:%1").arg(sandbox_.port());
        QDir().mkpath(tmp_.filePath(QStringLiteral("devsim")));
        QVERIFY2(sim_.start(tmp_.filePath(QStringLiteral("devsim")), {QStringLiteral("--fast")}),
                 qPrintable(sim_.errorString()));
    }

    void everyServerText_isShownAsPlainText()
    {
        auto k = makeKiosk(tmp_.filePath(QStringLiteral("kiosk-data")), platformUrl_);
        QVERIFY(k);
        // The platform's catalogue replaces the bundled one.
        const QString code = QStringLiteral("GD-RS-001");
        QTRY_VERIFY_WITH_TIMEOUT(k->catalogue->catalogue() && k->catalogue->catalogue()->item(code) &&
                                     k->catalogue->catalogue()->item(code)->name.in("zh_CN").startsWith(kMarkup),
                                 20000);
        QTRY_VERIFY_WITH_TIMEOUT(k->submissions->readiness().ok(), 10000);

        // Home, the catalogue's tiles and the item's guide.
        k->session->begin();
        QVERIFY(checkLabels(*k, QStringLiteral("home")) >= 0);
        k->session->navigate(QStringLiteral("apply"));
        QVERIFY(checkLabels(*k, QStringLiteral("apply")) >= 0);
        // Browse by life event (the groups are buttons, which draw plain text), then a group's item tiles (labels).
        QVERIFY(click(*k, QStringLiteral("browse_1")));
        QPushButton *group = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (QPushButton *b : win(*k)->findChildren<QPushButton *>()) {
                    if (!group && b->isVisible() && b->objectName().startsWith(QStringLiteral("group_")))
                        group = b;
                }
                return group != nullptr;
            }(),
            5000);
        QVERIFY2(group->text().startsWith(kMarkup), qPrintable(group->text()));
        group->click();
        QVERIFY2(checkLabels(*k, QStringLiteral("tiles")) > 0, "the item tiles do not show the platform's names");
        app::VisitState::of(k->session)->selectItem(code);
        k->session->navigate(QStringLiteral("guide"));
        QVERIFY2(checkLabels(*k, QStringLiteral("guide")) > 0, "the guide does not show the platform's texts");
        auto *body = findVisible<QLabel>(win(*k), QStringLiteral("guideBody"));
        QVERIFY(body);
        QCOMPARE(body->textFormat(), Qt::RichText); // HTML the kiosk builds, every platform text escaped in it
        QVERIFY(body->text().contains(kMarkup.toHtmlEscaped()));
        QVERIFY(!body->text().contains(QStringLiteral("<img")));

        // The whole application: identification, form (labels, choices), materials, delivery, review, receipt.
        k->session->finish();
        const QString localNo = applyWithCard(*k, code, false, true);
        QVERIFY2(localNo.startsWith(QStringLiteral("GD-DEV-0001-")), qPrintable(localNo));
        QVERIFY2(checkLabels(*k, QStringLiteral("application")) > 0, "the application's screens show no platform text");

        // A case whose timeline note is markup.
        QString caseNo, queryCode;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (const QJsonValue v : sandboxSubmissions())
                    if (v.toObject().value("local_no").toString() == localNo) {
                        caseNo = v.toObject().value("case_no").toString();
                        queryCode = v.toObject().value("payload").toObject().value("query_code").toString();
                    }
                return !caseNo.isEmpty();
            }(),
            15000);
        const test::Response r =
            sandbox_.control("POST", "/control/cases/status",
                             QJsonObject{{"case_no", caseNo}, {"status", "in_review"}, {"note", kMarkup + "审查"}});
        QVERIFY2(r.status == 200, qPrintable(r.describe()));
        k->session->finish();
        k->session->begin();
        k->session->navigate(QStringLiteral("progress"));
        auto *p = qobject_cast<ui::ProgressScreen *>(k->window->currentScreen());
        QVERIFY(p);
        // The receipt's QR: the number and its query code.
        sim_.command(
            {{"cmd", "scan_qr"}, {"payload", "https://example.gov.cn/progress?no=" + localNo + "&code=" + queryCode}});
        QTRY_VERIFY_WITH_TIMEOUT(p->resultText().contains(kMarkup + "审查"), 10000);
        QVERIFY2(checkLabels(*k, QStringLiteral("progress")) > 0, "the timeline does not show the note");

        // The citizen's documents (self-print): titles and issuers on the buttons, which draw plain text.
        k->session->finish();
        k->session->begin();
        k->session->navigate(QStringLiteral("selfprint"));
        sim_.command({{"cmd", "scan_qr"}, {"payload", "YSS-DEMO-0001"}});
        QAbstractButton *doc = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT(
            (doc = findVisible<QAbstractButton>(win(*k), QStringLiteral("document_DOC-0001-SOCIAL"))) != nullptr,
            10000);
        QVERIFY(doc->text().contains(kMarkup));
        QVERIFY(checkLabels(*k, QStringLiteral("selfprint")) >= 0);
        k->session->finish();
    }
};

QTEST_MAIN(TestE2eServerMarkup)
#include "test_e2e_server_markup.moc"
