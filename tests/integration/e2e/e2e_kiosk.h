// The end-to-end fixture shared by the citizen-flow tests: one kiosk composed by app::KioskServices as app/main.cpp
// composes it (real services and widgets, offscreen), kiosk-devsim (ID-card reader, QR scanner, receipt printer over
// ptys) and platform-sandbox (HTTPS with client certificates) as separate processes, and the steps a citizen takes. A
// test class derives from CitizenE2e (after QObject) and starts the sandbox and the simulator in initTestCase.
#pragma once

#include <QApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <memory>

#include "app/application/citizen_services.h"
#include "app/application/peripherals.h"
#include "app/application/submission_service.h"
#include "app/application/visit_state.h"
#include "app/catalogue/catalogue_service.h"
#include "app/composition/kiosk_services.h"
#include "app/config/kiosk_config.h"
#include "app/platform/platform_service.h"
#include "app/session/kiosk_session.h"
#include "app/session/service_availability.h"
#include "app/verification/face_step.h"
#include "drivers/device_manager.h"
#include "drivers/simulators/devsim_client.h"
#include "integration/sandbox/sandbox_harness.h"
#include "offline_queue/sync_engine.h"
#include "ui/main_window.h"
#include "ui/screens/apply/commitment_screen.h"
#include "ui/screens/apply/form_screen.h"
#include "ui/screens/apply/materials_screen.h"
#include "ui/screens/identify/face_screen.h"
#include "ui/voice/voice_guide.h"
#include "ui/widgets/signature_pad.h"

namespace kiosk::e2e {

using kiosk::drivers::simulators::DevSimClient;

// One kiosk, composed by app::KioskServices exactly as app/main.cpp composes it, with the UI on top, against the
// simulators and the sandbox. The pointers name the parts the tests drive.
struct Kiosk {
    std::unique_ptr<app::KioskServices> services;
    app::KioskSession *session = nullptr;
    app::CatalogueService *catalogue = nullptr;
    app::SubmissionService *submissions = nullptr;
    queue::SyncEngine *sync = nullptr;
    app::PlatformService *platform = nullptr;
    app::FaceStep *face = nullptr;
    std::unique_ptr<ui::VoiceGuide> voice;
    std::unique_ptr<ui::MainWindow> window;

    ~Kiosk()
    {
        window.reset();
        if (services)
            services->stop();
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

class CitizenE2e
{
protected:
    QTemporaryDir tmp_;
    QString pki_;
    test::SandboxProcess sandbox_;
    DevSimClient sim_;
    QString platformUrl_;
    QString faceClip_; // the face camera's clip; empty: no face camera
    QString a4Queue_;  // the CUPS queue of the A4 printer; empty: no A4 printer

    std::unique_ptr<Kiosk> makeKiosk(const QString &dataDir, const QString &url)
    {
        auto k = std::make_unique<Kiosk>();
        const QString conf = tmp_.filePath(QStringLiteral("kiosk-%1.conf").arg(QFileInfo(dataDir).fileName()));
        const QString models =
            qEnvironmentVariable("KIOSK_MODEL_DIR", qEnvironmentVariable("KIOSK_SOURCE_DIR") + "/.cache/models");
        {
            QFile f(conf);
            f.open(QIODevice::WriteOnly);
            f.write(QStringLiteral("[kiosk]\nid=GD-DEV-0001\ncentre_name=天河区政务服务中心\ndata_dir=%6\ndemo=true\n"
                                   "[voice]\nengine=none\n"
                                   "[receipt]\nquery_url=https://example.gov.cn/progress?no={no}\nack_wait_ms=3000\n"
                                   "[face]\nmodel_dir=%7\n"
                                   // as the demo: the simulator's 16-grey card photo
                                   "match_threshold=0.90\n"
                                   "[devices]\nsimulator_dir=%1\nidcard_reader.simulated=true\n"
                                   // as the demo: the simulator's card photos through its decoder library
                                   "idcard_reader.photo_decoder=%8/lib/libkiosk_simw_wlt.so\n"
                                   "receipt_printer.simulated=true\ncode_scanner.simulated=true\n"
                                   "%5document_scanner.enabled=false\n"
                                   "document_camera.enabled=false\n%4"
                                   "[platform]\nurl=%2\nca_file=%3/ca.crt\nclient_cert=%3/kiosk.crt\n"
                                   "client_key=%3/kiosk.key\npins_file=%3/pins.txt\n"
                                   "[queue]\nbackoff_base_s=0.3\nbackoff_cap_s=1\npurge_after_s=1\ndisk_floor_mb=16\n"
                                   // the Prometheus textfile, inside the data folder the privacy scans read
                                   "[metrics]\ntextfile_dir=%6/metrics\n")
                        .arg(tmp_.filePath(QStringLiteral("devsim")), url, pki_,
                             faceClip_.isEmpty() ? QStringLiteral("face_camera.enabled=false\n")
                                                 : QStringLiteral("face_camera.file=%1\n").arg(faceClip_),
                             a4Queue_.isEmpty() ? QStringLiteral("document_printer.enabled=false\n")
                                                : QStringLiteral("document_printer.port=%1\n").arg(a4Queue_),
                             dataDir, models, qEnvironmentVariable("KIOSK_BINARY_DIR"))
                        .toUtf8());
        }
        QList<app::ConfigProblem> problems;
        const app::KioskConfig config = app::KioskConfig::load(conf, &problems);
        for (const app::ConfigProblem &p : problems)
            qWarning().noquote() << "e2e config:" << p.key << p.message;
        app::KioskServicesOptions options;
        options.platformProbeIntervalMs = 500;
        options.loadFaceModelsInBackground = false;
        k->services = std::make_unique<app::KioskServices>(conf, config, options);
        app::KioskServices &s = *k->services;
        if (!s.submissions->isRunning())
            return nullptr;
        for (drivers::DeviceKind kind : s.devices.configuredKinds()) {
            QElapsedTimer t;
            t.start();
            while (s.devices.status(kind).state != drivers::DeviceState::Online && t.elapsed() < 8000)
                QTest::qWait(20);
        }
        QElapsedTimer loading;
        loading.start();
        while (!s.catalogue->catalogue() && loading.elapsed() < 10000)
            QTest::qWait(20);
        k->session = s.session.get();
        k->catalogue = s.catalogue.get();
        k->submissions = s.submissions.get();
        k->sync = s.sync.get();
        k->platform = s.platform.get();
        k->face = s.faceStep.get();

        ui::VoiceSettings vs;
        vs.engine = config.voiceEngine;
        k->voice = std::make_unique<ui::VoiceGuide>(vs);
        ui::MainWindowOptions o;
        o.catalogue = k->catalogue;
        o.identity = s.identity.get();
        o.centreName = config.centreName;
        o.hotline = config.hotline;
        o.services = s.citizenServices();
        k->window = std::make_unique<ui::MainWindow>(k->session, &s.availability, k->voice.get(), o);
        k->window->resize(1080, 1920);
        k->window->show();
        return k;
    }

    // A fresh demo PKI in the temporary folder (pki_); empty on success, else why not.
    QString makePki()
    {
        if (!tmp_.isValid())
            return QStringLiteral("no temporary folder");
        pki_ = tmp_.filePath(QStringLiteral("pki"));
        return test::makeDemoPki(pki_);
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

    // Home -> apply -> the item's guide -> "start": the identification screen.
    bool openIdentification(Kiosk &k, const QString &itemCode)
    {
        k.session->begin();
        k.session->navigate(QStringLiteral("apply"));
        app::VisitState::of(k.session)->selectItem(itemCode);
        k.session->navigate(QStringLiteral("guide"));
        return click(k, QStringLiteral("startApplication"));
    }

    // Puts `card` on the reader until the identification screen shows `button`; true when it did.
    bool presentCard(Kiosk &k, const QString &card, const QString &button)
    {
        sim_.command({{"cmd", "remove_card"}});
        const QJsonObject inserted = sim_.command({{"cmd", "insert_card"}, {"card", card}});
        if (!inserted.value("ok").toBool())
            return false;
        QElapsedTimer t;
        t.start();
        while (!findVisible<QPushButton>(win(k), button) && t.elapsed() < 10000)
            QTest::qWait(50);
        sim_.command({{"cmd", "remove_card"}});
        return findVisible<QPushButton>(win(k), button) != nullptr;
    }

    QString applyWithCard(Kiosk &k, const QString &itemCode, bool tolerate, bool sign)
    {
        if (!openIdentification(k, itemCode))
            return QStringLiteral("no start button");
        if (!presentCard(k, QStringLiteral("resident"), QStringLiteral("identifyNext")))
            return QStringLiteral("card not identified");
        click(k, QStringLiteral("identifyNext"));
        return completeApplication(k, itemCode, tolerate, sign);
    }

    // From the step after identification (the face step where the item asks for it) to the receipt screen: form,
    // materials (and the letter of authorisation for an agent), commitment, delivery, review, submit. Returns the
    // local number, or what went wrong.
    QString completeApplication(Kiosk &k, const QString &itemCode, bool tolerate, bool sign)
    {
        QElapsedTimer t;
        t.start();
        if (k.session->currentScreen() == QLatin1String("consent")) {
            // The face step: agree, then the camera (the clip of the card holder's face) is compared with the card.
            if (!click(k, QStringLiteral("consentAgree")))
                return QStringLiteral("no consent choice");
            t.restart();
            while (!findVisible<QPushButton>(win(k), QStringLiteral("faceContinue")) && t.elapsed() < 30000)
                QTest::qWait(50);
            if (!app::VisitState::of(k.session)->faceVerified())
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
                    if (!f.choices.isEmpty() && app::VisitState::of(k.session)->draft().value(f.key).isEmpty())
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
                    continue; // asked for only when an agent applies: below
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
            if (app::VisitState::of(k.session)->agentMode()) {
                // 委托办理: the letter of authorisation, captured like a material page.
                QImage letter(850, 1100, QImage::Format_RGB888);
                letter.fill(Qt::white);
                materials->addCapturedPages(QStringLiteral("authorisation_letter"), {app::encodePage(letter)});
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
        // An item with fees moves on from the receipt to the payment screen as soon as the platform acknowledges.
        auto submitted = [&] {
            return k.session->currentScreen() == QLatin1String("receipt") ||
                   k.session->currentScreen() == QLatin1String("pay");
        };
        while (!submitted() && t.elapsed() < 15000)
            QTest::qWait(50);
        if (!submitted())
            return QStringLiteral("not submitted");
        return app::VisitState::of(k.session)->receipt()->localNo;
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
};

} // namespace kiosk::e2e
