// Hanzi to pinyin for search (居住证 -> "ju zhu zheng", initials "jzz"), through ICU's Han-Latin transliterator.
#pragma once

#include <QString>
#include <QStringList>

#include <memory>

namespace kiosk::app {

class PinyinTranscriber
{
public:
    PinyinTranscriber(); // creating the ICU transliterator takes ~150 ms: make one, off the GUI thread
    ~PinyinTranscriber();
    PinyinTranscriber(const PinyinTranscriber &) = delete;
    PinyinTranscriber &operator=(const PinyinTranscriber &) = delete;

    bool isValid() const;
    // Lower-case ASCII syllables, one per Han character; other characters pass through as their own words.
    QStringList syllables(const QString &text) const;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace kiosk::app
