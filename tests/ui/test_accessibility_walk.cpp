// Issue 18's accessibility walk: every shell screen in the three languages x standard / care / high contrast x portrait
// and landscape, measured on the rendered pixels and the laid-out widgets as a person meets them:
// - text contrast (WCAG 2 relative luminance) of each visible text widget against its own background: >= 4.5:1
//   standard, >= 7:1 care and high contrast;
// - touch targets: every visible button >= 60 px (standard) / 90 px (care) in both directions, header switches
// included;
// - care mode type >= 1.5x the standard body size (26 px -> 39 px);
// - no clipped or elided text: a label's or button's text fits its own rectangle and the rectangle is not cut by a
//   parent (scroll areas excepted: a person scrolls);
// - no untranslated string in English: no Han character outside the names the kiosk shows as given (centre name, the
//   language switch's own labels); the guide's catalogue prose is not checked yet (see the known gap below).
// - every interactive widget (button, text field, list, combo box, slider) has an accessible name and an interactive
//   role as a screen reader gets them through QAccessible (what Qt's AT-SPI bridge serves), and in English the name
//   is English too (test_atspi_journey drives the real kiosk by these names through at-spi2-core);
// All findings of a combination are listed together so one run says everything to fix.
#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractScrollArea>
#include <QAbstractSlider>
#include <QAccessible>
#include <QComboBox>
#include <QHash>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpression>
#include <QScrollBar>
#include <QTest>
#include <QTextDocument>

#include <algorithm>
#include <cmath>

#include "app/application/visit_state.h"
#include "support/kiosk_fixture.h"
#include "ui/widgets/wrap_button.h"

using kiosk::test::KioskFixture;

namespace {

double channel(int c)
{
    const double s = c / 255.0;
    return s <= 0.03928 ? s / 12.92 : std::pow((s + 0.055) / 1.055, 2.4);
}

double luminance(QRgb p)
{
    return 0.2126 * channel(qRed(p)) + 0.7152 * channel(qGreen(p)) + 0.0722 * channel(qBlue(p));
}

double contrast(QRgb a, QRgb b)
{
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

// Background = the most frequent colour of the text's rectangle; text = the glyph colour, taken as the colour at the
// 98th percentile of contrast against that background among the pixels clearly unlike it (>= 1.5:1: shades of a
// gradient background are left out; antialiased edges lie below, the glyph cores at the top).
double textContrast(const QImage &img, const QRect &r)
{
    QHash<QRgb, int> count;
    for (int y = r.top(); y <= r.bottom(); ++y)
        for (int x = r.left(); x <= r.right(); ++x)
            ++count[img.pixel(x, y) | 0xff000000u];
    if (count.isEmpty())
        return 21.0;
    QRgb bg = count.constBegin().key();
    for (auto it = count.constBegin(); it != count.constEnd(); ++it)
        if (it.value() > count.value(bg))
            bg = it.key();
    std::vector<double> ratios;
    for (auto it = count.constBegin(); it != count.constEnd(); ++it) {
        if (it.key() == bg)
            continue;
        const double c = contrast(it.key(), bg);
        if (c < 1.5)
            continue; // a shade of the background itself (a gradient), not ink
        for (int i = 0; i < it.value(); ++i)
            ratios.push_back(c);
    }
    if (ratios.size() < 4)
        return 21.0; // nothing drawn (an empty label)
    std::sort(ratios.begin(), ratios.end());
    return ratios[std::min(ratios.size() - 1, static_cast<size_t>(ratios.size() * 0.98))];
}

QRect onWindow(QWidget *w, QWidget *window)
{
    return QRect(w->mapTo(window, QPoint(0, 0)), w->size());
}

bool inScrollArea(QWidget *w)
{
    for (QWidget *p = w->parentWidget(); p; p = p->parentWidget())
        if (qobject_cast<QAbstractScrollArea *>(p))
            return true;
    return false;
}

bool reallyVisible(QWidget *w, QWidget *window)
{
    if (!w->isVisible() || w->width() <= 0 || w->height() <= 0)
        return false;
    QRect r = onWindow(w, window);
    for (QWidget *p = w->parentWidget(); p && p != window; p = p->parentWidget())
        r &= onWindow(p, window);
    return !r.isEmpty();
}

QString plain(const QString &text)
{
    if (Qt::mightBeRichText(text)) {
        QTextDocument d;
        d.setHtml(text);
        return d.toPlainText();
    }
    return text;
}

QString nameOf(QWidget *w)
{
    const QString text =
        qobject_cast<QLabel *>(w) ? qobject_cast<QLabel *>(w)->text() : qobject_cast<QAbstractButton *>(w)->text();
    return QStringLiteral("%1 %2 \"%3\"")
        .arg(QString::fromLatin1(w->metaObject()->className()),
             w->objectName().isEmpty() ? QStringLiteral("(unnamed)") : w->objectName(),
             plain(text).simplified().left(30));
}

enum class Mode { Standard, Care, HighContrast };

} // namespace

class AccessibilityWalkTest : public QObject
{
    Q_OBJECT
private slots:
    void walk_data()
    {
        QTest::addColumn<QString>("language");
        QTest::addColumn<int>("mode");
        QTest::addColumn<QSize>("size");
        for (const char *lang : {"zh_CN", "zh_HK", "en"})
            for (int mode : {0, 1, 2})
                for (QSize size : {QSize(1080, 1920), QSize(1920, 1080)})
                    QTest::addRow("%s-%s-%s", lang,
                                  mode == 0   ? "standard"
                                  : mode == 1 ? "care"
                                              : "high_contrast",
                                  size.width() < size.height() ? "portrait" : "landscape")
                        << QString::fromLatin1(lang) << mode << size;
    }

    void walk()
    {
        QFETCH(QString, language);
        QFETCH(int, mode);
        QFETCH(QSize, size);
        const bool care = mode == int(Mode::Care);
        const bool strict = mode != int(Mode::Standard);
        KioskFixture k(size, {}, true, {}, mode == int(Mode::HighContrast));
        QStringList findings;

        auto check = [&](const QString &screen) {
            QTest::qWait(1);
            QCoreApplication::processEvents();
            const QImage img = k.window->grab().toImage().convertToFormat(QImage::Format_RGB32);
            if (k.window->size() != size) // content wider or taller than the panel pushed the window out
                findings << QStringLiteral("%1: the window grew to %2x%3")
                                .arg(screen)
                                .arg(k.window->width())
                                .arg(k.window->height());
            const double dpr = img.devicePixelRatio();
            const double minContrast = strict ? 7.0 : 4.5;
            const int minTarget = care ? 90 : 60;
            for (QWidget *w : k.window->findChildren<QWidget *>()) {
                const bool interactive = qobject_cast<QAbstractButton *>(w) || qobject_cast<QLineEdit *>(w) ||
                                         qobject_cast<QComboBox *>(w) || qobject_cast<QAbstractSlider *>(w) ||
                                         qobject_cast<QAbstractItemView *>(w);
                if (interactive && reallyVisible(w, k.window.get()) && !qobject_cast<QScrollBar *>(w)) {
                    QAccessibleInterface *a = QAccessible::queryAccessibleInterface(w);
                    const QString an = a ? a->text(QAccessible::Name).trimmed() : QString();
                    const QAccessible::Role role = a ? a->role() : QAccessible::NoRole;
                    static const QList<QAccessible::Role> roles{
                        QAccessible::PushButton, QAccessible::CheckBox,     QAccessible::RadioButton,
                        QAccessible::ButtonMenu, QAccessible::EditableText, QAccessible::ComboBox,
                        QAccessible::Slider,     QAccessible::List,         QAccessible::Table,
                        QAccessible::Tree,       QAccessible::PageTab};
                    const QString what = screen + QStringLiteral(": ") +
                                         QString::fromLatin1(w->metaObject()->className()) + QLatin1Char(' ') +
                                         (w->objectName().isEmpty() ? QStringLiteral("(unnamed)") : w->objectName());
                    if (an.isEmpty())
                        findings << QStringLiteral("%1: no accessible name").arg(what);
                    if (!roles.contains(role))
                        findings
                            << QStringLiteral("%1: accessible role %2 is not interactive").arg(what).arg(int(role));
                    if (language == QLatin1String("en")) {
                        static const QRegularExpression han(QStringLiteral("\\p{Han}"));
                        QString rest = an;
                        for (const QString &given : {QStringLiteral("广州市天河区政务服务中心"), QStringLiteral("简体"),
                                                     QStringLiteral("繁體"), QStringLiteral("中文")})
                            rest.remove(given);
                        if (han.match(rest).hasMatch())
                            findings << QStringLiteral("%1: accessible name untranslated in English: \"%2\"")
                                            .arg(what, an.left(30));
                    }
                }
                auto *label = qobject_cast<QLabel *>(w);
                auto *button = qobject_cast<QAbstractButton *>(w);
                if ((!label && !button) || !reallyVisible(w, k.window.get()))
                    continue;
                const QString what = screen + QStringLiteral(": ") + nameOf(w);
                if (button && (w->height() < minTarget || w->width() < minTarget))
                    findings << QStringLiteral("%1: touch target %2x%3 < %4")
                                    .arg(what)
                                    .arg(w->width())
                                    .arg(w->height())
                                    .arg(minTarget);
                const QString text = plain(label ? label->text() : button->text());
                if (text.trimmed().isEmpty() || (label && !label->pixmap().isNull()))
                    continue;
                const QRect r = onWindow(w, k.window.get());
                const QRect px(QPoint(int(r.left() * dpr), int(r.top() * dpr)),
                               QSize(int(r.width() * dpr), int(r.height() * dpr)));
                const double c = textContrast(img, px & img.rect());
                if (c < minContrast)
                    findings << QStringLiteral("%1: contrast %2:1 < %3:1").arg(what).arg(c, 0, 'f', 2).arg(minContrast);
                const QFont f = w->font();
                const int fontPx = f.pixelSize() > 0 ? f.pixelSize() : QFontInfo(f).pixelSize();
                if (care && fontPx < 39)
                    findings << QStringLiteral("%1: care-mode text %2 px < 39 px (1.5x 26)").arg(what).arg(fontPx);
                // Clipping: the text's own size against the room it is given.
                const QFontMetrics fm(f);
                if (label) {
                    const QRect cr = label->contentsRect();
                    if (label->wordWrap()) {
                        if (label->heightForWidth(label->width()) > label->height() + 2)
                            findings << QStringLiteral("%1: wrapped text needs %2 px, has %3")
                                            .arg(what)
                                            .arg(label->heightForWidth(label->width()))
                                            .arg(label->height());
                    } else {
                        const QSize need = fm.size(0, text);
                        if (need.width() > cr.width() + 2 || need.height() > cr.height() + 2)
                            findings << QStringLiteral("%1: text needs %2x%3, has %4x%5")
                                            .arg(what)
                                            .arg(need.width())
                                            .arg(need.height())
                                            .arg(cr.width())
                                            .arg(cr.height());
                    }
                } else if (auto *wrap = qobject_cast<kiosk::ui::WrapButton *>(button)) {
                    // A WrapButton breaks its text onto lines: the lines it needs at its width must fit its height.
                    if (wrap->heightForWidth(wrap->width()) > wrap->height() + 2)
                        findings << QStringLiteral("%1: wrapped text needs %2 px, has %3")
                                        .arg(what)
                                        .arg(wrap->heightForWidth(wrap->width()))
                                        .arg(wrap->height());
                } else {
                    const QSize need = fm.size(0, button->text());
                    if (need.width() > button->width() || need.height() > button->height())
                        findings << QStringLiteral("%1: text needs %2x%3, has %4x%5")
                                        .arg(what)
                                        .arg(need.width())
                                        .arg(need.height())
                                        .arg(button->width())
                                        .arg(button->height());
                }
                if (!inScrollArea(w)) {
                    QRect seen = r;
                    for (QWidget *p = w->parentWidget(); p && p != k.window.get(); p = p->parentWidget())
                        seen &= onWindow(p, k.window.get());
                    if (seen != r)
                        findings << QStringLiteral("%1: cut by its parent (%2x%3 of %4x%5 shown)")
                                        .arg(what)
                                        .arg(seen.width())
                                        .arg(seen.height())
                                        .arg(r.width())
                                        .arg(r.height());
                }
                // Known gap, not checked here: the catalogue's fee, conditions and legal basis are Chinese-only data
                // (ServiceItem::fee/conditions/basis are QString, not LocalizedText), so the guide's summary and body
                // show them in Chinese in English; the fix belongs to the catalogue model and data (issue 18 left
                // open).
                const bool catalogueProse =
                    screen == QLatin1String("guide") &&
                    (w->objectName() == QLatin1String("guideSummary") || w->objectName() == QLatin1String("guideBody"));
                if (language == QLatin1String("en") && !catalogueProse) {
                    static const QRegularExpression han(QStringLiteral("\\p{Han}"));
                    QString rest = text;
                    for (const QString &given : {QStringLiteral("广州市天河区政务服务中心"), QStringLiteral("简体"),
                                                 QStringLiteral("繁體"), QStringLiteral("中文")})
                        rest.remove(given);
                    const auto m = han.match(rest);
                    if (m.hasMatch())
                        findings << QStringLiteral("%1: untranslated in English: \"%2\"")
                                        .arg(what,
                                             rest.mid(std::max<qsizetype>(0, m.capturedStart() - 10), 30).simplified());
                }
            }
        };

        k.session->setLanguage(language);
        k.session->setCareMode(care);
        check(QStringLiteral("attract"));
        k.session->begin();
        k.session->setLanguage(language);
        k.session->setCareMode(care);
        check(QStringLiteral("home"));
        for (const QString &s : {QStringLiteral("help"), QStringLiteral("progress"), QStringLiteral("apply")}) {
            k.session->navigate(s);
            check(s);
        }
        // The catalogue's life events and departments, each with its picture.
        for (const char *browse : {"browse_1", "browse_2"}) {
            auto *b = k.window->findChild<QAbstractButton *>(QLatin1String(browse));
            QVERIFY2(b, browse);
            b->click();
            check(QStringLiteral("apply/") + QLatin1String(browse));
        }
        // "Please go to the counter": a service this kiosk does not offer.
        k.session->navigate(QStringLiteral("not_on_this_kiosk"));
        check(QStringLiteral("counter"));
        if (auto *v = kiosk::app::VisitState::of(k.session.get()))
            v->selectItem(QStringLiteral("GD-RS-001"));
        k.session->navigate(QStringLiteral("guide"));
        check(QStringLiteral("guide"));
        k.session->navigate(QStringLiteral("identify"));
        check(QStringLiteral("identify"));
        k.availability.setPartAvailable(QStringLiteral("receipt_printer"), false,
                                        QStringLiteral("receipt printer: paper out (/dev/ttyS1)"));
        k.session->finish();
        k.session->setLanguage(language);
        k.session->setCareMode(care);
        check(QStringLiteral("out_of_service"));

        findings.removeDuplicates();
        for (const QString &f : findings)
            qWarning("%s", qPrintable(f));
        QVERIFY2(findings.isEmpty(),
                 qPrintable(QStringLiteral("%1 accessibility findings (listed above)").arg(findings.size())));
    }
};

QTEST_MAIN(AccessibilityWalkTest)
#include "test_accessibility_walk.moc"
