// Payload assembly.
#include "app/application/payload.h"

#include <QJsonArray>

namespace kiosk::app {

QJsonObject buildPayload(const ApplicationSnapshot &a, const SealedNames &names)
{
    QJsonObject form;
    for (auto it = a.form.begin(); it != a.form.end(); ++it)
        form.insert(it.key(), it.value());

    QJsonArray materials;
    for (const MaterialState &m : a.materials) {
        if (m.status == MaterialStatus::Missing)
            continue; // an optional material not brought: not part of the application
        QJsonArray pages;
        if (m.status == MaterialStatus::Provided) {
            for (const QString &sha : names.pagesByMaterial.value(m.spec.id))
                pages.append(sha);
        }
        materials.append(QJsonObject{{QStringLiteral("material_id"), m.spec.id},
                                     {QStringLiteral("status"), toString(m.status)},
                                     {QStringLiteral("pages"), pages}});
    }

    QJsonValue authorisation = QJsonValue::Null;
    if (!a.agent.isNull()) {
        QJsonArray shas;
        for (const QString &sha : names.authorisation)
            shas.append(sha);
        authorisation = shas;
    }

    QJsonValue commitment = QJsonValue::Null;
    if (a.commitment && !names.signature.isEmpty()) {
        commitment = QJsonObject{{QStringLiteral("text_version"), a.commitment->textVersion},
                                 {QStringLiteral("text_sha256"), a.commitment->textSha256},
                                 {QStringLiteral("signature_blob"), names.signature}};
    }

    const bool mail = a.delivery.method == QLatin1String("mail");
    const QJsonObject delivery{{QStringLiteral("method"), a.delivery.method},
                               {QStringLiteral("address"), mail && !a.delivery.address.isEmpty()
                                                               ? QJsonValue(a.delivery.address)
                                                               : QJsonValue(QJsonValue::Null)},
                               {QStringLiteral("phone"), !a.delivery.phone.isEmpty() ? QJsonValue(a.delivery.phone)
                                                                                     : QJsonValue(QJsonValue::Null)}};

    QJsonArray prereview;
    for (const PrereviewNote &n : a.prereview)
        prereview.append(QJsonObject{{QStringLiteral("code"), n.code}, {QStringLiteral("message"), n.message}});

    return QJsonObject{{QStringLiteral("applicant"), a.applicant},
                       {QStringLiteral("agent"), a.agent},
                       {QStringLiteral("principal_authorisation"), authorisation},
                       {QStringLiteral("form"), form},
                       {QStringLiteral("materials"), materials},
                       {QStringLiteral("consent"), a.consent},
                       {QStringLiteral("commitment"), commitment},
                       {QStringLiteral("delivery"), delivery},
                       {QStringLiteral("prereview"), prereview},
                       {QStringLiteral("channel"), QStringLiteral("kiosk")},
                       {QStringLiteral("query_code"), a.queryCode}};
}

} // namespace kiosk::app
