// The model manifest decides what the face engine may load: the fetched default one describes every file (role,
// upstream, weights licence, sha256, input spec, threshold and its calibration) and says it is not cleared for
// production; a file whose sha256 differs, a file the manifest does not name and a manifest not cleared on a kiosk
// that is no demo are refused before OpenCV is touched, each with a reason; a malformed manifest is refused.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include "app/verification/face_engine.h"
#include "app/verification/face_manifest.h"
#include "face_test_support.h"

using namespace kiosk;
using namespace kiosk::app;

class FaceManifestTest : public QObject
{
    Q_OBJECT

    FaceConfig config_;
    QString manifestPath_;
    QJsonObject manifest_;

    // A model folder of links to the fetched files, with `manifest` as its face-models.json.
    FaceConfig folder(QTemporaryDir &dir, const QJsonObject &manifest)
    {
        for (const QString &name : QDir(config_.effectiveModelDir()).entryList(QDir::Files)) {
            if (name != QLatin1String("face-models.json"))
                QFile::link(QDir(config_.effectiveModelDir()).filePath(name), dir.filePath(name));
        }
        QFile f(dir.filePath(QStringLiteral("face-models.json")));
        if (!f.open(QIODevice::WriteOnly) || f.write(QJsonDocument(manifest).toJson()) < 0)
            qFatal("cannot write the test manifest");
        FaceConfig c = config_;
        c.modelDir = dir.path();
        return c;
    }

    static QJsonObject withFile(QJsonObject manifest, int index, const QString &key, const QJsonValue &value)
    {
        QJsonArray files = manifest.value(QStringLiteral("files")).toArray();
        QJsonObject entry = files.at(index).toObject();
        entry.insert(key, value);
        files.replace(index, entry);
        manifest.insert(QStringLiteral("files"), files);
        return manifest;
    }

private slots:
    void initTestCase()
    {
        config_ = test::faceTestConfig();
        manifestPath_ = config_.modelPath(config_.manifestFile);
        QString why;
        const FaceManifest m = FaceManifest::read(manifestPath_, &why);
        if (!m.isValid())
            QFAIL(qPrintable(QStringLiteral("FACE MODELS MISSING - run packaging/fetch-models.sh: ") + why));
        QFile f(manifestPath_);
        QVERIFY(f.open(QIODevice::ReadOnly));
        manifest_ = QJsonDocument::fromJson(f.readAll()).object();
    }

    void theDefaultManifest_describesEveryFile_andIsNotCleared()
    {
        QString why;
        const FaceManifest m = FaceManifest::read(manifestPath_, &why);
        QVERIFY(!m.clearedForProduction());
        QVERIFY(m.knownLimitations().join(' ').contains(QStringLiteral("East-Asian")));
        const FaceManifestModel *detector = m.find(QStringLiteral("detector"));
        const FaceManifestModel *embedder = m.find(QStringLiteral("embedder"));
        QVERIFY(detector && embedder);
        QCOMPARE(detector->weightsLicence, QStringLiteral("Apache-2.0"));
        QVERIFY(embedder->weightsLicence.startsWith(QStringLiteral("public domain")));
        for (const FaceManifestModel &model : m.models()) {
            QVERIFY2(FaceManifest::verifyFile(config_.modelPath(model.file), model.sha256, &why), qPrintable(why));
            QVERIFY2(!model.upstream.isEmpty(), qPrintable(model.file));
            QVERIFY2(QFileInfo::exists(config_.modelPath(model.licenceFile)), qPrintable(model.licenceFile));
            QVERIFY2(model.json.value(QStringLiteral("input")).toObject().value(QStringLiteral("width")).toInt() > 0,
                     qPrintable(model.file));
        }
        const QJsonObject decision = embedder->json.value(QStringLiteral("decision")).toObject();
        QVERIFY(decision.value(QStringLiteral("match_threshold")).toDouble() > 0.5);
        QVERIFY(!decision.value(QStringLiteral("calibration")).toString().isEmpty());
        QVERIFY(embedder->json.value(QStringLiteral("known_limitations")).toString().contains("East-Asian"));
    }

    void notClearedManifest_onAKioskThatIsNoDemo_goesToStaff_withTheReason()
    {
        FaceConfig c = config_;
        c.demo = false;
        const FaceEngine::LoadResult r = FaceEngine::load(c);
        QVERIFY(!r.engine);
        QCOMPARE(toString(r.error), QStringLiteral("not_cleared"));
        QVERIFY2(r.detail.contains(QStringLiteral("not cleared for production")) &&
                     r.detail.contains(QStringLiteral("demo=true")),
                 qPrintable(r.detail));
    }

    void clearedManifest_loadsWithoutDemo()
    {
        QTemporaryDir dir;
        QJsonObject cleared = manifest_;
        cleared.insert(QStringLiteral("cleared_for_production"), true);
        FaceConfig c = folder(dir, cleared);
        c.demo = false;
        const FaceEngine::LoadResult r = FaceEngine::load(c);
        QVERIFY2(r.engine, qPrintable(r.detail));
        QVERIFY(r.engine->cleared());
        QVERIFY(!r.engine->modelSummary().contains(QStringLiteral("demo")));
    }

    void aFileWhoseSha256Differs_isRefused()
    {
        QTemporaryDir dir;
        FaceConfig c = folder(dir, manifest_);
        const QString detector = FaceManifest::read(manifestPath_, nullptr).find(QStringLiteral("detector"))->file;
        // The same network with one byte changed at its end: OpenCV would load it; the manifest must not.
        QFile original(config_.modelPath(detector));
        QVERIFY(original.open(QIODevice::ReadOnly));
        QByteArray bytes = original.readAll();
        bytes[bytes.size() - 1] = char(bytes[bytes.size() - 1] ^ 0x01);
        QFile::remove(dir.filePath(detector));
        QFile tampered(dir.filePath(detector));
        QVERIFY(tampered.open(QIODevice::WriteOnly));
        tampered.write(bytes);
        tampered.close();
        const FaceEngine::LoadResult r = FaceEngine::load(c);
        QVERIFY(!r.engine);
        QCOMPARE(toString(r.error), QStringLiteral("model_refused"));
        QVERIFY2(r.detail.contains(detector) && r.detail.contains(QStringLiteral("sha256")), qPrintable(r.detail));
    }

    void aFileTheManifestDoesNotName_isRefused()
    {
        QTemporaryDir dir;
        FaceConfig c = folder(dir, manifest_);
        QVERIFY(QFile::copy(config_.modelPath(QStringLiteral("blazeface_front_128.onnx")),
                            dir.filePath(QStringLiteral("other_detector.onnx"))));
        c.detectorModel = QStringLiteral("other_detector.onnx");
        FaceEngine::LoadResult r = FaceEngine::load(c);
        QVERIFY(!r.engine);
        QCOMPARE(toString(r.error), QStringLiteral("model_refused"));
        QVERIFY2(r.detail.contains(QStringLiteral("other_detector.onnx")), qPrintable(r.detail));
        // A file the manifest names, in another role, is refused too.
        c.detectorModel = QStringLiteral("dlib_face_descriptor.onnx");
        r = FaceEngine::load(c);
        QCOMPARE(toString(r.error), QStringLiteral("model_refused"));
    }

    void noManifest_isModelMissing()
    {
        QTemporaryDir dir;
        FaceConfig c = config_;
        c.modelDir = dir.path();
        const FaceEngine::LoadResult r = FaceEngine::load(c);
        QCOMPARE(toString(r.error), QStringLiteral("model_missing"));
        QVERIFY2(r.detail.contains(QStringLiteral("fetch-models.sh")), qPrintable(r.detail));
    }

    void malformedManifests_areRefused_data()
    {
        QTest::addColumn<QJsonObject>("manifest");
        QTest::addColumn<QString>("error");
        QJsonObject m = manifest_;
        m.insert(QStringLiteral("format"), QStringLiteral("something-else/9"));
        QTest::newRow("unknown format") << m << "manifest_invalid";
        m = manifest_;
        m.remove(QStringLiteral("cleared_for_production"));
        QTest::newRow("no clearance flag") << m << "manifest_invalid";
        QTest::newRow("a path, not a file name")
            << withFile(manifest_, 0, QStringLiteral("file"), QStringLiteral("../../etc/detector.onnx"))
            << "manifest_invalid";
        QTest::newRow("no sha256") << withFile(manifest_, 0, QStringLiteral("sha256"), QStringLiteral("abc"))
                                   << "manifest_invalid";
        QTest::newRow("no weights licence")
            << withFile(manifest_, 0, QStringLiteral("weights_licence"), QString()) << "manifest_invalid";
        QJsonObject badInput = manifest_.value(QStringLiteral("files")).toArray().at(0).toObject()["input"].toObject();
        badInput.insert(QStringLiteral("layout"), QStringLiteral("CHWN"));
        QTest::newRow("unknown layout") << withFile(manifest_, 0, QStringLiteral("input"), badInput)
                                        << "manifest_invalid";
        const int embedder = manifest_.value(QStringLiteral("files")).toArray().size() - 1;
        QTest::newRow("threshold out of range") << withFile(manifest_, embedder, QStringLiteral("decision"),
                                                            QJsonObject{{"metric", "cosine"}, {"match_threshold", 3.0}})
                                                << "manifest_invalid";
    }
    void malformedManifests_areRefused()
    {
        QFETCH(QJsonObject, manifest);
        QFETCH(QString, error);
        QTemporaryDir dir;
        const FaceEngine::LoadResult r = FaceEngine::load(folder(dir, manifest));
        QVERIFY(!r.engine);
        QCOMPARE(toString(r.error), error);
        QVERIFY(!r.detail.isEmpty());
    }
};

QTEST_GUILESS_MAIN(FaceManifestTest)
#include "test_face_manifest.moc"
