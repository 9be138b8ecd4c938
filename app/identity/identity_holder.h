// IdentityHolder: where an identification lands — the current visit's applicant, principal and 粤省事 token. The
// visit's state (app/application, a layer above) implements it, so identity never needs to know the application layer.
#pragma once

#include <QString>

#include <functional>

#include "app/identity/identity.h"

namespace kiosk::app {

class KioskSession;

class IdentityHolder
{
public:
    virtual ~IdentityHolder() = default;
    virtual const Identity &applicant() const = 0;
    virtual void setApplicant(Identity id) = 0;
    virtual void setPrincipal(Identity id) = 0;
    virtual void setIdentityToken(const QString &token) = 0;
};

// The holder of the session's running visit, or null between visits.
using IdentityHolderLookup = std::function<IdentityHolder *(KioskSession *)>;

} // namespace kiosk::app
