// Qt TextToSpeech behind a small, failure-tolerant facade on its own thread. Voices are chosen by name (devices.md):
// the Mandarin voice that reads Chinese characters is listed under QLocale::C, Cantonese under yue_HK.
#include "ui/voice/voice_guide.h"

#include <QLoggingCategory>
#include <QMutex>
#include <QTextToSpeech>
#include <QVoice>

Q_LOGGING_CATEGORY(lcVoice, "kiosk.ui.voice")

namespace kiosk::ui {

class SpeechWorker : public QObject
{
    Q_OBJECT
public:
    explicit SpeechWorker(const VoiceSettings &settings) : settings_(settings) {}

    QString voiceName() const
    {
        QMutexLocker lock(&mutex_);
        return voiceName_;
    }

public slots:
    void ensureEngine()
    {
        if (tried_)
            return;
        tried_ = true;
        if (settings_.engine == QLatin1String("none")) {
            emit ready(false); // configured off (a kiosk without speakers), or a test
            return;
        }
        tts_ = settings_.engine.isEmpty() ? new QTextToSpeech(this) : new QTextToSpeech(settings_.engine, this);
        const bool ok = tts_->state() != QTextToSpeech::Error && !tts_->availableLocales().isEmpty();
        if (!ok)
            qCWarning(lcVoice) << "speech engine unavailable; voice guidance is silent";
        else
            selectVoice();
        emit ready(ok);
    }

    void setLanguage(const QString &language)
    {
        language_ = language;
        if (tts_)
            selectVoice();
    }

    void say(const QString &text)
    {
        ensureEngine();
        if (!tts_ || tts_->state() == QTextToSpeech::Error)
            return;
        tts_->stop();
        tts_->say(text);
    }

    void stop()
    {
        if (tts_)
            tts_->stop();
    }

signals:
    void ready(bool available);

private:
    void selectVoice()
    {
        const QString wanted = language_ == QLatin1String("zh_HK") ? settings_.cantoneseVoice
                               : language_ == QLatin1String("en")  ? settings_.englishVoice
                                                                   : settings_.mandarinVoice;
        const QLocale::Language fallbackLang = language_ == QLatin1String("en")      ? QLocale::English
                                               : language_ == QLatin1String("zh_HK") ? QLocale::Cantonese
                                                                                     : QLocale::Chinese;
        // Voices are grouped by locale; look through every locale the engine offers for the configured name.
        QVoice fallback;
        bool haveFallback = false;
        for (const QLocale &loc : tts_->availableLocales()) {
            tts_->setLocale(loc);
            for (const QVoice &v : tts_->availableVoices()) {
                if (v.name().compare(wanted, Qt::CaseInsensitive) == 0) {
                    use(v);
                    return;
                }
                if (!haveFallback && loc.language() == fallbackLang) {
                    fallback = v;
                    haveFallback = true;
                }
            }
        }
        if (haveFallback) {
            qCInfo(lcVoice) << "configured voice" << wanted << "not found";
            use(fallback);
        } else {
            qCWarning(lcVoice) << "no voice for" << language_;
        }
    }

    void use(const QVoice &v)
    {
        tts_->setVoice(v);
        qCInfo(lcVoice) << "voice for" << language_ << ":" << v.name();
        QMutexLocker lock(&mutex_);
        voiceName_ = v.name();
    }

    VoiceSettings settings_;
    QTextToSpeech *tts_ = nullptr;
    bool tried_ = false;
    QString language_ = QStringLiteral("zh_CN");
    mutable QMutex mutex_;
    QString voiceName_;
};

VoiceGuide::VoiceGuide(const VoiceSettings &settings, QObject *parent) : QObject(parent), settings_(settings)
{
    worker_ = new SpeechWorker(settings_);
    connect(worker_, &SpeechWorker::ready, this, [this](bool ok) {
        available_ = ok;
        emit engineReady(ok);
    });
    thread_ = std::make_unique<common::WorkerThread>(worker_, QStringLiteral("voice"), QThread::LowPriority);
}

VoiceGuide::~VoiceGuide()
{
    QMetaObject::invokeMethod(worker_, &SpeechWorker::stop, Qt::QueuedConnection);
    // A speech engine stuck in its connection: never terminate a thread; let it finish (or the process end).
    if (!thread_->stop(3000))
        qCWarning(lcVoice) << "speech thread did not stop within 3 s; leaving it to finish on its own";
}

QString VoiceGuide::currentVoiceName() const
{
    return worker_->voiceName();
}

void VoiceGuide::warmUp()
{
    QMetaObject::invokeMethod(worker_, &SpeechWorker::ensureEngine, Qt::QueuedConnection);
}

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
    QMetaObject::invokeMethod(
        worker_, [w = worker_, language] { w->setLanguage(language); }, Qt::QueuedConnection);
}

void VoiceGuide::say(const QString &text)
{
    if (!enabled_ || text.isEmpty())
        return;
    lastSpoken_ = text;
    emit spoken(text);
    QMetaObject::invokeMethod(
        worker_, [w = worker_, text] { w->say(text); }, Qt::QueuedConnection);
}

void VoiceGuide::stop()
{
    QMetaObject::invokeMethod(worker_, &SpeechWorker::stop, Qt::QueuedConnection);
}

} // namespace kiosk::ui

#include "voice_guide.moc"
