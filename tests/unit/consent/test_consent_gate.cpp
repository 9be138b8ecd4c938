// The consent gate: the camera cannot be opened or started without an "agree" for this consent; withdrawing before
// the decision stops it and invalidates the access; declining still leaves the service (alternative path) open;
// every step reaches the audit callback without personal data.
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

#include "app/consent/consent_gate.h"
#include "unit/consent/fake_frame_source.h"

using namespace kiosk;
using namespace kiosk::app;

class ConsentGateTest : public QObject
{
    Q_OBJECT

private:
    test::FakeFrameSource *camera_ = nullptr; // owned by gate_
    std::unique_ptr<ConsentGate> gate_;
    QList<ConsentAuditEvent> audit_;

    QStringList auditTypes() const
    {
        QStringList t;
        for (const ConsentAuditEvent &e : audit_)
            t << e.type;
        return t;
    }

private slots:
    void init()
    {
        auto cam = std::make_unique<test::FakeFrameSource>();
        camera_ = cam.get();
        gate_ = std::make_unique<ConsentGate>(std::move(cam));
        gate_->setWallClock([] { return QDateTime(QDate(2024, 5, 1), QTime(2, 0, 0), Qt::UTC); });
        audit_.clear();
        gate_->setAuditSink([this](const ConsentAuditEvent &e) { audit_ << e; });
    }
    void cleanup() { gate_.reset(); }

    void cameraCannotBeOpened_beforeAnyConsent()
    {
        ConsentError error = ConsentError::None;
        QVERIFY(!gate_->openCamera(&error));
        QCOMPARE(toString(error), toString(ConsentError::NotAgreed));
        QCOMPARE(camera_->starts, 0);
    }

    void cameraCannotBeOpened_whileTheTextIsOnlyShown()
    {
        gate_->present("zh_CN", "户籍证明");
        ConsentError error = ConsentError::None;
        QVERIFY(!gate_->openCamera(&error));
        QCOMPARE(toString(error), toString(ConsentError::NotAgreed));
        QCOMPARE(camera_->starts, 0);
    }

    void agreeWithoutAText_isRefused()
    {
        QCOMPARE(toString(gate_->agree()), toString(ConsentError::NotPresented));
        QVERIFY(!gate_->record().has_value());
        QVERIFY(!gate_->openCamera());
    }

    void decline_neverOpensTheCamera_andRecordsTheAlternativePath()
    {
        gate_->present("en", "Residence certificate");
        QCOMPARE(toString(gate_->decline()), toString(ConsentError::None));
        QVERIFY(!gate_->openCamera());
        QCOMPARE(toString(gate_->agree()), toString(ConsentError::AlreadyDecided)); // one decision per text shown
        QCOMPARE(camera_->starts, 0);
        const ConsentRecord r = *gate_->record();
        QCOMPARE(toString(r.decision), QStringLiteral("decline"));
        QCOMPARE(toString(r.methodUsed), QStringLiteral("alternative"));
        gate_->complete(ConsentMethod::Face); // a declined consent can never end as "face"
        QCOMPARE(toString(gate_->record()->methodUsed), QStringLiteral("alternative"));
    }

    void agree_givesAScopedAccessThatDeliversFramesOnlyWhileStarted()
    {
        const ConsentText shown = gate_->present("zh_HK", "回鄉證");
        QCOMPARE(toString(gate_->agree()), toString(ConsentError::None));
        QCOMPARE(gate_->record()->textSha256, shown.sha256);
        QCOMPARE(gate_->record()->textVersion, shown.version);

        std::unique_ptr<CameraAccess> access = gate_->openCamera();
        QVERIFY(access);
        QVERIFY(access->isValid());
        QSignalSpy frames(access.get(), &CameraAccess::frameReady);
        QCOMPARE(camera_->starts, 0); // opening is not starting
        QVERIFY(access->start());
        QVERIFY(camera_->isActive());
        QImage img(8, 8, QImage::Format_RGB888);
        QVERIFY(camera_->push(img, 1));
        QCOMPARE(frames.count(), 1);
        ConsentError error = ConsentError::None;
        QVERIFY2(!gate_->openCamera(&error), "only one access at a time");
        QCOMPARE(toString(error), toString(ConsentError::CameraBusy));
        access->stop();
        QVERIFY(!camera_->isActive());
        access.reset();
        QVERIFY2(gate_->openCamera(), "a released access can be replaced");
    }

    void destroyingTheAccess_stopsTheCamera()
    {
        gate_->present("en", "x");
        gate_->agree();
        auto access = gate_->openCamera();
        QVERIFY(access->start());
        QVERIFY(camera_->isActive());
        access.reset();
        QVERIFY(!camera_->isActive());
    }

    void withdraw_stopsTheCamera_invalidatesTheAccess_andRecordsWithdrawn()
    {
        gate_->present("zh_CN", "x");
        gate_->agree();
        auto access = gate_->openCamera();
        QSignalSpy revoked(access.get(), &CameraAccess::revoked);
        QSignalSpy frames(access.get(), &CameraAccess::frameReady);
        QVERIFY(access->start());
        QCOMPARE(toString(gate_->withdraw()), toString(ConsentError::None));
        QVERIFY2(!camera_->isActive(), "withdrawal must stop the camera at once");
        QCOMPARE(revoked.count(), 1);
        QVERIFY(!access->isValid());
        QVERIFY2(!access->start(), "a revoked access cannot restart the camera");
        QVERIFY(!camera_->isActive());
        camera_->start(); // even if something else started the source, the revoked access delivers nothing
        camera_->push(QImage(4, 4, QImage::Format_RGB888), 5);
        QCOMPARE(frames.count(), 0);
        camera_->stop();
        QVERIFY(!gate_->openCamera());
        const ConsentRecord r = *gate_->record();
        QCOMPARE(toString(r.decision), QStringLiteral("withdrawn"));
        QCOMPARE(toString(r.methodUsed), QStringLiteral("alternative"));
        QCOMPARE(r.toJson()["decision"].toString(), QStringLiteral("withdrawn"));
    }

    void withdraw_afterTheDecision_isRefused()
    {
        gate_->present("en", "x");
        gate_->agree();
        auto access = gate_->openCamera();
        QVERIFY(access->start());
        gate_->complete(ConsentMethod::Face, "match");
        QVERIFY2(!camera_->isActive(), "the decision ends camera use");
        QVERIFY(!access->isValid());
        QCOMPARE(toString(gate_->withdraw()), toString(ConsentError::DecisionReached));
        QCOMPARE(toString(gate_->record()->decision), QStringLiteral("agree"));
        QCOMPARE(toString(gate_->record()->methodUsed), QStringLiteral("face"));
        ConsentError error = ConsentError::None;
        QVERIFY(!gate_->openCamera(&error));
        QCOMPARE(toString(error), toString(ConsentError::DecisionReached));
    }

    void presentingAgain_revokesTheEarlierConsent()
    {
        gate_->present("en", "x");
        gate_->agree();
        auto access = gate_->openCamera();
        QVERIFY(access->start());
        gate_->present("en", "y");
        QVERIFY(!access->isValid());
        QVERIFY(!camera_->isActive());
        QVERIFY(!gate_->record().has_value());
        QVERIFY(!gate_->openCamera());
    }

    void reset_endsEverything()
    {
        gate_->present("en", "x");
        gate_->agree();
        auto access = gate_->openCamera();
        QVERIFY(access->start());
        gate_->reset();
        QVERIFY(!access->isValid());
        QVERIFY(!camera_->isActive());
        QVERIFY(!gate_->record().has_value());
    }

    void auditEvents_traceEveryStep_withoutPersonalData()
    {
        QSignalSpy spy(gate_.get(), &ConsentGate::auditEvent);
        gate_->present("zh_CN", "张三的户籍证明");
        gate_->agree();
        auto access = gate_->openCamera();
        access->start();
        gate_->withdraw();
        QCOMPARE(auditTypes(), (QStringList{"consent_presented", "consent_agreed", "camera_started", "camera_stopped",
                                            "consent_withdrawn"}));
        QCOMPARE(spy.count(), audit_.size());
        for (const ConsentAuditEvent &e : audit_) {
            QCOMPARE(e.purpose, kFaceVerificationPurpose);
            QVERIFY(!e.textVersion.isEmpty());
            QVERIFY2(!e.detail.contains(QStringLiteral("张三")), "no personal data in audit events");
        }
    }

    void recordJson_holdsNoImageData()
    {
        gate_->present("en", "x");
        gate_->agree();
        auto access = gate_->openCamera();
        access->start();
        camera_->push(QImage(64, 64, QImage::Format_RGB888), 1);
        gate_->complete(ConsentMethod::Face, "match");
        const QByteArray json = QJsonDocument(gate_->record()->toJson()).toJson(QJsonDocument::Compact);
        QVERIFY2(json.size() < 400, json.constData());
        for (const char *forbidden : {"image", "template", "embedding", "score", "base64", "\x89PNG", "JFIF"})
            QVERIFY2(!json.contains(forbidden), forbidden);
    }
};

QTEST_GUILESS_MAIN(ConsentGateTest)
#include "test_consent_gate.moc"
