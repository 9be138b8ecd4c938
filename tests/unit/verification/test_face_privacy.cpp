// Privacy of face verification: a whole verification writes nothing with image bytes under the temporary directory
// or the data directory, the consent record holds no image or template, and after the decision the verification
// holds no template or frame any more (the template's values are zeroed, for every copy).
#include <QDirIterator>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "app/verification/face_verification.h"
#include "unit/consent/fake_frame_source.h"
#include "unit/verification/face_test_support.h"

using namespace kiosk;
using namespace kiosk::app;

namespace {

// Signatures of image files, and a run of the frame's own pixel bytes.
bool containsImageBytes(const QByteArray &data, const QByteArray &pixelRun)
{
    static const QList<QByteArray> magics = {QByteArray("\xFF\xD8\xFF", 3), QByteArray("\x89PNG\r\n", 6),
                                             QByteArray("P6\n"), QByteArray("GIF8"), QByteArray("RIFF")};
    for (const QByteArray &m : magics)
        if (data.contains(m))
            return true;
    return data.contains(pixelRun) || data.startsWith("BM");
}

QStringList filesUnder(const QString &dir)
{
    QStringList files;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext())
        files << it.next();
    return files;
}

} // namespace

class FacePrivacyTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir sandbox_{QDir::tempPath() + QStringLiteral("/kiosk-face-privacy-XXXXXX")};
    QString tmpDir_, dataDir_;

private slots:
    void initTestCase()
    {
        QVERIFY(sandbox_.isValid());
        // Everything this process would write goes below the sandbox: temporary files and the data location.
        tmpDir_ = sandbox_.filePath("tmp");
        dataDir_ = sandbox_.filePath("data");
        QDir().mkpath(tmpDir_);
        QDir().mkpath(dataDir_);
        qputenv("TMPDIR", tmpDir_.toUtf8());
        qputenv("XDG_DATA_HOME", dataDir_.toUtf8());
        qputenv("XDG_CACHE_HOME", sandbox_.filePath("cache").toUtf8());
        QCOMPARE(QDir::tempPath(), tmpDir_);
    }

    void aWholeVerification_leavesNoImageOnDisk_andNothingBiometricInMemory()
    {
        const FaceConfig config = test::faceTestConfig();
        QString problem;
        const std::shared_ptr<FaceEngine> engine = test::loadFaceEngine(config, &problem);
        if (!engine)
            QFAIL(qPrintable(problem));
        const QImage messi = test::portrait("data/messi5.jpg", &problem);
        if (messi.isNull())
            QFAIL(qPrintable(problem));
        FaceAnalysisOptions o;
        o.embedding = false;
        const QRectF box = test::haarFace(messi, test::messiFace());
        const QImage card = test::framed(messi, box, QSize(102, 126), 0.55);
        const QImage frame = test::framed(messi, box, QSize(640, 480), 0.33);
        const QByteArray pixelRun(reinterpret_cast<const char *>(frame.constScanLine(240)) + 600, 48);

        auto cam = std::make_unique<test::FakeFrameSource>();
        test::FakeFrameSource *camera = cam.get();
        ConsentGate gate(std::move(cam));
        QList<ConsentAuditEvent> audit;
        gate.setAuditSink([&audit](const ConsentAuditEvent &e) { audit << e; });
        gate.present("zh_CN", "x");
        gate.agree();
        FaceVerification v(&gate, engine, config);
        v.setChallengeChooser([](int) { return FaceChallenge::TurnLeft; });
        // The face looks at the camera, then turns to its left and back (the challenge), in a loop.
        QList<QImage> frames = {frame, frame, frame, frame};
        frames << test::headMovements(*engine, frame).value(int(FaceChallenge::TurnLeft));
        QSignalSpy decided(&v, &FaceVerification::decided);
        QCOMPARE(toString(v.start(card)), toString(ConsentError::None));
        QTRY_VERIFY_WITH_TIMEOUT(camera->isActive(), 5000);
        QElapsedTimer t;
        t.start();
        for (int i = 0; decided.isEmpty() && t.elapsed() < 15000; ++i) {
            camera->push(frames[i % frames.size()], 1000 + t.elapsed());
            QTest::qWait(40);
        }
        QCOMPARE(decided.count(), 1);
        QCOMPARE(toString(decided.first().first().value<FaceDecision>().outcome), QStringLiteral("match"));

        // Memory: no template, card photo or frame is held once the worker has returned.
        QTRY_VERIFY_WITH_TIMEOUT(!v.holdsBiometricData(), 3000);
        engine->threadPool()->waitForDone(3000);

        // Disk: nothing under the temporary or data directories carries image bytes.
        for (const QString &dir : {tmpDir_, dataDir_, sandbox_.filePath("cache")}) {
            for (const QString &path : filesUnder(dir)) {
                QFile f(path);
                QVERIFY(f.open(QIODevice::ReadOnly));
                QVERIFY2(!containsImageBytes(f.readAll(), pixelRun), qPrintable("image bytes in " + path));
            }
        }
        qInfo() << "files written under the sandbox:" << filesUnder(sandbox_.path()).size();

        // The consent record and the audit events: no image, no template, no score.
        const QByteArray json = QJsonDocument(gate.record()->toJson()).toJson(QJsonDocument::Compact);
        QVERIFY2(!containsImageBytes(json, pixelRun), json.constData());
        QCOMPARE(gate.record()->toJson().keys(),
                 (QStringList{"at", "decision", "method_used", "purpose", "text_sha256", "text_version"}));
        QVERIFY(!audit.isEmpty());
        for (const ConsentAuditEvent &e : audit)
            QVERIFY2(!e.detail.contains(QLatin1String("0.")), qPrintable("a score in the audit: " + e.detail));
    }

    void aTemplatesValues_areZeroedForEveryHolder_onWipe()
    {
        FaceTemplate t(std::vector<float>(512, 0.25f));
        FaceTemplate workerCopy = t; // e.g. a copy a finished worker still has in its result
        t.wipe();
        QVERIFY(workerCopy.isZero());
        QCOMPARE(workerCopy.size(), 512);
    }

    void wipeImage_zeroesTheOnlyHoldersPixels_andLeavesSharedOnesAlone()
    {
        std::vector<uchar> pixels(64 * 64 * 3, 0xAB); // observable: the image works on this buffer in place
        QImage img(pixels.data(), 64, 64, 64 * 3, QImage::Format_RGB888);
        QImage alias = img;
        wipeImage(alias); // shared: wiping would only detach a copy, so it must just let go
        QVERIFY(alias.isNull());
        QCOMPARE(int(pixels[100]), 0xAB);
        wipeImage(img); // the only holder: zeroed in place
        QVERIFY(img.isNull());
        QVERIFY(std::all_of(pixels.begin(), pixels.end(), [](uchar b) { return b == 0; }));
    }
};

QTEST_MAIN(FacePrivacyTest)
#include "test_face_privacy.moc"
