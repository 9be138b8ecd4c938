// Rotating file logger behind qInstallMessageHandler; thread-safe, never blocks long, never throws.
#include "app/logging/log_setup.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QLoggingCategory>
#include <QMutex>

#include <cstdio>

namespace kiosk::app {

namespace {

struct LogState {
    QMutex mutex;
    LogSettings settings;
    QFile file;
    qint64 size = 0;
};

LogState &state()
{
    static LogState s;
    return s;
}

QString filePath(const LogSettings &s, int index)
{
    const QString base = QDir(s.dir).filePath(QStringLiteral("kiosk.log"));
    return index == 0 ? base : base + QLatin1Char('.') + QString::number(index);
}

void rotateLocked(LogState &st)
{
    st.file.close();
    QFile::remove(filePath(st.settings, st.settings.maxFiles - 1));
    for (int i = st.settings.maxFiles - 2; i >= 0; --i)
        QFile::rename(filePath(st.settings, i), filePath(st.settings, i + 1));
    st.file.setFileName(filePath(st.settings, 0));
    st.file.open(QIODevice::WriteOnly | QIODevice::Append);
    st.file.setPermissions(QFile::ReadOwner | QFile::WriteOwner);
    st.size = 0;
}

const char *levelName(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg: return "debug";
    case QtInfoMsg: return "info";
    case QtWarningMsg: return "warning";
    case QtCriticalMsg: return "critical";
    case QtFatalMsg: return "fatal";
    }
    return "?";
}

void handler(QtMsgType type, const QMessageLogContext &ctx, const QString &msg)
{
    const QByteArray line =
        QStringLiteral("%1 %2 %3: %4\n")
            .arg(QDateTime::currentDateTime().toString(Qt::ISODateWithMs), QLatin1String(levelName(type)),
                 QLatin1String(ctx.category ? ctx.category : "default"), msg)
            .toUtf8();
    LogState &st = state();
    {
        QMutexLocker lock(&st.mutex);
        if (st.settings.alsoStderr || !st.file.isOpen()) {
            std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
        }
        if (st.file.isOpen()) {
            if (st.size + line.size() > qint64(st.settings.maxFileKb) * 1024)
                rotateLocked(st);
            st.size += st.file.write(line);
            st.file.flush();
        }
    }
    if (type == QtFatalMsg)
        std::abort();
}

} // namespace

void installLogging(const LogSettings &settings)
{
    LogState &st = state();
    {
        QMutexLocker lock(&st.mutex);
        st.file.close();
        st.settings = settings;
        st.settings.maxFiles = qMax(1, settings.maxFiles);
        if (!settings.dir.isEmpty() && QDir().mkpath(settings.dir)) {
            QFile::setPermissions(settings.dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
            st.file.setFileName(filePath(st.settings, 0));
            if (st.file.open(QIODevice::WriteOnly | QIODevice::Append)) {
                st.file.setPermissions(QFile::ReadOwner | QFile::WriteOwner);
                st.size = st.file.size();
            }
        }
    }
    if (!settings.filterRules.isEmpty())
        QLoggingCategory::setFilterRules(QString(settings.filterRules).replace(QLatin1Char(';'), QLatin1Char('\n')));
    qInstallMessageHandler(handler);
}

void shutdownLogging()
{
    LogState &st = state();
    QMutexLocker lock(&st.mutex);
    st.file.close();
}

QString currentLogFile()
{
    LogState &st = state();
    QMutexLocker lock(&st.mutex);
    return st.file.isOpen() ? st.file.fileName() : QString();
}

QString maskIdNumber(const QString &id)
{
    if (id.size() <= 8)
        return QString(id.size(), QLatin1Char('*'));
    return id.left(4) + QString(id.size() - 8, QLatin1Char('*')) + id.right(4);
}

QString maskName(const QString &name)
{
    if (name.isEmpty())
        return name;
    const QStringList words = name.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (words.size() > 1) // Latin names: keep the first word's initial only
        return words.first().left(1) + QStringLiteral("* ") + QString(words.size() - 1, QLatin1Char('*'));
    return name.left(1) + QString(qMax(1, int(name.size()) - 1), QLatin1Char('*')).left(name.size() > 2 ? 2 : 1);
}

} // namespace kiosk::app
