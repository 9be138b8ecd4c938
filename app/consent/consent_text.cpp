// Loading the versioned consent texts from the resources.
#include "app/consent/consent_text.h"

#include <QCryptographicHash>
#include <QFile>

namespace kiosk::app {

namespace {

// Bump together with the texts under app/consent/texts/: a record names the version its citizen saw.
const QString kFaceVerificationVersion = QStringLiteral("1.0");

} // namespace

QString ConsentText::currentVersion(const QString &purpose)
{
    return purpose == kFaceVerificationPurpose ? kFaceVerificationVersion : QString();
}

QStringList ConsentText::languages()
{
    return {QStringLiteral("zh_CN"), QStringLiteral("zh_HK"), QStringLiteral("en")};
}

QString ConsentText::sha256Hex(const QString &text)
{
    return QString::fromLatin1(QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256).toHex());
}

ConsentText ConsentText::load(const QString &purpose, const QString &language, const QString &itemName)
{
    ConsentText t;
    t.purpose = purpose;
    t.version = currentVersion(purpose);
    if (t.version.isEmpty())
        return t;
    t.language = languages().contains(language) ? language : QStringLiteral("zh_CN");
    QFile f(QStringLiteral(":/consent/%1.%2.txt").arg(purpose, t.language));
    if (!f.open(QIODevice::ReadOnly))
        return t;
    QString text = QString::fromUtf8(f.readAll()).trimmed();
    text.replace(QStringLiteral("%ITEM%"), itemName.isEmpty() ? QStringLiteral("-") : itemName);
    t.text = text;
    t.sha256 = sha256Hex(text);
    return t;
}

} // namespace kiosk::app
