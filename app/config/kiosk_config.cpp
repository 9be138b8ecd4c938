// Loading and validating the INI configuration (QSettings): /etc's file, its drop-ins, then the local override.
#include "app/config/kiosk_config.h"
#include "app/config/config_layers.h"
#include "common/setting_value.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSet>
#include <QSettings>
#include <QStandardPaths>

#include <algorithm>

namespace kiosk::app {

namespace {

const QSet<QString> &knownKeys()
{
    static const QSet<QString> keys{
        "kiosk/id",           "kiosk/centre_name",  "kiosk/data_dir",      "ui/default_language",
        "ui/care_mode",       "ui/high_contrast",   "ui/idle_timeout_s",   "ui/care_idle_timeout_s",
        "ui/countdown_s",     "ui/hotline",         "ui/staff_help",       "voice/standard_mode",
        "voice/engine",       "voice/mandarin",     "voice/cantonese",     "voice/english",
        "catalogue/file",     "logging/dir",        "logging/max_file_kb", "logging/max_files",
        "logging/rules",      "receipt/query_url",  "receipt/ack_wait_ms", "queue/disk_floor_mb",
        "queue/max_age_days", "kiosk/local_config", "kiosk/demo",          "kiosk/region",
        "ui/device_places",
    };
    return keys;
}

class Reader
{
public:
    // `only`: read just these keys (the local override); `where`: prefixed to each problem's message.
    Reader(QSettings &s, QList<ConfigProblem> *problems, const QStringList &only = {}, const QString &where = {})
        : s_(s), problems_(problems), only_(only), where_(where)
    {}

    void error(const QString &key, const QString &msg)
    {
        if (problems_)
            problems_->append({ConfigProblem::Severity::Error, key, where_ + msg});
    }
    void warning(const QString &key, const QString &msg)
    {
        if (problems_)
            problems_->append({ConfigProblem::Severity::Warning, key, where_ + msg});
    }
    // The keys whose value was taken.
    const QStringList &taken() const { return taken_; }

    void readString(const QString &key, QString *out, const QRegularExpression &valid = {}, const QString &what = {})
    {
        if (!wanted(key))
            return;
        const QString v = s_.value(key).toString().trimmed();
        if (valid.pattern().isEmpty() || valid.match(v).hasMatch())
            take(key, out, v);
        else
            error(key, QStringLiteral("'%1' is not %2; using '%3'").arg(v, what, *out));
    }

    void readInt(const QString &key, int *out, int min, int max)
    {
        if (!wanted(key))
            return;
        QString why;
        const int v = common::boundedInt(s_.value(key), min, max, *out, &why);
        if (why.isEmpty())
            take(key, out, v);
        else
            error(key, why);
    }

    void readBool(const QString &key, bool *out)
    {
        if (!wanted(key))
            return;
        const QString v = s_.value(key).toString().trimmed().toLower();
        if (v == "true" || v == "1" || v == "yes" || v == "on")
            take(key, out, true);
        else if (v == "false" || v == "0" || v == "no" || v == "off")
            take(key, out, false);
        else
            error(key, QStringLiteral("'%1' must be true or false; using %2").arg(v, *out ? "true" : "false"));
    }

private:
    bool wanted(const QString &key) const { return s_.contains(key) && (only_.isEmpty() || only_.contains(key)); }
    template <typename T> void take(const QString &key, T *out, const T &v)
    {
        *out = v;
        taken_ << key;
    }

    QSettings &s_;
    QList<ConfigProblem> *problems_;
    QStringList only_;
    QString where_;
    QStringList taken_;
};

void readAll(Reader &r, KioskConfig &c)
{
    r.readString("kiosk/id", &c.kioskId, QRegularExpression("^[A-Za-z0-9][A-Za-z0-9-]{0,31}$"),
                 QStringLiteral("a kiosk id (letters, digits and '-', at most 32)"));
    r.readString("kiosk/centre_name", &c.centreName, QRegularExpression("^.{1,40}$"),
                 QStringLiteral("a centre name of 1 to 40 characters"));
    r.readString("kiosk/data_dir", &c.dataDir);
    r.readBool("kiosk/demo", &c.demo);
    r.readString("kiosk/region", &c.region, QRegularExpression("^[a-z0-9][a-z0-9_-]{0,31}$"),
                 QStringLiteral("a region label (lower-case letters, digits, '_' and '-', at most 32)"));
    r.readString("ui/default_language", &c.defaultLanguage, QRegularExpression("^(zh_CN|zh_HK|en)$"),
                 QStringLiteral("one of zh_CN, zh_HK, en"));
    r.readBool("ui/care_mode", &c.defaultCareMode);
    r.readBool("ui/high_contrast", &c.highContrast);
    r.readInt("ui/idle_timeout_s", &c.idleTimeoutS, 15, 600);
    r.readInt("ui/care_idle_timeout_s", &c.careIdleTimeoutS, 30, 1200);
    r.readInt("ui/countdown_s", &c.countdownS, 5, 120);
    r.readString("ui/hotline", &c.hotline, QRegularExpression("^[0-9-]{3,20}$"), QStringLiteral("a phone number"));
    r.readString("ui/staff_help", &c.staffHelp);
    r.readString("ui/device_places", &c.devicePlaces,
                 QRegularExpression("^([a-z_]+:(top|left|right|below_left|below_centre|below_right))?"
                                    "(,[a-z_]+:(top|left|right|below_left|below_centre|below_right))*$"),
                 QStringLiteral("kind:place pairs separated by commas, places top, left, right, below_left, "
                                "below_centre, below_right"));
    r.readBool("voice/standard_mode", &c.voiceInStandardMode);
    r.readString("voice/engine", &c.voiceEngine, QRegularExpression("^(|none|speechd|flite)$"),
                 QStringLiteral("empty, none, speechd or flite"));
    r.readString("voice/mandarin", &c.mandarinVoice);
    r.readString("voice/cantonese", &c.cantoneseVoice);
    r.readString("voice/english", &c.englishVoice);
    r.readString("catalogue/file", &c.catalogueFile);
    r.readString("logging/dir", &c.logDir);
    r.readInt("logging/max_file_kb", &c.logMaxFileKb, 16, 102400);
    r.readInt("logging/max_files", &c.logMaxFiles, 1, 100);
    r.readString("logging/rules", &c.logRules);
    r.readString("receipt/query_url", &c.receiptQueryUrl, QRegularExpression("^(|https://[^\\s]*\\{no\\}[^\\s]*)$"),
                 QStringLiteral("an https URL containing {no}"));
    r.readInt("receipt/ack_wait_ms", &c.receiptAckWaitMs, 0, 30000);
    r.readInt("queue/disk_floor_mb", &c.diskFloorMb, 16, 1024 * 1024);
    r.readInt("queue/max_age_days", &c.maxQueueAgeDays, 1, 365);
}

// The local override over `c` (already read from /etc's file): only the overridable keys, each validated.
void readOverride(KioskConfig &c, const QString &path, QList<ConfigProblem> *problems)
{
    c.overridePath = path;
    const QFileInfo fi(path);
    if (!fi.exists())
        return;
    const auto fileError = [&](const QString &msg) {
        if (problems)
            problems->append({ConfigProblem::Severity::Error, QString(), msg});
    };
    if (!fi.isReadable()) {
        fileError(QStringLiteral("cannot read the local settings %1; they are not applied").arg(path));
        return;
    }
    QSettings o(path, QSettings::IniFormat);
    if (o.status() != QSettings::NoError) {
        fileError(QStringLiteral("the local settings %1 are not a valid INI file; they are not applied").arg(path));
        return;
    }
    const QStringList allowed = KioskConfig::overridableKeys();
    const QString where = QStringLiteral("in %1: ").arg(path);
    Reader r(o, problems, allowed, where);
    for (const QString &key : o.allKeys()) {
        if (!allowed.contains(key))
            r.error(key, QStringLiteral("only the maintenance menu's settings (%1) may be set here; ignored")
                             .arg(allowed.join(QStringLiteral(", "))));
    }
    readAll(r, c);
    c.overriddenKeys = r.taken();
}

void warnUnknownKeys(Reader &r, QSettings &s)
{
    static const QStringList sections{"devices/", "platform/", "queue/",   "face/",   "ocr/", "maintenance/",
                                      "audit/",   "fleet/",    "metrics/", "update/", "keys/"};
    for (const QString &key : s.allKeys()) {
        if (knownKeys().contains(key))
            continue;
        if (!key.contains('/'))
            r.warning(key, QStringLiteral("setting outside any section is ignored"));
        else if (std::none_of(sections.begin(), sections.end(), [&](const QString &p) { return key.startsWith(p); }))
            r.warning(key, QStringLiteral("unknown setting is ignored"));
    }
}

// One layer (the main file or a drop-in) over `c`: its values win over the layers before it.
void readLayer(QSettings &s, KioskConfig &c, QList<ConfigProblem> *problems, const QString &file, bool isMain)
{
    Reader r(s, problems, {}, isMain ? QString() : QStringLiteral("in %1: ").arg(file));
    readAll(r, c);
    for (const QString &key : r.taken())
        c.valueSources.insert(key, file);
    warnUnknownKeys(r, s);
}

KioskConfig loadLayers(const QString &path, const QString *overridePath, QList<ConfigProblem> *problems)
{
    KioskConfig c;
    if (path.isEmpty())
        return c;
    c.sourcePath = path;
    const QFileInfo fi(path);
    if (!fi.exists() || !fi.isReadable()) {
        if (problems)
            problems->append({ConfigProblem::Severity::Error, QString(),
                              QStringLiteral("cannot read %1; using safe defaults").arg(path)});
        return c;
    }
    QSettings s(path, QSettings::IniFormat);
    if (s.status() != QSettings::NoError) {
        if (problems)
            problems->append({ConfigProblem::Severity::Error, QString(),
                              QStringLiteral("%1 is not a valid INI file; using safe defaults").arg(path)});
        return c;
    }
    readLayer(s, c, problems, path, true);
    QString local = s.value(QStringLiteral("kiosk/local_config")).toString().trimmed();
    c.layerPaths << path;
    for (const QString &dropIn : configDropIns(path)) {
        QSettings d(dropIn, QSettings::IniFormat);
        if (d.status() != QSettings::NoError) {
            if (problems)
                problems->append({ConfigProblem::Severity::Error, QString(),
                                  QStringLiteral("%1 is not a valid INI file; it is not applied").arg(dropIn)});
            continue;
        }
        readLayer(d, c, problems, dropIn, false);
        if (d.contains(QStringLiteral("kiosk/local_config")))
            local = d.value(QStringLiteral("kiosk/local_config")).toString().trimmed();
        c.layerPaths << dropIn;
    }
    if (overridePath) {
        local = *overridePath;
    } else {
        if (local.isEmpty())
            local = QStringLiteral("kiosk.local.conf");
        local = QDir(c.effectiveDataDir()).filePath(local); // relative: under data_dir
    }
    if (!local.isEmpty())
        readOverride(c, local, problems);
    if (c.careIdleTimeoutS < c.idleTimeoutS && problems)
        problems->append({ConfigProblem::Severity::Warning, QStringLiteral("ui/care_idle_timeout_s"),
                          QStringLiteral("care mode should allow at least as long as standard mode")});
    return c;
}

} // namespace

QHash<QString, QString> KioskConfig::devicePlaceMap() const
{
    QHash<QString, QString> places;
    for (const QString &pair : devicePlaces.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QStringList kv = pair.split(QLatin1Char(':'));
        if (kv.size() == 2)
            places.insert(kv.at(0).trimmed(), kv.at(1).trimmed());
    }
    return places;
}

QStringList KioskConfig::overridableKeys()
{
    return {QStringLiteral("kiosk/centre_name"),   QStringLiteral("ui/hotline"),     QStringLiteral("ui/staff_help"),
            QStringLiteral("voice/standard_mode"), QStringLiteral("voice/mandarin"), QStringLiteral("voice/cantonese"),
            QStringLiteral("voice/english")};
}

QString KioskConfig::overridableValue(const QString &key) const
{
    if (key == QLatin1String("kiosk/centre_name"))
        return centreName;
    if (key == QLatin1String("ui/hotline"))
        return hotline;
    if (key == QLatin1String("ui/staff_help"))
        return staffHelp;
    if (key == QLatin1String("voice/standard_mode"))
        return voiceInStandardMode ? QStringLiteral("true") : QStringLiteral("false");
    if (key == QLatin1String("voice/mandarin"))
        return mandarinVoice;
    if (key == QLatin1String("voice/cantonese"))
        return cantoneseVoice;
    if (key == QLatin1String("voice/english"))
        return englishVoice;
    return {};
}

QStringList KioskConfig::supportedLanguages()
{
    return {QStringLiteral("zh_CN"), QStringLiteral("zh_HK"), QStringLiteral("en")};
}

KioskConfig KioskConfig::load(const QString &path, QList<ConfigProblem> *problems)
{
    return loadLayers(path, nullptr, problems);
}

KioskConfig KioskConfig::load(const QString &path, const QString &overridePath, QList<ConfigProblem> *problems)
{
    return loadLayers(path, &overridePath, problems);
}

QString KioskConfig::effectiveDataDir() const
{
    if (!dataDir.isEmpty())
        return dataDir;
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + QStringLiteral("/kiosk");
}

QString KioskConfig::effectiveLogDir() const
{
    return logDir.isEmpty() ? effectiveDataDir() + QStringLiteral("/logs") : logDir;
}

} // namespace kiosk::app
