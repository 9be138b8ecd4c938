// ICU transliteration wrapped for Qt strings.
#include "app/catalogue/pinyin.h"

#include <QMutex>

#include <unicode/translit.h>
#include <unicode/unistr.h>

namespace kiosk::app {

struct PinyinTranscriber::Impl {
    std::unique_ptr<icu::Transliterator> translit;
    QMutex mutex; // ICU transliterators are not thread-safe for concurrent use
};

PinyinTranscriber::PinyinTranscriber() : d(std::make_unique<Impl>())
{
    UErrorCode status = U_ZERO_ERROR;
    d->translit.reset(icu::Transliterator::createInstance("Han-Latin; Latin-ASCII; Lower", UTRANS_FORWARD, status));
    if (U_FAILURE(status))
        d->translit.reset();
}

PinyinTranscriber::~PinyinTranscriber() = default;

bool PinyinTranscriber::isValid() const
{
    return d->translit != nullptr;
}

QStringList PinyinTranscriber::syllables(const QString &text) const
{
    if (!d->translit)
        return {};
    icu::UnicodeString u(reinterpret_cast<const UChar *>(text.utf16()), int32_t(text.size()));
    {
        QMutexLocker lock(&d->mutex);
        d->translit->transliterate(u);
    }
    const QString out = QString::fromUtf16(reinterpret_cast<const char16_t *>(u.getBuffer()), u.length());
    QStringList words;
    QString cur;
    for (QChar c : out) {
        if (c.isLetterOrNumber() && c.unicode() < 128) {
            cur += c;
        } else if (!cur.isEmpty()) {
            words << cur;
            cur.clear();
        }
    }
    if (!cur.isEmpty())
        words << cur;
    return words;
}

} // namespace kiosk::app
