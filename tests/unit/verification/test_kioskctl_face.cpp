// `kioskctl face compare A B` with the manifest's models: the --json shape stays {"score","decision","ms"}, the
// exit code says match (0), no match or no face (1), error (2); models not cleared for production need --demo (or
// [kiosk] demo=true) and are refused with the reason otherwise.
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include "face_test_support.h"

using namespace kiosk;

class KioskctlFaceTest : public QObject
{
    Q_OBJECT

    struct Run {
        int exitCode = -2;
        QByteArray out, err;
        QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
    };

    QTemporaryDir dir_;
    QString config_, card_, same_, other_, blank_;

    Run kioskctl(const QStringList &args)
    {
        QProcess p;
        p.start(QStringLiteral(KIOSK_KIOSKCTL), QStringList{QStringLiteral("--config"), config_} + args);
        Run r;
        if (!p.waitForFinished(60000))
            return r;
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = p.readAllStandardOutput();
        r.err = p.readAllStandardError();
        return r;
    }
    QStringList compare(const QString &a, const QString &b, bool demo)
    {
        QStringList args = {QStringLiteral("--json"),
                            QStringLiteral("face"),
                            QStringLiteral("compare"),
                            a,
                            b,
                            QStringLiteral("--models"),
                            test::faceTestConfig().effectiveModelDir()};
        if (demo)
            args << QStringLiteral("--demo");
        return args;
    }

private slots:
    void initTestCase()
    {
        QString problem;
        const QImage messi = test::portrait(QStringLiteral("data/messi5.jpg"), &problem);
        const QImage bb1 = test::portrait(QStringLiteral("data/basketball1.png"), &problem);
        if (messi.isNull() || bb1.isNull())
            QFAIL(qPrintable(problem));
        const QRectF m = test::haarFace(messi, test::messiFace()), b = test::haarFace(bb1, test::basketball1Face());
        card_ = dir_.filePath(QStringLiteral("card.png"));
        same_ = dir_.filePath(QStringLiteral("same.png"));
        other_ = dir_.filePath(QStringLiteral("other.png"));
        blank_ = dir_.filePath(QStringLiteral("blank.png"));
        QVERIFY(test::framed(messi, m, QSize(102, 126), 0.55).save(card_));
        QVERIFY(test::framed(messi, m, QSize(640, 480), 0.33).save(same_));
        QVERIFY(test::framed(bb1, b, QSize(640, 480), 0.33).save(other_));
        QImage blank(640, 480, QImage::Format_RGB888);
        blank.fill(QColor(90, 90, 100));
        QVERIFY(blank.save(blank_));
        config_ = dir_.filePath(QStringLiteral("kiosk.conf"));
        QFile f(config_);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("[kiosk]\nid=GD-DEV-0001\n");
    }

    void samePerson_match_otherPerson_noMatch_blank_noFace_inTheSameShape()
    {
        const struct {
            QString b;
            const char *decision;
            int exit;
        } cases[] = {{same_, "match", 0}, {other_, "no_match", 1}, {blank_, "no_face", 1}};
        for (const auto &c : cases) {
            const Run r = kioskctl(compare(card_, c.b, true));
            QVERIFY2(r.exitCode == c.exit, r.err.constData());
            const QJsonObject j = r.json();
            QCOMPARE(QStringList(j.keys()), (QStringList{"decision", "ms", "score"}));
            QCOMPARE(j.value("decision").toString(), QString::fromLatin1(c.decision));
            QVERIFY(j.value("ms").toDouble() > 0);
            if (c.exit == 0)
                QVERIFY2(j.value("score").toDouble() >= 0.9, r.out.constData());
        }
    }

    void notClearedModels_withoutDemo_areRefused_withTheReason()
    {
        const Run r = kioskctl(compare(card_, same_, false));
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.json().value("error").toString().contains(QStringLiteral("not cleared for production")),
                 r.out.constData());
    }
};

QTEST_GUILESS_MAIN(KioskctlFaceTest)
#include "test_kioskctl_face.moc"
