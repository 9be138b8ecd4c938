// Reading the [face] settings.
#include "app/verification/face_config.h"
#include "common/setting_value.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>

namespace kiosk::app {

namespace {

class Reader
{
public:
    Reader(QSettings &s, QList<ConfigProblem> *problems) : s_(s), problems_(problems) {}

    void string(const QString &key, QString *out)
    {
        if (s_.contains(key))
            *out = s_.value(key).toString().trimmed();
    }
    void boolean(const QString &key, bool *out)
    {
        if (!s_.contains(key))
            return;
        const QString v = s_.value(key).toString().trimmed().toLower();
        if (v == "true" || v == "1" || v == "yes" || v == "on")
            *out = true;
        else if (v == "false" || v == "0" || v == "no" || v == "off")
            *out = false;
        else
            error(key, QStringLiteral("'%1' must be true or false; using %2").arg(v, *out ? "true" : "false"));
    }
    void integer(const QString &key, int *out, int min, int max)
    {
        if (!s_.contains(key))
            return;
        QString why;
        *out = common::boundedInt(s_.value(key), min, max, *out, &why);
        if (!why.isEmpty())
            error(key, why);
    }
    void number(const QString &key, double *out, double min, double max)
    {
        if (!s_.contains(key))
            return;
        QString why;
        *out = common::boundedNumber(s_.value(key), min, max, *out, &why);
        if (!why.isEmpty())
            error(key, why);
    }
    void error(const QString &key, const QString &message)
    {
        if (problems_)
            problems_->append({ConfigProblem::Severity::Error, key, message});
    }
    void warning(const QString &key, const QString &message)
    {
        if (problems_)
            problems_->append({ConfigProblem::Severity::Warning, key, message});
    }

private:
    QSettings &s_;
    QList<ConfigProblem> *problems_;
};

} // namespace

FaceConfig FaceConfig::load(const QString &path, QList<ConfigProblem> *problems)
{
    FaceConfig cfg;
    if (path.isEmpty() || !QFileInfo::exists(path))
        return cfg;
    QSettings settings(path, QSettings::IniFormat);
    cfg = read(settings, problems);
    cfg.sourcePath = path;
    return cfg;
}

FaceConfig FaceConfig::read(QSettings &settings, QList<ConfigProblem> *problems)
{
    FaceConfig c;
    Reader r(settings, problems);
    r.string(QStringLiteral("face/model_dir"), &c.modelDir);
    r.string(QStringLiteral("face/manifest"), &c.manifestFile);
    r.string(QStringLiteral("face/detector_model"), &c.detectorModel);
    r.string(QStringLiteral("face/embedding_model"), &c.embeddingModel);
    r.boolean(QStringLiteral("kiosk/demo"), &c.demo);
    r.string(QStringLiteral("face/haar_cascade"), &c.haarCascade);
    r.boolean(QStringLiteral("face/haar_gate"), &c.haarGate);
    r.number(QStringLiteral("face/match_threshold"), &c.matchThreshold, 0.0, 1.0);
    r.number(QStringLiteral("face/detection_threshold"), &c.detectionThreshold, 0.1, 1.0);
    r.integer(QStringLiteral("face/votes"), &c.votes, 1, 30);
    r.integer(QStringLiteral("face/max_attempts"), &c.maxAttempts, 1, 10);
    r.integer(QStringLiteral("face/time_limit_s"), &c.timeLimitS, 2, 120);
    r.integer(QStringLiteral("face/challenge_time_s"), &c.challengeTimeS, 1, 60);
    r.integer(QStringLiteral("face/min_face_px"), &c.minFacePx, 16, 2000);
    r.integer(QStringLiteral("face/min_brightness"), &c.minBrightness, 0, 255);
    r.number(QStringLiteral("face/max_yaw"), &c.maxYaw, 0.05, 2.0);
    r.number(QStringLiteral("face/max_motion"), &c.maxMotion, 0.01, 2.0);
    if (!QFileInfo::exists(c.modelPath(c.manifestFile)))
        r.warning(QStringLiteral("face/model_dir"),
                  QStringLiteral("no face model manifest %1 (run packaging/fetch-models.sh, or install the province's "
                                 "cleared model); identity goes to staff until there is one")
                      .arg(c.modelPath(c.manifestFile)));
    return c;
}

QString FaceConfig::defaultModelDir()
{
    const QString env = qEnvironmentVariable("KIOSK_MODEL_DIR");
    if (!env.isEmpty())
        return env;
    const QString installed = QStringLiteral("/usr/share/kiosk/models");
    if (QFileInfo(installed).isDir())
        return installed;
#ifdef KIOSK_DEV_MODEL_DIR
    return QStringLiteral(KIOSK_DEV_MODEL_DIR);
#else
    return installed;
#endif
}

QString FaceConfig::effectiveModelDir() const
{
    return modelDir.isEmpty() ? defaultModelDir() : modelDir;
}

QString FaceConfig::modelPath(const QString &file) const
{
    if (file.isEmpty() || QDir::isAbsolutePath(file))
        return file;
    return QDir(effectiveModelDir()).filePath(file);
}

} // namespace kiosk::app
