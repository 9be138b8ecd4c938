// The kiosk's configuration: one INI file (root's /etc/kiosk/kiosk.conf, with its comments) and its drop-ins
// (/etc/kiosk/kiosk.conf.d/*.conf in name order, e.g. a region's package), then a small local
// override file the kiosk itself may write (the maintenance menu's settings), every value with a safe default,
// validated with readable problems.
#pragma once

#include <QHash>
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
    // A demonstration kiosk (kiosk-demo, the tests): only then may devices play files (a camera's video file, SANE's
    // test backend); app/devices refuses them otherwise. Read there from [kiosk] demo; here for `config check`.
    bool demo = false;
    // The region this kiosk belongs to (a label for the fleet's dashboards and alerts, e.g. "gz-tianhe"); usually
    // set by the region's drop-in. Empty: none.
    QString region;
    // [ui]
    QString defaultLanguage = QStringLiteral("zh_CN"); // zh_CN | zh_HK | en
    bool defaultCareMode = false;
    bool highContrast = false;
    int idleTimeoutS = 60;
    int careIdleTimeoutS = 120;
    int countdownS = 30;
    QString hotline = QStringLiteral("12345");
    QString staffHelp; // where staff can be found, shown on the help screen; empty: generic text
    // [ui] device_places: where each device sits on the kiosk's front, for the device guidance pictures (kiosks
    // differ): "kind:place" pairs, places top, left, right, below_left, below_centre, below_right.
    QString devicePlaces = QStringLiteral("idcard_reader:below_right,code_scanner:below_left,"
                                          "receipt_printer:below_centre,document_printer:below_centre,"
                                          "document_scanner:left,document_camera:right,face_camera:top");
    QHash<QString, QString> devicePlaceMap() const; // kind -> place
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
    // sourcePath, then its drop-ins (<sourcePath>.d/*.conf, in name order; a later file wins), as read.
    QStringList layerPaths;
    QHash<QString, QString> valueSources; // key -> the file of layerPaths whose value was taken (override: not here)
    // The local override ([kiosk] local_config, default <data_dir>/kiosk.local.conf): read after sourcePath, it may
    // set only overridableKeys() (the supervisor's settings in the maintenance menu, which writes only this file);
    // any other key in it is ignored and reported as an error, so it never changes platform, security or storage
    // settings. Empty when no configuration file was given.
    QString overridePath;
    QStringList overriddenKeys; // the keys whose value came from overridePath

    // Reads `path` (INI), then its local override. Missing keys keep their defaults; invalid values keep the value
    // they would have had without them and add a problem.
    static KioskConfig load(const QString &path, QList<ConfigProblem> *problems = nullptr);
    // The same with the override read from `overridePath` instead of the one `path` names (the menu's trial runs).
    static KioskConfig load(const QString &path, const QString &overridePath, QList<ConfigProblem> *problems);
    // The keys the local override file (and the maintenance menu) may set.
    static QStringList overridableKeys();
    // The value of one of overridableKeys() as the INI spells it ("true", "12345"); empty for other keys.
    QString overridableValue(const QString &key) const;
    static QStringList supportedLanguages();
    QString effectiveDataDir() const;
    QString effectiveLogDir() const;
};

} // namespace kiosk::app
