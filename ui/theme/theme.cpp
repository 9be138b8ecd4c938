// Loads a theme stylesheet and fills its size variables from the theme's metrics.
#include "ui/theme/theme.h"

#include <QApplication>
#include <QFile>
#include <QFont>

namespace kiosk::ui {

ThemeMetrics metricsFor(ThemeKind kind)
{
    ThemeMetrics m;
    if (kind == ThemeKind::Care) {
        // Care mode: >= 1.5x type, >= 90 px targets, one tile per row (fewer items per screen).
        m.basePx = 40;
        m.largePx = 54;
        m.hugePx = 84;
        m.targetPx = 110;
        m.smallTargetPx = 76;
        m.keyPx = 96;
        m.tileColumns = 1;
    }
    return m;
}

QString fontFamilyFor(const QString &language)
{
    return language == QLatin1String("zh_HK") ? QStringLiteral("Noto Sans CJK TC") : QStringLiteral("Noto Sans CJK SC");
}

QString styleSheetFor(ThemeKind kind, const QString &language)
{
    const char *name = kind == ThemeKind::Care           ? ":/themes/care.qss"
                       : kind == ThemeKind::HighContrast ? ":/themes/high_contrast.qss"
                                                         : ":/themes/standard.qss";
    QFile f(QString::fromLatin1(name));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const ThemeMetrics m = metricsFor(kind);
    QString qss = QString::fromUtf8(f.readAll());
    qss.replace(QLatin1String("@FONT@"), fontFamilyFor(language));
    qss.replace(QLatin1String("@BASE@"), QString::number(m.basePx));
    qss.replace(QLatin1String("@LARGE@"), QString::number(m.largePx));
    qss.replace(QLatin1String("@HUGE@"), QString::number(m.hugePx));
    qss.replace(QLatin1String("@SMALLTARGET@"), QString::number(m.smallTargetPx));
    qss.replace(QLatin1String("@TARGET@"), QString::number(m.targetPx));
    qss.replace(QLatin1String("@KEY@"), QString::number(m.keyPx));
    // QMainWindow lays out its central widget through a QWidgetAnimator that, with a style animation duration set,
    // makes a QPropertyAnimation (plus a connection and a deferred delete) on every relayout: about three per screen
    // change and visit wipe, even at duration 0. Nothing of the frame animates, so none are made.
    qss += QLatin1String("\nQMainWindow, #kioskRoot { widget-animation-duration: 0; }\n");
    return qss;
}

void applyTheme(QApplication *app, ThemeKind kind, const QString &language)
{
    QFont font(fontFamilyFor(language));
    font.setPixelSize(metricsFor(kind).basePx);
    app->setFont(font);
    app->setStyleSheet(styleSheetFor(kind, language));
}

} // namespace kiosk::ui
