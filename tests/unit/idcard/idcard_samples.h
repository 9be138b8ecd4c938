// Invented card holders for the ID-card tests (valid GB 11643 check digits, no real person).
#pragma once

#include <QByteArray>
#include <QDate>
#include <QtEndian>

#include "drivers/idcard/card_record.h"

namespace idcard_samples {

using namespace kiosk::drivers::idcard;

inline QByteArray fakeWlt(char seed)
{
    QByteArray w(kWltPhotoSize, '\0');
    for (int i = 0; i < w.size(); ++i)
        w[i] = char((i * 31 + seed) & 0xFF);
    return w;
}

inline CardRecord resident()
{
    CardRecord c;
    c.type = CardType::Resident;
    c.name = QStringLiteral("陈晓明");
    c.sex = Sex::Male;
    c.ethnicityCode = QStringLiteral("01");
    c.ethnicity = QStringLiteral("汉");
    c.birthDate = QDate(1990, 3, 7);
    c.address = QStringLiteral("广东省广州市越秀区东风中路123号");
    c.idNumber = QStringLiteral("440106199003072437");
    c.authority = QStringLiteral("广州市公安局越秀分局");
    c.validFrom = QDate(2015, 6, 1);
    c.validTo = QDate(2035, 6, 1);
    c.wlt = fakeWlt(1);
    return c;
}

inline CardRecord residentLongTerm()
{
    CardRecord c;
    c.type = CardType::Resident;
    c.name = QStringLiteral("李秀英");
    c.sex = Sex::Female;
    c.ethnicityCode = QStringLiteral("08");
    c.ethnicity = QStringLiteral("壮");
    c.birthDate = QDate(1960, 1, 1);
    // 35 characters: fills the address slot exactly.
    c.address = QStringLiteral("广东省湛江市赤坎区南桥街道人民大道北路八十八号金海湾花园三栋二单元一零");
    c.idNumber = QStringLiteral("44052819600101001X");
    c.authority = QStringLiteral("湛江市公安局赤坎分局");
    c.validFrom = QDate(2010, 5, 20);
    c.validToLongTerm = true;
    c.wlt = fakeWlt(2);
    return c;
}

inline CardRecord hkmtPermit()
{
    CardRecord c;
    c.type = CardType::HkMacaoTaiwanPermit;
    c.name = QStringLiteral("黄嘉欣");
    c.sex = Sex::Female;
    c.birthDate = QDate(1988, 8, 8);
    c.address = QStringLiteral("广东省深圳市福田区福华一路6号");
    c.idNumber = QStringLiteral("810000198808081235");
    c.authority = QStringLiteral("深圳市公安局福田分局");
    c.validFrom = QDate(2019, 1, 1);
    c.validTo = QDate(2024, 1, 1);
    c.passNumber = QStringLiteral("H12345678");
    c.issueCount = 1;
    c.wlt = fakeWlt(3);
    return c;
}

inline CardRecord foreignPermanent()
{
    CardRecord c;
    c.type = CardType::ForeignPermanent;
    c.nameEn = QStringLiteral("SMITH, JOHN ROBERT");
    c.sex = Sex::Male;
    c.idNumber = QStringLiteral("USA110086050101");
    c.nationality = QStringLiteral("USA");
    c.name = QStringLiteral("史密斯");
    c.validFrom = QDate(2017, 6, 15);
    c.validTo = QDate(2027, 6, 15);
    c.birthDate = QDate(1986, 5, 1);
    c.cardVersion = QStringLiteral("01");
    c.authority = QStringLiteral("1500");
    c.wlt = fakeWlt(4);
    return c;
}

inline CardRecord foreignPermanent2023()
{
    CardRecord c;
    c.type = CardType::ForeignPermanent2023;
    c.name = QStringLiteral("玛丽亚");
    c.sex = Sex::Female;
    c.issueCount = 0;
    c.birthDate = QDate(1987, 4, 21);
    // 44 characters: runs past the 35 of the first slot into the continuation at byte 220.
    c.nameEn = QStringLiteral("GONZALEZ RODRIGUEZ, MARIA FERNANDA ALEJANDRA");
    c.idNumber = QStringLiteral("944724198704210030");
    c.validFrom = QDate(2023, 12, 1);
    c.validTo = QDate(2033, 12, 1);
    c.nationality = QStringLiteral("ESP");
    c.wlt = fakeWlt(5);
    return c;
}

// Writes `text` as UCS-2LE at `offset` of a space-filled block, for tests that build blocks by hand.
inline void putUcs2(QByteArray &block, int offset, const QString &text)
{
    for (int i = 0; i < text.size(); ++i)
        qToLittleEndian<quint16>(text[i].unicode(), block.data() + offset + 2 * i);
}

inline QByteArray spaceBlock()
{
    QByteArray b(kTextBlockSize, '\0');
    for (int i = 0; i < b.size(); i += 2)
        b[i] = ' ';
    return b;
}

} // namespace idcard_samples
