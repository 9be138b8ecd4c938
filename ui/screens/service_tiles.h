// The services offered on the home screen, with translated names; shared by the home and placeholder screens.
#pragma once

#include <QList>
#include <QString>

namespace kiosk::ui {

struct ServiceTile {
    QString id;    // screen id it leads to
    QString title; // translated
    QString hint;  // translated one-line description
    bool accent = false;
};

// In display order; texts in the current language.
QList<ServiceTile> serviceTiles();
ServiceTile serviceTile(const QString &id);

} // namespace kiosk::ui
