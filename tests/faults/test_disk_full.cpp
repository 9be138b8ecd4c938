// A full disk, for real: the queue lives on a 4 MiB tmpfs mounted in a private mount namespace (unshare -rm; the test
// re-executes itself there). Submissions are made until the file system is full. The one that does not fit gets a
// clear refusal and no receipt, everything accepted before stays intact and consistent (quick_check), and once space
// is freed the kiosk accepts again by itself, without a technician.
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QStorageInfo>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>
#include <cstdlib>
#include <unistd.h>

#include "app/application/submission_service.h"
#include "offline_queue/outbox.h"
#include "offline_queue/storage/store.h"

using namespace kiosk;

namespace {

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

app::ApplicationSnapshot application(int pageBytes)
{
    app::ApplicationSnapshot a;
    a.itemCode = QStringLiteral("GD-RS-001");
    a.itemVersion = 1;
    a.applicant = QJsonObject{{"id_type", "resident"},
                              {"id_number", "440106199003071231"},
                              {"name", QStringLiteral("张三")},
                              {"verified_by", "card"}};
    a.form.insert(QStringLiteral("phone"), QStringLiteral("13800138000"));
    app::MaterialState m;
    m.spec.id = QStringLiteral("photo");
    m.status = app::MaterialStatus::Provided;
    QByteArray page(pageBytes, '\0');
    for (int i = 0; i < pageBytes; ++i)
        page[i] = char((i * 7919) % 251); // not compressible, like a JPEG
    m.pages.append({page, QStringLiteral("image/jpeg"), 1, 1});
    a.materials.append(m);
    a.delivery.method = QStringLiteral("pickup");
    return a;
}

} // namespace

class TestDiskFull : public QObject
{
    Q_OBJECT

    QTemporaryDir pki_;
    QString dir_;

    app::SubmissionSettings settings() const
    {
        app::SubmissionSettings st;
        st.databasePath = dir_ + QStringLiteral("/queue.sqlite");
        st.kioskId = QStringLiteral("GD-DEV-0001");
        st.kioskKeyFile = pki_.filePath(QStringLiteral("kiosk.key"));
        st.keyCacheFile = dir_ + QStringLiteral("/platform-key.json");
        st.diskFloorBytes = 0; // no floor: let the file system itself run out
        return st;
    }

    app::SubmissionOutcome submit(app::SubmissionService &s, int pageBytes)
    {
        QSignalSpy done(&s, &app::SubmissionService::submitted);
        s.submit(application(pageBytes));
        if (!done.wait(20000))
            return {app::SubmitProblem::NotReady, QStringLiteral("no answer"), {}, {}, {}, {}, 0};
        return done.first().first().value<app::SubmissionOutcome>();
    }

    int pending()
    {
        auto opened = queue::Store::open(dir_ + QStringLiteral("/queue.sqlite"), queue::Outbox::migrations());
        if (!opened.isOk())
            return -1;
        const auto check = opened.store->quickCheck();
        if (!check.isOk() || check.value != QStringList{QStringLiteral("ok")})
            return -2;
        queue::OutboxOptions oo;
        oo.kioskId = QStringLiteral("GD-DEV-0001");
        queue::Outbox outbox(*opened.store, oo);
        return outbox.stats().value.pending;
    }

private slots:
    void initTestCase()
    {
        dir_ = qEnvironmentVariable("KIOSK_TMPFS");
        QVERIFY2(!dir_.isEmpty(), "not running inside the tmpfs (see main)");
        QCOMPARE(QStorageInfo(dir_).fileSystemType(), QByteArray("tmpfs"));
        QVERIFY(pki_.isValid());
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(QStringLiteral("bash"), {qEnvironmentVariable("KIOSK_SOURCE_DIR") + "/packaging/make-demo-pki.sh",
                                         pki_.path(), QStringLiteral("GD-DEV-0001")});
        QVERIFY(p.waitForFinished(120000));
        QVERIFY2(p.exitCode() == 0, p.readAll().constData());
    }

    void fullDisk_refusesCleanly_keepsWhatWasAccepted_andRecoversByItself()
    {
        app::SubmissionService service(settings());
        service.start();
        QTRY_VERIFY_WITH_TIMEOUT(service.isOpen(), 10000); // it opens on its own thread
        QSignalSpy ready(&service, &app::SubmissionService::readinessChanged);
        service.setPlatformKey(QString::fromUtf8(readAll(pki_.filePath("submission.key_id"))).trimmed(),
                               readAll(pki_.filePath("submission.pub")));
        QVERIFY(ready.wait(10000));

        // Leave about 1.2 MiB free, then submit 200 KiB pages until the file system is full.
        const qint64 free = QStorageInfo(dir_).bytesAvailable();
        QFile filler(dir_ + QStringLiteral("/filler"));
        QVERIFY(filler.open(QIODevice::WriteOnly));
        QVERIFY(filler.write(QByteArray(int(free - 1200 * 1024), 'f')) > 0);
        filler.close();

        QStringList accepted;
        app::SubmissionOutcome refused;
        for (int i = 0; i < 30; ++i) {
            const app::SubmissionOutcome o = submit(service, 200 * 1024);
            if (!o.ok()) {
                refused = o;
                break;
            }
            accepted << o.localNo;
        }
        qInfo("accepted %d submissions before the disk was full; refusal: %s (%s)", int(accepted.size()),
              qPrintable(app::toString(refused.problem)), qPrintable(refused.detail));
        QVERIFY(!accepted.isEmpty());
        QVERIFY2(refused.problem == app::SubmitProblem::DiskLow, qPrintable(app::toString(refused.problem)));
        QVERIFY(refused.localNo.isEmpty()); // no receipt for what was not committed
        // Smaller and smaller submissions squeeze into what is left until SQLite itself meets ENOSPC (its journal
        // and index pages are more than the outbox's free-space estimate): refused the same way, nothing half-written.
        QStringList refusals;
        for (int kib : {100, 50, 20, 10, 5, 2, 1, 1, 1, 1}) {
            const app::SubmissionOutcome o = submit(service, kib * 1024);
            if (o.ok()) {
                accepted << o.localNo;
                continue;
            }
            QVERIFY2(o.problem == app::SubmitProblem::DiskLow, qPrintable(o.detail));
            QVERIFY(o.localNo.isEmpty());
            refusals << o.detail;
        }
        refusals.removeDuplicates();
        qInfo("refusals while squeezing: %s", qPrintable(refusals.join(QStringLiteral(" | "))));
        service.stop();

        // Consistent, and every accepted submission is there.
        QCOMPARE(pending(), int(accepted.size()));

        // Space comes back (a technician, or the retention purge): the kiosk accepts again without intervention.
        QVERIFY(QFile::remove(filler.fileName()));
        app::SubmissionService again(settings());
        again.start();
        QTRY_VERIFY_WITH_TIMEOUT(again.readiness().ok(), 5000);
        const app::SubmissionOutcome after = submit(again, 200 * 1024);
        QVERIFY2(after.ok(), qPrintable(after.detail));
        QVERIFY(!accepted.contains(after.localNo)); // local numbers never repeat
        again.stop();
        QCOMPARE(pending(), int(accepted.size()) + 1);
    }
};

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("KIOSK_TMPFS")) {
        // Re-run this test in a private mount namespace with a small tmpfs of its own (no root needed: unshare -r).
        char dir[] = "/tmp/kiosk-diskfull-XXXXXX";
        if (!mkdtemp(dir)) {
            std::perror("mkdtemp");
            return 1;
        }
        const char *script = "mount -t tmpfs -o size=4m tmpfs \"$1\" || { echo 'cannot mount a tmpfs in a user "
                             "namespace here (unshare -rm)'; exit 1; }; KIOSK_TMPFS=\"$1\" exec \"$0\"";
        std::vector<char *> args{const_cast<char *>("unshare"),
                                 const_cast<char *>("-rm"),
                                 const_cast<char *>("sh"),
                                 const_cast<char *>("-c"),
                                 const_cast<char *>(script),
                                 argv[0],
                                 dir};
        for (int i = 1; i < argc; ++i)
            args.push_back(argv[i]);
        args.push_back(nullptr);
        execvp("unshare", args.data());
        std::perror("unshare");
        return 1;
    }
    QCoreApplication app(argc, argv);
    TestDiskFull test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_disk_full.moc"
