// Where a module the kiosk loads at run time (the face engine, the video-file decoder) is found: the environment
// variable first (tests, technicians), then the installed package's folder beside the program's bin/, then the
// build tree's copy (a development build). Empty when none applies.
#pragma once

#include <QCoreApplication>
#include <QFileInfo>
#include <QString>

namespace kiosk::common {

inline QString findModule(const char *envVar, const QString &installedDir, const QString &fileName,
                          const QString &buildTreePath)
{
    const QString fromEnv = qEnvironmentVariable(envVar);
    if (!fromEnv.isEmpty())
        return fromEnv;
    if (QCoreApplication::instance()) {
        const QString installed = QCoreApplication::applicationDirPath() + QStringLiteral("/../") + installedDir +
                                  QLatin1Char('/') + fileName;
        if (QFileInfo::exists(installed))
            return QFileInfo(installed).canonicalFilePath();
    }
    return buildTreePath;
}

} // namespace kiosk::common
