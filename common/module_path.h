// Where a module the kiosk loads at run time (the face engine, the OCR engines, the video-file decoder) is found, and
// its loading: the environment variable first (tests, technicians), then the installed package's folder beside the
// program's bin/, then the build tree's copy (a development build). Empty when none applies.
#pragma once

#include <QCoreApplication>
#include <QFileInfo>
#include <QLibrary>
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

// Loads the module at `file` (never unloaded: what it made lives as long as the process may use it) and resolves
// `symbol`; null with `*problem` set ("the <what> <moduleName> could not be loaded: ...", "<file> lacks <symbol>")
// when either fails.
inline QFunctionPointer loadModuleSymbol(const QString &file, const char *symbol, const QString &what,
                                         const QString &moduleName, QString *problem)
{
    auto *lib = new QLibrary(file);
    if (file.isEmpty() || !lib->load()) {
        *problem = QStringLiteral("the %1 %2 could not be loaded: %3")
                       .arg(what, moduleName, file.isEmpty() ? QStringLiteral("not found") : lib->errorString());
        return nullptr;
    }
    const QFunctionPointer fn = lib->resolve(symbol);
    if (!fn)
        *problem = QStringLiteral("%1 lacks %2").arg(file, QLatin1String(symbol));
    return fn;
}

} // namespace kiosk::common
