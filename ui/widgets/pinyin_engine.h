// Turns pinyin letters into Hanzi candidates with libgooglepinyin, without ever remembering what a citizen typed.
#pragma once

#include <QString>
#include <QStringList>

namespace kiosk::ui {

// libgooglepinyin keeps its decoder in one process-wide global (the im_* API), so at most one PinyinEngine
// can be open at a time; a second open() fails with InUse instead of silently sharing the first one's state.
// There is deliberately no user dictionary: learning would write citizens' names and addresses to disk.
// GUI thread only.
class PinyinEngine
{
public:
    enum class Error { None, NoDictionary, InUse, DecoderFailed, NotOpen };

    PinyinEngine() = default;
    ~PinyinEngine();
    PinyinEngine(const PinyinEngine &) = delete;
    PinyinEngine &operator=(const PinyinEngine &) = delete;

    // Where the Debian package puts the system dictionary, per architecture; the first that exists is the default.
    static QStringList dictionaryLocations();
    static QString defaultDictionaryPath();

    bool open(const QString &dictPath = {});
    bool isOpen() const { return open_; }
    void close();
    Error lastError() const { return error_; }

    // Decodes pinyinLetters (a-z and the syllable separator '); returns the first `max` candidates (see candidates()).
    // Like the library, the search is incremental: choices already made survive while the new letters still start
    // with the letters they cover, so a keyboard calls search(composition + letter) after each key.
    QStringList search(const QString &pinyinLetters, int max = 20);
    int candidateCount() const { return count_; }
    // Candidate 0 is the best whole-sentence reading of the letters not yet chosen; the rest are words and characters
    // for the first unchosen syllables. Each string is exactly the Hanzi that choosing it adds.
    QStringList candidates(int from, int max) const;

    // Fixes candidate `index`. When it covers only part of the letters, the rest keep producing candidates; when
    // everything is fixed, isComplete() is true and sentence() is the text to commit.
    bool choose(int index);
    bool isComplete() const;
    QString fixedText() const;                   // Hanzi chosen so far
    QString sentence() const;                    // fixedText() followed by the best reading of the rest
    QString letters() const { return letters_; } // as the decoder holds them (it drops letters past its limit)
    int decodedLetterCount() const;              // leading letters that form valid syllables
    QString unfixedLetters() const;              // letters not covered by a choice yet

    // Backspace inside the composition: drops the last letter; when that letter was the only one left after the
    // chosen Hanzi, the last choice is undone too, so the user gets that syllable's candidates back.
    bool removeLastLetter();
    void reset();

private:
    QString candidateAt(int index) const;
    QString decoderLetters() const;
    int fixedLetterCount() const;
    void refreshCount(size_t count);

    bool open_ = false;
    Error error_ = Error::None;
    int count_ = 0;
    // The decoder keeps its last spelling even after a reset, so "is there a composition" is tracked here.
    QString letters_;
};

} // namespace kiosk::ui
