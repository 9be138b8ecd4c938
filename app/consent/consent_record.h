// ConsentRecord: what the citizen decided about one purpose, on which text, when, and which path was used in the end —
// the payload's Consent object of platform-api.md. It never holds an image or a template.
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QMetaType>
#include <QString>

#include <optional>

namespace kiosk::app {

enum class ConsentDecision { Agree, Decline, Withdrawn };
QString toString(ConsentDecision decision); // "agree" | "decline" | "withdrawn"

enum class ConsentMethod { Face, Alternative };
QString toString(ConsentMethod method); // "face" | "alternative"

struct ConsentRecord {
    QString purpose;     // "face_verification"
    QString textVersion; // ConsentText::version
    QString textSha256;  // of the UTF-8 text shown
    ConsentDecision decision = ConsentDecision::Decline;
    QDateTime at;                                          // when the decision was taken
    ConsentMethod methodUsed = ConsentMethod::Alternative; // face only when the face step reached a match

    // {"purpose","text_version","text_sha256","decision","at","method_used"}; `at` as RFC 3339 with +08:00.
    QJsonObject toJson() const;
    static std::optional<ConsentRecord> fromJson(const QJsonObject &json, QString *error = nullptr);

    bool operator==(const ConsentRecord &o) const;
};

// RFC 3339 in China Standard Time, e.g. 2024-05-01T09:30:00+08:00 (the kiosk writes its numeric offset).
QString toRfc3339Cst(const QDateTime &at);

} // namespace kiosk::app

Q_DECLARE_METATYPE(kiosk::app::ConsentRecord)
