// What one citizen has chosen so far in this visit (the item, later identity and the draft). It lives in the
// session's visit scope, so the wipe destroys it with everything else.
#pragma once

#include <QObject>
#include <QString>

#include "app/identity/identity.h"

namespace kiosk::app {

class KioskSession;

class VisitState : public QObject
{
    Q_OBJECT
public:
    // The current visit's state, made on first use. Null when no visit is running.
    static VisitState *of(KioskSession *session);

    ~VisitState() override;

    QString selectedItem() const { return selectedItem_; }
    void selectItem(const QString &code);

    const Identity &applicant() const { return applicant_; }
    void setApplicant(Identity id);
    bool identified() const { return !applicant_.isEmpty(); }

signals:
    void selectedItemChanged(const QString &code);
    void applicantChanged();

private:
    explicit VisitState(QObject *scope);
    QString selectedItem_;
    Identity applicant_;
};

} // namespace kiosk::app
