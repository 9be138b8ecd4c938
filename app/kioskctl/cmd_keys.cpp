// `kioskctl keys status` and `keys seal`: the kiosk's private keys at rest (issue 15). At commissioning a technician
// seals the TLS/signing key and the audit key to the machine's TPM; from then on the clear files are gone and the
// kiosk unseals them into memory at start-up (offline_queue/storage/key_store.h).
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QSettings>

#include "app/audit/audit_log.h"
#include "app/config/kiosk_config.h"
#include "app/kioskctl/command.h"
#include "common/setting_value.h"
#include "offline_queue/storage/key_store.h"
#include "offline_queue/sync_settings.h"

namespace kiosk::ctl {

namespace {

namespace keys = queue::keys;

int fail(const Invocation &inv, const QString &message, int code)
{
    return failWith(inv, QStringLiteral("keys"), message, code);
}

struct KeyContext {
    QList<QPair<QString, QString>> keys; // role, path
    keys::TpmOptions tpm;
    QString dataDir;
};

// The key files as the kiosk would find them, and [keys] tcti; `--tcti T` overrides the configuration.
bool loadContext(const Invocation &inv, KeyContext *c, QString *error)
{
    const QString path = configPathOf(inv);
    const app::KioskConfig config = app::KioskConfig::load(path);
    QSettings ini(path.isEmpty() ? QStringLiteral("/dev/null") : path, QSettings::IniFormat);
    QStringList problems;
    const queue::SyncSettings sync = queue::loadSyncSettings(ini, config.effectiveDataDir(), config.kioskId, &problems);
    const app::AuditOptions audit = app::loadAuditOptions(ini, config.effectiveDataDir(), &problems);
    c->keys = {{QStringLiteral("tls"), sync.clientKeyFile}, {QStringLiteral("audit"), audit.keyPath}};
    c->dataDir = config.effectiveDataDir();
    c->tpm.tcti = common::settingText(ini.value(QStringLiteral("keys/tcti")));
    for (qsizetype i = 0; i < inv.args.size(); ++i) {
        const QString &a = inv.args.at(i);
        if (a == QLatin1String("--tcti") && i + 1 < inv.args.size()) {
            c->tpm.tcti = inv.args.at(++i);
        } else {
            *error = QStringLiteral("unknown option '%1'").arg(a);
            return false;
        }
    }
    return true;
}

// "sealed" (and it opens in this TPM), "clear" (a plain file: not hardware-protected), "missing", or "broken: why".
QString stateOf(const QString &path, const keys::TpmOptions &tpm)
{
    if (QFileInfo::exists(keys::sealedPathOf(path))) {
        keys::KeyMaterial k = keys::loadKey(path, tpm);
        keys::wipe(k.bytes);
        if (!k.ok())
            return QStringLiteral("broken: ") + k.error;
        return QFileInfo::exists(path) ? QStringLiteral("sealed, but a clear copy is left") : QStringLiteral("sealed");
    }
    return QFileInfo::exists(path) ? QStringLiteral("clear") : QStringLiteral("missing");
}

int keysStatus(const Invocation &inv)
{
    KeyContext c;
    QString error;
    if (!loadContext(inv, &c, &error))
        return fail(inv, error, 2);
    QJsonArray list;
    bool allSealed = true;
    for (const auto &[role, path] : std::as_const(c.keys)) {
        const QString state = stateOf(path, c.tpm);
        allSealed = allSealed && state == QLatin1String("sealed");
        if (inv.json)
            list.append(QJsonObject{
                {QStringLiteral("role"), role}, {QStringLiteral("path"), path}, {QStringLiteral("state"), state}});
        else
            out(QStringLiteral("%1 key %2: %3").arg(role, path, state));
    }
    if (inv.json)
        printJson({{QStringLiteral("keys"), list}, {QStringLiteral("hardware_protected"), allSealed}});
    else if (!allSealed)
        out(QStringLiteral("keys not hardware-protected: run `kioskctl keys seal` on a machine with a TPM"));
    return allSealed ? 0 : 1;
}

int keysSeal(const Invocation &inv)
{
    KeyContext c;
    QString error;
    if (!loadContext(inv, &c, &error))
        return fail(inv, error, 2);
    QJsonArray list;
    int failures = 0;
    for (const auto &[role, path] : std::as_const(c.keys)) {
        QString result;
        if (keys::isSealed(path))
            result = QStringLiteral("sealed already");
        else if (!QFileInfo::exists(path))
            result = QStringLiteral("missing: nothing to seal");
        else if (const QString why = keys::sealKey(path, c.tpm); !why.isEmpty())
            result = QStringLiteral("not sealed: ") + why;
        else
            result = QStringLiteral("sealed");
        giveToDataDirOwner(c.dataDir, {keys::sealedPathOf(path)});
        const bool ok = result.startsWith(QLatin1String("sealed"));
        failures += ok ? 0 : 1;
        if (inv.json)
            list.append(QJsonObject{{QStringLiteral("role"), role},
                                    {QStringLiteral("path"), path},
                                    {QStringLiteral("result"), result},
                                    {QStringLiteral("ok"), ok}});
        else
            (ok ? out : err)(QStringLiteral("%1 key %2: %3").arg(role, path, result));
    }
    keys::forgetUnsealedKeys();
    if (inv.json)
        printJson({{QStringLiteral("keys"), list}});
    return failures == 0 ? 0 : 1;
}

const bool registered = [] {
    registerCommand({{QStringLiteral("keys"), QStringLiteral("status")},
                     QStringLiteral("keys status [--tcti T] [--json] [--config F]"),
                     QStringLiteral("whether the TLS and audit keys are sealed to the TPM (exit 1 if not)"),
                     keysStatus});
    registerCommand({{QStringLiteral("keys"), QStringLiteral("seal")},
                     QStringLiteral("keys seal [--tcti T] [--json] [--config F]"),
                     QStringLiteral("seal the TLS and audit keys to this machine's TPM and remove the clear files"),
                     keysSeal});
    return true;
}();

} // namespace

} // namespace kiosk::ctl
