// Materials on the real screens: for an item whose form is read from a material (居民身份证补领, GD-GA-009: the
// household register), the materials step comes first; a scanned register page is rectified, checked and read by
// Tesseract, and the form offers what was read, marked for the citizen to confirm; a blank page is refused with the
// reason to retake. Pages show as small thumbnails with rotate / retake / delete; the document camera's live view
// (a simulated frame source) takes a page held still by itself; the review screen explains the pre-review findings
// in the citizen's language and lets them submit where the rules allow. Screens are rendered in zh_CN, zh_HK and en,
// standard and care mode, to <build>/screenshots and checked for growth, clipping and unnamed buttons. Submitted
// through the screens, the pre-review's warnings reach the sealed queue (opened here with the test's platform key) as
// codes and reviewer messages, never as the values read from the pages.
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include "app/application/citizen_services.h"
#include "app/application/peripherals.h"
#include "app/application/submission_service.h"
#include "app/application/visit_state.h"
#include "app/materials/ocr_service.h"
#include "support/kiosk_fixture.h"
#include "ui/screens/apply/form_screen.h"
#include "ui/screens/apply/materials_screen.h"
#include "ui/widgets/document_camera_view.h"
#include "ui/widgets/page_strip.h"
#include "ui/widgets/prereview_panel.h"
#include "unit/materials/material_fixtures.h"
#include "unit/materials/simulated_frames.h"
#include "unit/offline_queue/queue_test_support.h" // tests may open the sealed queue; the ui target may not

using namespace kiosk;
using kiosk::test::KioskFixture;

class MaterialsAutofillTest : public QObject
{
    Q_OBJECT

    QTemporaryDir data_;
    std::unique_ptr<app::SubmissionService> submissions_;
    std::unique_ptr<app::OcrService> ocr_;
    std::unique_ptr<app::CaptureService> capture_;
    std::unique_ptr<KioskFixture> kiosk_;
    test::Person person_;
    test::SimulatedFrames frames_;
    QString dbPath_;
    int queues_ = 0;

    app::Draft &draft() { return app::VisitState::of(kiosk_->session.get())->draft(); }
    const QList<app::MaterialPage> &registerPages() { return *draft().pages(QStringLiteral("household_register")); }
    // Pushes frames of `frame` until `done` holds (the live view analyses them off the GUI thread).
    template <typename Done> bool feed(const QImage &frame, Done done, int timeoutMs = 60000)
    {
        QElapsedTimer t;
        t.start();
        while (!done() && t.elapsed() < timeoutMs) {
            frames_.push(frame);
            QTest::qWait(40);
        }
        return done();
    }
    // The form as the form step leaves it (every required value valid), so the review shows only material findings.
    void fillForm()
    {
        app::Draft &d = draft();
        d.setValue(QStringLiteral("phone"), QStringLiteral("13800138000"));
        d.setValue(QStringLiteral("hr_name"), person_.name);
        d.setValue(QStringLiteral("hr_id_number"), person_.idNumber);
        d.setValue(QStringLiteral("loss_reason"), QStringLiteral("lost"));
    }
    QImage photographed(const QImage &page)
    {
        test::PhotoParams p;
        p.canvas = cv::Size(1600, 1200);
        return test::photograph(page, p).image;
    }
    // Renders the window to <build>/screenshots/<name>-<language>-<mode>.png and checks it as a citizen meets it.
    void shoot(const QString &name, const QString &language, bool care)
    {
        KioskFixture &k = *kiosk_;
        for (int i = 0; i < 5; ++i) {
            QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
            QTest::qWait(5);
        }
        QString dir = qEnvironmentVariable("KIOSK_SCREENSHOT_DIR");
        if (dir.isEmpty())
            dir = qEnvironmentVariable("KIOSK_BINARY_DIR", QDir::tempPath()) + QStringLiteral("/screenshots");
        QVERIFY(QDir().mkpath(dir));
        const QImage img = k.window->grab().toImage();
        QVERIFY(img.save(dir + QStringLiteral("/%1-%2-%3.png").arg(name, language, care ? "care" : "standard")));
        QVERIFY2(img.size() == QSize(1080, 1920), qPrintable(name + QStringLiteral(" made the window grow")));
        for (QWidget *w : k.window->findChildren<QWidget *>()) {
            if (!w->isVisible())
                continue;
            const QString where = name + QLatin1Char(' ') + w->objectName();
            if (auto *b = qobject_cast<QAbstractButton *>(w)) {
                QVERIFY2(!b->accessibleName().isEmpty(), qPrintable("no accessible name: " + where));
                QVERIFY2(b->sizeHint().width() <= b->width() + 2, qPrintable("clipped button: " + where));
            }
            auto *l = qobject_cast<QLabel *>(w);
            if (!l || l->text().isEmpty())
                continue;
            const int need = l->wordWrap() ? l->heightForWidth(l->width()) : l->sizeHint().height();
            QVERIFY2(need <= l->height() + 2,
                     qPrintable(QStringLiteral("clipped (%1 > %2): ").arg(need).arg(l->height()) + where +
                                QLatin1Char(' ') + l->text()));
        }
    }

private slots:
    void initTestCase()
    {
        // The kiosk's signing key, for the submission that is sealed and opened again below.
        QVERIFY(test::writeAll(data_.filePath(QStringLiteral("kiosk.key")), test::testKeys().kioskPrivate));
    }
    void init()
    {
        app::SubmissionSettings st;
        // A fresh queue per test (and per data row).
        dbPath_ = data_.filePath(QStringLiteral("queue-%1.sqlite").arg(++queues_));
        st.databasePath = dbPath_;
        st.kioskId = QStringLiteral("GD-DEV-0001");
        st.kioskKeyFile = data_.filePath(QStringLiteral("kiosk.key"));
        st.keyCacheFile = data_.filePath(QStringLiteral("key.json"));
        st.diskFloorBytes = 1024 * 1024;
        submissions_ = std::make_unique<app::SubmissionService>(st);
        submissions_->start();
        QTRY_VERIFY_WITH_TIMEOUT(submissions_->isOpen(), 10000); // it opens on its own thread
        ocr_ = std::make_unique<app::OcrService>();
        capture_ = std::make_unique<app::CaptureService>(nullptr, nullptr);
        capture_->setProcessor(ocr_.get());
        app::PageWatchSettings watch;
        watch.holdMs = 300;
        capture_->setPreviewSource(&frames_, watch);
        app::CitizenServices services;
        services.submissions = submissions_.get();
        services.capture = capture_.get();
        kiosk_ = std::make_unique<KioskFixture>(QSize(1080, 1920), app::SessionSettings{}, true, services);
        kiosk_->session->begin();
        person_ = test::makePerson(77);
        app::VisitState *v = app::VisitState::of(kiosk_->session.get());
        v->selectItem(QStringLiteral("GD-GA-009"));
        app::Identity id;
        id.idType = QStringLiteral("resident");
        id.idNumber = person_.idNumber;
        id.name = person_.name;
        v->setApplicant(id);
    }
    void cleanup()
    {
        kiosk_.reset();
        capture_.reset();
        ocr_.reset();
        submissions_->stop();
        submissions_.reset();
    }

    void aReadPage_offersItsValuesOnTheForm_markedForTheCitizenToConfirm()
    {
        KioskFixture &k = *kiosk_;
        const app::ServiceItem *item = k.catalogue->catalogue()->item(QStringLiteral("GD-GA-009"));
        QVERIFY(item);
        QCOMPARE(app::firstStep(*item), QStringLiteral("materials"));
        k.session->navigate(QStringLiteral("materials"));
        auto *materials = qobject_cast<ui::MaterialsScreen *>(k.window->currentScreen());
        QVERIFY(materials);
        materials->captureImages(QStringLiteral("household_register"), {test::renderHouseholdRegister(person_, 200)});
        QTRY_VERIFY_WITH_TIMEOUT(k.find<QLabel>(QStringLiteral("state_household_register")) &&
                                     app::VisitState::of(k.session.get())
                                             ->draft()
                                             .material(QStringLiteral("household_register"))
                                             ->pages.size() == 1,
                                 60000);
        k.session->navigate(QStringLiteral("form"));
        auto *form = qobject_cast<ui::FormScreen *>(k.window->currentScreen());
        QVERIFY(form);
        QCOMPARE(form->editorFor(QStringLiteral("hr_id_number"))->text(), person_.idNumber);
        QCOMPARE(form->editorFor(QStringLiteral("hr_name"))->text(), person_.name);
        auto *hint = k.find<QLabel>(QStringLiteral("read_hr_id_number"));
        QVERIFY(hint);
        QVERIFY(!hint->text().isEmpty());
        // Still the citizen's to change: the field is editable.
        QVERIFY(!form->editorFor(QStringLiteral("hr_id_number"))->isReadOnly());
    }

    void aBlankPage_isRefusedWithTheReasonToRetake()
    {
        KioskFixture &k = *kiosk_;
        k.session->navigate(QStringLiteral("materials"));
        auto *materials = qobject_cast<ui::MaterialsScreen *>(k.window->currentScreen());
        QVERIFY(materials);
        materials->captureImages(QStringLiteral("household_register"), {test::blankPage(148, 210, 200)});
        QTRY_VERIFY_WITH_TIMEOUT(
            k.find<QLabel>(QStringLiteral("materialsStatus"))->text().contains(QStringLiteral("重新采集")), 60000);
        QVERIFY(app::VisitState::of(k.session.get())
                    ->draft()
                    .material(QStringLiteral("household_register"))
                    ->pages.isEmpty());
    }

    void pages_thumbnailsRotateDeleteAndRetakeWithTheLiveView()
    {
        KioskFixture &k = *kiosk_;
        k.session->navigate(QStringLiteral("materials"));
        auto *materials = qobject_cast<ui::MaterialsScreen *>(k.window->currentScreen());
        QVERIFY(materials);
        const QImage a = test::renderHouseholdRegister(person_, 150);
        const QImage b = test::renderMarriageCertificate(test::makeMarriage(3), 150);
        materials->addCapturedPages(QStringLiteral("household_register"), {app::encodePage(a), app::encodePage(b)});
        QCOMPARE(registerPages().size(), 2);
        auto *thumb = k.find<ui::PageThumbnail>(QStringLiteral("thumb_household_register_0"));
        QVERIFY(thumb);
        QTRY_VERIFY(thumb->isLoaded());
        QVERIFY(thumb->width() <= 120 && thumb->height() <= 170); // never bigger than needed
        QVERIFY(k.find<ui::PageThumbnail>(QStringLiteral("thumb_household_register_1")));

        // Rotate: turned off the GUI thread, then the strip is rebuilt.
        const QSize before = registerPages().at(0).size();
        QVERIFY(k.click(QStringLiteral("rotatePage_household_register_0")));
        QTRY_COMPARE(registerPages().at(0).size(), before.transposed());
        // Delete the second page.
        QVERIFY(k.click(QStringLiteral("deletePage_household_register_1")));
        QCOMPARE(registerPages().size(), 1);
        QVERIFY(!k.find<ui::PageThumbnail>(QStringLiteral("thumb_household_register_1")));

        // Retake the first page on the document camera: the live view opens and takes the page held still.
        const QByteArray old = registerPages().at(0).sha256();
        QVERIFY(k.click(QStringLiteral("retakePage_household_register_0")));
        ui::DocumentCameraView *view = materials->cameraView();
        QVERIFY(view && view->isVisible());
        QVERIFY(frames_.isActive());
        QVERIFY(feed(photographed(a), [&] { return registerPages().at(0).sha256() != old; }));
        QCOMPARE(registerPages().size(), 1);              // replaced, not added
        QVERIFY(!registerPages().at(0).fields.isEmpty()); // the retaken page was read again
        QVERIFY(k.click(QStringLiteral("cameraDone")));
        QVERIFY(!view->isVisible());
        QVERIFY(!frames_.isActive());
    }

    void liveView_takesEachPagePlaced_andTheButtonIsTheFallback()
    {
        KioskFixture &k = *kiosk_;
        k.session->navigate(QStringLiteral("materials"));
        auto *materials = qobject_cast<ui::MaterialsScreen *>(k.window->currentScreen());
        QVERIFY(materials);
        QVERIFY(k.click(QStringLiteral("photo_photo")));
        ui::DocumentCameraView *view = materials->cameraView();
        QVERIFY(view->isVisible());
        // The view says which material it is taking.
        QVERIFY(k.find<QLabel>(QStringLiteral("cameraMaterial"))->text().contains(QStringLiteral("相片")));
        const QList<app::MaterialPage> &photos = *draft().pages(QStringLiteral("photo"));
        QImage table(1600, 1200, QImage::Format_RGB888);
        table.fill(QColor(125, 95, 70));
        QVERIFY(feed(
            table, [&] { return view->state() == app::PageWatchState::NoPage; }, 10000));
        QVERIFY(!view->guidance().isEmpty());
        QCOMPARE(photos.size(), 0);
        // A page placed and held still is taken by itself; then the next page.
        const QImage first = photographed(test::renderMarriageCertificate(test::makeMarriage(4), 150));
        QVERIFY(feed(first, [&] { return draft().pages(QStringLiteral("photo"))->size() == 1; }));
        QVERIFY(feed(
            table, [&] { return view->state() == app::PageWatchState::NoPage; }, 10000));
        const QImage second = photographed(test::renderHouseholdRegister(test::makePerson(12), 150));
        QVERIFY(feed(second, [&] { return draft().pages(QStringLiteral("photo"))->size() == 2; }));
        // The button takes the current frame at once.
        frames_.push(second);
        QTest::qWait(100);
        QVERIFY(k.click(QStringLiteral("cameraCapture")));
        QTRY_COMPARE_WITH_TIMEOUT(draft().pages(QStringLiteral("photo"))->size(), 3, 30000);
        QVERIFY(k.find<ui::PageThumbnail>(QStringLiteral("thumb_photo_2")));
    }

    void review_explainsFindings_warningsMaySubmit_blockingMayNot()
    {
        KioskFixture &k = *kiosk_;
        app::Draft &d = draft();
        k.session->navigate(QStringLiteral("materials"));
        // Someone else's register page (read by OCR) and a usable photo.
        app::MaterialPage reg = app::encodePage(test::renderHouseholdRegister(test::makePerson(31), 150));
        const test::Person other = test::makePerson(31);
        reg.fields = {{QStringLiteral("household_register"),
                       QStringLiteral("name"),
                       other.name,
                       0.95,
                       true,
                       {},
                       {},
                       false,
                       false},
                      {QStringLiteral("household_register"),
                       QStringLiteral("id_number"),
                       other.idNumber,
                       0.95,
                       true,
                       {},
                       {},
                       false,
                       false}};
        QVERIFY(d.addPage(QStringLiteral("household_register"), reg));
        QVERIFY(d.addPage(QStringLiteral("photo"), app::encodePage(test::renderHouseholdRegister(person_, 100))));
        fillForm();
        k.session->navigate(QStringLiteral("review"));
        auto *panel = k.find<ui::PrereviewPanel>(QStringLiteral("prereviewPanel"));
        QVERIFY(panel);
        QVERIFY(k.find<QLabel>(QStringLiteral("prereview_name_mismatch")));
        QVERIFY(k.find<QLabel>(QStringLiteral("prereview_id_mismatch")));
        QVERIFY(k.find<QLabel>(QStringLiteral("prereview_name_mismatch"))->text().contains(QStringLiteral("户口簿")));
        QVERIFY(!panel->spokenText().contains(other.name)); // explained, never the values read
        QVERIFY(k.find(QStringLiteral("submitApplication"))->isEnabled());
        for (QLabel *l : panel->findChildren<QLabel *>())
            QVERIFY2(!l->objectName().startsWith(QLatin1String("prereview_field_")), qPrintable(l->text()));

        // An unreadable page is a finding the citizen must fix first.
        app::MaterialPage bad = app::encodePage(test::blankPage(148, 210, 100));
        bad.quality.findings.append({app::QualityIssue::Blank, true, 0, 0});
        QVERIFY(d.addPage(QStringLiteral("photo"), bad));
        k.session->navigate(QStringLiteral("materials"));
        k.session->navigate(QStringLiteral("review"));
        QVERIFY(k.find<QLabel>(QStringLiteral("prereview_unreadable_page")));
        QCOMPARE(k.find<QLabel>(QStringLiteral("prereview_unreadable_page"))->property("severity").toString(),
                 QStringLiteral("blocking"));
        QVERIFY(!k.find(QStringLiteral("submitApplication"))->isEnabled());
    }

    void review_showsTheStaffIdentityCheck_inTheCitizensLanguage()
    {
        KioskFixture &k = *kiosk_;
        app::Draft &d = draft();
        k.session->navigate(QStringLiteral("materials"));
        QVERIFY(d.addPage(QStringLiteral("household_register"), app::encodePage(test::blankPage(148, 210, 60))));
        QVERIFY(d.addPage(QStringLiteral("photo"), app::encodePage(test::blankPage(35, 45, 60))));
        fillForm();
        k.session->navigate(QStringLiteral("review"));
        QVERIFY(!k.find<QLabel>(QStringLiteral("prereview_identity_staff_check"))); // face verified: nothing to say
        k.session->navigate(QStringLiteral("materials"));
        // The citizen declined the face check (GD-GA-009 asks for one): staff check identity in person.
        app::VisitState::of(k.session.get())->setStaffIdentityCheck(true);
        k.session->navigate(QStringLiteral("review"));
        const struct {
            const char *language;
            QString expected;
        } cases[] = {{"zh_CN", QStringLiteral("工作人员会当面核验您的身份")},
                     {"zh_HK", QStringLiteral("工作人員會當面核驗您的身份")},
                     {"en", QStringLiteral("staff will check your identity in person")}};
        for (const auto &c : cases) {
            k.session->setLanguage(QString::fromLatin1(c.language));
            // The panel is rebuilt in the new language; its lines show on the next event-loop turn.
            QTRY_VERIFY(k.find<QLabel>(QStringLiteral("prereview_identity_staff_check")));
            auto *line = k.find<QLabel>(QStringLiteral("prereview_identity_staff_check"));
            QVERIFY2(line->text().contains(c.expected), qPrintable(line->text()));
            QCOMPARE(line->property("severity").toString(), QStringLiteral("warning"));
            QVERIFY(k.find<ui::PrereviewPanel>(QStringLiteral("prereviewPanel"))->spokenText().contains(c.expected));
            for (bool care : {false, true}) {
                k.session->setCareMode(care);
                QTRY_VERIFY(k.find<QLabel>(QStringLiteral("prereview_identity_staff_check")));
                shoot(QStringLiteral("review-staff-check"), QString::fromLatin1(c.language), care);
            }
            k.session->setCareMode(false);
        }
        QVERIFY(k.find(QStringLiteral("submitApplication"))->isEnabled()); // a warning: the citizen may submit
    }

    void submitted_prereviewWarningsReachTheSealedQueue_asCodesAndMessagesOnly()
    {
        KioskFixture &k = *kiosk_;
        submissions_->setPlatformKey(test::testKeys().keyId, test::testKeys().platformPublic);
        QTRY_VERIFY_WITH_TIMEOUT(submissions_->readiness().ok(), 10000);
        app::VisitState *v = app::VisitState::of(k.session.get());
        v->setStaffIdentityCheck(true); // the face check was declined

        // Materials: someone else's household register is scanned and read by Tesseract; a photo is added.
        k.session->navigate(QStringLiteral("materials"));
        auto *materials = qobject_cast<ui::MaterialsScreen *>(k.window->currentScreen());
        QVERIFY(materials);
        const test::Person other = test::makePerson(41);
        materials->captureImages(QStringLiteral("household_register"), {test::renderHouseholdRegister(other, 200)});
        QTRY_VERIFY_WITH_TIMEOUT(registerPages().size() == 1, 60000);
        QStringList read; // the values the pre-review compared with the card
        for (const app::ExtractedField &f : registerPages().at(0).fields)
            if (f.key == QLatin1String("name") || f.key == QLatin1String("id_number"))
                read << f.value;
        QVERIFY2(read.contains(other.idNumber), qPrintable(read.join(QLatin1Char(','))));
        materials->addCapturedPages(QStringLiteral("photo"), {app::encodePage(test::blankPage(35, 45, 100))});
        QVERIFY(k.click(QStringLiteral("materialsNext")));

        // The form, as the citizen fills it (the register's values are offered from the page).
        auto *form = qobject_cast<ui::FormScreen *>(k.window->currentScreen());
        QVERIFY(form);
        QLineEdit *phone = form->editorFor(QStringLiteral("phone"));
        phone->setText(QStringLiteral("13800138000"));
        emit phone->textEdited(phone->text());
        QVERIFY(k.click(QStringLiteral("choice_loss_reason_lost")));
        QVERIFY(k.click(QStringLiteral("formNext")));
        QCOMPARE(k.session->currentScreen(), QStringLiteral("delivery"));
        QVERIFY(k.click(QStringLiteral("delivery_pickup")));
        QVERIFY(k.click(QStringLiteral("deliveryNext")));
        QCOMPARE(k.session->currentScreen(), QStringLiteral("review"));
        QVERIFY(k.find<QLabel>(QStringLiteral("prereview_name_mismatch")));
        QVERIFY(k.find<QLabel>(QStringLiteral("prereview_id_mismatch")));
        QVERIFY(k.find<QLabel>(QStringLiteral("prereview_identity_staff_check")));
        QVERIFY(k.click(QStringLiteral("submitApplication")));
        QTRY_COMPARE_WITH_TIMEOUT(k.session->currentScreen(), QStringLiteral("receipt"), 20000);

        // The queue as the platform receives it: open the one pending envelope with the platform's private key.
        submissions_->stop();
        auto opened = queue::Store::open(dbPath_, queue::Outbox::migrations());
        QVERIFY(opened.isOk());
        queue::OutboxOptions oo;
        oo.kioskId = QStringLiteral("GD-DEV-0001");
        queue::Outbox outbox(*opened.store, oo);
        auto lease = outbox.leaseNext(QStringLiteral("test"), 0, 1000);
        QVERIFY(lease.isOk() && lease.value.has_value());
        queue::Opener opener;
        QVERIFY(opener.addPlatformKey(test::testKeys().keyId, test::testKeys().platformPrivate).isOk());
        QVERIFY(opener.setKioskKey(test::testKeys().kioskPublic).isOk());
        const auto env = opener.open(lease.value->envelope);
        QVERIFY2(env.isOk(), qPrintable(env.error.message));
        const QJsonObject payload = env.value.payload;
        QCOMPARE(payload.value("form").toObject().value("hr_id_number").toString(), other.idNumber); // it was read

        const QJsonArray pre = payload.value("prereview").toArray();
        const QString registerName = QStringLiteral("居民户口簿（户主页及本人页）");
        QHash<QString, QString> messages;
        for (const QJsonValue &n : pre) {
            QCOMPARE(n.toObject().keys(), (QStringList{"code", "message"}));
            messages.insert(n.toObject().value("code").toString(), n.toObject().value("message").toString());
        }
        // The reviewer's notes, in Chinese, naming the material.
        QCOMPARE(messages.value("name_mismatch"),
                 app::prereviewMessage(QStringLiteral("name_mismatch"), QStringLiteral("zh_CN"), registerName));
        QCOMPARE(messages.value("id_mismatch"),
                 app::prereviewMessage(QStringLiteral("id_mismatch"), QStringLiteral("zh_CN"), registerName));
        QCOMPARE(messages.value("identity_staff_check"),
                 QStringLiteral("本事项要求核验本人身份，人脸核验未进行或未通过：请工作人员当面核验"));
        QVERIFY2(messages.size() == pre.size(), "one note per code");
        // Never the values read, nor the card's: not the name, not the number, not a part of the number.
        const QString section = QString::fromUtf8(QJsonDocument(pre).toJson(QJsonDocument::Compact));
        QStringList secrets = read;
        secrets << other.name << other.idNumber << person_.name << person_.idNumber << other.idNumber.right(8)
                << person_.idNumber.left(6);
        for (const QString &secret : std::as_const(secrets))
            QVERIFY2(secret.isEmpty() || !section.contains(secret), qPrintable(QStringLiteral("leaked: ") + secret));
        QVERIFY(!section.contains(QRegularExpression(QStringLiteral("[0-9]{6,}")))); // no number of any length
    }

    void screens_readWellInEveryLanguageAndMode_data()
    {
        QTest::addColumn<QString>("language");
        QTest::addColumn<bool>("care");
        for (const char *lang : {"zh_CN", "zh_HK", "en"})
            for (bool care : {false, true})
                QTest::addRow("%s-%s", lang, care ? "care" : "standard") << QString::fromLatin1(lang) << care;
    }
    void screens_readWellInEveryLanguageAndMode()
    {
        QFETCH(QString, language);
        QFETCH(bool, care);
        KioskFixture &k = *kiosk_;
        k.session->setLanguage(language);
        k.session->setCareMode(care);
        app::PageWatchSettings never;
        never.holdMs = 1000000; // the view stays on "hold still" for the picture
        capture_->setPreviewSource(&frames_, never);
        k.session->navigate(QStringLiteral("materials"));
        auto *materials = qobject_cast<ui::MaterialsScreen *>(k.window->currentScreen());
        QVERIFY(materials);
        const QImage page = test::renderHouseholdRegister(person_, 150);
        materials->addCapturedPages(QStringLiteral("household_register"),
                                    {app::encodePage(page), app::encodePage(page)});
        QTRY_VERIFY(k.find<ui::PageThumbnail>(QStringLiteral("thumb_household_register_1")) &&
                    k.find<ui::PageThumbnail>(QStringLiteral("thumb_household_register_1"))->isLoaded());
        shoot(QStringLiteral("materials-pages"), language, care);
        // Each page's buttons: in care mode side by side under the page's label, one page per row, each a large
        // target; in standard mode stacked beside the thumbnail, two pages side by side.
        for (int i = 0; i < 2; ++i) {
            const QString at = QStringLiteral("_household_register_%1").arg(i);
            auto *rotate = k.find<QPushButton>(QStringLiteral("rotatePage") + at);
            auto *retake = k.find<QPushButton>(QStringLiteral("retakePage") + at);
            auto *remove = k.find<QPushButton>(QStringLiteral("deletePage") + at);
            auto *thumb = k.find<ui::PageThumbnail>(QStringLiteral("thumb") + at);
            QVERIFY(rotate && retake && remove && thumb);
            auto y = [&](QWidget *w) { return w->mapTo(k.window.get(), QPoint()).y(); };
            auto x = [&](QWidget *w) { return w->mapTo(k.window.get(), QPoint()).x(); };
            if (care) {
                QCOMPARE(y(rotate), y(remove));
                QCOMPARE(y(retake), y(remove));
                QVERIFY(x(rotate) < x(retake) && x(retake) < x(remove));
                QVERIFY2(rotate->height() >= 100, qPrintable(QString::number(rotate->height())));
                QVERIFY(y(remove) + remove->height() <= y(thumb) + thumb->height() + 40); // beside its own page
            } else {
                QVERIFY(y(rotate) < y(retake) && y(retake) < y(remove));
            }
        }
        const int y0 = k.find<ui::PageThumbnail>(QStringLiteral("thumb_household_register_0"))
                           ->mapTo(k.window.get(), QPoint())
                           .y();
        const int y1 = k.find<ui::PageThumbnail>(QStringLiteral("thumb_household_register_1"))
                           ->mapTo(k.window.get(), QPoint())
                           .y();
        QVERIFY(care ? y1 > y0 : y1 == y0); // one page per row in care mode
        QVERIFY(k.click(QStringLiteral("photo_photo")));
        QVERIFY(feed(
            photographed(page), [&] { return materials->cameraView()->state() == app::PageWatchState::Holding; },
            20000));
        shoot(QStringLiteral("materials-camera"), language, care);
        QVERIFY(k.click(QStringLiteral("cameraDone")));

        // The review with a warning (someone else's register) and, second, a blocking finding.
        app::Draft &d = draft();
        app::MaterialPage reg = app::encodePage(page);
        const test::Person other = test::makePerson(32);
        reg.fields = {{QStringLiteral("household_register"),
                       QStringLiteral("name"),
                       other.name,
                       0.95,
                       true,
                       {},
                       {},
                       false,
                       false}};
        QVERIFY(d.replacePage(QStringLiteral("household_register"), 1, reg));
        QVERIFY(d.addPage(QStringLiteral("photo"), app::encodePage(page)));
        fillForm();
        k.session->navigate(QStringLiteral("review"));
        QVERIFY(k.find<QLabel>(QStringLiteral("prereview_name_mismatch")));
        shoot(QStringLiteral("review-prereview-warning"), language, care);
        app::MaterialPage bad = app::encodePage(page);
        bad.quality.findings.append({app::QualityIssue::Blurry, true, 0, 0});
        QVERIFY(d.addPage(QStringLiteral("photo"), bad));
        k.session->navigate(QStringLiteral("materials"));
        k.session->navigate(QStringLiteral("review"));
        QVERIFY(k.find<QLabel>(QStringLiteral("prereview_unreadable_page")));
        shoot(QStringLiteral("review-prereview-blocking"), language, care);
    }
};

QTEST_MAIN(MaterialsAutofillTest)
#include "test_materials_autofill.moc"
