// The citizen's flows end to end: the kiosk's real services and widgets (offscreen) driven as a citizen would,
// with kiosk-devsim (ID-card reader, QR scanner, receipt printer over ptys) and platform-sandbox (HTTPS with client
// certificates) as separate processes. Asserted: what the platform received after decrypting, what the receipt
// printer printed, and that a submission made offline arrives exactly once when the network returns.
#include <QApplication>
#include <QDirIterator>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

#include <functional>
#include <memory>

#include "app/application/citizen_services.h"
#include "app/application/peripherals.h"
#include "app/application/submission_service.h"
#include "app/application/visit_state.h"
#include "app/catalogue/catalogue_service.h"
#include "app/consent/consent_gate.h"
#include "app/devices/device_config.h"
#include "app/devices/device_factories.h"
#include "app/identity/identity_service.h"
#include "app/logging/log_setup.h"
#include "app/platform/platform_service.h"
#include "app/receipts/receipt.h"
#include "app/session/clock.h"
#include "app/session/kiosk_session.h"
#include "app/session/service_availability.h"
#include "app/verification/face_engine.h"
#include "app/verification/face_step.h"
#include "drivers/camera/face_camera.h"
#include "drivers/code_scanner/code_scanner.h"
#include "drivers/device_manager.h"
#include "drivers/idcard/idcard_reader.h"
#include "drivers/receipt_printer/receipt_printer.h"
#include "drivers/simulators/devsim_client.h"
#include "integration/sandbox/sandbox_harness.h"
#include "offline_queue/sync_engine.h"
#include "ui/main_window.h"
#include "ui/screens/application_screens.h"
#include "ui/screens/face_screens.h"
#include "ui/screens/service_screens.h"
#include "ui/voice/voice_guide.h"
#include "ui/widgets/signature_pad.h"

using namespace kiosk;
using kiosk::drivers::simulators::DevSimClient;

namespace {

// One kiosk, composed as app/main.cpp composes it, against the simulators and the sandbox.
struct Kiosk {
    drivers::DeviceManager devices;
    app::SteadyClock clock;
    app::ServiceAvailability availability;
    std::unique_ptr<app::KioskSession> session;
    std::unique_ptr<app::CatalogueService> catalogue;
    std::unique_ptr<app::IdentityService> identity;
    std::unique_ptr<app::SubmissionService> submissions;
    std::unique_ptr<queue::SyncEngine> sync;
    std::unique_ptr<app::PlatformService> platform;
    std::unique_ptr<app::ReceiptService> receipts;
    std::unique_ptr<app::CodeInput> codes;
    std::unique_ptr<app::ConsentGate> consentGate;
    std::unique_ptr<app::FaceStep> face;
    std::unique_ptr<ui::VoiceGuide> voice;
    std::unique_ptr<ui::MainWindow> window;

    ~Kiosk()
    {
        window.reset();
        if (consentGate)
            consentGate->reset();
        if (platform)
            platform->stop();
        if (sync)
            sync->stop();
        if (submissions)
            submissions->stop();
    }
};

template <typename T> T *findVisible(QWidget *root, const QString &name)
{
    QCoreApplication::processEvents();
    for (T *w : root->findChildren<T *>(name)) {
        if (w->isVisible())
            return w;
    }
    return nullptr;
}

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

} // namespace

class TestE2eCitizenFlows : public QObject
{
    Q_OBJECT

    QTemporaryDir tmp_;
    QString pki_;
    test::SandboxProcess sandbox_;
    DevSimClient sim_;
    QString platformUrl_;
    QString faceClip_;

    std::unique_ptr<Kiosk> makeKiosk(const QString &dataDir, const QString &url)
    {
        auto k = std::make_unique<Kiosk>();
        const QString conf = tmp_.filePath(QStringLiteral("kiosk-%1.conf").arg(QFileInfo(dataDir).fileName()));
        {
            QFile f(conf);
            f.open(QIODevice::WriteOnly);
            f.write(QStringLiteral("[devices]\nsimulator_dir=%1\nidcard_reader.simulated=true\n"
                                   "receipt_printer.simulated=true\ncode_scanner.simulated=true\n"
                                   "document_printer.enabled=false\ndocument_scanner.enabled=false\n"
                                   "document_camera.enabled=false\nface_camera.file=%4\n"
                                   "[platform]\nurl=%2\nca_file=%3/ca.crt\nclient_cert=%3/kiosk.crt\n"
                                   "client_key=%3/kiosk.key\npins_file=%3/pins.txt\n"
                                   "[queue]\nbackoff_base_s=0.3\nbackoff_cap_s=1\npurge_after_s=1\n")
                        .arg(tmp_.filePath(QStringLiteral("devsim")), url, pki_, faceClip_)
                        .toUtf8());
        }
        QList<app::ConfigProblem> problems;
        app::registerDeviceFactories(&k->devices);
        k->devices.build(app::loadDeviceSpecs(conf, &problems));
        for (drivers::DeviceKind kind : k->devices.configuredKinds()) {
            QElapsedTimer t;
            t.start();
            while (k->devices.status(kind).state != drivers::DeviceState::Online && t.elapsed() < 8000)
                QTest::qWait(20);
        }
        QSettings ini(conf, QSettings::IniFormat);
        QStringList syncProblems;
        const queue::SyncSettings ss =
            queue::loadSyncSettings(ini, dataDir, QStringLiteral("GD-DEV-0001"), &syncProblems);
        app::SubmissionSettings st;
        st.databasePath = ss.databasePath;
        st.kioskId = QStringLiteral("GD-DEV-0001");
        st.kioskKeyFile = ss.clientKeyFile;
        st.keyCacheFile = dataDir + QStringLiteral("/platform-key.json");
        st.diskFloorBytes = 16 * 1024 * 1024;
        k->submissions = std::make_unique<app::SubmissionService>(st);
        if (!k->submissions->start())
            return nullptr;
        k->sync = std::make_unique<queue::SyncEngine>(ss);
        QObject::connect(k->submissions.get(), &app::SubmissionService::enqueued, k->sync.get(),
                         &queue::SyncEngine::enqueued);
        QObject::connect(k->sync.get(), &queue::SyncEngine::acknowledged, k->submissions.get(),
                         &app::SubmissionService::noteAcknowledged);
        k->sync->start();
        k->platform = std::make_unique<app::PlatformService>(ss.clientConfig());
        QObject::connect(k->platform.get(), &app::PlatformService::submissionKeyReceived, k->submissions.get(),
                         &app::SubmissionService::setPlatformKey);
        k->platform->start(500);

        app::SessionSettings sessionSettings;
        k->session = std::make_unique<app::KioskSession>(sessionSettings, &k->clock, &k->availability);
        k->catalogue = std::make_unique<app::CatalogueService>();
        k->catalogue->loadFile(QStringLiteral(":/catalogue/catalogue.json"));
        QElapsedTimer loading;
        loading.start();
        while (!k->catalogue->catalogue() && loading.elapsed() < 10000)
            QTest::qWait(20);
        k->identity = std::make_unique<app::IdentityService>(
            k->session.get(),
            qobject_cast<drivers::idcard::IdCardReader *>(k->devices.device(drivers::DeviceKind::IdCardReader)));
        k->receipts = std::make_unique<app::ReceiptService>(
            qobject_cast<drivers::escpos::ReceiptPrinter *>(k->devices.device(drivers::DeviceKind::ReceiptPrinter)));
        k->codes = std::make_unique<app::CodeInput>(
            qobject_cast<drivers::codescanner::CodeScanner *>(k->devices.device(drivers::DeviceKind::CodeScanner)));
        // The face step: the face camera plays a clip of the face on the resident test card.
        auto *faceCamera = qobject_cast<drivers::FaceCamera *>(k->devices.device(drivers::DeviceKind::FaceCamera));
        k->consentGate = std::make_unique<app::ConsentGate>(faceCamera ? faceCamera->frameSource() : nullptr);
        app::FaceConfig faceConfig;
        faceConfig.modelDir =
            qEnvironmentVariable("KIOSK_MODEL_DIR", qEnvironmentVariable("KIOSK_SOURCE_DIR") + "/.cache/models");
        faceConfig.matchThreshold = 0.40; // as the demo: the simulator's 16-grey card photo
        k->face =
            std::make_unique<app::FaceStep>(k->consentGate.get(), app::FaceEngine::load(faceConfig).engine, faceConfig);
        ui::VoiceSettings vs;
        vs.engine = QStringLiteral("none");
        k->voice = std::make_unique<ui::VoiceGuide>(vs);
        ui::MainWindowOptions o;
        o.catalogue = k->catalogue.get();
        o.identity = k->identity.get();
        o.centreName = QStringLiteral("天河区政务服务中心");
        o.services.submissions = k->submissions.get();
        o.services.platform = k->platform.get();
        o.services.receipts = k->receipts.get();
        o.services.codes = k->codes.get();
        o.services.face = k->face.get();
        o.services.receiptQueryUrl = QStringLiteral("https://example.gov.cn/progress?no={no}");
        o.services.ackWaitMs = 3000;
        k->window = std::make_unique<ui::MainWindow>(k->session.get(), &k->availability, k->voice.get(), o);
        k->window->resize(1080, 1920);
        k->window->show();
        return k;
    }

    QWidget *win(Kiosk &k) { return k.window.get(); }

    bool click(Kiosk &k, const QString &name)
    {
        auto *b = findVisible<QPushButton>(win(k), name);
        if (!b || !b->isEnabled())
            return false;
        b->click();
        QCoreApplication::processEvents();
        return true;
    }

    QJsonArray sandboxSubmissions()
    {
        const test::Response r = sandbox_.control("GET", "/control/submissions");
        return r.json().value(QStringLiteral("submissions")).toArray();
    }

    // Card -> form -> materials -> (commitment) -> delivery -> review -> submit. Returns the local number.
    QString applyWithCard(Kiosk &k, const QString &itemCode, bool tolerate, bool sign)
    {
        k.session->begin();
        k.session->navigate(QStringLiteral("apply"));
        app::VisitState::of(k.session.get())->selectItem(itemCode);
        k.session->navigate(QStringLiteral("guide"));
        if (!click(k, QStringLiteral("startApplication")))
            return QStringLiteral("no start button");
        sim_.command({{"cmd", "remove_card"}});
        const QJsonObject inserted = sim_.command({{"cmd", "insert_card"}, {"card", "resident"}});
        if (!inserted.value("ok").toBool())
            return QStringLiteral("insert_card failed");
        QElapsedTimer t;
        t.start();
        while (!findVisible<QPushButton>(win(k), QStringLiteral("identifyNext")) && t.elapsed() < 10000)
            QTest::qWait(50);
        sim_.command({{"cmd", "remove_card"}});
        if (!click(k, QStringLiteral("identifyNext")))
            return QStringLiteral("card not identified");
        if (k.session->currentScreen() == QLatin1String("consent")) {
            // The face step: agree, then the camera (the clip of the card holder's face) is compared with the card.
            if (!click(k, QStringLiteral("consentAgree")))
                return QStringLiteral("no consent choice");
            t.restart();
            while (!findVisible<QPushButton>(win(k), QStringLiteral("faceContinue")) && t.elapsed() < 30000)
                QTest::qWait(50);
            if (!app::VisitState::of(k.session.get())->faceVerified())
                return QStringLiteral("face not verified: ") +
                       qobject_cast<ui::FaceScreen *>(k.window->currentScreen())->statusText();
            click(k, QStringLiteral("faceContinue"));
        }
        // Form and materials, in the order the item asks for (materials first when the form is read from them).
        const app::ServiceItem *item = k.catalogue->catalogue()->item(itemCode);
        auto doForm = [&]() -> QString {
            // The form: name and number from the card; the rest typed.
            auto *form = qobject_cast<ui::FormScreen *>(k.window->currentScreen());
            if (!form)
                return QStringLiteral("no form screen");
            for (const app::ItemField &f : item->form) {
                QLineEdit *e = form->editorFor(f.key);
                if (f.type == QLatin1String("choice")) {
                    if (!f.choices.isEmpty() && app::VisitState::of(k.session.get())->draft().value(f.key).isEmpty())
                        click(k, QStringLiteral("choice_%1_%2").arg(f.key, f.choices.first().value));
                    continue;
                }
                if (!e || e->isReadOnly() || !e->text().isEmpty())
                    continue;
                QString v = QStringLiteral("测试内容");
                if (f.type == QLatin1String("phone"))
                    v = QStringLiteral("13800138000");
                else if (f.type == QLatin1String("id_number"))
                    v = QStringLiteral("440106199001011235");
                else if (f.type == QLatin1String("date"))
                    v = QStringLiteral("2020-01-01");
                else if (f.type == QLatin1String("number"))
                    v = QStringLiteral("2");
                if (!f.pattern.isEmpty()) { // e.g. a bank account number: the first plausible value the item accepts
                    for (const QString &candidate : {v, QStringLiteral("6222020200112345678"), QStringLiteral("2")}) {
                        if (QRegularExpression(f.pattern).match(candidate).hasMatch()) {
                            v = candidate;
                            break;
                        }
                    }
                }
                e->setText(v);
                emit e->textEdited(v);
            }
            if (!form->validateAll())
                return QStringLiteral("form invalid");
            click(k, QStringLiteral("formNext"));
            return {};
        };
        auto doMaterials = [&]() -> QString {
            auto *materials = qobject_cast<ui::MaterialsScreen *>(k.window->currentScreen());
            if (!materials)
                return QStringLiteral("no materials screen");
            for (const app::ItemMaterial &m : item->materials) {
                if (m.shared || m.id == QLatin1String("authorisation_letter"))
                    continue;
                if (tolerate && m.tolerable) {
                    click(k, QStringLiteral("tolerate_") + m.id);
                    continue;
                }
                if (m.required) {
                    QImage page(850, 1100, QImage::Format_RGB888);
                    page.fill(Qt::white);
                    materials->addCapturedPages(m.id, {app::encodePage(page)});
                }
            }
            if (!click(k, QStringLiteral("materialsNext")))
                return QStringLiteral("materials incomplete");
            return {};
        };
        const bool materialsFirst = k.session->currentScreen() == QLatin1String("materials");
        for (auto &step : materialsFirst ? QList<std::function<QString()>>{doMaterials, doForm}
                                         : QList<std::function<QString()>>{doForm, doMaterials}) {
            const QString why = step();
            if (!why.isEmpty())
                return why;
        }
        if (k.session->currentScreen() == QLatin1String("commitment")) {
            auto *c = qobject_cast<ui::CommitmentScreen *>(k.window->currentScreen());
            if (sign) {
                click(k, QStringLiteral("commitmentAgree"));
                c->pad()->addStroke({{40, 200}, {140, 120}, {240, 210}, {340, 110}});
                if (!click(k, QStringLiteral("commitmentNext")))
                    return QStringLiteral("commitment not accepted");
            } else {
                click(k, QStringLiteral("commitmentDecline"));
            }
        }
        if (!click(k, QStringLiteral("deliveryNext")))
            return QStringLiteral("no delivery step");
        if (k.session->currentScreen() != QLatin1String("review"))
            return QStringLiteral("delivery refused: ") + k.session->currentScreen();
        click(k, QStringLiteral("submitApplication"));
        t.restart();
        while (k.session->currentScreen() != QLatin1String("receipt") && t.elapsed() < 15000)
            QTest::qWait(50);
        if (k.session->currentScreen() != QLatin1String("receipt"))
            return QStringLiteral("not submitted");
        return app::VisitState::of(k.session.get())->receipt()->localNo;
    }

    QJsonObject waitForReceipt(const QString &localNo)
    {
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 15000) {
            const QJsonArray all = sim_.command({{"cmd", "receipts"}}).value("receipts").toArray();
            for (qsizetype i = all.size() - 1; i >= 0; --i) { // the newest first
                const QStringList text = all.at(i).toObject().value("text").toVariant().toStringList();
                if (text.join('\n').contains(localNo))
                    return all.at(i).toObject();
            }
            QTest::qWait(100);
        }
        return {};
    }

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
        QCOMPARE(payload.value("form").toObject().value("phone").toString(), QStringLiteral("13800138000"));
        QCOMPARE(payload.value("form").toObject().value("sex").toString(), QStringLiteral("1"));
        QCOMPARE(payload.value("delivery").toObject().value("method").toString(), QStringLiteral("pickup"));
        QCOMPARE(payload.value("channel").toString(), QStringLiteral("kiosk"));
        bool photo = false;
        for (const QJsonValue m : payload.value("materials").toArray())
            photo = photo || (m.toObject().value("material_id") == QLatin1String("photo") &&
                              m.toObject().value("pages").toArray().size() == 1);
        QVERIFY(photo);
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
        QVERIFY(QFileInfo(receipt.value("png").toString()).size() > 0);
        QTRY_VERIFY_WITH_TIMEOUT(findVisible<QLabel>(k->window.get(), QStringLiteral("receiptStatus")) &&
                                     findVisible<QLabel>(k->window.get(), QStringLiteral("receiptStatus"))
                                         ->text()
                                         .contains(QStringLiteral("已打印")),
                                 10000);

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
                        e.value("score").toInt() == 2)
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
        const QString localNo = subs.first().toObject().value("local_no").toString();
        k->session->begin();
        k->session->navigate(QStringLiteral("progress"));
        auto *p = qobject_cast<ui::ProgressScreen *>(k->window->currentScreen());
        QVERIFY(p);
        // As scanned from the receipt's QR code.
        sim_.command({{"cmd", "scan_qr"}, {"payload", "https://example.gov.cn/progress?no=" + localNo}});
        QTRY_VERIFY_WITH_TIMEOUT(p->resultText().contains(subs.first().toObject().value("case_no").toString()), 10000);
        QVERIFY(p->resultText().contains(QStringLiteral("办理过程")));
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
        // No image of the face went to the platform: every blob is a material page or the signature.
        for (const QJsonValue b : sub.value("blobs").toArray())
            QVERIFY(b.toObject().value("material_id").toString() != QLatin1String("face"));
        k->session->finish();
    }

    void privacy_afterAcknowledgementAndPurge_noCanaryInDataLogsOrTemp()
    {
        // Reopen the kiosk once more: the retention purge erases acknowledged sealed copies and truncates the WAL.
        auto k = makeKiosk(tmp_.filePath(QStringLiteral("kiosk-data")), platformUrl_);
        QVERIFY(k);
        QTRY_VERIFY_WITH_TIMEOUT(k->sync->status().pending == 0, 15000);
        QTest::qWait(2500); // purge_after_s=1, and the purge pass that follows
        k->sync->syncNow();
        QTest::qWait(500);
        k.reset();
        app::shutdownLogging();
        QVERIFY(QDir(tmp_.filePath(QStringLiteral("kiosk-data/logs"))).entryList(QDir::Files).size() > 0);
        const QStringList hits = canaryHits(privacyDirs(), canaries());
        QVERIFY2(hits.isEmpty(), qPrintable(hits.join('\n')));

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
