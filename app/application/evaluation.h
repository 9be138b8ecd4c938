// 好差评: the evaluation of a service (platform-api.md "Evaluation"; GB/T 39734): five levels, reason codes for
// low scores, an optional comment (<= 200 characters; the citizen is asked to keep personal data out of it).
#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace kiosk::app {

struct Evaluation {
    QString id; // UUID v4; made by make() when empty
    QString caseNo;
    QString localNo;
    QString itemCode;
    QString queryCode; // of that case (platform-api.md): the one query code kept outside the seal, while queued
    int score = 0;     // 1 非常不满意 .. 5 非常满意
    QStringList reasons;
    QString comment;
};

inline constexpr int kMaxCommentCodePoints = 200;

// The reason codes the platform knows.
const QStringList &evaluationReasonCodes();
// Reasons are asked for (and sent) only with a low score: 基本满意 (3) and below.
bool evaluationAsksReasons(int score);

// The JSON the platform receives, or an empty object with `error` (score out of range, unknown reason, comment too
// long, no case or local number). Fills `e.id` when empty; reasons given with a score that does not ask for them are
// left out.
QJsonObject evaluationJson(Evaluation &e, QString *error = nullptr);

} // namespace kiosk::app
