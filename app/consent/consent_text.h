// The consent texts a citizen is shown before an optional processing of personal data (today: face verification),
// versioned, in zh_CN / zh_HK / en, built into the application as resources.
#pragma once

#include <QString>
#include <QStringList>

namespace kiosk::app {

inline const QString kFaceVerificationPurpose = QStringLiteral("face_verification");

struct ConsentText {
    QString purpose;  // "face_verification"
    QString version;  // of the wording; bumped whenever any language's text changes
    QString language; // zh_CN | zh_HK | en
    QString text;     // exactly what is shown (the service item's name filled in)
    QString sha256;   // lowercase hex SHA-256 of `text` in UTF-8

    bool isValid() const { return !text.isEmpty(); }

    // The text for `purpose` in `language` (falls back to zh_CN), with %ITEM% replaced by the service item's name.
    static ConsentText load(const QString &purpose, const QString &language, const QString &itemName = QString());
    static QString currentVersion(const QString &purpose); // empty for an unknown purpose
    static QStringList languages();
    static QString sha256Hex(const QString &text);
};

} // namespace kiosk::app
