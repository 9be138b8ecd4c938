// Reading the face model manifest and checking files against it.
#include "app/verification/face_manifest.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace kiosk::app {

namespace {

constexpr char kFormat[] = "kiosk-face-models/1";

} // namespace

FaceManifest FaceManifest::read(const QString &path, QString *error)
{
    auto fail = [&](const QString &why) {
        if (error)
            *error = QStringLiteral("face model manifest %1: %2").arg(path, why);
        return FaceManifest();
    };
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot be read (%1)").arg(f.errorString()));
    QJsonParseError parse{};
    const QJsonDocument doc = QJsonDocument::fromJson(f.read(1 << 20), &parse);
    if (parse.error != QJsonParseError::NoError || !doc.isObject())
        return fail(QStringLiteral("not a JSON object (%1)").arg(parse.errorString()));
    const QJsonObject root = doc.object();
    if (root.value(QStringLiteral("format")).toString() != QLatin1String(kFormat))
        return fail(QStringLiteral("format must be \"%1\"").arg(QLatin1String(kFormat)));
    if (!root.value(QStringLiteral("cleared_for_production")).isBool())
        return fail(QStringLiteral("cleared_for_production must be true or false"));
    FaceManifest m;
    m.cleared_ = root.value(QStringLiteral("cleared_for_production")).toBool();
    m.clearance_ = root.value(QStringLiteral("clearance")).toString();
    for (const QJsonValue &v : root.value(QStringLiteral("known_limitations")).toArray())
        m.limitations_ << v.toString();
    static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{64}$"));
    for (const QJsonValue &v : root.value(QStringLiteral("files")).toArray()) {
        const QJsonObject o = v.toObject();
        FaceManifestModel model;
        model.file = o.value(QStringLiteral("file")).toString();
        model.role = o.value(QStringLiteral("role")).toString();
        model.architecture = o.value(QStringLiteral("architecture")).toString();
        model.sha256 = o.value(QStringLiteral("sha256")).toString().toLower();
        model.upstream = o.value(QStringLiteral("upstream")).toString();
        model.weightsLicence = o.value(QStringLiteral("weights_licence")).toString();
        model.licenceFile = o.value(QStringLiteral("licence_file")).toString();
        model.json = o;
        // A file name, not a path: the manifest describes its own folder only.
        if (model.file.isEmpty() || model.file.contains(QLatin1Char('/')) || model.file.startsWith(QLatin1Char('.')))
            return fail(QStringLiteral("a file entry has no plain file name"));
        if (model.role.isEmpty())
            return fail(QStringLiteral("%1 has no role").arg(model.file));
        if (!hex.match(model.sha256).hasMatch())
            return fail(QStringLiteral("%1 has no sha256").arg(model.file));
        if (model.weightsLicence.isEmpty())
            return fail(QStringLiteral("%1 does not say the licence of its weights").arg(model.file));
        m.models_ << model;
    }
    if (m.models_.isEmpty())
        return fail(QStringLiteral("names no files"));
    return m;
}

const FaceManifestModel *FaceManifest::find(const QString &role, const QString &file) const
{
    for (const FaceManifestModel &m : models_) {
        if (file.isEmpty() ? m.role == role : m.file == file)
            return m.role == role ? &m : nullptr;
    }
    return nullptr;
}

bool FaceManifest::verifyFile(const QString &path, const QString &expected, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("face model %1 cannot be read (%2)").arg(path, f.errorString());
        return false;
    }
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&f);
    const QString got = QString::fromLatin1(hash.result().toHex());
    if (got != expected.toLower()) {
        if (error)
            *error =
                QStringLiteral("face model %1 has sha256 %2, the manifest says %3: refused").arg(path, got, expected);
        return false;
    }
    return true;
}

} // namespace kiosk::app
