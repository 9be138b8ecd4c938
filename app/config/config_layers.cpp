// Reading kiosk.conf and its drop-ins into one view (see the header).
#include "app/config/config_layers.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QTemporaryDir>

#include <algorithm>

namespace kiosk::app {

QStringList configDropIns(const QString &mainPath)
{
    if (mainPath.isEmpty())
        return {};
    const QDir dir(mainPath + QStringLiteral(".d"));
    if (!dir.exists())
        return {};
    QStringList names = dir.entryList({QStringLiteral("*.conf")}, QDir::Files | QDir::Readable | QDir::System);
    std::sort(names.begin(), names.end(), [](const QString &a, const QString &b) { return a.toUtf8() < b.toUtf8(); });
    QStringList out;
    for (const QString &n : std::as_const(names))
        out << dir.filePath(n);
    return out;
}

LayeredConfig::LayeredConfig(const QString &mainPath) : path_(mainPath)
{
    if (mainPath.isEmpty())
        return;
    const QStringList dropIns = configDropIns(mainPath);
    QStringList files{mainPath};
    files << dropIns;
    for (const QString &file : std::as_const(files)) {
        if (!QFileInfo(file).isReadable())
            continue; // the main file's absence is KioskConfig's to report; drop-ins are listed readable
        QSettings s(file, QSettings::IniFormat);
        if (s.status() != QSettings::NoError) {
            problems_ << QStringLiteral("%1 is not a valid INI file; it is not applied").arg(file);
            continue;
        }
        layers_ << file;
        for (const QString &key : s.allKeys()) {
            if (!values_.contains(key))
                order_ << key;
            values_.insert(key, s.value(key));
            sources_.insert(key, file);
        }
    }
    if (dropIns.isEmpty())
        return;
    merged_ = std::make_unique<QTemporaryDir>();
    if (!merged_->isValid()) {
        problems_ << QStringLiteral("no temporary folder for the merged configuration; drop-ins are not applied");
        return;
    }
    const QString mergedPath = merged_->filePath(QStringLiteral("kiosk.conf"));
    {
        QSettings out(mergedPath, QSettings::IniFormat);
        for (const QString &key : std::as_const(order_))
            out.setValue(key, values_.value(key));
        out.sync();
        if (out.status() != QSettings::NoError) {
            problems_ << QStringLiteral("the merged configuration could not be written; drop-ins are not applied");
            return;
        }
    }
    path_ = mergedPath;
}

LayeredConfig::~LayeredConfig() = default;

} // namespace kiosk::app
