// Evaluation validation and JSON.
#include "app/application/evaluation.h"

#include <QJsonArray>
#include <QUuid>

#include "offline_queue/storage/sanitize.h"

namespace kiosk::app {

const QStringList &evaluationReasonCodes()
{
    static const QStringList codes{QStringLiteral("slow"),           QStringLiteral("unclear_guide"),
                                   QStringLiteral("device_fault"),   QStringLiteral("too_many_steps"),
                                   QStringLiteral("staff_attitude"), QStringLiteral("other")};
    return codes;
}

bool evaluationAsksReasons(int score)
{
    return score >= 1 && score <= 3;
}

QJsonObject evaluationJson(Evaluation &e, QString *error)
{
    auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return QJsonObject();
    };
    if (e.score < 1 || e.score > 5)
        return fail(QStringLiteral("score must be 1..5"));
    for (const QString &r : e.reasons) {
        if (!evaluationReasonCodes().contains(r))
            return fail(QStringLiteral("unknown reason code"));
    }
    if (e.comment.toUcs4().size() > kMaxCommentCodePoints)
        return fail(QStringLiteral("comment longer than 200 characters"));
    if (e.caseNo.isEmpty() && e.localNo.isEmpty())
        return fail(QStringLiteral("an evaluation needs a case or local number"));
    if (e.id.isEmpty())
        e.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    QJsonObject o{{QStringLiteral("id"), e.id},
                  {QStringLiteral("item_code"), e.itemCode},
                  {QStringLiteral("query_code"), e.queryCode},
                  {QStringLiteral("score"), e.score},
                  {QStringLiteral("reasons"),
                   QJsonArray::fromStringList(evaluationAsksReasons(e.score) ? e.reasons : QStringList())},
                  // platform-api.md asks citizens not to write personal data; numbers that may be some are masked
                  // before the comment is stored or sent.
                  {QStringLiteral("comment"), queue::maskPersonalNumbers(e.comment.trimmed())}};
    if (!e.caseNo.isEmpty())
        o.insert(QStringLiteral("case_no"), e.caseNo);
    else
        o.insert(QStringLiteral("local_no"), e.localNo);
    return o;
}

} // namespace kiosk::app
