// The card reader's SAM bound at commissioning (issue 15), through the kiosk as app/main.cpp composes it, with
// kiosk-devsim's reader answering SAM_V 12 FF over a real pty:
// - a kiosk that never recorded a SAM keeps serving, writes the id it saw and raises idcard_sam_not_recorded;
// - recorded and equal (`kioskctl idcard sam record`): no alert;
// - recorded and different (a swapped reader, or a device posing as one): out of service with the reason, the
//   idcard_sam_changed alert and an audit event, until a supervisor accepts it; then in service again, recorded.
#include <QProcess>
#include <QTest>

#include "app/devices/sam_binding.h"
#include "app/fleet/kiosk_alerts.h"
#include "app/maintenance/maintenance_backend.h"
#include "app/maintenance/maintenance_service.h"
#include "integration/e2e/e2e_kiosk.h"

using namespace kiosk;
using e2e::Kiosk;

namespace {

bool hasAlert(const app::KioskServices &s, const char *code)
{
    return s.alerts->isActive(QLatin1String(code));
}

} // namespace

class TestReaderSam : public QObject, public e2e::CitizenE2e
{
    Q_OBJECT

    QString kioskctlSamRecord(const QString &dataDir)
    {
        const QString conf = tmp_.filePath(QStringLiteral("ctl-%1.conf").arg(QFileInfo(dataDir).fileName()));
        QFile f(conf);
        if (!f.open(QIODevice::WriteOnly))
            return QStringLiteral("cannot write ") + conf;
        f.write(QStringLiteral("[kiosk]\ndata_dir=%1\n").arg(dataDir).toUtf8());
        f.close();
        QProcess p;
        p.start(QStringLiteral(KIOSKCTL_BINARY), {QStringLiteral("idcard"), QStringLiteral("sam"),
                                                  QStringLiteral("record"), QStringLiteral("--config"), conf});
        p.waitForFinished(30000);
        return p.exitCode() == 0 ? QString() : QString::fromLocal8Bit(p.readAllStandardError());
    }

private slots:
    void initTestCase()
    {
        QString why = makePki();
        QVERIFY2(why.isEmpty(), qPrintable(why));
        why = sandbox_.start(pki_);
        QVERIFY2(why.isEmpty(), qPrintable(why));
        platformUrl_ = QStringLiteral("https://localhost:%1").arg(sandbox_.port());
        QDir().mkpath(tmp_.filePath(QStringLiteral("devsim")));
        QVERIFY2(sim_.start(tmp_.filePath(QStringLiteral("devsim")), {QStringLiteral("--fast")}),
                 qPrintable(sim_.errorString()));
    }

    void notRecorded_serves_withAnAlert_thenRecordedByKioskctl_isQuiet()
    {
        const QString data = tmp_.filePath(QStringLiteral("data-fresh"));
        QString seen;
        {
            auto k = makeKiosk(data, platformUrl_);
            QVERIFY(k);
            app::KioskServices &s = *k->services;
            QVERIFY(s.readerSam);
            QTRY_COMPARE_WITH_TIMEOUT(app::toString(s.readerSam->state()),
                                      app::toString(app::SamBinding::State::NotRecorded), 10000);
            QVERIFY(s.availability.inService());
            QVERIFY(hasAlert(s, app::SamBinding::kNotRecordedAlert));
            seen = s.readerSam->record().seenId;
            QVERIFY2(seen.contains(QLatin1Char('-')), qPrintable(seen));
        }
        const app::SamRecord written = app::readSamRecord(data + QStringLiteral("/reader-sam.json"));
        QCOMPARE(written.seenId, seen);
        QVERIFY(written.recordedId.isEmpty());

        const QString why = kioskctlSamRecord(data);
        QVERIFY2(why.isEmpty(), qPrintable(why));
        QCOMPARE(app::readSamRecord(data + QStringLiteral("/reader-sam.json")).recordedId, seen);

        auto k = makeKiosk(data, platformUrl_);
        QVERIFY(k);
        app::KioskServices &s = *k->services;
        QTRY_COMPARE_WITH_TIMEOUT(app::toString(s.readerSam->state()), app::toString(app::SamBinding::State::Matches),
                                  10000);
        QVERIFY(s.availability.inService());
        QVERIFY(!hasAlert(s, app::SamBinding::kNotRecordedAlert));
        QVERIFY(!hasAlert(s, app::SamBinding::kChangedAlert));
    }

    void aDifferentSam_isOutOfService_untilASupervisorAcceptsIt()
    {
        const QString data = tmp_.filePath(QStringLiteral("data-swapped"));
        QVERIFY(QDir().mkpath(data));
        app::SamRecord commissioned;
        commissioned.recordedId = QStringLiteral("05.01-20200101-0000000042-0000000042");
        commissioned.recordedAt = QDateTime::currentDateTimeUtc().addDays(-30);
        commissioned.recordedBy = QStringLiteral("kioskctl");
        QVERIFY(app::writeSamRecord(data + QStringLiteral("/reader-sam.json"), commissioned).isEmpty());

        auto k = makeKiosk(data, platformUrl_);
        QVERIFY(k);
        app::KioskServices &s = *k->services;
        QTRY_COMPARE_WITH_TIMEOUT(app::toString(s.readerSam->state()), app::toString(app::SamBinding::State::Changed),
                                  10000);
        QTRY_VERIFY_WITH_TIMEOUT(!s.availability.inService(), 5000);
        QVERIFY(s.availability.missingParts().contains(QLatin1String(app::SamBinding::kAvailabilityPart)));
        QVERIFY2(s.availability.reason().contains(commissioned.recordedId), qPrintable(s.availability.reason()));
        QVERIFY(hasAlert(s, app::SamBinding::kChangedAlert));
        // The menu shows both ids; a technician may not accept, a supervisor may (the role rule).
        QVERIFY(!app::may(app::MaintenanceRole::Technician, app::MaintenanceAction::AcceptReaderSam));
        QVERIFY(app::may(app::MaintenanceRole::Supervisor, app::MaintenanceAction::AcceptReaderSam));
        const app::ReaderSamStatus shown = s.maintenanceBackend->providers().readerSam();
        QCOMPARE(shown.state, QStringLiteral("changed"));
        QCOMPARE(shown.recordedId, commissioned.recordedId);
        QVERIFY(!shown.seenId.isEmpty());
        QVERIFY(!s.maintenance->canAcceptReaderSam()); // nobody signed in
        QCOMPARE(s.maintenance->acceptReaderSam(), QStringLiteral("not allowed"));
        QCOMPARE(app::toString(s.readerSam->state()), app::toString(app::SamBinding::State::Changed));

        const QString error = s.maintenanceBackend->providers().acceptReaderSam(QStringLiteral("supervisor"));
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(app::toString(s.readerSam->state()), app::toString(app::SamBinding::State::Matches));
        QTRY_VERIFY_WITH_TIMEOUT(s.availability.inService(), 5000);
        QVERIFY(!hasAlert(s, app::SamBinding::kChangedAlert));
        const app::SamRecord after = app::readSamRecord(data + QStringLiteral("/reader-sam.json"));
        QCOMPARE(after.recordedId, shown.seenId);
        QCOMPARE(after.recordedBy, QStringLiteral("supervisor"));
    }
};

QTEST_MAIN(TestReaderSam)
#include "test_reader_sam.moc"
