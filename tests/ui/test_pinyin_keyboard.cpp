// The pinyin engine and the on-screen keyboard, driven by clicking the real key buttons offscreen.
#include <QApplication>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QTemporaryDir>
#include <QTest>
#include <QVBoxLayout>

#include <memory>

#include "ui/theme/theme.h"
#include "ui/widgets/onscreen_keyboard.h"
#include "ui/widgets/pinyin_engine.h"

using kiosk::ui::OnScreenKeyboard;
using kiosk::ui::PinyinEngine;

namespace {

// A form-like host: one line edit with the keyboard attached under it, as a screen would place it.
struct Host {
    QWidget window;
    QLineEdit *field;
    OnScreenKeyboard *keyboard;

    explicit Host(int width = 1080)
    {
        auto *layout = new QVBoxLayout(&window);
        field = new QLineEdit(&window);
        keyboard = new OnScreenKeyboard(&window);
        layout->addWidget(field);
        layout->addStretch(1);
        layout->addWidget(keyboard);
        keyboard->setTarget(field);
        window.resize(width, 1000);
        window.show();
        field->setFocus();
        QTest::qWait(1);
    }

    QPushButton *key(const QString &name) const
    {
        auto *button = keyboard->findChild<QPushButton *>(name);
        if (!button)
            qWarning("no key named %s", qPrintable(name));
        return button;
    }

    void tap(const QString &name) const
    {
        QPushButton *button = key(name);
        QVERIFY2(button && button->isVisible(), qPrintable(name));
        QTest::mouseClick(button, Qt::LeftButton);
    }

    void typeLetters(const QString &letters) const
    {
        for (const QChar c : letters)
            tap(QStringLiteral("key_") + c);
    }

    QStringList visibleCandidates() const
    {
        QStringList out;
        for (int i = 0; auto *button = keyboard->findChild<QPushButton *>(QStringLiteral("candidate_%1").arg(i)); ++i) {
            if (button->isVisible())
                out.append(button->text());
        }
        return out;
    }

    void tapCandidate(const QString &text) const
    {
        const int slot = visibleCandidates().indexOf(text);
        QVERIFY2(slot >= 0, qPrintable(visibleCandidates().join(QLatin1Char(' '))));
        tap(QStringLiteral("candidate_%1").arg(slot));
    }
};

} // namespace

class TestPinyinKeyboard : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (PinyinEngine::defaultDictionaryPath().isEmpty())
            QSKIP("libgooglepinyin0 dictionary not installed (packaging/install-deps.sh installs it)");
        kiosk::ui::applyTheme(qApp, kiosk::ui::ThemeKind::Standard, QStringLiteral("zh_CN"));
    }

    void engine_firstCandidateIsTheCommonWord_data()
    {
        QTest::addColumn<QString>("letters");
        QTest::addColumn<QString>("expected");
        QTest::newRow("name") << QStringLiteral("zhangsan") << QStringLiteral("张三");
        QTest::newRow("id card") << QStringLiteral("shenfenzheng") << QStringLiteral("身份证");
        QTest::newRow("upper case is folded") << QStringLiteral("ShenFenZheng") << QStringLiteral("身份证");
    }

    void engine_firstCandidateIsTheCommonWord()
    {
        QFETCH(QString, letters);
        QFETCH(QString, expected);
        PinyinEngine engine;
        QVERIFY(engine.open());
        const QStringList candidates = engine.search(letters, 5);
        QCOMPARE(candidates.size(), 5);
        QCOMPARE(candidates.first(), expected);
    }

    void engine_choosingPartOfTheInput_leavesTheRestAsCandidates()
    {
        PinyinEngine engine;
        QVERIFY(engine.open());
        const int zhang = engine.search(QStringLiteral("zhangsan")).indexOf(QStringLiteral("张"));
        QVERIFY(zhang > 0);
        QVERIFY(engine.choose(zhang));
        QVERIFY(!engine.isComplete());
        QCOMPARE(engine.fixedText(), QStringLiteral("张"));
        QCOMPARE(engine.unfixedLetters(), QStringLiteral("san"));
        QCOMPARE(engine.candidates(0, 1), QStringList{QStringLiteral("三")});
        QVERIFY(engine.choose(0));
        QVERIFY(engine.isComplete());
        QCOMPARE(engine.sentence(), QStringLiteral("张三"));
    }

    void engine_removingTheLastOpenLetter_undoesTheChoiceBeforeIt()
    {
        PinyinEngine engine;
        QVERIFY(engine.open());
        engine.search(QStringLiteral("zhangs"));
        QVERIFY(engine.choose(engine.candidates(0, 20).indexOf(QStringLiteral("张"))));
        QCOMPARE(engine.unfixedLetters(), QStringLiteral("s"));
        QVERIFY(engine.removeLastLetter());
        QCOMPARE(engine.fixedText(), QString());
        QCOMPARE(engine.letters(), QStringLiteral("zhang"));
        QVERIFY(engine.candidates(0, 20).contains(QStringLiteral("张")));
    }

    void engine_resetForgetsEverything()
    {
        PinyinEngine engine;
        QVERIFY(engine.open());
        engine.search(QStringLiteral("zhangsan"));
        engine.choose(1);
        engine.reset();
        QCOMPARE(engine.letters(), QString());
        QCOMPARE(engine.candidateCount(), 0);
        QCOMPARE(engine.fixedText(), QString());
    }

    void engine_writesNoUserDictionary()
    {
        // The decoder learns into a user dictionary when it has one; a citizen's name must not land on disk.
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString previous = QDir::currentPath();
        QVERIFY(QDir::setCurrent(dir.path()));
        {
            PinyinEngine engine;
            QVERIFY(engine.open());
            engine.search(QStringLiteral("zhangsan"));
            engine.choose(0);
            QVERIFY(engine.isComplete());
        }
        QDir::setCurrent(previous);
        QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden), QStringList());
    }

    void engine_secondEngineIsRefusedWhileTheFirstIsOpen()
    {
        PinyinEngine first;
        QVERIFY(first.open());
        PinyinEngine second;
        QVERIFY(!second.open());
        QCOMPARE(second.lastError(), PinyinEngine::Error::InUse);
        first.close();
        QVERIFY(second.open());
    }

    void engine_missingDictionary_isATypedError()
    {
        PinyinEngine engine;
        QVERIFY(!engine.open(QStringLiteral("/nonexistent/字典.dat")));
        QCOMPARE(engine.lastError(), PinyinEngine::Error::NoDictionary);
        QVERIFY(engine.search(QStringLiteral("zhang")).isEmpty());
    }

    void keyboard_typingZhangsanAndTappingTheCandidate_insertsExactlyTheHanzi()
    {
        Host host;
        host.typeLetters(QStringLiteral("zhangsan"));
        QCOMPARE(host.keyboard->composition(), QStringLiteral("zhangsan"));
        QCOMPARE(host.field->text(), QString());
        QCOMPARE(host.visibleCandidates().value(0), QStringLiteral("张三"));
        host.tapCandidate(QStringLiteral("张三"));
        QCOMPARE(host.field->text(), QStringLiteral("张三"));
        QCOMPARE(host.keyboard->composition(), QString());
        QVERIFY(host.visibleCandidates().isEmpty());
    }

    void keyboard_choosingOneCharacter_offersTheRestNext()
    {
        Host host;
        host.typeLetters(QStringLiteral("zhangsan"));
        host.tapCandidate(QStringLiteral("张"));
        QCOMPARE(host.field->text(), QString());
        QCOMPARE(host.keyboard->composition(), QStringLiteral("张san"));
        QVERIFY(host.visibleCandidates().contains(QStringLiteral("三")));
        host.tapCandidate(QStringLiteral("三"));
        QCOMPARE(host.field->text(), QStringLiteral("张三"));
    }

    void keyboard_space_takesTheFirstCandidateWhileComposing()
    {
        Host host;
        host.typeLetters(QStringLiteral("shenfenzheng"));
        host.tap(QStringLiteral("key_space"));
        QCOMPARE(host.field->text(), QStringLiteral("身份证"));
        host.tap(QStringLiteral("key_space"));
        QCOMPARE(host.field->text(), QStringLiteral("身份证 "));
    }

    void keyboard_backspace_deletesCompositionFirstThenText()
    {
        Host host;
        host.field->setText(QStringLiteral("李"));
        host.typeLetters(QStringLiteral("si"));
        host.tap(QStringLiteral("key_backspace"));
        QCOMPARE(host.keyboard->composition(), QStringLiteral("s"));
        QCOMPARE(host.field->text(), QStringLiteral("李"));
        host.tap(QStringLiteral("key_backspace"));
        QCOMPARE(host.keyboard->composition(), QString());
        QVERIFY(host.visibleCandidates().isEmpty());
        QCOMPARE(host.field->text(), QStringLiteral("李"));
        host.tap(QStringLiteral("key_backspace"));
        QCOMPARE(host.field->text(), QString());
    }

    void keyboard_backspaceAfterAPartialChoice_undoesIt()
    {
        Host host;
        host.typeLetters(QStringLiteral("zhangsa"));
        host.tapCandidate(QStringLiteral("张"));
        QCOMPARE(host.keyboard->composition(), QStringLiteral("张sa"));
        host.tap(QStringLiteral("key_backspace"));
        QCOMPARE(host.keyboard->composition(), QStringLiteral("张s"));
        host.tap(QStringLiteral("key_backspace"));
        QCOMPARE(host.keyboard->composition(), QStringLiteral("zhang"));
        QVERIFY(host.visibleCandidates().contains(QStringLiteral("张")));
    }

    void keyboard_lettersThatSpellNoSyllable_canBeTypedAsTheyAre()
    {
        Host host;
        host.typeLetters(QStringLiteral("v"));
        QCOMPARE(host.visibleCandidates(), QStringList{QStringLiteral("v")});
        host.tapCandidate(QStringLiteral("v"));
        QCOMPARE(host.field->text(), QStringLiteral("v"));
        QCOMPARE(host.keyboard->composition(), QString());
    }

    void keyboard_readOnlyTarget_isNotEdited()
    {
        Host host;
        host.field->setText(QStringLiteral("张三"));
        host.field->setReadOnly(true);
        host.typeLetters(QStringLiteral("li"));
        host.tap(QStringLiteral("key_space"));
        host.tap(QStringLiteral("key_backspace"));
        host.tap(QStringLiteral("key_clear"));
        QCOMPARE(host.field->text(), QStringLiteral("张三"));
    }

    void keyboard_candidatePaging_showsTheNextCandidates()
    {
        Host host;
        host.typeLetters(QStringLiteral("shi"));
        const QStringList first = host.visibleCandidates();
        QVERIFY(first.size() >= 3);
        QVERIFY(!host.key(QStringLiteral("key_candidates_prev"))->isVisible());
        host.tap(QStringLiteral("key_candidates_next"));
        const QStringList second = host.visibleCandidates();
        QVERIFY(!second.isEmpty());
        QVERIFY(!second.contains(first.first()));
        host.tap(QStringLiteral("key_candidates_prev"));
        QCOMPARE(host.visibleCandidates(), first);
    }

    void keyboard_digitMode_typesAnIdNumberThroughTheValidator()
    {
        Host host;
        host.field->setValidator(new QRegularExpressionValidator(
            QRegularExpression(QStringLiteral("[0-9]{0,17}|[0-9]{17}[0-9X]")), host.field));
        host.keyboard->setAllowedModes(OnScreenKeyboard::Digits);
        QCOMPARE(host.keyboard->mode(), OnScreenKeyboard::Digits);
        QVERIFY(!host.key(QStringLiteral("key_a"))->isVisible());
        host.tap(QStringLiteral("key_X")); // the validator refuses X before the 18th character
        QCOMPARE(host.field->text(), QString());
        for (const QChar c : QStringLiteral("44010619900307123X"))
            host.tap(QStringLiteral("key_") + c);
        QCOMPARE(host.field->text(), QStringLiteral("44010619900307123X"));
        host.tap(QStringLiteral("key_backspace"));
        QCOMPARE(host.field->text(), QStringLiteral("44010619900307123"));
        host.tap(QStringLiteral("key_clear"));
        QCOMPARE(host.field->text(), QString());
    }

    void keyboard_latinMode_shiftCapitalisesOneLetter()
    {
        Host host;
        host.tap(QStringLiteral("key_mode_latin"));
        QCOMPARE(host.keyboard->mode(), OnScreenKeyboard::Latin);
        host.tap(QStringLiteral("key_shift"));
        QCOMPARE(host.key(QStringLiteral("key_a"))->text(), QStringLiteral("A"));
        host.typeLetters(QStringLiteral("li"));
        host.tap(QStringLiteral("key_space"));
        host.typeLetters(QStringLiteral("ming"));
        QCOMPARE(host.field->text(), QStringLiteral("Li ming"));
        QCOMPARE(host.key(QStringLiteral("key_a"))->text(), QStringLiteral("a"));
    }

    void keyboard_modeKeys_showOnlyTheOtherAllowedModes()
    {
        Host host;
        host.keyboard->setAllowedModes(OnScreenKeyboard::Pinyin | OnScreenKeyboard::Latin);
        QVERIFY(!host.key(QStringLiteral("key_mode_pinyin"))->isVisible());
        QVERIFY(host.key(QStringLiteral("key_mode_latin"))->isVisible());
        QVERIFY(!host.key(QStringLiteral("key_mode_digits"))->isVisible());
        host.typeLetters(QStringLiteral("zhang"));
        host.tap(QStringLiteral("key_mode_latin")); // switching mode drops the unfinished pinyin
        QCOMPARE(host.keyboard->composition(), QString());
        QCOMPARE(host.field->text(), QString());
        QVERIFY(host.key(QStringLiteral("key_mode_pinyin"))->isVisible());
    }

    void keyboard_keysNeverTakeFocus()
    {
        Host host;
        QVERIFY(QTest::qWaitForWindowActive(&host.window));
        host.field->setFocus();
        QVERIFY(host.field->hasFocus());
        host.typeLetters(QStringLiteral("wang"));
        host.tap(QStringLiteral("key_space"));
        host.tap(QStringLiteral("key_mode_digits"));
        host.tap(QStringLiteral("key_5"));
        QVERIFY(host.field->hasFocus());
        QCOMPARE(host.keyboard->focusPolicy(), Qt::NoFocus);
        for (QPushButton *button : host.keyboard->findChildren<QPushButton *>())
            QVERIFY2(button->focusPolicy() == Qt::NoFocus, qPrintable(button->objectName()));
    }

    void keyboard_everyKeyHasAnAccessibleName()
    {
        Host host;
        host.typeLetters(QStringLiteral("zhang"));
        for (QPushButton *button : host.keyboard->findChildren<QPushButton *>())
            QVERIFY2(!button->accessibleName().isEmpty(), qPrintable(button->objectName()));
        QCOMPARE(host.key(QStringLiteral("key_backspace"))->accessibleName(), QStringLiteral("删除"));
        QCOMPARE(host.key(QStringLiteral("key_space"))->accessibleName(), QStringLiteral("空格"));
        QCOMPARE(host.key(QStringLiteral("key_z"))->accessibleName(), QStringLiteral("z"));
        QCOMPARE(host.key(QStringLiteral("candidate_0"))->accessibleName(), host.visibleCandidates().value(0));
    }

    void keyboard_hiding_dropsTheComposition()
    {
        Host host;
        host.typeLetters(QStringLiteral("zhangsan"));
        host.keyboard->hide();
        QCOMPARE(host.keyboard->composition(), QString());
        for (QPushButton *button : host.keyboard->findChildren<QPushButton *>())
            QVERIFY2(!button->text().contains(QStringLiteral("张")), qPrintable(button->objectName()));
        host.keyboard->show();
        host.typeLetters(QStringLiteral("li"));
        QCOMPARE(host.keyboard->composition(), QStringLiteral("li"));
        QVERIFY(host.visibleCandidates().contains(QStringLiteral("李")));
    }

    void keyboard_fitsTheScreenWidth_data()
    {
        QTest::addColumn<int>("width");
        QTest::addColumn<kiosk::ui::ThemeKind>("theme");
        QTest::newRow("portrait 1080, standard") << 1080 << kiosk::ui::ThemeKind::Standard;
        QTest::newRow("portrait 1080, care mode") << 1080 << kiosk::ui::ThemeKind::Care;
        QTest::newRow("landscape 1920, standard") << 1920 << kiosk::ui::ThemeKind::Standard;
    }

    void keyboard_fitsTheScreenWidth()
    {
        QFETCH(int, width);
        QFETCH(kiosk::ui::ThemeKind, theme);
        kiosk::ui::applyTheme(qApp, theme, QStringLiteral("zh_CN"));
        Host host(width);
        host.typeLetters(QStringLiteral("shenfenzheng"));
        const QRect inside = host.keyboard->rect();
        for (auto mode : {OnScreenKeyboard::Pinyin, OnScreenKeyboard::Latin, OnScreenKeyboard::Digits}) {
            host.keyboard->setMode(mode);
            QTest::qWait(20);
            QCOMPARE(host.window.width(), width); // the keyboard's minimum width did not push the window wider
            for (QPushButton *button : host.keyboard->findChildren<QPushButton *>()) {
                if (!button->isVisible())
                    continue;
                const QRect r(button->mapTo(host.keyboard, QPoint(0, 0)), button->size());
                QVERIFY2(inside.contains(r), qPrintable(button->objectName()));
                QVERIFY2(button->width() >= button->minimumSizeHint().width(), qPrintable(button->objectName()));
                QVERIFY2(button->width() >= button->fontMetrics().horizontalAdvance(button->text()),
                         qPrintable(button->objectName()));
            }
        }
        kiosk::ui::applyTheme(qApp, kiosk::ui::ThemeKind::Standard, QStringLiteral("zh_CN"));
    }
};

QTEST_MAIN(TestPinyinKeyboard)
#include "test_pinyin_keyboard.moc"
