// The face step as a citizen meets it, on the real screens: consent first (the camera cannot start before "agree"),
// declining continues the application with identity checked by staff, agreeing verifies the live face against the
// card photo (real models, an opencv-doc portrait played by a fake camera), and the consent record and the face
// result reach what would be submitted.
#include <QDir>
#include <QTest>

#include "app/application/visit_state.h"
#include "app/consent/consent_gate.h"
#include "app/verification/face_step.h"
#include "drivers/idcard/simulated_photo_decoder.h"
#include "support/kiosk_fixture.h"
#include "ui/screens/identify/face_screen.h"
#include "unit/consent/fake_frame_source.h"
#include "unit/verification/face_test_support.h"

using namespace kiosk;
using kiosk::test::KioskFixture;

class FaceStepTest : public QObject
{
    Q_OBJECT

    app::FaceConfig config_;
    std::shared_ptr<app::FaceEngine> engine_;
    QImage idPhoto_;
    QList<QImage> frontFrames_, liveFrames_;
    QString problem_;

    struct Step {
        test::FakeFrameSource *camera = nullptr;
        std::unique_ptr<app::ConsentGate> gate;
        std::unique_ptr<app::FaceStep> face;
        std::unique_ptr<KioskFixture> kiosk;
    };

    // Where the PNGs for people to look at go (KIOSK_SCREENSHOT_DIR, default <build>/screenshots).
    static QString screenshotDir()
    {
        const QString dir =
            qEnvironmentVariable("KIOSK_SCREENSHOT_DIR", qEnvironmentVariable("KIOSK_BINARY_DIR", QDir::tempPath()) +
                                                             QStringLiteral("/screenshots"));
        QDir().mkpath(dir);
        return dir;
    }
    static QStringList languages() { return {QStringLiteral("zh_CN"), QStringLiteral("zh_HK"), QStringLiteral("en")}; }

    std::unique_ptr<Step> makeStep()
    {
        auto s = std::make_unique<Step>();
        auto cam = std::make_unique<test::FakeFrameSource>();
        s->camera = cam.get();
        s->gate = std::make_unique<app::ConsentGate>(std::move(cam));
        // Configured as the demo: the simulator's card photos decoded by its vendor-shaped library.
        s->face = std::make_unique<app::FaceStep>(s->gate.get(), engine_, config_,
                                                  qEnvironmentVariable("KIOSK_BINARY_DIR") +
                                                      QStringLiteral("/lib/libkiosk_simw_wlt.so"));
        app::CitizenServices services;
        services.face = s->face.get();
        // The application screens are registered only with a submission service; the face step needs none.
        s->kiosk = std::make_unique<KioskFixture>(QSize(1080, 1920), app::SessionSettings{}, true, services);
        s->kiosk->session->begin();
        app::VisitState *v = app::VisitState::of(s->kiosk->session.get());
        v->selectItem(QStringLiteral("GD-RS-002")); // an item that requires face verification
        app::Identity id;
        id.idType = QStringLiteral("resident");
        id.idNumber = QStringLiteral("440106199003071231");
        id.name = QStringLiteral("张三");
        id.photoWlt = drivers::idcard::SimulatedPhotoDecoder::encode(idPhoto_);
        v->setApplicant(id);
        return s;
    }

private slots:
    void initTestCase()
    {
        config_ = test::faceTestConfig();
        config_.matchThreshold = 0.40; // the simulator's 16-grey card photo (as the demo configures it)
        engine_ = test::loadFaceEngine(config_, &problem_);
        if (!engine_)
            QFAIL(qPrintable(problem_));
        const QImage messi = test::portrait(QStringLiteral("data/messi5.jpg"), &problem_);
        if (messi.isNull())
            QFAIL(qPrintable(problem_));
        const QRectF box = test::haarFace(messi, test::messiFace());
        idPhoto_ = test::framed(messi, box, QSize(102, 126), 0.55);
        for (int i = 0; i < 5; ++i)
            frontFrames_ << test::framed(messi, box.translated(0.4 * (i % 4), 0.3 * (i % 3)), QSize(640, 480), 0.33);
        // The citizen looks at the camera, then does whichever movement is asked (all three within one loop).
        const QHash<int, QList<QImage>> moves = test::headMovements(*engine_, frontFrames_[0]);
        liveFrames_ = frontFrames_;
        for (app::FaceChallenge c :
             {app::FaceChallenge::TurnLeft, app::FaceChallenge::TurnRight, app::FaceChallenge::Nod})
            liveFrames_ << moves.value(int(c)) << frontFrames_[1];
    }

    void declining_continuesTheApplication_withStaffCheckingIdentity_andTheCameraNeverStarts()
    {
        auto s = makeStep();
        KioskFixture &k = *s->kiosk;
        k.session->navigate(QStringLiteral("consent"));
        QVERIFY(k.find(QStringLiteral("consentAgree")));
        QVERIFY(k.find(QStringLiteral("consentDecline")));
        QVERIFY(!k.find<QLabel>(QStringLiteral("consentText"))->text().isEmpty());
        // For people to look at: the consent screen in each language, standard and care mode.
        const QString dir = screenshotDir();
        for (const QString &lang : languages()) {
            for (bool care : {false, true}) {
                k.session->setLanguage(lang);
                k.session->setCareMode(care);
                QTest::qWait(20);
                QVERIFY(k.window->grab().save(
                    dir + QStringLiteral("/consent-%1-%2.png").arg(lang, care ? "care" : "standard")));
                QCOMPARE(k.window->grab().size(), QSize(1080, 1920)); // the long text scrolls, never grows
            }
        }
        QVERIFY(k.click(QStringLiteral("consentDecline")));
        QCOMPARE(s->camera->starts, 0);
        app::VisitState *v = app::VisitState::of(k.session.get());
        QVERIFY(v->staffIdentityCheck());
        QVERIFY(!v->faceVerified());
        const QJsonObject consent = v->consent().toObject();
        QCOMPARE(consent.value("decision").toString(), QStringLiteral("decline"));
        QCOMPARE(consent.value("method_used").toString(), QStringLiteral("alternative"));
        QCOMPARE(k.session->currentScreen(), QStringLiteral("form")); // the service goes on
    }

    void agreeing_verifiesTheLiveFaceAgainstTheCard_andRecordsIt()
    {
        auto s = makeStep();
        KioskFixture &k = *s->kiosk;
        k.session->setCareMode(true);
        k.session->navigate(QStringLiteral("consent"));
        QVERIFY(k.click(QStringLiteral("consentAgree")));
        QCOMPARE(k.session->currentScreen(), QStringLiteral("face"));
        auto *screen = qobject_cast<ui::FaceScreen *>(k.window->currentScreen());
        QVERIFY(screen);
        QElapsedTimer t;
        t.start();
        int i = 0;
        while (!k.find(QStringLiteral("faceContinue")) && t.elapsed() < 15000) {
            s->camera->push(liveFrames_[i++ % liveFrames_.size()], 10000 + t.elapsed());
            QTest::qWait(40);
        }
        QVERIFY2(k.find(QStringLiteral("faceContinue")), qPrintable(screen->statusText()));
        // In care mode the live guidance and the result are read aloud, not only shown.
        QCOMPARE(k.voice->lastSpoken(), screen->statusText());
        app::VisitState *v = app::VisitState::of(k.session.get());
        QVERIFY2(v->faceVerified(), qPrintable(screen->statusText()));
        QCOMPARE(v->consent().toObject().value("decision").toString(), QStringLiteral("agree"));
        QCOMPARE(v->consent().toObject().value("method_used").toString(), QStringLiteral("face"));
        QVERIFY(!s->camera->isActive()); // the camera stops with the decision
        QVERIFY(k.click(QStringLiteral("faceContinue")));
        QCOMPARE(k.session->currentScreen(), QStringLiteral("form"));
        // The wipe forgets the consent of this visit.
        k.session->cancel();
        s->gate->reset();
        QVERIFY(!s->gate->record());
    }

    // Once the face matches, the screen asks for one movement in the citizen's language, shows it until the attempt
    // ends (the "hold still" guidance does not replace it) and reads it aloud in care mode. For people to look at:
    // the screen with the challenge in each language, standard and care mode.
    void theChallenge_isShownAndSpoken_inEveryLanguage()
    {
        const QStringList sources = {QStringLiteral("请慢慢把头转向您的左边，再转回来。"),
                                     QStringLiteral("请慢慢把头转向您的右边，再转回来。"),
                                     QStringLiteral("请慢慢点一下头。")};
        const QString dir = screenshotDir();
        for (const QString &lang : languages()) {
            for (bool care : {false, true}) {
                auto s = makeStep();
                KioskFixture &k = *s->kiosk;
                k.session->setLanguage(lang);
                k.session->setCareMode(care);
                k.session->navigate(QStringLiteral("consent"));
                QVERIFY(k.click(QStringLiteral("consentAgree")));
                auto *screen = qobject_cast<ui::FaceScreen *>(k.window->currentScreen());
                QVERIFY(screen);
                QStringList asked;
                for (const QString &src : sources)
                    asked << ui::FaceScreen::tr(src.toUtf8().constData());
                QElapsedTimer t;
                t.start();
                int i = 0;
                // Only frontal frames: the face matches, the challenge is asked and stays unanswered.
                while (!asked.contains(screen->statusText()) && t.elapsed() < 10000) {
                    s->camera->push(frontFrames_[i++ % frontFrames_.size()], 10000 + t.elapsed());
                    QTest::qWait(40);
                }
                const QString shown = screen->statusText();
                QVERIFY2(asked.contains(shown), qPrintable(lang + QStringLiteral(": ") + shown));
                if (lang != QLatin1String("zh_CN"))
                    QVERIFY2(!sources.contains(shown), qPrintable(lang + QStringLiteral(" untranslated: ") + shown));
                for (int j = 0; j < 5; ++j) { // more frontal frames: the prompt stays
                    s->camera->push(frontFrames_[j], 10000 + t.elapsed());
                    QTest::qWait(40);
                }
                QCOMPARE(screen->statusText(), shown);
                if (care)
                    QCOMPARE(k.voice->lastSpoken(), shown);
                const QImage shot = k.window->grab().toImage();
                QCOMPARE(shot.size(), QSize(1080, 1920));
                QVERIFY(
                    shot.save(dir + QStringLiteral("/face-challenge-%1-%2.png").arg(lang, care ? "care" : "standard")));
                QVERIFY(k.click(QStringLiteral("faceWithdraw")));
            }
        }
    }

    void withdrawingDuringVerification_stopsTheCamera_andGoesToStaff()
    {
        auto s = makeStep();
        KioskFixture &k = *s->kiosk;
        k.session->navigate(QStringLiteral("consent"));
        QVERIFY(k.click(QStringLiteral("consentAgree")));
        QTRY_VERIFY_WITH_TIMEOUT(s->camera->isActive(), 5000);
        QVERIFY(k.click(QStringLiteral("faceWithdraw")));
        QVERIFY(!s->camera->isActive());
        app::VisitState *v = app::VisitState::of(k.session.get());
        QCOMPARE(v->consent().toObject().value("decision").toString(), QStringLiteral("withdrawn"));
        QVERIFY(v->staffIdentityCheck());
        QCOMPARE(k.session->currentScreen(), QStringLiteral("form"));
    }
};

QTEST_MAIN(FaceStepTest)
#include "test_face_step.moc"
