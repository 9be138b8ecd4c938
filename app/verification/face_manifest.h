// FaceManifest: the model manifest (face-models.json beside the models) that says which files the face engine may
// load — for each its role, upstream, licence of the weights, sha256, input spec and, for the embedder, the decision
// threshold and how it was calibrated — and whether the set is cleared for production. Files it does not name, or
// whose sha256 differs, are refused. packaging/models/fetch-face.sh writes the default one; a province that installs
// a cleared model writes its own in the same format (README, "Face models").
#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace kiosk::app {

struct FaceManifestModel {
    QString file;         // relative to the manifest's folder
    QString role;         // "detector", "detector_far", "embedder"
    QString architecture; // "blazeface", "dlib_resnet", ...
    QString sha256;       // lower-case hex
    QString upstream, weightsLicence, licenceFile;
    QJsonObject json; // the whole entry: input spec, anchors, decision
};

class FaceManifest
{
public:
    // Reads and checks the structure of `path`; on failure returns an empty manifest and says why in `error`.
    static FaceManifest read(const QString &path, QString *error);

    bool isValid() const { return !models_.isEmpty(); }
    bool clearedForProduction() const { return cleared_; }
    QString clearance() const { return clearance_; }
    QStringList knownLimitations() const { return limitations_; }
    const QList<FaceManifestModel> &models() const { return models_; }

    // The model with `role`, or the one named `file` when given (nullptr when there is none, or when the named one
    // has another role).
    const FaceManifestModel *find(const QString &role, const QString &file = {}) const;

    // True when the file at `path` has the sha256 `expected`; otherwise says what differs in `error`.
    static bool verifyFile(const QString &path, const QString &expected, QString *error);

private:
    bool cleared_ = false;
    QString clearance_;
    QStringList limitations_;
    QList<FaceManifestModel> models_;
};

} // namespace kiosk::app
