// The runtime state file for kiosk-update (see the header).
#include "app/fleet/kiosk_state_file.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSettings>

namespace kiosk::app {

KioskStateFile::KioskStateFile(QString path, QString version) : path_(std::move(path)), version_(std::move(version)) {}

void KioskStateFile::setReady(bool ready)
{
    if (ready_ != ready) {
        ready_ = ready;
        write();
    }
}

void KioskStateFile::setVisit(bool inProgress)
{
    if (visit_ != inProgress) {
        visit_ = inProgress;
        write();
    }
}

void KioskStateFile::setSelftest(const QString &result)
{
    if (selftest_ != result) {
        selftest_ = result;
        write();
    }
}

bool KioskStateFile::write(QString *error)
{
    if (path_.isEmpty())
        return false;
    const QJsonObject o{{QStringLiteral("pid"), QCoreApplication::applicationPid()},
                        {QStringLiteral("version"), version_},
                        {QStringLiteral("ready"), ready_},
                        {QStringLiteral("visit"), visit_},
                        {QStringLiteral("selftest"), selftest_},
                        {QStringLiteral("changed_at"), QDateTime::currentSecsSinceEpoch()}};
    QSaveFile f(path_); // a tmpfs under systemd: the rename is what matters, not the fsync
    if (!f.open(QIODevice::WriteOnly) || f.write(QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n') < 0 ||
        !f.commit()) {
        if (error)
            *error = f.errorString();
        return false;
    }
    return true;
}

QString kioskStateFilePath(QSettings &ini)
{
    const QString configured = ini.value(QStringLiteral("update/state_file")).toString().trimmed();
    if (!configured.isEmpty())
        return configured;
    const QString runtime = qEnvironmentVariable("RUNTIME_DIRECTORY");
    return runtime.isEmpty() ? QString() : QDir(runtime.section(QLatin1Char(':'), 0, 0)).filePath("state.json");
}

QString readUpdateFailedVersion(QSettings &ini)
{
    QString dir = ini.value(QStringLiteral("update/state_dir")).toString().trimmed();
    if (dir.isEmpty())
        dir = QStringLiteral("/var/lib/kiosk-update");
    QFile f(QDir(dir).filePath(QStringLiteral("failed-version")));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QString v = QString::fromUtf8(f.read(128)).trimmed();
    static const QRegularExpression version(QStringLiteral("^[A-Za-z0-9.+~:-]{1,64}$"));
    return version.match(v).hasMatch() ? v : QString();
}

} // namespace kiosk::app
