// The kiosk's configuration: one INI file, every value with a safe default, validated with readable problems.
#pragma once

#include <QString>
#include <QStringList>

namespace kiosk::app {

struct ConfigProblem {
    enum class Severity { Warning, Error };
    Severity severity = Severity::Error;
    QString key;     // "ui/idle_timeout_s"
    QString message; // English, for technicians
};

struct KioskConfig {
    // [kiosk]
    QString kioskId = QStringLiteral("GD-DEV-0001");
    QString centreName = QStringLiteral("政务服务中心");
    QString dataDir; // default: the user's data location + "/kiosk"
    // [ui]
    QString defaultLanguage = QStringLiteral("zh_CN"); // zh_CN | zh_HK | en
    bool defaultCareMode = false;
    bool highContrast = false;
    int idleTimeoutS = 60;
    int careIdleTimeoutS = 120;
    int countdownS = 30;
    QString hotline = QStringLiteral("12345");
    QString staffHelp; // where staff can be found, shown on the help screen; empty: generic text
    // [voice]
    bool voiceInStandardMode = false; // care mode always speaks
    QString voiceEngine;              // empty: the system's (speechd); "none": no speech at all
    QString mandarinVoice = QStringLiteral("Chinese (Mandarin, latin as Pinyin)");
    QString cantoneseVoice = QStringLiteral("Chinese (Cantonese)");
    QString englishVoice = QStringLiteral("English (Great Britain)");
    // [catalogue]
    QString catalogueFile; // empty: the cache, else the sample built into the kiosk
    // [logging]
    // Receipts: the QR code's content for phones ({no} = the local number; empty: the bare number) and how long to
    // wait for the platform's case number before printing while online.
    QString receiptQueryUrl;
    int receiptAckWaitMs = 4000;
    // New submissions are refused (with a clear message) below this free space or while the oldest unsent one is
    // older than this (the network has been gone too long: staff must look).
    int diskFloorMb = 256;
    int maxQueueAgeDays = 7;

    QString logDir; // default: dataDir + "/logs"
    int logMaxFileKb = 1024;
    int logMaxFiles = 5;
    QString logRules; // QLoggingCategory filter rules, e.g. "kiosk.drivers.*.debug=true"

    QString sourcePath; // the file it was read from, empty for defaults

    // Reads `path` (INI). Missing keys keep their defaults; invalid values keep their defaults and add a problem.
    static KioskConfig load(const QString &path, QList<ConfigProblem> *problems = nullptr);
    static QStringList supportedLanguages();
    QString effectiveDataDir() const;
    QString effectiveLogDir() const;
};

} // namespace kiosk::app
