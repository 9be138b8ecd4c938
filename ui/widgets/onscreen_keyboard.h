// The kiosk's on-screen keyboard: pinyin to Hanzi, Latin letters and a big number pad, typing into one QLineEdit.
#pragma once

#include "ui/widgets/pinyin_engine.h"

#include <QPointer>
#include <QVector>
#include <QWidget>

class QGridLayout;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QPushButton;

namespace kiosk::ui {

// Keys never take focus, so the target keeps its cursor, and text goes in through QLineEdit::insert, so the target's
// validator and maxLength still apply. Styled by the theme's #keyboard rules (role "candidate" / "special").
// Object names for automation: key_a..key_z, key_0..key_9, key_X, key_shift, key_space, key_backspace, key_clear,
// key_done, key_mode_pinyin / key_mode_latin / key_mode_digits, candidate_0.., key_candidates_prev / _next.
class OnScreenKeyboard : public QWidget
{
    Q_OBJECT
public:
    enum Mode { Pinyin = 0x1, Latin = 0x2, Digits = 0x4 };
    Q_DECLARE_FLAGS(Modes, Mode)
    Q_FLAG(Modes)

    explicit OnScreenKeyboard(QWidget *parent = nullptr);
    ~OnScreenKeyboard() override;

    void setTarget(QLineEdit *target);
    QLineEdit *target() const;

    // Name fields allow Pinyin|Latin, phone and ID fields Digits only. The current mode moves into the allowed set.
    void setAllowedModes(Modes modes);
    Modes allowedModes() const { return allowed_; }
    void setMode(Mode mode);
    Mode mode() const { return mode_; }
    // The number pad's X (the GB 11643 check character): only for ID numbers, never for a phone number or a PIN.
    void setCheckCharacterKey(bool on);
    // A key of the caller's at the end of the bottom row (the screen's primary action when it is out of view).
    void addActionKey(QPushButton *key);

    // Pixel height of every key; 0 (the default) leaves it to the theme's min-height.
    void setKeySize(int px);

    QString composition() const; // what the composition line shows: chosen Hanzi, then the letters still open
    void resetComposition();

signals:
    void doneRequested();
    void modeChanged(kiosk::ui::OnScreenKeyboard::Mode mode);

protected:
    void changeEvent(QEvent *event) override;
    void hideEvent(QHideEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    QPushButton *makeKey(const QString &name, const QString &role = {});
    QWidget *buildLetters();
    QWidget *buildDigits();
    void retranslateUi();
    void updateModeUi();
    void setShift(bool on);

    void typeLetter(QChar letter);
    void typeDigit(QChar digit);
    void chooseCandidate(int index);
    void backspace();
    void space();
    void clearAll();
    void done();
    void insertText(const QString &text);
    bool writableTarget() const;

    void refreshComposition();
    void layoutCandidatePage();
    void nextCandidatePage();
    void previousCandidatePage();
    int candidateTotal() const;
    QString candidateText(int index) const;
    bool pinyinAvailable();

    PinyinEngine engine_;
    QPointer<QLineEdit> target_;
    Modes allowed_ = Modes(Pinyin | Latin | Digits);
    Mode mode_ = Pinyin;
    bool shift_ = false;
    int keySize_ = 0;

    QWidget *candidateArea_ = nullptr;
    QLabel *compositionLine_ = nullptr;
    QHBoxLayout *candidateRow_ = nullptr;
    QPushButton *previousPage_ = nullptr;
    QPushButton *nextPage_ = nullptr;
    QVector<QPushButton *> candidateButtons_;
    int pageStart_ = 0;
    QVector<int> previousPageStarts_;
    int pageEnd_ = 0;

    QHBoxLayout *bottom_ = nullptr;

    QWidget *lettersPage_ = nullptr;
    QGridLayout *lettersGrid_ = nullptr;
    QGridLayout *digitsGrid_ = nullptr;
    QWidget *digitsPage_ = nullptr;
    QVector<QPushButton *> letterKeys_;
    QPushButton *shiftKey_ = nullptr;
    QPushButton *pinyinKey_ = nullptr;
    QPushButton *latinKey_ = nullptr;
    QPushButton *digitsKey_ = nullptr;
    QPushButton *spaceKey_ = nullptr;
    QPushButton *backspaceKey_ = nullptr;
    QPushButton *clearKey_ = nullptr;
    QPushButton *doneKey_ = nullptr;
};

} // namespace kiosk::ui

Q_DECLARE_OPERATORS_FOR_FLAGS(kiosk::ui::OnScreenKeyboard::Modes)
