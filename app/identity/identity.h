// The identified person of a visit (applicant, agent or principal), from an ID card, permit or the 粤省事 code.
// Personal data: lives only in memory in the visit scope, wiped with it, shown and logged only masked.
#pragma once

#include <QByteArray>
#include <QDate>
#include <QJsonObject>
#include <QString>

namespace kiosk::drivers::idcard {
struct CardRecord;
}

namespace kiosk::app {

struct Identity {
    QString idType; // resident | hkmt_permit | foreign_permanent | foreign_permanent_2023 | qr
    QString idNumber;
    QString name;
    QString nameEn;
    QString sex; // male | female (empty when unknown, e.g. QR)
    QDate birthDate;
    QString nationality;
    QString address;
    QDate validFrom;
    QDate validTo; // null with validLongTerm
    bool validLongTerm = false;
    QString verifiedBy = QStringLiteral("card"); // card | qr | face | staff
    QByteArray photoWlt;                         // raw card photo for the face step; never leaves the process

    bool isEmpty() const { return idNumber.isEmpty(); }
    QString maskedName() const;
    QString maskedIdNumber() const;
    // `sex` as the GB/T 2261.1 code the platform takes: "1" male, "2" female, "0" not known; empty without a sex.
    QString sexCode() const;
    // The Person object of platform-api.md's payload (sex as its GB/T 2261.1 code, birth_date GB/T 7408).
    QJsonObject toPersonJson() const;
    // Overwrites every field's memory, then clears it.
    void wipe();

    static Identity fromCard(const drivers::idcard::CardRecord &card);
};

// Why a card cannot be used; codes the UI turns into the citizen's language.
enum class IdentityProblem {
    None,
    Expired,       // valid-to date has passed
    NotYetValid,   // valid-from in the future
    InvalidNumber, // fails GB 11643 (resident and HK/Macao/Taiwan permits, 2023 foreigner numbers)
    Underage,      // reserved for items with an age rule
};

struct IdentityCheck {
    IdentityProblem problem = IdentityProblem::None;
    QString detail; // English, for logs; never personal data
    bool ok() const { return problem == IdentityProblem::None; }
};

// Checks what the card says against today's date and the number's check digit.
IdentityCheck checkIdentity(const Identity &id, const QDate &today = QDate::currentDate());

} // namespace kiosk::app
