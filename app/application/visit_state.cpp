// Per-visit state lookup.
#include "app/application/visit_state.h"

#include "app/session/kiosk_session.h"

namespace kiosk::app {

VisitState::VisitState(QObject *scope) : QObject(scope)
{
    setObjectName(QStringLiteral("visitState"));
}

VisitState::~VisitState()
{
    applicant_.wipe();
    principal_.wipe();
    draft_.wipe();
    wipeText(identityToken_);
    for (ExtractedField &f : readFields_)
        wipeText(f.value);
}

void VisitState::setAgentMode(bool on)
{
    agentMode_ = on;
    if (!on) {
        principal_.wipe();
        principal_ = Identity();
    }
}

VisitState::RatingTarget VisitState::ratingTarget() const
{
    if (receipt_)
        return {receipt_->caseNo, receipt_->localNo, receipt_->itemCode, receipt_->queryCode};
    return ratingTarget_;
}

void VisitState::setPrincipal(Identity id)
{
    principal_.wipe();
    principal_ = std::move(id);
    emit principalChanged();
}

void VisitState::setApplicant(Identity id)
{
    applicant_.wipe();
    applicant_ = std::move(id);
    emit applicantChanged();
}

VisitState *VisitState::of(KioskSession *session)
{
    if (!session || session->stage() != KioskSession::Stage::Visit)
        return nullptr;
    QObject *scope = session->visitScope();
    if (auto *v = scope->findChild<VisitState *>(QString(), Qt::FindDirectChildrenOnly))
        return v;
    return new VisitState(scope);
}

void VisitState::selectItem(const QString &code)
{
    if (code == selectedItem_)
        return;
    selectedItem_ = code;
    emit selectedItemChanged(code);
}

void VisitState::checkIdentityByStaff(const QJsonValue &consentRecord)
{
    staffIdentityCheck_ = true;
    faceVerified_ = false;
    if (!consentRecord.isNull() && !consentRecord.isUndefined())
        consent_ = consentRecord;
}

void VisitState::recordSubmission(ReceiptData receipt)
{
    receipt_ = std::move(receipt);
    draft_.wipe(); // sealed and queued: the plaintext is no longer needed
}

} // namespace kiosk::app
