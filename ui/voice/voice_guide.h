// Voice guidance: speaks screen prompts in the citizen's language (Mandarin, Cantonese, English) without blocking.
#pragma once

#include <QObject>
#include <QPointer>
#include <QString>

class QTextToSpeech;

namespace kiosk::ui {

struct VoiceSettings {
    QString mandarinVoice = QStringLiteral("Chinese (Mandarin, latin as Pinyin)");
    QString cantoneseVoice = QStringLiteral("Chinese (Cantonese)");
    QString englishVoice = QStringLiteral("English (Great Britain)");
    QString engine;  // empty: Qt's default engine (speechd on Debian); "none": never speak aloud
};

class VoiceGuide : public QObject
{
    Q_OBJECT
public:
    explicit VoiceGuide(const VoiceSettings &settings, QObject *parent = nullptr);
    ~VoiceGuide() override;

    bool enabled() const { return enabled_; }
    // The engine is created on first use, after the window is up, so start-up never waits for speech-dispatcher.
    bool available() const;
    QString lastSpoken() const { return lastSpoken_; }  // for tests and diagnostics; never personal data
    QString currentVoiceName() const;

public slots:
    void setEnabled(bool on);
    void setLanguage(const QString &language);
    void say(const QString &text);  // interrupts what is being said; does nothing when disabled
    void stop();

signals:
    void spoken(const QString &text);  // emitted when a text is handed to the engine

private:
    void ensureEngine();
    void selectVoice();

    VoiceSettings settings_;
    QPointer<QTextToSpeech> tts_;
    bool engineTried_ = false;
    bool enabled_ = false;
    QString language_ = QStringLiteral("zh_CN");
    QString lastSpoken_;
};

}  // namespace kiosk::ui
