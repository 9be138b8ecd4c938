// Wraps libgooglepinyin's process-wide im_* decoder; never logs letters or candidates (they are names, addresses).
#include "ui/widgets/pinyin_engine.h"

#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>

#include <pinyinime.h>

#include <limits>

Q_LOGGING_CATEGORY(lcPinyin, "kiosk.ui.pinyin")

namespace kiosk::ui {

namespace {
// The library's decoder is a global, so ownership is too.
const PinyinEngine *g_owner = nullptr;

// Longer than the longest candidate the decoder produces (its sentence limit is well under this).
constexpr size_t kCandidateBufferLength = 128;
} // namespace

PinyinEngine::~PinyinEngine()
{
    close();
}

QStringList PinyinEngine::dictionaryLocations()
{
    return {
        QStringLiteral("/usr/lib/x86_64-linux-gnu/googlepinyin/data/dict_pinyin.dat"),
        QStringLiteral("/usr/lib/aarch64-linux-gnu/googlepinyin/data/dict_pinyin.dat"),
        QStringLiteral("/usr/lib/arm-linux-gnueabihf/googlepinyin/data/dict_pinyin.dat"),
        QStringLiteral("/usr/lib/googlepinyin/data/dict_pinyin.dat"),
    };
}

QString PinyinEngine::defaultDictionaryPath()
{
    for (const QString &path : dictionaryLocations()) {
        if (QFileInfo::exists(path))
            return path;
    }
    return {};
}

bool PinyinEngine::open(const QString &dictPath)
{
    if (open_)
        return true;
    if (g_owner) {
        error_ = Error::InUse;
        qCWarning(lcPinyin) << "another PinyinEngine already holds the process-wide decoder";
        return false;
    }
    const QString path = dictPath.isEmpty() ? defaultDictionaryPath() : dictPath;
    if (path.isEmpty() || !QFileInfo(path).isFile()) {
        error_ = Error::NoDictionary;
        qCWarning(lcPinyin) << "no pinyin system dictionary at"
                            << (path.isEmpty() ? dictionaryLocations() : QStringList{path});
        return false;
    }
    // An empty user-dictionary name makes the library's fopen fail, so it runs without a user dictionary: nothing a
    // citizen types is learnt, in memory or on disk. (A real path would be created and written on every choice.)
    if (!ime_pinyin::im_open_decoder(QFile::encodeName(path).constData(), "")) {
        ime_pinyin::im_close_decoder();
        error_ = Error::DecoderFailed;
        qCWarning(lcPinyin) << "libgooglepinyin could not load" << path;
        return false;
    }
    g_owner = this;
    open_ = true;
    error_ = Error::None;
    count_ = 0;
    return true;
}

void PinyinEngine::close()
{
    if (!open_)
        return;
    // Closing frees the decoder's buffers, which still hold the last letters after a reset.
    reset();
    ime_pinyin::im_close_decoder();
    g_owner = nullptr;
    open_ = false;
}

QStringList PinyinEngine::search(const QString &pinyinLetters, int max)
{
    if (!open_) {
        error_ = Error::NotOpen;
        return {};
    }
    QByteArray spelling;
    spelling.reserve(pinyinLetters.size());
    for (const QChar c : pinyinLetters) {
        const QChar lower = c.toLower();
        if ((lower >= QLatin1Char('a') && lower <= QLatin1Char('z')) || lower == QLatin1Char('\''))
            spelling.append(lower.toLatin1());
    }
    if (spelling.isEmpty()) {
        reset();
        return {};
    }
    refreshCount(ime_pinyin::im_search(spelling.constData(), size_t(spelling.size())));
    letters_ = decoderLetters();
    return candidates(0, max);
}

QStringList PinyinEngine::candidates(int from, int max) const
{
    QStringList out;
    for (int i = qMax(0, from); i < count_ && out.size() < max; ++i)
        out.append(candidateAt(i));
    return out;
}

QString PinyinEngine::candidateAt(int index) const
{
    if (!open_ || index < 0 || index >= count_)
        return {};
    ime_pinyin::char16 buffer[kCandidateBufferLength] = {};
    if (!ime_pinyin::im_get_candidate(size_t(index), buffer, kCandidateBufferLength - 1))
        return {};
    const QString text = QString::fromUtf16(reinterpret_cast<const char16_t *>(buffer));
    // The library repeats the chosen Hanzi at the front of candidate 0; the keyboard shows only what is added.
    return index == 0 ? text.mid(int(ime_pinyin::im_get_fixed_len())) : text;
}

bool PinyinEngine::choose(int index)
{
    if (!open_ || index < 0 || index >= count_)
        return false;
    refreshCount(ime_pinyin::im_choose(size_t(index)));
    return true;
}

bool PinyinEngine::isComplete() const
{
    if (!open_ || letters_.isEmpty())
        return false;
    const ime_pinyin::uint16 *starts = nullptr;
    const size_t syllables = ime_pinyin::im_get_spl_start_pos(starts);
    return syllables > 0 && ime_pinyin::im_get_fixed_len() == syllables;
}

QString PinyinEngine::sentence() const
{
    if (!open_ || count_ == 0 || letters_.isEmpty())
        return {};
    ime_pinyin::char16 buffer[kCandidateBufferLength] = {};
    if (!ime_pinyin::im_get_candidate(0, buffer, kCandidateBufferLength - 1))
        return {};
    return QString::fromUtf16(reinterpret_cast<const char16_t *>(buffer));
}

QString PinyinEngine::fixedText() const
{
    return sentence().left(int(ime_pinyin::im_get_fixed_len()));
}

QString PinyinEngine::decoderLetters() const
{
    size_t decoded = 0;
    return QString::fromLatin1(ime_pinyin::im_get_sps_str(&decoded));
}

int PinyinEngine::decodedLetterCount() const
{
    if (!open_ || letters_.isEmpty())
        return 0;
    size_t decoded = 0;
    ime_pinyin::im_get_sps_str(&decoded);
    return int(decoded);
}

int PinyinEngine::fixedLetterCount() const
{
    if (!open_ || letters_.isEmpty())
        return 0;
    const ime_pinyin::uint16 *starts = nullptr;
    const size_t syllables = ime_pinyin::im_get_spl_start_pos(starts);
    const size_t fixed = ime_pinyin::im_get_fixed_len();
    return (starts && fixed <= syllables) ? int(starts[fixed]) : 0;
}

QString PinyinEngine::unfixedLetters() const
{
    return letters().mid(fixedLetterCount());
}

bool PinyinEngine::removeLastLetter()
{
    const int length = letters().size();
    if (length == 0)
        return false;
    if (length == 1) {
        reset();
        return true;
    }
    // im_delsearch never deletes into the chosen part, so undo the choice that the deletion would leave bare.
    if (ime_pinyin::im_get_fixed_len() > 0 && length - fixedLetterCount() <= 1)
        ime_pinyin::im_cancel_last_choice();
    refreshCount(ime_pinyin::im_delsearch(size_t(length - 1), false, false));
    letters_ = decoderLetters();
    return true;
}

void PinyinEngine::reset()
{
    if (open_)
        ime_pinyin::im_reset_search();
    count_ = 0;
    letters_.clear();
}

void PinyinEngine::refreshCount(size_t count)
{
    count_ = int(qMin(count, size_t(std::numeric_limits<int>::max())));
}

} // namespace kiosk::ui
