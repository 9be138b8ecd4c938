// The reader's SAM id checked against the one recorded at commissioning (see sam_binding.h).
#include "app/devices/sam_binding.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSaveFile>

#include "app/session/service_availability.h"

Q_LOGGING_CATEGORY(lcSam, "kiosk.app.sam")

namespace kiosk::app {

bool plausibleSamId(const QString &id)
{
    if (id.isEmpty() || id.size() > 64)
        return false;
    for (QChar c : id) {
        if (!(c.isDigit() || (c >= QLatin1Char('a') && c <= QLatin1Char('f')) || c == QLatin1Char('.') ||
              c == QLatin1Char('-')))
            return false;
    }
    return true;
}

namespace {

QString time(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODate) : QString();
}

} // namespace

QString toString(SamBinding::State state)
{
    switch (state) {
    case SamBinding::State::NotSeen: return QStringLiteral("not_seen");
    case SamBinding::State::NotRecorded: return QStringLiteral("not_recorded");
    case SamBinding::State::Matches: return QStringLiteral("matches");
    case SamBinding::State::Changed: return QStringLiteral("changed");
    }
    return QStringLiteral("unknown");
}

SamRecord readSamRecord(const QString &file, QString *error)
{
    SamRecord r;
    QFile f(file);
    if (!f.exists())
        return r;
    if (!f.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot read %1: %2").arg(file, f.errorString());
        return r;
    }
    QJsonParseError parseError;
    const QJsonObject o = QJsonDocument::fromJson(f.read(64 * 1024), &parseError).object();
    if (parseError.error != QJsonParseError::NoError) {
        if (error)
            *error = QStringLiteral("%1 is not JSON: %2").arg(file, parseError.errorString());
        return r;
    }
    auto text = [&o](const char *key) { return o.value(QLatin1String(key)).toString(); };
    r.recordedId = plausibleSamId(text("recorded_sam_id")) ? text("recorded_sam_id") : QString();
    r.recordedAt = QDateTime::fromString(text("recorded_at"), Qt::ISODate);
    r.recordedBy = text("recorded_by").left(32);
    r.seenId = plausibleSamId(text("seen_sam_id")) ? text("seen_sam_id") : QString();
    r.seenAt = QDateTime::fromString(text("seen_at"), Qt::ISODate);
    return r;
}

QString writeSamRecord(const QString &file, const SamRecord &r)
{
    QSaveFile f(file);
    if (!f.open(QIODevice::WriteOnly))
        return QStringLiteral("cannot write %1: %2").arg(file, f.errorString());
    f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    const QJsonObject o{{QStringLiteral("recorded_sam_id"), r.recordedId},
                        {QStringLiteral("recorded_at"), time(r.recordedAt)},
                        {QStringLiteral("recorded_by"), r.recordedBy},
                        {QStringLiteral("seen_sam_id"), r.seenId},
                        {QStringLiteral("seen_at"), time(r.seenAt)}};
    f.write(QJsonDocument(o).toJson(QJsonDocument::Indented));
    if (!f.commit()) // QSaveFile: temporary file, flushed to disk, renamed over the old one
        return QStringLiteral("cannot write %1: %2").arg(file, f.errorString());
    return {};
}

SamBinding::SamBinding(QString file, ServiceAvailability *availability, QObject *parent)
    : QObject(parent), file_(std::move(file)), availability_(availability)
{
    QString error;
    record_ = readSamRecord(file_, &error);
    if (!error.isEmpty())
        qCWarning(lcSam).noquote() << "SAM record unreadable, treated as not recorded:" << error;
}

void SamBinding::observe(const QString &samId)
{
    // Re-read: `kioskctl idcard sam record` may have recorded an id since (the reader is reopened or reset then).
    const SamRecord onDisk = readSamRecord(file_);
    record_.recordedId = onDisk.recordedId;
    record_.recordedAt = onDisk.recordedAt;
    record_.recordedBy = onDisk.recordedBy;
    const QString id = plausibleSamId(samId) ? samId : QStringLiteral("invalid");
    const bool newSighting = id != record_.seenId;
    record_.seenId = id;
    record_.seenAt = QDateTime::currentDateTimeUtc();
    if (newSighting) {
        if (const QString e = writeSamRecord(file_, record_); !e.isEmpty())
            qCWarning(lcSam).noquote() << e;
    }
    apply();
}

QString SamBinding::acceptSeen(const QString &by)
{
    if (state_ == State::NotSeen || record_.seenId.isEmpty() || record_.seenId == QLatin1String("invalid"))
        return QStringLiteral("the reader has not given a valid SAM id since the kiosk started");
    const QString previous = record_.recordedId;
    SamRecord next = record_;
    next.recordedId = record_.seenId;
    next.recordedAt = QDateTime::currentDateTimeUtc();
    next.recordedBy = by;
    if (const QString e = writeSamRecord(file_, next); !e.isEmpty())
        return e;
    record_ = next;
    qCWarning(lcSam).noquote() << "SAM id" << record_.recordedId << "accepted by" << by << "(was"
                               << (previous.isEmpty() ? QStringLiteral("none") : previous) << ")";
    emit auditEvent(QStringLiteral("idcard.sam_accepted"), previous, record_.recordedId, by);
    apply();
    return {};
}

void SamBinding::apply()
{
    State next = State::NotSeen;
    if (!record_.seenId.isEmpty())
        next = record_.recordedId.isEmpty()           ? State::NotRecorded
               : record_.recordedId == record_.seenId ? State::Matches
                                                      : State::Changed;
    const bool changed = next != state_;
    state_ = next;
    const QString part = QLatin1String(kAvailabilityPart);
    if (state_ == State::Changed) {
        const QString why =
            QStringLiteral("card reader SAM %1 is not the one recorded at commissioning (%2): a supervisor must "
                           "accept it in the maintenance menu")
                .arg(record_.seenId, record_.recordedId);
        if (availability_)
            availability_->setPartAvailable(part, false, why);
        if (changed) {
            qCCritical(lcSam).noquote() << why;
            emit auditEvent(QStringLiteral("idcard.sam_changed"), record_.recordedId, record_.seenId, QString());
        }
        emit alertRaised(QLatin1String(kChangedAlert), why);
        emit alertResolved(QLatin1String(kNotRecordedAlert));
    } else {
        if (availability_)
            availability_->setPartAvailable(part, true);
        emit alertResolved(QLatin1String(kChangedAlert));
        if (state_ == State::NotRecorded)
            emit alertRaised(QLatin1String(kNotRecordedAlert),
                             QStringLiteral("card reader SAM %1 is not recorded: run `kioskctl idcard sam record`")
                                 .arg(record_.seenId));
        else if (state_ == State::Matches)
            emit alertResolved(QLatin1String(kNotRecordedAlert));
    }
    if (changed)
        emit stateChanged(state_);
}

QString SamBinding::describe() const
{
    switch (state_) {
    case State::NotSeen:
        return record_.recordedId.isEmpty()
                   ? QStringLiteral("no SAM id recorded; the reader has not answered yet")
                   : QStringLiteral("SAM %1 recorded; the reader has not answered yet").arg(record_.recordedId);
    case State::NotRecorded: return QStringLiteral("SAM %1 not recorded at commissioning").arg(record_.seenId);
    case State::Matches:
        return QStringLiteral("SAM %1 as recorded %2").arg(record_.recordedId, time(record_.recordedAt));
    case State::Changed: return QStringLiteral("SAM %1 is not the recorded %2").arg(record_.seenId, record_.recordedId);
    }
    return {};
}

} // namespace kiosk::app
