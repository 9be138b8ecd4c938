// IdentityService: who is applying in this visit. Takes card reads from the ID-card reader only while a screen asks
// for identification, checks them, and keeps the identity in the visit's state (wiped with the visit).
#pragma once

#include <QObject>
#include <QPointer>

#include "app/identity/identity.h"
#include "app/identity/identity_holder.h"

namespace kiosk::drivers::idcard {
class IdCardReader;
struct CardRecord;
} // namespace kiosk::drivers::idcard

namespace kiosk::app {

class KioskSession;
struct QrIdentity;

// Whose card the next read is: the person at the kiosk, or (委托办理) the principal the agent acts for.
enum class IdentityTarget { Applicant, Principal };

class IdentityService : public QObject
{
    Q_OBJECT
public:
    // `holder` finds the running visit's identity slots (the composition passes VisitState::of).
    IdentityService(KioskSession *session, IdentityHolderLookup holder, drivers::idcard::IdCardReader *reader,
                    QObject *parent = nullptr);

    bool readerAvailable() const;
    // Start or stop listening for a card (the identification screen calls these when shown / left).
    void startListening();
    void stopListening();
    bool listening() const { return listening_; }
    void setTarget(IdentityTarget target) { target_ = target; }
    IdentityTarget target() const { return target_; }

    // A 粤省事 code the platform verified: the visit's applicant is known by the platform's token (the payload's
    // Person then carries id_type "qr" and the token as its number; the platform resolves it).
    void acceptQrIdentity(const QrIdentity &qr);

public slots:
    // A card read (from the reader, or a test): converted, checked, stored in the visit; the record is wiped.
    void acceptCard(const kiosk::drivers::idcard::CardRecord &record);

signals:
    void identified(const QString &maskedName, const QString &maskedIdNumber);
    void rejected(kiosk::app::IdentityProblem problem, const QDate &validTo);
    void readFailed();  // a card was found but could not be read: ask to place it again
    void sameAsAgent(); // the principal's card is the agent's own: an agent cannot act for themself

private:
    KioskSession *session_;
    IdentityHolderLookup holder_;
    QPointer<drivers::idcard::IdCardReader> reader_;
    bool listening_ = false;
    IdentityTarget target_ = IdentityTarget::Applicant;
};

} // namespace kiosk::app
