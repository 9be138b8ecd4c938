// On-screen keyboard for a kiosk without a physical keyboard: big keys, a pinyin candidate bar, a number pad.
#include "ui/widgets/onscreen_keyboard.h"

#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QPushButton>
#include <QVBoxLayout>

#include <utility>

Q_LOGGING_CATEGORY(lcKeyboard, "kiosk.ui.keyboard")

namespace kiosk::ui {

namespace {
constexpr int kCandidateSlots = 10;
// Beyond this the keys would only get wider, not easier to hit; the rest is margin (landscape 1920 px screens).
constexpr int kMaxContentWidth = 1400;
constexpr int kDigitPadMaxWidth = 720;
const char *const kLetterRows[] = {"qwertyuiop", "asdfghjkl", "zxcvbnm"};
} // namespace

OnScreenKeyboard::OnScreenKeyboard(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("keyboard"));
    setAttribute(Qt::WA_StyledBackground);
    setFocusPolicy(Qt::NoFocus);

    // The keys live in a centred column of bounded width: on a 1920 px landscape screen wider keys are not easier to
    // hit, only further apart. Tight margins and gaps let care mode's 96 px keys fit ten to a row at 1080 px.
    auto *outer = new QHBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto *content = new QWidget(this);
    content->setMaximumWidth(kMaxContentWidth);
    outer->addStretch(1);
    outer->addWidget(content, 1000);
    outer->addStretch(1);
    auto *root = new QVBoxLayout(content);
    root->setContentsMargins(8, 10, 8, 12);
    root->setSpacing(8);

    // Pinyin only: the letters being composed, and the Hanzi they may become.
    candidateArea_ = new QWidget(content);
    auto *candidateLayout = new QVBoxLayout(candidateArea_);
    candidateLayout->setContentsMargins(0, 0, 0, 0);
    candidateLayout->setSpacing(4);
    compositionLine_ = new QLabel(candidateArea_);
    compositionLine_->setTextFormat(Qt::PlainText);
    compositionLine_->setObjectName(QStringLiteral("composition"));
    compositionLine_->setTextInteractionFlags(Qt::NoTextInteraction);
    candidateLayout->addWidget(compositionLine_);
    candidateRow_ = new QHBoxLayout;
    candidateRow_->setSpacing(8);
    previousPage_ = makeKey(QStringLiteral("key_candidates_prev"), QStringLiteral("special"));
    nextPage_ = makeKey(QStringLiteral("key_candidates_next"), QStringLiteral("special"));
    previousPage_->setText(QStringLiteral("◀"));
    nextPage_->setText(QStringLiteral("▶"));
    // Page arrows disappear when there is nowhere to go but keep their place, so candidates do not jump sideways and
    // the bar keeps its height while nothing is being composed.
    for (QPushButton *arrow : {previousPage_, nextPage_}) {
        QSizePolicy policy = arrow->sizePolicy();
        policy.setHorizontalPolicy(QSizePolicy::Fixed);
        policy.setRetainSizeWhenHidden(true);
        arrow->setSizePolicy(policy);
    }
    candidateRow_->addWidget(previousPage_);
    for (int i = 0; i < kCandidateSlots; ++i) {
        QPushButton *button = makeKey(QStringLiteral("candidate_%1").arg(i), QStringLiteral("candidate"));
        button->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
        button->hide();
        connect(button, &QPushButton::clicked, this, [this, i] { chooseCandidate(pageStart_ + i); });
        candidateButtons_.append(button);
        candidateRow_->addWidget(button);
    }
    candidateRow_->addStretch(1);
    candidateRow_->addWidget(nextPage_);
    candidateLayout->addLayout(candidateRow_);
    connect(previousPage_, &QPushButton::clicked, this, &OnScreenKeyboard::previousCandidatePage);
    connect(nextPage_, &QPushButton::clicked, this, &OnScreenKeyboard::nextCandidatePage);
    root->addWidget(candidateArea_);

    // One backspace key, moved between the letter grid and the number pad, so there is exactly one "删除".
    backspaceKey_ = makeKey(QStringLiteral("key_backspace"), QStringLiteral("special"));
    connect(backspaceKey_, &QPushButton::clicked, this, &OnScreenKeyboard::backspace);

    // Only the current page is shown (not a QStackedWidget), so the keyboard is as tall as the keys it shows.
    lettersPage_ = buildLetters();
    digitsPage_ = buildDigits();
    root->addWidget(lettersPage_);
    root->addWidget(digitsPage_);

    auto *bottom = bottom_ = new QHBoxLayout;
    bottom->setSpacing(8);
    pinyinKey_ = makeKey(QStringLiteral("key_mode_pinyin"), QStringLiteral("special"));
    latinKey_ = makeKey(QStringLiteral("key_mode_latin"), QStringLiteral("special"));
    digitsKey_ = makeKey(QStringLiteral("key_mode_digits"), QStringLiteral("special"));
    clearKey_ = makeKey(QStringLiteral("key_clear"), QStringLiteral("special"));
    spaceKey_ = makeKey(QStringLiteral("key_space"));
    doneKey_ = makeKey(QStringLiteral("key_done"), QStringLiteral("special"));
    bottom->addWidget(pinyinKey_, 2);
    bottom->addWidget(latinKey_, 2);
    bottom->addWidget(digitsKey_, 2);
    bottom->addWidget(clearKey_, 2);
    bottom->addWidget(spaceKey_, 5);
    bottom->addWidget(doneKey_, 3);
    root->addLayout(bottom);
    connect(pinyinKey_, &QPushButton::clicked, this, [this] { setMode(Pinyin); });
    connect(latinKey_, &QPushButton::clicked, this, [this] { setMode(Latin); });
    connect(digitsKey_, &QPushButton::clicked, this, [this] { setMode(Digits); });
    connect(clearKey_, &QPushButton::clicked, this, &OnScreenKeyboard::clearAll);
    connect(spaceKey_, &QPushButton::clicked, this, &OnScreenKeyboard::space);
    connect(doneKey_, &QPushButton::clicked, this, &OnScreenKeyboard::done);

    retranslateUi();
    updateModeUi();
}

OnScreenKeyboard::~OnScreenKeyboard() = default;

QPushButton *OnScreenKeyboard::makeKey(const QString &name, const QString &role)
{
    auto *key = new QPushButton(this);
    key->setObjectName(name);
    if (!role.isEmpty())
        key->setProperty("role", role);
    // The target line edit must keep focus (and its cursor) while the citizen taps keys.
    key->setFocusPolicy(Qt::NoFocus);
    key->setAutoDefault(false);
    key->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    return key;
}

QWidget *OnScreenKeyboard::buildLetters()
{
    // A 20-column grid where a letter spans two columns, so the second and third rows sit half a key in, as on paper.
    auto *page = new QWidget(this);
    auto *grid = lettersGrid_ = new QGridLayout(page);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(4);
    grid->setVerticalSpacing(8);
    for (int column = 0; column < 20; ++column)
        grid->setColumnStretch(column, 1);
    const int firstColumn[] = {0, 1, 3};
    for (int row = 0; row < 3; ++row) {
        const QLatin1String letters(kLetterRows[row]);
        for (int i = 0; i < letters.size(); ++i) {
            const QChar letter = letters.at(i);
            QPushButton *key = makeKey(QStringLiteral("key_%1").arg(letter));
            key->setText(letter);
            key->setAccessibleName(letter);
            connect(key, &QPushButton::clicked, this, [this, letter] { typeLetter(letter); });
            grid->addWidget(key, row, firstColumn[row] + 2 * i, 1, 2);
            letterKeys_.append(key);
        }
    }
    shiftKey_ = makeKey(QStringLiteral("key_shift"), QStringLiteral("special"));
    connect(shiftKey_, &QPushButton::clicked, this, [this] { setShift(!shift_); });
    grid->addWidget(shiftKey_, 2, 0, 1, 3);
    return page;
}

QWidget *OnScreenKeyboard::buildDigits()
{
    auto *page = new QWidget(this);
    auto *outer = new QHBoxLayout(page);
    outer->setContentsMargins(0, 0, 0, 0);
    auto *pad = new QWidget(page);
    pad->setMaximumWidth(kDigitPadMaxWidth);
    auto *grid = digitsGrid_ = new QGridLayout(pad);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(8);
    const QString keys = QStringLiteral("123456789X0");
    for (int i = 0; i < keys.size(); ++i) {
        const QChar digit = keys.at(i);
        QPushButton *key = makeKey(QStringLiteral("key_%1").arg(digit));
        key->setText(digit);
        key->setAccessibleName(digit);
        connect(key, &QPushButton::clicked, this, [this, digit] { typeDigit(digit); });
        grid->addWidget(key, i / 3, i % 3);
    }
    for (int column = 0; column < 3; ++column)
        grid->setColumnStretch(column, 1);
    outer->addStretch(1);
    outer->addWidget(pad, 3);
    outer->addStretch(1);
    return page;
}

void OnScreenKeyboard::retranslateUi()
{
    const auto label = [](QPushButton *key, const QString &text) {
        key->setText(text);
        key->setAccessibleName(text);
    };
    label(backspaceKey_, tr("删除"));
    label(spaceKey_, tr("空格"));
    label(clearKey_, tr("清空"));
    label(doneKey_, tr("完成"));
    label(pinyinKey_, tr("拼音"));
    label(latinKey_, tr("英文"));
    label(digitsKey_, tr("数字"));
    label(shiftKey_, tr("大写"));
    previousPage_->setAccessibleName(tr("上一页候选字"));
    nextPage_->setAccessibleName(tr("下一页候选字"));
    layoutCandidatePage();
}

void OnScreenKeyboard::setTarget(QLineEdit *target)
{
    if (target_ == target)
        return;
    // Letters composed for one field never spill into the next.
    resetComposition();
    setShift(false);
    target_ = target;
}

QLineEdit *OnScreenKeyboard::target() const
{
    return target_;
}

void OnScreenKeyboard::setAllowedModes(Modes modes)
{
    if (!modes)
        return;
    allowed_ = modes;
    if (!(allowed_ & mode_))
        setMode(allowed_ & Pinyin ? Pinyin : allowed_ & Latin ? Latin : Digits);
    updateModeUi();
}

void OnScreenKeyboard::setMode(Mode mode)
{
    if (!(allowed_ & mode) || mode == mode_)
        return;
    resetComposition();
    setShift(false);
    mode_ = mode;
    updateModeUi();
    emit modeChanged(mode_);
}

void OnScreenKeyboard::addActionKey(QPushButton *key)
{
    key->setParent(this);
    bottom_->addWidget(key, 4);
}

void OnScreenKeyboard::setCheckCharacterKey(bool on)
{
    // Hidden, not disabled: a key that does nothing is noise to a screen reader, and the 0 keeps its place.
    if (QPushButton *x = findChild<QPushButton *>(QStringLiteral("key_X")))
        x->setVisible(on);
}

void OnScreenKeyboard::updateModeUi()
{
    // The key for the current mode is hidden rather than shown "pressed": the theme has no checked-key style, and a
    // key that does nothing when tapped confuses people.
    pinyinKey_->setVisible((allowed_ & Pinyin) && mode_ != Pinyin);
    latinKey_->setVisible((allowed_ & Latin) && mode_ != Latin);
    digitsKey_->setVisible((allowed_ & Digits) && mode_ != Digits);
    spaceKey_->setVisible(mode_ != Digits);
    shiftKey_->setVisible(mode_ == Latin);
    candidateArea_->setVisible(mode_ == Pinyin);

    // The number pad has it at the bottom right, as on a phone; the letters at the end of the third row.
    if (mode_ == Digits && digitsGrid_->indexOf(backspaceKey_) < 0) {
        lettersGrid_->removeWidget(backspaceKey_);
        digitsGrid_->addWidget(backspaceKey_, 3, 2);
    } else if (mode_ != Digits && lettersGrid_->indexOf(backspaceKey_) < 0) {
        digitsGrid_->removeWidget(backspaceKey_);
        lettersGrid_->addWidget(backspaceKey_, 2, 17, 1, 3);
    }
    backspaceKey_->show();
    lettersPage_->setVisible(mode_ != Digits);
    digitsPage_->setVisible(mode_ == Digits);
    refreshComposition();
}

void OnScreenKeyboard::setKeySize(int px)
{
    keySize_ = qMax(0, px);
    for (QPushButton *key : findChildren<QPushButton *>()) {
        if (keySize_ > 0) {
            key->setFixedHeight(keySize_);
        } else {
            key->setMinimumHeight(0);
            key->setMaximumHeight(QWIDGETSIZE_MAX);
        }
    }
    layoutCandidatePage();
}

void OnScreenKeyboard::setShift(bool on)
{
    shift_ = on;
    for (QPushButton *key : std::as_const(letterKeys_)) {
        const QString letter = key->objectName().right(1);
        const QString shown = on ? letter.toUpper() : letter;
        key->setText(shown);
        key->setAccessibleName(shown);
    }
}

void OnScreenKeyboard::typeLetter(QChar letter)
{
    if (mode_ == Pinyin && !pinyinAvailable()) {
        // Without the dictionary the keyboard still types; the citizen can use the staff path for Chinese.
        allowed_ = (allowed_ & ~Modes(Pinyin)) | Latin;
        setMode(Latin);
    }
    if (mode_ == Pinyin) {
        const QString before = engine_.letters();
        engine_.search(before + letter, 0);
        if (engine_.letters() != before)
            refreshComposition();
        return;
    }
    insertText(shift_ ? QString(letter.toUpper()) : QString(letter));
    if (shift_)
        setShift(false);
}

void OnScreenKeyboard::typeDigit(QChar digit)
{
    insertText(QString(digit));
}

void OnScreenKeyboard::chooseCandidate(int index)
{
    if (mode_ != Pinyin || index < 0 || index >= candidateTotal())
        return;
    if (engine_.candidateCount() == 0) {
        // Letters that spell no syllable can still be typed as they are.
        const QString raw = engine_.letters();
        engine_.reset();
        insertText(raw);
        refreshComposition();
        return;
    }
    engine_.choose(index);
    if (engine_.isComplete()) {
        const QString text = engine_.sentence();
        const QString undecoded = engine_.letters().mid(engine_.decodedLetterCount());
        engine_.reset();
        insertText(text);
        if (!undecoded.isEmpty())
            engine_.search(undecoded, 0);
    }
    refreshComposition();
}

void OnScreenKeyboard::backspace()
{
    if (mode_ == Pinyin && !composition().isEmpty()) {
        engine_.removeLastLetter();
        refreshComposition();
        return;
    }
    if (writableTarget())
        target_->backspace();
}

void OnScreenKeyboard::space()
{
    // As on phones: space takes the first candidate while composing, otherwise it is a space.
    if (mode_ == Pinyin && !composition().isEmpty()) {
        chooseCandidate(0);
        return;
    }
    insertText(QStringLiteral(" "));
}

void OnScreenKeyboard::clearAll()
{
    resetComposition();
    if (writableTarget())
        target_->clear();
}

void OnScreenKeyboard::done()
{
    // Letters still being composed are not text yet; they are dropped rather than guessed into the field.
    resetComposition();
    setShift(false);
    emit doneRequested();
}

void OnScreenKeyboard::insertText(const QString &text)
{
    if (writableTarget())
        target_->insert(text);
}

bool OnScreenKeyboard::writableTarget() const
{
    // QLineEdit only refuses typing into a read-only field for key events; its slots would still edit it.
    return target_ && !target_->isReadOnly();
}

QString OnScreenKeyboard::composition() const
{
    return compositionLine_->text();
}

void OnScreenKeyboard::resetComposition()
{
    engine_.reset();
    refreshComposition();
}

void OnScreenKeyboard::refreshComposition()
{
    const bool composing = mode_ == Pinyin && engine_.isOpen() && !engine_.letters().isEmpty();
    compositionLine_->setText(composing ? engine_.fixedText() + engine_.unfixedLetters() : QString());
    pageStart_ = 0;
    previousPageStarts_.clear();
    layoutCandidatePage();
}

int OnScreenKeyboard::candidateTotal() const
{
    if (mode_ != Pinyin || composition().isEmpty())
        return 0;
    return qMax(1, engine_.candidateCount());
}

QString OnScreenKeyboard::candidateText(int index) const
{
    if (engine_.candidateCount() == 0)
        return engine_.letters();
    return engine_.candidates(index, 1).value(0);
}

void OnScreenKeyboard::layoutCandidatePage()
{
    // Fill the bar with as many candidates as fit at their natural width (a whole sentence can be wide), then page.
    const int total = candidateTotal();
    const int spacing = candidateRow_->spacing();
    const int available =
        candidateArea_->width() - previousPage_->sizeHint().width() - nextPage_->sizeHint().width() - 2 * spacing;
    int used = 0;
    int shown = 0;
    bool full = false;
    for (int slot = 0; slot < candidateButtons_.size(); ++slot) {
        QPushButton *button = candidateButtons_.at(slot);
        const int index = pageStart_ + slot;
        if (!full && index < total) {
            const QString text = candidateText(index);
            button->setText(text);
            button->ensurePolished();
            // Room around each candidate so neighbouring words do not read as one, and a wider target to hit.
            const int width = button->sizeHint().width() + button->fontMetrics().height();
            full = slot > 0 && used + width > available;
            if (!full) {
                button->setMinimumWidth(width);
                button->setAccessibleName(text);
                button->show();
                used += width + spacing;
                ++shown;
                continue;
            }
        }
        full = true;
        // Hidden slots keep no typed text.
        button->hide();
        button->setText({});
        button->setAccessibleName(tr("候选字"));
    }
    pageEnd_ = pageStart_ + shown;
    previousPage_->setVisible(pageStart_ > 0);
    nextPage_->setVisible(pageEnd_ < total);
}

void OnScreenKeyboard::nextCandidatePage()
{
    if (pageEnd_ >= candidateTotal())
        return;
    previousPageStarts_.append(pageStart_);
    pageStart_ = pageEnd_;
    layoutCandidatePage();
}

void OnScreenKeyboard::previousCandidatePage()
{
    if (previousPageStarts_.isEmpty())
        return;
    pageStart_ = previousPageStarts_.takeLast();
    layoutCandidatePage();
}

bool OnScreenKeyboard::pinyinAvailable()
{
    if (engine_.isOpen() || engine_.open())
        return true;
    qCWarning(lcKeyboard) << "pinyin input unavailable, falling back to Latin letters";
    return false;
}

void OnScreenKeyboard::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void OnScreenKeyboard::hideEvent(QHideEvent *event)
{
    // Nothing typed outlives the keyboard being put away; closing also frees the process-wide decoder.
    resetComposition();
    setShift(false);
    engine_.close();
    QWidget::hideEvent(event);
}

void OnScreenKeyboard::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    layoutCandidatePage();
}

} // namespace kiosk::ui
