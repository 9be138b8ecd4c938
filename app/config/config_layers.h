// The configuration's layers: root's kiosk.conf, then its drop-ins (kiosk.conf.d/*.conf beside it, in name order,
// a later file winning), seen by the parts that read QSettings as one read-only INI.
#pragma once

#include <QHash>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <memory>

class QTemporaryDir;

namespace kiosk::app {

// `<mainPath>.d/*.conf` in name order (byte order of the names, as ls in the C locale); empty without the folder.
QStringList configDropIns(const QString &mainPath);

// Every value of the main file and its drop-ins with the file it came from. Without drop-ins path() is the main file
// itself; with them it is a merged copy in a private temporary folder, removed with this object, so code that opens
// QSettings on a path sees the drop-ins too. A drop-in that cannot be read is left out and named in problems().
class LayeredConfig
{
public:
    explicit LayeredConfig(const QString &mainPath);
    ~LayeredConfig();
    LayeredConfig(const LayeredConfig &) = delete;
    LayeredConfig &operator=(const LayeredConfig &) = delete;

    QString path() const { return path_; }
    QStringList layers() const { return layers_; } // the files read, main first
    QStringList keys() const { return order_; }    // every key set, in the order first seen
    QVariant value(const QString &key) const { return values_.value(key); }
    QString sourceOf(const QString &key) const { return sources_.value(key); }
    QStringList problems() const { return problems_; }

private:
    QString path_;
    QStringList layers_;
    QStringList order_;
    QHash<QString, QVariant> values_;
    QHash<QString, QString> sources_;
    QStringList problems_;
    std::unique_ptr<QTemporaryDir> merged_;
};

} // namespace kiosk::app
