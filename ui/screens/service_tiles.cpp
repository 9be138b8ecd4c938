// Tile texts are marked here for lupdate and translated when asked for, so a language switch needs no restart.
#include "ui/screens/service_tiles.h"

#include <QCoreApplication>

namespace kiosk::ui {

namespace {
struct TileText {
    const char *id;
    const char *title;
    const char *hint;
    bool accent;
};

constexpr TileText kTiles[] = {
    {"apply", QT_TRANSLATE_NOOP("ServiceTiles", "办事"), QT_TRANSLATE_NOOP("ServiceTiles", "选择事项，刷证申请"), true},
    {"progress", QT_TRANSLATE_NOOP("ServiceTiles", "进度查询"), QT_TRANSLATE_NOOP("ServiceTiles", "查看办件进度"),
     false},
    {"selfprint", QT_TRANSLATE_NOOP("ServiceTiles", "自助打印"), QT_TRANSLATE_NOOP("ServiceTiles", "打印证照和证明"),
     false},
    {"rate", QT_TRANSLATE_NOOP("ServiceTiles", "评价"), QT_TRANSLATE_NOOP("ServiceTiles", "对服务进行好差评"), false},
    {"help", QT_TRANSLATE_NOOP("ServiceTiles", "帮助"), QT_TRANSLATE_NOOP("ServiceTiles", "使用说明与人工服务"), false},
};
} // namespace

QList<ServiceTile> serviceTiles()
{
    QList<ServiceTile> out;
    for (const TileText &t : kTiles)
        out.append({QString::fromLatin1(t.id), QCoreApplication::translate("ServiceTiles", t.title),
                    QCoreApplication::translate("ServiceTiles", t.hint), t.accent});
    return out;
}

ServiceTile serviceTile(const QString &id)
{
    for (const ServiceTile &t : serviceTiles()) {
        if (t.id == id)
            return t;
    }
    return {};
}

} // namespace kiosk::ui
