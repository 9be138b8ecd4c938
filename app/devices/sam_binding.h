// The ID-card reader's SAM, bound to the kiosk at commissioning (issue 15).
//
// Every genuine resident-ID reader holds a SAM (the Ministry of Public Security's secure access module) with a unique
// id it gives on request (SAM_V 12 FF). A microcontroller posing as a USB-serial reader, or a reader swapped in from
// elsewhere, gives another id or none. The kiosk records the id at commissioning (`kioskctl idcard sam record`, or a
// supervisor in the maintenance menu) and checks it at every open and reset of the reader:
// - recorded and equal: nothing to say;
// - recorded and different: the reader is taken out of service (the kiosk shows the out-of-service screen, the reason
//   is in the menu) and an alert stands in the heartbeat until a supervisor accepts the new id;
// - nothing recorded yet: the reader works (a kiosk being commissioned), and an alert says the SAM is not recorded.
//
// The record is a small JSON file in the data folder (0600, written whole with fsync): {"recorded_sam_id",
// "recorded_at", "recorded_by", "seen_sam_id", "seen_at"}. SAM ids identify devices, not people.
#pragma once

#include <QDateTime>
#include <QObject>
#include <QString>

namespace kiosk::app {

class ServiceAvailability;

struct SamRecord {
    QString recordedId; // empty: not commissioned
    QDateTime recordedAt;
    QString recordedBy; // "kioskctl", "supervisor"
    QString seenId;     // the id the reader gave last
    QDateTime seenAt;
};

// A SAM id as the driver formats it (digits, dots and dashes; a hex fallback for odd lengths), at most 64 characters:
// anything else is a reader that sends garbage.
bool plausibleSamId(const QString &id);

// Reads the record file; an absent or unreadable file is an empty record (`error` says which, when given).
SamRecord readSamRecord(const QString &file, QString *error = nullptr);
// Writes it whole (temporary file, fsync, rename); an error or empty.
QString writeSamRecord(const QString &file, const SamRecord &record);

class SamBinding : public QObject
{
    Q_OBJECT
public:
    enum class State { NotSeen, NotRecorded, Matches, Changed };

    static constexpr char kAvailabilityPart[] = "idcard_sam";
    static constexpr char kChangedAlert[] = "idcard_sam_changed";
    static constexpr char kNotRecordedAlert[] = "idcard_sam_not_recorded";

    // `availability` may be null (tests); it must outlive this object.
    SamBinding(QString file, ServiceAvailability *availability, QObject *parent = nullptr);

    // The reader's answer to 12 FF at an open or reset (IdCardReader::samIdentified).
    void observe(const QString &samId);
    // A supervisor in the menu accepts the id the reader gives now; an error or empty.
    QString acceptSeen(const QString &by);

    State state() const { return state_; }
    SamRecord record() const { return record_; }
    QString file() const { return file_; }
    // For technicians (English): "SAM 05.01-... recorded 2026-12-07" or why not.
    QString describe() const;

signals:
    void stateChanged(kiosk::app::SamBinding::State state);
    void alertRaised(const QString &code, const QString &detail);
    void alertResolved(const QString &code);
    // For the audit chain: "idcard.sam_changed" {recorded, seen}, "idcard.sam_accepted" {sam_id, by}.
    void auditEvent(const QString &kind, const QString &recordedId, const QString &seenId, const QString &by);

private:
    void apply();

    QString file_;
    ServiceAvailability *availability_;
    SamRecord record_;
    State state_ = State::NotSeen;
};

QString toString(SamBinding::State state); // not_seen | not_recorded | matches | changed

} // namespace kiosk::app
