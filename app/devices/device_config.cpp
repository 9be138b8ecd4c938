// Device settings with safe defaults: the card reader and receipt printer are required, the rest optional.
#include "app/devices/device_config.h"

#include <QSettings>

namespace kiosk::app {

using drivers::DeviceKind;
using drivers::DeviceSpec;

QList<DeviceSpec> defaultDeviceSpecs()
{
    QList<DeviceSpec> specs;
    auto add = [&](DeviceKind kind, bool required, const QString &port) {
        DeviceSpec s;
        s.kind = kind;
        s.required = required;
        s.port = port;
        specs << s;
    };
    add(DeviceKind::IdCardReader, true, QStringLiteral("/dev/kiosk-idcard"));
    add(DeviceKind::ReceiptPrinter, true, QStringLiteral("/dev/kiosk-receipt"));
    add(DeviceKind::CodeScanner, false, QStringLiteral("/dev/kiosk-qr"));
    add(DeviceKind::DocumentPrinter, false, QStringLiteral("KIOSK_A4"));
    // No default scanner: sane_open of a guessed name could open SANE's test backend, which makes up pages.
    add(DeviceKind::DocumentScanner, false, QString());
    add(DeviceKind::DocumentCamera, false, QString());
    add(DeviceKind::FaceCamera, false, QString());
    return specs;
}

namespace {

// Devices that play files instead of reading the world: a camera's video file (<kind>.file=) and SANE's test and
// pnm backends (made-up pages, pages from files). A citizen's materials must come from the glass in front of them, so
// outside a demo ([kiosk] demo=true) these are refused. Returns the reason, or empty.
QString fileBackedRefusal(const DeviceSpec &spec)
{
    const QString kind = drivers::toString(spec.kind);
    if (!spec.options.value(QStringLiteral("file")).toString().isEmpty())
        return QStringLiteral("refused: %1.file= plays a video file as the camera, for demonstrations only "
                              "([kiosk] demo=true)")
            .arg(kind);
    if (spec.kind == DeviceKind::DocumentScanner) {
        const QString backend = spec.port.section(QLatin1Char(':'), 0, 0).trimmed().toLower();
        if (backend == QLatin1String("test") || backend == QLatin1String("pnm"))
            return QStringLiteral("refused: SANE device '%1' is the %2 backend (pages not from a scanner), for "
                                  "demonstrations only ([kiosk] demo=true)")
                .arg(spec.port, backend);
    }
    return {};
}

} // namespace

QString simulatorDir(const QString &path)
{
    if (path.isEmpty())
        return {};
    QSettings s(path, QSettings::IniFormat);
    return s.value(QStringLiteral("devices/simulator_dir")).toString();
}

QList<DeviceSpec> loadDeviceSpecs(const QString &path, QList<ConfigProblem> *problems)
{
    QList<DeviceSpec> specs = defaultDeviceSpecs();
    if (path.isEmpty())
        return specs;
    QSettings s(path, QSettings::IniFormat);
    s.beginGroup(QStringLiteral("devices"));
    const QStringList keys = s.allKeys();
    auto problem = [&](const QString &key, const QString &msg) {
        if (problems)
            problems->append({ConfigProblem::Severity::Error, QStringLiteral("devices/") + key, msg});
    };
    auto readBool = [&](const QString &key, bool *out) {
        if (!s.contains(key))
            return;
        const QString v = s.value(key).toString().trimmed().toLower();
        if (v == QLatin1String("true") || v == QLatin1String("1") || v == QLatin1String("yes"))
            *out = true;
        else if (v == QLatin1String("false") || v == QLatin1String("0") || v == QLatin1String("no"))
            *out = false;
        else
            problem(key, QStringLiteral("'%1' must be true or false").arg(v));
    };
    const QString simDir = s.value(QStringLiteral("simulator_dir")).toString();
    for (DeviceSpec &spec : specs) {
        const QString k = drivers::toString(spec.kind);
        readBool(k + QStringLiteral(".enabled"), &spec.enabled);
        readBool(k + QStringLiteral(".required"), &spec.required);
        readBool(k + QStringLiteral(".simulated"), &spec.simulated);
        if (s.contains(k + QStringLiteral(".port")))
            spec.port = s.value(k + QStringLiteral(".port")).toString().trimmed();
        if (spec.simulated && !s.contains(k + QStringLiteral(".port")) && !simDir.isEmpty()) {
            // kiosk-devsim's pty links: <dir>/idcard, <dir>/qr, <dir>/printer
            if (spec.kind == DeviceKind::IdCardReader)
                spec.port = simDir + QStringLiteral("/idcard");
            else if (spec.kind == DeviceKind::CodeScanner)
                spec.port = simDir + QStringLiteral("/qr");
            else if (spec.kind == DeviceKind::ReceiptPrinter)
                spec.port = simDir + QStringLiteral("/printer");
        }
        const QString prefix = k + QLatin1Char('.');
        for (const QString &key : keys) {
            if (!key.startsWith(prefix))
                continue;
            const QString option = key.mid(prefix.size());
            if (option != QLatin1String("enabled") && option != QLatin1String("required") &&
                option != QLatin1String("simulated") && option != QLatin1String("port"))
                spec.options.insert(option, s.value(key));
        }
    }
    s.endGroup();
    const QString demo = s.value(QStringLiteral("kiosk/demo")).toString().trimmed().toLower();
    if (demo != QLatin1String("true") && demo != QLatin1String("1") && demo != QLatin1String("yes")) {
        for (DeviceSpec &spec : specs) {
            if (!spec.enabled)
                continue;
            spec.refusal = fileBackedRefusal(spec);
            if (!spec.refusal.isEmpty())
                problem(drivers::toString(spec.kind), spec.refusal);
        }
    }
    for (const QString &key : keys) {
        const QString kind = key.section(QLatin1Char('.'), 0, 0);
        DeviceKind dummy;
        if (key != QLatin1String("simulator_dir") && !drivers::deviceKindFromString(kind, &dummy))
            problem(key, QStringLiteral("unknown device kind '%1'").arg(kind));
    }
    return specs;
}

} // namespace kiosk::app
