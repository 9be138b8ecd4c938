// Frame and screen management. Screens are created on demand and all destroyed when a visit is wiped.
#include "ui/main_window.h"

#include <QApplication>
#include <QButtonGroup>
#include <QDateTime>
#include <QEvent>
#include <QFocusEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QPixmapCache>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QScroller>
#include <QStackedWidget>
#include <QTimer>
#include <QTranslator>
#include <QVBoxLayout>

#include "app/session/kiosk_session.h"
#include "app/session/service_availability.h"
#include "ui/screens/apply/apply_screen.h"
#include "ui/screens/apply/commitment_screen.h"
#include "ui/screens/apply/delivery_screen.h"
#include "ui/screens/apply/form_screen.h"
#include "ui/screens/apply/guide_screen.h"
#include "ui/screens/apply/materials_screen.h"
#include "ui/screens/apply/receipt_screen.h"
#include "ui/screens/apply/review_screen.h"
#include "ui/screens/identify/consent_screen.h"
#include "ui/screens/identify/face_screen.h"
#include "ui/screens/identify/identify_screen.h"
#include "ui/screens/maintenance/maintenance_login_screen.h"
#include "ui/screens/maintenance/maintenance_menu_screen.h"
#include "ui/screens/pay/payment_screen.h"
#include "ui/screens/services/progress_screen.h"
#include "ui/screens/services/rating_screen.h"
#include "ui/screens/services/self_print_screen.h"
#include "ui/screens/shell/attract_screen.h"
#include "ui/screens/shell/coming_soon_screen.h"
#include "ui/screens/shell/help_screen.h"
#include "ui/screens/shell/home_screen.h"
#include "ui/screens/shell/out_of_service_screen.h"
#include "ui/voice/voice_guide.h"
#include "ui/widgets/card_field_accessible.h"
#include "ui/widgets/device_guide.h"
#include "ui/widgets/idle_countdown.h"
#include "ui/widgets/kiosk_icon.h"
#include "ui/widgets/onscreen_keyboard.h"

Q_LOGGING_CATEGORY(lcMainWindow, "kiosk.ui.mainwindow")

namespace kiosk::ui {

namespace {
struct LanguageChoice {
    const char *code;
    const char *label; // each language is named in itself, never translated
};
constexpr LanguageChoice kLanguages[] = {{"zh_CN", "简体"}, {"zh_HK", "繁體"}, {"en", "English"}};
} // namespace

MainWindow::MainWindow(app::KioskSession *session, app::ServiceAvailability *availability, VoiceGuide *voice,
                       const MainWindowOptions &options, QWidget *parent)
    : QMainWindow(parent), session_(session), availability_(availability), voice_(voice), options_(options)
{
    installCardFieldAccessibility();
    ctx_.session = session_;
    ctx_.centreName = options_.centreName;
    ctx_.hotline = options_.hotline;
    ctx_.staffHelp = options_.staffHelp;
    ctx_.devicePlaces = options_.devicePlaces;
    ctx_.catalogue = options_.catalogue;
    ctx_.identity = options_.identity;
    ctx_.services = options_.services;
    setWindowTitle(QStringLiteral("Kiosk"));

    registerScreen(app::KioskSession::kAttract,
                   [](const ScreenContext &c, QWidget *p) { return new AttractScreen(c, p); });
    registerScreen(app::KioskSession::kHome, [](const ScreenContext &c, QWidget *p) { return new HomeScreen(c, p); });
    if (ctx_.catalogue) {
        registerScreen(QStringLiteral("apply"),
                       [](const ScreenContext &c, QWidget *p) { return new ApplyScreen(c, p); });
        registerScreen(QStringLiteral("guide"),
                       [](const ScreenContext &c, QWidget *p) { return new GuideScreen(c, p); });
        if (ctx_.services.submissions) {
            registerScreen(QStringLiteral("form"),
                           [](const ScreenContext &c, QWidget *p) { return new FormScreen(c, p); });
            registerScreen(QStringLiteral("materials"),
                           [](const ScreenContext &c, QWidget *p) { return new MaterialsScreen(c, p); });
            registerScreen(QStringLiteral("commitment"),
                           [](const ScreenContext &c, QWidget *p) { return new CommitmentScreen(c, p); });
            registerScreen(QStringLiteral("delivery"),
                           [](const ScreenContext &c, QWidget *p) { return new DeliveryScreen(c, p); });
            registerScreen(QStringLiteral("review"),
                           [](const ScreenContext &c, QWidget *p) { return new ReviewScreen(c, p); });
            registerScreen(QStringLiteral("receipt"),
                           [](const ScreenContext &c, QWidget *p) { return new ReceiptScreen(c, p); });
            if (ctx_.services.payments)
                registerScreen(QStringLiteral("pay"),
                               [](const ScreenContext &c, QWidget *p) { return new PaymentScreen(c, p); });
        }
    }
    // The face step (with its consent screen) for items that require verifying the person; without the face
    // service the consent screen still explains that staff check identity instead.
    registerScreen(QStringLiteral("consent"),
                   [](const ScreenContext &c, QWidget *p) { return new ConsentScreen(c, p); });
    registerScreen(QStringLiteral("face"), [](const ScreenContext &c, QWidget *p) { return new FaceScreen(c, p); });
    if (ctx_.services.submissions || ctx_.services.platform)
        registerScreen(QStringLiteral("progress"),
                       [](const ScreenContext &c, QWidget *p) { return new ProgressScreen(c, p); });
    if (ctx_.services.platform)
        registerScreen(QStringLiteral("selfprint"),
                       [](const ScreenContext &c, QWidget *p) { return new SelfPrintScreen(c, p); });
    if (ctx_.services.submissions)
        registerScreen(QStringLiteral("rate"),
                       [](const ScreenContext &c, QWidget *p) { return new RatingScreen(c, p); });
    registerScreen(QStringLiteral("identify"),
                   [](const ScreenContext &c, QWidget *p) { return new IdentifyScreen(c, p); });
    registerScreen(QStringLiteral("help"), [](const ScreenContext &c, QWidget *p) { return new HelpScreen(c, p); });
    registerScreen(app::KioskSession::kOutOfService,
                   [](const ScreenContext &c, QWidget *p) { return new OutOfServiceScreen(c, p); });
    if (ctx_.services.maintenance) {
        registerScreen(QStringLiteral("maintenance_login"),
                       [](const ScreenContext &c, QWidget *p) { return new MaintenanceLoginScreen(c, p); });
        registerScreen(QStringLiteral("maintenance"),
                       [](const ScreenContext &c, QWidget *p) { return new MaintenanceMenuScreen(c, p); });
    }

    // Language and theme before the widgets exist: every widget is then built once, styled once (start-up time).
    language_ = session_->language();
    theme_ = session_->careMode() ? ThemeKind::Care
                                  : (options_.highContrast ? ThemeKind::HighContrast : ThemeKind::Standard);
    installTranslator(language_);
    applyTheme(qApp, theme_, language_);
    buildFrame();
    for (QAbstractButton *b : languages_->buttons())
        b->setChecked(b->property("language").toString() == language_);
    care_->setChecked(session_->careMode());
    retranslateFrame();

    connect(session_, &app::KioskSession::screenChanged, this, &MainWindow::showScreen);
    connect(session_, &app::KioskSession::languageChanged, this, &MainWindow::applyLanguage);
    connect(session_, &app::KioskSession::careModeChanged, this, &MainWindow::applyCareMode);
    connect(session_, &app::KioskSession::idleCountdownStarted, this, [this](int s) {
        countdown_->showWithSeconds(s);
        if (voice_)
            voice_->say(countdown_->message());
    });
    connect(session_, &app::KioskSession::idleCountdownTick, countdown_, &IdleCountdown::setSeconds);
    connect(session_, &app::KioskSession::idleCountdownCancelled, countdown_, &QWidget::hide);
    connect(countdown_, &IdleCountdown::continueRequested, session_, &app::KioskSession::continueVisit);
    connect(countdown_, &IdleCountdown::endRequested, session_, &app::KioskSession::cancel);
    connect(session_, &app::KioskSession::wiped, this, [this] {
        countdown_->hide();
        hideKeyboard();
        destroyScreens();
        // The style's pixmaps (Fusion scroll bars, buttons) are keyed by each widget's palette, so those of the
        // screens just destroyed are never hit again: without this the cache fills ~5 KB a visit up to Qt's 10 MB.
        QPixmapCache::clear();
    });
    if (availability_) {
        connect(availability_, &app::ServiceAvailability::changed, this, [this](bool, const QString &reason) {
            if (auto *s = qobject_cast<OutOfServiceScreen *>(screens_.value(app::KioskSession::kOutOfService).data()))
                s->setReason(reason);
        });
    }
    qApp->installEventFilter(this);

    if (voice_) {
        voice_->setLanguage(language_);
        voice_->setEnabled(session_->careMode() || options_.voiceInStandardMode);
    }
    repeat_->setVisible(voice_ && (session_->careMode() || options_.voiceInStandardMode));
    showScreen(session_->currentScreen());
}

MainWindow::~MainWindow()
{
    qApp->removeEventFilter(this);
    if (translator_)
        QCoreApplication::removeTranslator(translator_.get());
}

void MainWindow::registerScreen(const QString &id, ScreenMaker maker)
{
    makers_.insert(id, std::move(maker));
}

Screen *MainWindow::currentScreen() const
{
    auto *wrap = qobject_cast<QScrollArea *>(stack_->currentWidget());
    return wrap ? qobject_cast<Screen *>(wrap->widget()) : nullptr;
}

void MainWindow::buildFrame()
{
    auto *root = new QWidget(this);
    root->setObjectName(QStringLiteral("kioskRoot"));
    auto *v = new QVBoxLayout(root);
    v->setContentsMargins(0, 0, 0, 0);
    v->setSpacing(0);

    header_ = new QWidget(root);
    header_->setObjectName(QStringLiteral("header"));
    header_->setAttribute(Qt::WA_StyledBackground);
    // Two rows so the header fits a 1080 px portrait panel in care mode too: who and when, then the switches.
    auto *hv = new QVBoxLayout(header_);
    hv->setContentsMargins(32, 12, 32, 12);
    hv->setSpacing(8);
    auto *top = new QHBoxLayout;
    centre_ = new QLabel(options_.centreName, header_);
    centre_->setTextFormat(Qt::PlainText);
    centre_->setObjectName(QStringLiteral("centreName"));
    centre_->setWordWrap(true);
    clock_ = new QLabel(header_);
    clock_->setTextFormat(Qt::PlainText);
    clock_->setObjectName(QStringLiteral("clock"));
    clock_->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    top->addWidget(centre_, 1);
    top->addWidget(clock_);
    hv->addLayout(top);
    auto *h = new QHBoxLayout;
    h->setSpacing(16);
    hv->addLayout(h);
    languages_ = new QButtonGroup(this);
    languages_->setExclusive(true);
    for (const LanguageChoice &l : kLanguages) {
        auto *b = new QPushButton(QString::fromUtf8(l.label), header_);
        b->setObjectName(QStringLiteral("lang_") + QLatin1String(l.code));
        b->setCheckable(true);
        b->setFocusPolicy(Qt::NoFocus);
        b->setProperty("language", QLatin1String(l.code));
        b->setAccessibleName(QString::fromUtf8(l.label));
        languages_->addButton(b);
        h->addWidget(b);
        // toggled, not clicked: a screen reader's action on a checkable button toggles it without a click (found
        // by test_atspi_journey); programmatic re-checks after a change carry the session's own value and are
        // ignored.
        connect(b, &QPushButton::toggled, this, [this, code = QString::fromLatin1(l.code)](bool on) {
            if (on && code != session_->language())
                session_->setLanguage(code);
        });
    }
    h->addStretch(1);
    care_ = new QPushButton(header_);
    care_->setObjectName(QStringLiteral("careModeSwitch"));
    care_->setCheckable(true);
    care_->setFocusPolicy(Qt::NoFocus);
    connect(care_, &QPushButton::toggled, this, [this](bool on) {
        if (on != session_->careMode())
            session_->setCareMode(on);
    });
    h->addWidget(care_);
    v->addWidget(header_);

    stack_ = new QStackedWidget(root);
    stack_->setObjectName(QStringLiteral("screenStack"));
    v->addWidget(stack_, 1);

    rootLayout_ = v; // the keyboard docks here, under the screens, when first needed

    footer_ = new QWidget(root);
    footer_->setObjectName(QStringLiteral("footer"));
    footer_->setAttribute(Qt::WA_StyledBackground);
    auto *f = new QHBoxLayout(footer_);
    f->setContentsMargins(32, 16, 32, 16);
    f->setSpacing(24);
    back_ = new QPushButton(footer_);
    back_->setObjectName(QStringLiteral("backButton"));
    home_ = new QPushButton(footer_);
    home_->setObjectName(QStringLiteral("homeButton"));
    help_ = new QPushButton(footer_);
    help_->setObjectName(QStringLiteral("helpButton"));
    // "Repeat": says the screen's prompt again and replays its device picture; shown while voice guidance is on.
    repeat_ = new QPushButton(footer_);
    repeat_->setObjectName(QStringLiteral("repeatButton"));
    const char *footerIcons[] = {"back", "home", "help", "repeat"};
    for (QPushButton *b : {back_, home_, help_, repeat_}) {
        setButtonIcon(b, QLatin1String(footerIcons[f->count()]));
        b->setFocusPolicy(Qt::NoFocus);
        b->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
        f->addWidget(b);
    }
    connect(back_, &QPushButton::clicked, session_, &app::KioskSession::back);
    connect(home_, &QPushButton::clicked, session_, &app::KioskSession::goHome);
    connect(help_, &QPushButton::clicked, this, [this] { session_->navigate(QStringLiteral("help")); });
    connect(repeat_, &QPushButton::clicked, this, [this] {
        Screen *s = currentScreen();
        if (!s)
            return;
        if (voice_)
            voice_->say(s->voicePrompt());
        for (DeviceGuide *g : s->findChildren<DeviceGuide *>())
            if (g->isVisible())
                g->replay();
    });
    v->addWidget(footer_);

    setCentralWidget(root);
    countdown_ = new IdleCountdown(root);

    clockTimer_ = new QTimer(this);
    clockTimer_->setInterval(1000);
    connect(clockTimer_, &QTimer::timeout, this, &MainWindow::updateClock);
    clockTimer_->start();
    updateClock();
}

Screen *MainWindow::screenFor(const QString &id)
{
    if (Screen *s = screens_.value(id))
        return s;
    Screen *s = nullptr;
    auto it = makers_.constFind(id);
    if (it != makers_.constEnd())
        s = (*it)(ctx_, stack_);
    else
        s = new ComingSoonScreen(id, ctx_, stack_);
    s->applyMetrics(metricsFor(theme_), landscape());
    // Live guidance a screen reads aloud (face step, page retake): spoken when voice is on, like the prompts.
    connect(s, &Screen::speak, this, [this](const QString &text) {
        if (voice_)
            voice_->say(text);
    });
    if (auto *oos = qobject_cast<OutOfServiceScreen *>(s); oos && availability_)
        oos->setReason(availability_->reason());
    // Each screen sits in a scroll area: content taller than the panel (long guides, care mode on a landscape
    // panel) scrolls instead of pushing the window past the screen edge. The scroll areas of earlier visits are
    // reused: Qt keeps the 16-byte gesture recogniser of every QScroller::grabGesture() for good, which a new scroll
    // area per screen and visit would add up over months of visits.
    QScrollArea *wrap = nullptr;
    if (!spareWraps_.isEmpty()) {
        wrap = spareWraps_.takeLast();
        wrap->verticalScrollBar()->setValue(0); // the new screen starts at its top
    } else {
        wrap = new QScrollArea(stack_);
        wrap->setObjectName(QStringLiteral("screenScroll"));
        wrap->setFrameShape(QFrame::NoFrame);
        wrap->setWidgetResizable(true);
        wrap->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        wrap->viewport()->setAutoFillBackground(false); // the theme's background shows through
        QScroller::grabGesture(wrap->viewport(), QScroller::TouchGesture);
        stack_->addWidget(wrap);
    }
    wrap->setWidget(s);
    s->setAutoFillBackground(false); // QScrollArea::setWidget turned it on
    screens_.insert(id, s);
    return s;
}

void MainWindow::showScreen(const QString &id)
{
    hideKeyboard();
    Screen *s = screenFor(id);
    stack_->setCurrentWidget(s->parentWidget()->parentWidget()); // screen -> viewport -> scroll area
    const bool chrome = s->showsFrameChrome();
    footer_->setVisible(chrome);
    back_->setEnabled(session_->history().size() > 1);
    if (voice_)
        voice_->say(s->voicePrompt());
    qCDebug(lcMainWindow) << "screen" << id;
    emit screenShown(id);
}

void MainWindow::destroyScreens()
{
    // Every screen may hold what a citizen typed or saw: delete them all now, not later. Their emptied scroll areas
    // wait in the stack for the next visit's screens (see screenFor).
    for (auto it = screens_.begin(); it != screens_.end(); ++it) {
        if (Screen *s = it.value()) {
            auto *wrap = qobject_cast<QScrollArea *>(s->parentWidget()->parentWidget());
            if (QScroller::hasScroller(wrap->viewport()))
                QScroller::scroller(wrap->viewport())->stop(); // no fling of the old screen goes on into the next
            delete wrap->takeWidget();
            spareWraps_ << wrap;
        }
    }
    screens_.clear();
}

void MainWindow::applyLanguage(const QString &language)
{
    language_ = language;
    installTranslator(language);
    for (QAbstractButton *b : languages_->buttons())
        b->setChecked(b->property("language").toString() == language);
    if (voice_)
        voice_->setLanguage(language);
    applyThemeNow(); // the font family follows the script (Simplified / Traditional)
    retranslateFrame();
    // The screens retranslate on the LanguageChange events just posted; then, with the keyboard up, its copy of the
    // primary action takes the new words and the field is brought back into view (the texts' lengths moved it).
    QMetaObject::invokeMethod(
        this,
        [this] {
            if (keyboard_ && keyboard_->isVisible() && keyboard_->target())
                revealAboveKeyboard(keyboard_->target());
        },
        Qt::QueuedConnection);
}

void MainWindow::installTranslator(const QString &language)
{
    if (translator_) {
        QCoreApplication::removeTranslator(translator_.get());
        translator_.reset();
    }
    if (language == QLatin1String("zh_CN"))
        return; // zh_CN is the source language
    auto t = std::make_unique<QTranslator>();
    if (t->load(QStringLiteral(":/i18n/kiosk_%1.qm").arg(language))) {
        QCoreApplication::installTranslator(t.get());
        translator_ = std::move(t);
    } else {
        qCWarning(lcMainWindow) << "no translation for" << language;
    }
}

OnScreenKeyboard *MainWindow::keyboard()
{
    if (!keyboard_) {
        // Built on first use: a kiosk that never shows a text field never pays for fifty styled keys at start-up.
        keyboard_ = new OnScreenKeyboard(centralWidget());
        keyboard_->hide();
        connect(keyboard_, &OnScreenKeyboard::doneRequested, this, &MainWindow::hideKeyboard);
        rootLayout_->insertWidget(rootLayout_->indexOf(stack_) + 1, keyboard_);
        keyboardAction_ = new QPushButton(keyboard_);
        keyboardAction_->setObjectName(QStringLiteral("keyboardPrimaryAction"));
        keyboardAction_->setFocusPolicy(Qt::NoFocus); // the field keeps the cursor
        keyboardAction_->hide();
        connect(keyboardAction_, &QPushButton::clicked, this, [this] {
            Screen *s = currentScreen();
            QAbstractButton *primary = s ? s->primaryAction() : nullptr;
            if (!primary || !primary->isEnabled())
                return;
            hideKeyboard();
            primary->click();
        });
        keyboard_->addActionKey(keyboardAction_); // in the keys' bottom row: the keyboard grows no taller
    }
    return keyboard_;
}

void MainWindow::applyCareMode(bool on)
{
    theme_ = on ? ThemeKind::Care : (options_.highContrast ? ThemeKind::HighContrast : ThemeKind::Standard);
    care_->setChecked(on);
    applyThemeNow();
    if (voice_) {
        voice_->setEnabled(on || options_.voiceInStandardMode);
        if (Screen *s = currentScreen())
            voice_->say(s->voicePrompt());
    }
    repeat_->setVisible(voice_ && (on || options_.voiceInStandardMode));
}

void MainWindow::applyThemeNow()
{
    applyTheme(qApp, theme_, language_);
    updateClock();
    const ThemeMetrics m = metricsFor(theme_);
    for (const QPointer<Screen> &s : std::as_const(screens_)) {
        if (s)
            s->applyMetrics(m, landscape());
    }
}

void MainWindow::retranslateFrame()
{
    care_->setText(tr("关爱模式"));
    care_->setAccessibleName(tr("关爱模式：大字体、高对比度和语音提示"));
    back_->setText(tr("返回"));
    back_->setAccessibleName(tr("返回上一步"));
    home_->setText(tr("首页"));
    home_->setAccessibleName(tr("回到首页"));
    help_->setText(tr("帮助"));
    help_->setAccessibleName(tr("帮助与人工服务"));
    repeat_->setText(tr("重听"));
    repeat_->setAccessibleName(tr("再听一遍本页提示"));
    updateClock();
}

void MainWindow::updateClock()
{
    const QDateTime now = QDateTime::currentDateTime();
    // Compact so it shares a line with the centre name: "10:54 11月22日 星期日", "10:54 Sun 22 Nov". Care mode's large
    // type leaves out the weekday: with it, a 12-character centre name (广州市天河区政务服务中心) broke before its last
    // character.
    const bool en = language_ == QLatin1String("en");
    const bool care = theme_ == ThemeKind::Care;
    const QLocale loc = en ? QLocale(QLocale::English, QLocale::UnitedKingdom) : QLocale(language_);
    const QString date =
        loc.toString(now.date(), en ? (care ? QStringLiteral("d MMM") : QStringLiteral("ddd d MMM"))
                                    : (care ? QStringLiteral("M月d日") : QStringLiteral("M月d日 dddd")));
    clock_->setText(loc.toString(now, QStringLiteral("HH:mm")) + QStringLiteral("  ") + date);
}

void MainWindow::showKeyboardFor(QLineEdit *edit)
{
    if (edit->isReadOnly() || !stack_->isAncestorOf(edit))
        return;
    // Fields say what they hold with the "kioskInput" property: digits for ID and phone numbers, latin, or text.
    const QString input = edit->property("kioskInput").toString();
    OnScreenKeyboard::Modes modes = OnScreenKeyboard::Pinyin | OnScreenKeyboard::Latin | OnScreenKeyboard::Digits;
    OnScreenKeyboard::Mode first = OnScreenKeyboard::Pinyin;
    if (input == QLatin1String("digits") || input == QLatin1String("id_number") || input == QLatin1String("phone")) {
        modes = OnScreenKeyboard::Digits;
        first = OnScreenKeyboard::Digits;
    } else if (input == QLatin1String("latin")) {
        modes = OnScreenKeyboard::Latin | OnScreenKeyboard::Digits;
        first = OnScreenKeyboard::Latin;
    }
    OnScreenKeyboard *kb = keyboard();
    kb->setAllowedModes(modes);
    kb->setMode(first);
    kb->setCheckCharacterKey(input == QLatin1String("id_number"));
    kb->setTarget(edit);
    kb->show();
    revealAboveKeyboard(edit);
}

void MainWindow::revealAboveKeyboard(QWidget *focus)
{
    // The keyboard takes the bottom of the window and the screen's scroll area shrinks above it: lay out now, then
    // scroll so the screen's primary action and, above all, the field being typed in are in view (issue 20: in care
    // mode the phone field's choices and 下一步 were under the keyboard).
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest); // texts just changed settle first
    rootLayout_->activate();
    auto *wrap = qobject_cast<QScrollArea *>(stack_->currentWidget());
    if (!wrap || !wrap->widget() || !wrap->widget()->isAncestorOf(focus))
        return;
    const int margin = 16;
    Screen *s = currentScreen();
    QAbstractButton *primary =
        s && s->primaryAction() && s->primaryAction()->isVisible() ? s->primaryAction() : nullptr;
    keyboardAction_->hide();
    if (primary)
        wrap->ensureWidgetVisible(primary, 0, margin);
    wrap->ensureWidgetVisible(focus, 0, margin);
    // Field and primary action do not both fit above the keyboard (care mode, landscape): the field stays in view
    // and the action is offered as a key of the keyboard, so the citizen never has to find 完成 or scroll.
    if (primary) {
        const QRect inViewport(primary->mapTo(wrap->viewport(), QPoint(0, 0)), primary->size());
        if (!wrap->viewport()->rect().contains(inViewport)) {
            refreshKeyboardAction();
            keyboardAction_->show();
        }
    }
    disconnect(keyboardEdits_);
    if (auto *edit = qobject_cast<QLineEdit *>(focus)) // the screen enables its action as the form becomes valid
        keyboardEdits_ = connect(edit, &QLineEdit::textChanged, this, [this] {
            QMetaObject::invokeMethod(this, &MainWindow::refreshKeyboardAction, Qt::QueuedConnection);
        });
}

void MainWindow::refreshKeyboardAction()
{
    Screen *s = currentScreen();
    QAbstractButton *primary = s ? s->primaryAction() : nullptr;
    if (!keyboardAction_ || !primary)
        return;
    keyboardAction_->setText(primary->text());
    keyboardAction_->setAccessibleName(primary->accessibleName().isEmpty() ? primary->text()
                                                                           : primary->accessibleName());
    keyboardAction_->setEnabled(primary->isEnabled());
}

void MainWindow::hideKeyboard()
{
    if (!keyboard_)
        return;
    keyboard_->setTarget(nullptr);
    keyboard_->hide(); // the keyboard drops any half-typed pinyin when hidden
    keyboardAction_->hide();
    disconnect(keyboardEdits_);
    if (QWidget *f = QApplication::focusWidget(); f && stack_->isAncestorOf(f))
        f->clearFocus();
}

bool MainWindow::landscape() const
{
    return width() > height();
}

void MainWindow::resizeEvent(QResizeEvent *event)
{
    QMainWindow::resizeEvent(event);
    const ThemeMetrics m = metricsFor(theme_);
    for (const QPointer<Screen> &s : std::as_const(screens_)) {
        if (s)
            s->applyMetrics(m, landscape());
    }
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateFrame();
    QMainWindow::changeEvent(event);
}

void MainWindow::noteCentreTap()
{
    // A hidden gesture rather than a button: citizens must not stumble into the maintenance sign-in.
    if (!makers_.contains(QStringLiteral("maintenance_login")))
        return;
    if (!tapClock_.isValid())
        tapClock_.start();
    const qint64 now = tapClock_.elapsed();
    centreTaps_ << now;
    while (!centreTaps_.isEmpty() && now - centreTaps_.first() > 3000)
        centreTaps_.removeFirst();
    if (centreTaps_.size() < 5)
        return;
    centreTaps_.clear();
    if (session_->stage() == app::KioskSession::Stage::Attract)
        session_->begin();
    session_->navigate(QStringLiteral("maintenance_login"));
}

bool MainWindow::eventFilter(QObject *watched, QEvent *event)
{
    switch (event->type()) {
    case QEvent::MouseButtonPress:
    case QEvent::TouchBegin:
        session_->noteActivity();
        // A tap on a text field brings up the keyboard, also when the field already has the cursor.
        if (auto *edit = qobject_cast<QLineEdit *>(watched))
            showKeyboardFor(edit);
        if (watched == centre_ && event->type() == QEvent::MouseButtonPress)
            noteCentreTap();
        break;
    case QEvent::KeyPress: session_->noteActivity(); break;
    default: break;
    }
    return QMainWindow::eventFilter(watched, event);
}

} // namespace kiosk::ui
