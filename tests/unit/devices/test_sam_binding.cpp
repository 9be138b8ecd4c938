// The reader's SAM checked against its commissioning record (app/devices/sam_binding.h): the states, what each does
// to the kiosk's availability and alerts, the audit events, the supervisor's accept, and the record file.
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "app/devices/sam_binding.h"
#include "app/session/service_availability.h"

using namespace kiosk::app;

namespace {

const QString kReaderSam = QStringLiteral("05.01-20101209-0000123456-1234567890");
const QString kOtherSam = QStringLiteral("05.01-20200101-0000000042-0000000042");

} // namespace

class TestSamBinding : public QObject
{
    Q_OBJECT

private slots:
    void init() { QVERIFY(tmp_.isValid()); }

    void nothingRecorded_servesAndSaysSo()
    {
        const QString file = tmp_.filePath(QStringLiteral("a.json"));
        ServiceAvailability availability;
        SamBinding sam(file, &availability);
        QSignalSpy raised(&sam, &SamBinding::alertRaised);
        QCOMPARE(toString(sam.state()), toString(SamBinding::State::NotSeen));
        QVERIFY(!sam.acceptSeen(QStringLiteral("supervisor")).isEmpty()); // nothing seen yet: nothing to accept
        sam.observe(kReaderSam);
        QCOMPARE(toString(sam.state()), toString(SamBinding::State::NotRecorded));
        QVERIFY(availability.inService());
        QVERIFY(!raised.isEmpty());
        QCOMPARE(raised.last().at(0).toString(), QLatin1String(SamBinding::kNotRecordedAlert));
        const SamRecord r = readSamRecord(file);
        QCOMPARE(r.seenId, kReaderSam);
        QVERIFY(r.recordedId.isEmpty());
        QCOMPARE(QFile(file).permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup),
                 QFileDevice::Permissions());
    }

    void recordedAndEqual_isQuiet()
    {
        const QString file = tmp_.filePath(QStringLiteral("b.json"));
        SamRecord r;
        r.recordedId = kReaderSam;
        QVERIFY(writeSamRecord(file, r).isEmpty());
        ServiceAvailability availability;
        SamBinding sam(file, &availability);
        QSignalSpy raised(&sam, &SamBinding::alertRaised);
        QSignalSpy audit(&sam, &SamBinding::auditEvent);
        sam.observe(kReaderSam);
        QCOMPARE(toString(sam.state()), toString(SamBinding::State::Matches));
        QVERIFY(availability.inService());
        QVERIFY(raised.isEmpty());
        QVERIFY(audit.isEmpty());
    }

    void different_takesTheKioskOutOfService_untilAccepted()
    {
        const QString file = tmp_.filePath(QStringLiteral("c.json"));
        SamRecord r;
        r.recordedId = kReaderSam;
        QVERIFY(writeSamRecord(file, r).isEmpty());
        ServiceAvailability availability;
        SamBinding sam(file, &availability);
        QSignalSpy raised(&sam, &SamBinding::alertRaised);
        QSignalSpy resolved(&sam, &SamBinding::alertResolved);
        QSignalSpy audit(&sam, &SamBinding::auditEvent);
        sam.observe(kOtherSam);
        QCOMPARE(toString(sam.state()), toString(SamBinding::State::Changed));
        QVERIFY(!availability.inService());
        QVERIFY(availability.reason().contains(kOtherSam));
        QVERIFY(availability.reason().contains(kReaderSam));
        QCOMPARE(raised.last().at(0).toString(), QLatin1String(SamBinding::kChangedAlert));
        QCOMPARE(audit.count(), 1);
        QCOMPARE(audit.at(0).at(0).toString(), QStringLiteral("idcard.sam_changed"));
        // Reopened or reset again: still refused, one audit event per change, not per open.
        sam.observe(kOtherSam);
        QVERIFY(!availability.inService());
        QCOMPARE(audit.count(), 1);

        QVERIFY(sam.acceptSeen(QStringLiteral("supervisor")).isEmpty());
        QCOMPARE(toString(sam.state()), toString(SamBinding::State::Matches));
        QVERIFY(availability.inService());
        bool changedResolved = false;
        for (const QList<QVariant> &args : std::as_const(resolved))
            changedResolved = changedResolved || args.at(0).toString() == QLatin1String(SamBinding::kChangedAlert);
        QVERIFY(changedResolved);
        QCOMPARE(audit.last().at(0).toString(), QStringLiteral("idcard.sam_accepted"));
        QCOMPARE(readSamRecord(file).recordedId, kOtherSam);
        QCOMPARE(readSamRecord(file).recordedBy, QStringLiteral("supervisor"));
    }

    void garbageFromTheReader_isNeverAMatch()
    {
        // A device posing as a reader that answers 12 FF with bytes of its own choosing (control characters, markup).
        const QString file = tmp_.filePath(QStringLiteral("d.json"));
        SamRecord r;
        r.recordedId = kReaderSam;
        QVERIFY(writeSamRecord(file, r).isEmpty());
        ServiceAvailability availability;
        SamBinding sam(file, &availability);
        sam.observe(QStringLiteral("<b>05.01</b>\u202e"));
        QCOMPARE(toString(sam.state()), toString(SamBinding::State::Changed));
        QCOMPARE(sam.record().seenId, QStringLiteral("invalid"));
        QVERIFY(!sam.acceptSeen(QStringLiteral("supervisor")).isEmpty()); // an invalid id is never recorded
        QCOMPARE(readSamRecord(file).recordedId, kReaderSam);
    }

    void aRecordMadeByKioskctlMeanwhile_isReadAtTheNextOpen()
    {
        const QString file = tmp_.filePath(QStringLiteral("e.json"));
        ServiceAvailability availability;
        SamBinding sam(file, &availability);
        sam.observe(kReaderSam);
        QCOMPARE(toString(sam.state()), toString(SamBinding::State::NotRecorded));
        SamRecord r = readSamRecord(file);
        r.recordedId = kReaderSam; // `kioskctl idcard sam record`
        QVERIFY(writeSamRecord(file, r).isEmpty());
        sam.observe(kReaderSam);
        QCOMPARE(toString(sam.state()), toString(SamBinding::State::Matches));
    }

private:
    QTemporaryDir tmp_;
};

QTEST_GUILESS_MAIN(TestSamBinding)
#include "test_sam_binding.moc"
