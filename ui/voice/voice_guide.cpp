// Qt TextToSpeech behind a small, failure-tolerant facade. Voices are chosen by name (see devices.md): the Mandarin
// voice that reads Chinese characters is listed under QLocale::C, Cantonese under yue_HK.
#include "ui/voice/voice_guide.h"

#include <QLoggingCategory>
#include <QTextToSpeech>
#include <QVoice>

Q_LOGGING_CATEGORY(lcVoice, "kiosk.ui.voice")

namespace kiosk::ui {

VoiceGuide::VoiceGuide(const VoiceSettings &settings, QObject *parent) : QObject(parent), settings_(settings) {}

VoiceGuide::~VoiceGuide()
{
    if (tts_)
        tts_->stop();
}

bool VoiceGuide::available() const { return tts_ && tts_->state() != QTextToSpeech::Error; }

QString VoiceGuide::currentVoiceName() const { return tts_ ? tts_->voice().name() : QString(); }

void VoiceGuide::setEnabled(bool on)
{
    if (enabled_ == on)
        return;
    enabled_ = on;
    if (!on)
        stop();
}

void VoiceGuide::setLanguage(const QString &language)
{
    language_ = language;
    if (tts_)
        selectVoice();
}

void VoiceGuide::say(const QString &text)
{
    if (!enabled_ || text.isEmpty())
        return;
    ensureEngine();
    lastSpoken_ = text;
    emit spoken(text);
    if (!available())
        return;  // silent and harmless without an engine or audio device
    tts_->stop();
    tts_->say(text);
}

void VoiceGuide::stop()
{
    if (tts_)
        tts_->stop();
}

void VoiceGuide::ensureEngine()
{
    if (engineTried_)
        return;
    engineTried_ = true;
    if (settings_.engine == QLatin1String("none"))
        return;  // configured off (a kiosk without speakers), or a test
    tts_ = settings_.engine.isEmpty() ? new QTextToSpeech(this) : new QTextToSpeech(settings_.engine, this);
    if (tts_->state() == QTextToSpeech::Error) {
        qCWarning(lcVoice) << "speech engine unavailable; voice guidance is silent";
        return;
    }
    selectVoice();
}

void VoiceGuide::selectVoice()
{
    const QString wanted = language_ == QLatin1String("zh_HK") ? settings_.cantoneseVoice
                           : language_ == QLatin1String("en")  ? settings_.englishVoice
                                                               : settings_.mandarinVoice;
    const QLocale::Language fallbackLang = language_ == QLatin1String("en")      ? QLocale::English
                                           : language_ == QLatin1String("zh_HK") ? QLocale::Cantonese
                                                                                 : QLocale::Chinese;
    // Voices are grouped by locale; look through every locale the engine offers for the configured name.
    const QList<QLocale> locales = tts_->availableLocales();
    QVoice fallback;
    bool haveFallback = false;
    for (const QLocale &loc : locales) {
        tts_->setLocale(loc);
        for (const QVoice &v : tts_->availableVoices()) {
            if (v.name().compare(wanted, Qt::CaseInsensitive) == 0) {
                tts_->setVoice(v);
                qCInfo(lcVoice) << "voice for" << language_ << ":" << v.name();
                return;
            }
            if (!haveFallback && loc.language() == fallbackLang) {
                fallback = v;
                haveFallback = true;
            }
        }
    }
    if (haveFallback) {
        tts_->setVoice(fallback);
        qCInfo(lcVoice) << "configured voice" << wanted << "not found; using" << fallback.name();
    } else {
        qCWarning(lcVoice) << "no voice for" << language_;
    }
}

}  // namespace kiosk::ui
