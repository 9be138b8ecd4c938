// Themes: standard, care mode (large type and targets) and high contrast, from stylesheets in resources/.
#pragma once

#include <QString>

class QApplication;

namespace kiosk::ui {

enum class ThemeKind { Standard, Care, HighContrast };

struct ThemeMetrics {
    int basePx = 26;        // body text
    int largePx = 36;       // titles, tiles
    int hugePx = 64;        // attract title, countdown
    int targetPx = 76;      // minimum touch target height
    int smallTargetPx = 56; // header switches
    int keyPx = 72;         // on-screen keyboard keys
    int tileColumns = 2;    // home tiles per row (portrait)
};

ThemeMetrics metricsFor(ThemeKind kind);
// The font family for a language: Simplified or Traditional glyph forms of Noto Sans CJK.
QString fontFamilyFor(const QString &language);
// The resolved stylesheet (variables replaced); empty if the resource is missing.
QString styleSheetFor(ThemeKind kind, const QString &language);
void applyTheme(QApplication *app, ThemeKind kind, const QString &language);

} // namespace kiosk::ui
