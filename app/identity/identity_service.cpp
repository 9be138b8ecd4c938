// Card reads become identities only while the citizen is on the identification step.
#include "app/identity/identity_service.h"

#include <QLoggingCategory>

#include <utility>

#include "app/platform/platform_service.h"
#include "app/session/kiosk_session.h"
#include "drivers/idcard/card_record.h"
#include "drivers/idcard/idcard_reader.h"

Q_LOGGING_CATEGORY(lcIdentity, "kiosk.app.identity")

namespace kiosk::app {

IdentityService::IdentityService(KioskSession *session, IdentityHolderLookup holder,
                                 drivers::idcard::IdCardReader *reader, QObject *parent)
    : QObject(parent), session_(session), holder_(std::move(holder)), reader_(reader)
{
    if (reader_) {
        connect(reader_, &drivers::idcard::IdCardReader::cardRead, this, &IdentityService::acceptCard);
        connect(reader_, &drivers::idcard::IdCardReader::cardReadFailed, this, [this] {
            if (listening_)
                emit readFailed();
        });
    }
    connect(session_, &KioskSession::wiped, this, &IdentityService::stopListening);
}

bool IdentityService::readerAvailable() const
{
    return reader_ && reader_->status().usable();
}

void IdentityService::startListening()
{
    listening_ = true;
}

void IdentityService::stopListening()
{
    listening_ = false;
}

void IdentityService::acceptCard(const drivers::idcard::CardRecord &record)
{
    // The signal hands out a copy; wipe ours however this ends.
    drivers::idcard::CardRecord card = record;
    if (!listening_) {
        card.wipe();
        return; // a card left on the reader between visits is not read into anyone's visit
    }
    Identity id = Identity::fromCard(card);
    card.wipe();
    const IdentityCheck check = checkIdentity(id);
    if (!check.ok()) {
        qCInfo(lcIdentity) << "card refused:" << check.detail;
        const QDate validTo = id.validTo;
        id.wipe();
        emit rejected(check.problem, validTo);
        return;
    }
    IdentityHolder *visit = holder_ ? holder_(session_) : nullptr;
    if (!visit) {
        id.wipe();
        return;
    }
    const QString name = id.maskedName();
    const QString number = id.maskedIdNumber();
    if (target_ == IdentityTarget::Principal) {
        if (id.idNumber == visit->applicant().idNumber) {
            id.wipe();
            emit sameAsAgent();
            return;
        }
        qCInfo(lcIdentity) << "principal identified by card:" << id.idType << number;
        visit->setPrincipal(std::move(id));
    } else {
        qCInfo(lcIdentity) << "identified by card:" << id.idType << number;
        visit->setApplicant(std::move(id));
    }
    listening_ = false;
    emit identified(name, number);
}

void IdentityService::acceptQrIdentity(const QrIdentity &qr)
{
    IdentityHolder *visit = holder_ ? holder_(session_) : nullptr;
    if (!visit || !qr.verified || qr.identityToken.isEmpty())
        return;
    Identity id;
    id.idType = QStringLiteral("qr");
    id.idNumber = qr.identityToken;
    id.name = qr.nameMasked;
    id.verifiedBy = QStringLiteral("qr");
    visit->setIdentityToken(qr.identityToken);
    visit->setApplicant(std::move(id));
    listening_ = false;
    qCInfo(lcIdentity) << "identified by 粤省事 code";
    emit identified(qr.nameMasked, qr.idMasked);
}

} // namespace kiosk::app
