// Voice guidance: speaks screen prompts in the citizen's language (Mandarin, Cantonese, English) without blocking.
#pragma once

#include <QObject>
#include <QString>
#include <atomic>
#include <memory>

#include "common/worker_thread.h"

namespace kiosk::ui {

struct VoiceSettings {
    QString mandarinVoice = QStringLiteral("Chinese (Mandarin, latin as Pinyin)");
    QString cantoneseVoice = QStringLiteral("Chinese (Cantonese)");
    QString englishVoice = QStringLiteral("English (Great Britain)");
    QString engine; // empty: Qt's default engine (speechd on Debian); "none": never speak aloud
};

class SpeechWorker;

// The speech engine lives on its own thread: connecting to speech-dispatcher can take seconds, and a say() must never
// hold up the GUI thread. Every call here returns at once.
class VoiceGuide : public QObject
{
    Q_OBJECT
public:
    explicit VoiceGuide(const VoiceSettings &settings, QObject *parent = nullptr);
    ~VoiceGuide() override;

    bool enabled() const { return enabled_; }
    bool available() const { return available_.load(); } // the engine is up and has voices
    QString lastSpoken() const { return lastSpoken_; }   // for tests and diagnostics; never personal data
    QString currentVoiceName() const;

public slots:
    void warmUp(); // start the engine in the background now, so the first prompt is not late
    void setEnabled(bool on);
    void setLanguage(const QString &language);
    void say(const QString &text); // interrupts what is being said; does nothing when disabled
    void stop();

signals:
    void spoken(const QString &text); // emitted when a text is handed to the engine
    void engineReady(bool available);

private:
    VoiceSettings settings_;
    std::unique_ptr<common::WorkerThread> thread_; // a hung engine at shutdown is left to finish, never killed
    SpeechWorker *worker_ = nullptr;
    bool enabled_ = false;
    QString language_ = QStringLiteral("zh_CN");
    QString lastSpoken_;
    std::atomic<bool> available_{false};
};

} // namespace kiosk::ui
