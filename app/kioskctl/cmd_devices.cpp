// `kioskctl devices list` / `devices selftest [KIND]`: builds the configured devices exactly as the kiosk does
// (loadDeviceSpecs + registerDeviceFactories + DeviceManager::build) and reports their status or self-test results.
#include <QEventLoop>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSet>
#include <QTimer>

#include <functional>
#include <memory>

#include "app/devices/device_config.h"
#include "app/devices/device_factories.h"
#include "app/kioskctl/command.h"
#include "drivers/device_manager.h"

namespace kiosk::ctl {

namespace {

using drivers::Device;
using drivers::DeviceKind;
using drivers::DeviceManager;
using drivers::DeviceSpec;
using drivers::DeviceStatus;
using drivers::SelfTestResult;

// Devices open in the background; a serial device answers within a few hundred ms, a missing one fails at once.
constexpr int kSettleMs = 3000;
// A self-test is a few commands (SAM status and id, DLE EOT round, a camera frame): seconds at most.
constexpr int kSelfTestMs = 10000;

const QString kDefaultConfig = QStringLiteral("/etc/kiosk/kiosk.conf");

// QJsonObject sorts its keys, but the documented output leads with kind, status and detail: members are written in
// the order they are added.
class OrderedJson
{
public:
    OrderedJson &add(const QString &key, const QJsonValue &value) { return addRaw(key, encode(value)); }
    OrderedJson &addRaw(const QString &key, const QByteArray &json)
    {
        members_ << encode(key) + ':' + json;
        return *this;
    }
    QByteArray toJson() const { return '{' + members_.join(',') + '}'; }

    static QByteArray encode(const QJsonValue &value)
    {
        const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
        return wrapped.mid(1, wrapped.size() - 2); // strip the array's brackets
    }
    static QByteArray array(const QList<QByteArray> &items) { return '[' + items.join(',') + ']'; }

private:
    QList<QByteArray> members_;
};

// Runs the event loop (the devices report through queued signals) until `done()` holds or `timeoutMs` passes.
bool waitUntil(const std::function<bool()> &done, int timeoutMs)
{
    if (done())
        return true;
    QEventLoop loop;
    QTimer check;
    check.setInterval(20);
    QObject::connect(&check, &QTimer::timeout, &loop, [&] {
        if (done())
            loop.quit();
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    check.start();
    loop.exec();
    return done();
}

int usageError(const Invocation &inv, const QString &message)
{
    if (inv.json)
        printJson({{QStringLiteral("error"), message}});
    else
        err(QStringLiteral("kioskctl devices: ") + message);
    return 2;
}

// The devices of the configuration, built and given time to report their first real status.
struct BuiltDevices {
    DeviceManager manager;
    QList<DeviceSpec> specs; // the enabled ones, in configuration order
};

// Returns 0 when the devices were built, else the exit code (after printing why).
int buildDevices(const Invocation &inv, const std::function<bool(const DeviceSpec &)> &wanted, BuiltDevices *out)
{
    QString path = inv.configPath;
    if (!path.isEmpty() && !QFileInfo::exists(path))
        return usageError(inv, QStringLiteral("configuration file %1 does not exist").arg(path));
    if (path.isEmpty() && QFileInfo::exists(kDefaultConfig))
        path = kDefaultConfig;

    // Driver chatter (each status change at info level) would bury the answer; QT_LOGGING_RULES still overrides.
    QLoggingCategory::setFilterRules(QStringLiteral("kiosk.*.info=false\nkiosk.*.debug=false"));

    QList<app::ConfigProblem> problems;
    const QList<DeviceSpec> all = app::loadDeviceSpecs(path, &problems);
    for (const app::ConfigProblem &p : problems)
        err(QStringLiteral("config: %1: %2").arg(p.key, p.message));
    for (const DeviceSpec &spec : all) {
        if (spec.enabled && wanted(spec))
            out->specs << spec;
    }

    app::registerDeviceFactories(&out->manager);
    out->manager.build(out->specs);

    // Settled: the device has reported something other than the status it was created with (or could not be
    // created at all, which is final).
    QSet<DeviceKind> settled;
    for (DeviceKind kind : out->manager.configuredKinds()) {
        if (!out->manager.device(kind))
            settled.insert(kind);
    }
    const QMetaObject::Connection watch =
        QObject::connect(&out->manager, &DeviceManager::deviceStatusChanged, &out->manager,
                         [&settled](DeviceKind kind, const DeviceStatus &) { settled.insert(kind); });
    const int total = int(out->manager.configuredKinds().size());
    waitUntil([&] { return int(settled.size()) >= total; }, kSettleMs);
    QObject::disconnect(watch); // `settled` goes out of scope here
    return 0;
}

QString padded(const QString &s, int width)
{
    return s.leftJustified(width, QLatin1Char(' '));
}

// ---- devices list

int devicesList(const Invocation &inv)
{
    if (!inv.args.isEmpty())
        return usageError(inv, QStringLiteral("'devices list' takes no arguments (got '%1')").arg(inv.args.join(' ')));
    BuiltDevices built;
    if (const int rc = buildDevices(
            inv, [](const DeviceSpec &) { return true; }, &built))
        return rc;

    QList<QByteArray> items;
    for (const DeviceSpec &spec : std::as_const(built.specs)) {
        const DeviceStatus status = built.manager.status(spec.kind);
        const Device *device = built.manager.device(spec.kind);
        const QString model = device ? device->model() : QString();
        if (inv.json) {
            OrderedJson o;
            o.add(QStringLiteral("kind"), drivers::toString(spec.kind))
                .add(QStringLiteral("status"), drivers::toString(status.state))
                .add(QStringLiteral("detail"), status.detail)
                .add(QStringLiteral("required"), spec.required)
                .add(QStringLiteral("port"), spec.port)
                .add(QStringLiteral("model"), model)
                .add(QStringLiteral("hint"), status.recoveryHint);
            items << o.toJson();
            continue;
        }
        QStringList facts;
        facts << (spec.required ? QStringLiteral("required") : QStringLiteral("optional"));
        if (spec.simulated)
            facts << QStringLiteral("simulated");
        if (!spec.port.isEmpty())
            facts << spec.port;
        if (!model.isEmpty())
            facts << model;
        out(QStringLiteral("%1 %2 %3  [%4]")
                .arg(padded(drivers::toString(spec.kind), 16), padded(drivers::toString(status.state), 14),
                     status.detail, facts.join(QStringLiteral(", "))));
        if (!status.usable() && !status.recoveryHint.isEmpty())
            out(QStringLiteral("%1 -> %2").arg(QString(31, QLatin1Char(' ')), status.recoveryHint));
    }
    if (inv.json)
        out(QString::fromUtf8(OrderedJson().addRaw(QStringLiteral("devices"), OrderedJson::array(items)).toJson()));
    else if (built.specs.isEmpty())
        out(QStringLiteral("no devices are enabled in the configuration"));
    return 0;
}

// ---- devices selftest [KIND]

int devicesSelftest(const Invocation &inv)
{
    if (inv.args.size() > 1)
        return usageError(inv, QStringLiteral("'devices selftest' takes at most one device kind"));
    bool one = false;
    DeviceKind only = DeviceKind::IdCardReader;
    if (!inv.args.isEmpty()) {
        one = true;
        if (!drivers::deviceKindFromString(inv.args.first(), &only)) {
            QStringList kinds;
            for (const DeviceSpec &s : app::defaultDeviceSpecs())
                kinds << drivers::toString(s.kind);
            return usageError(inv, QStringLiteral("unknown device kind '%1' (kinds: %2)")
                                       .arg(inv.args.first(), kinds.join(QStringLiteral(", "))));
        }
    }

    QHash<DeviceKind, SelfTestResult> results; // declared first: outlives the devices that write into it
    // Only the device under test is opened: a technician testing the printer should not disturb the reader.
    BuiltDevices built;
    if (const int rc = buildDevices(
            inv, [&](const DeviceSpec &s) { return !one || s.kind == only; }, &built))
        return rc;
    if (one && built.specs.isEmpty())
        return usageError(inv, QStringLiteral("%1 is not enabled in the configuration").arg(drivers::toString(only)));

    for (const DeviceSpec &spec : std::as_const(built.specs)) {
        Device *device = built.manager.device(spec.kind);
        if (!device) {
            SelfTestResult r;
            r.summary = built.manager.status(spec.kind).detail;
            results.insert(spec.kind, r);
            continue;
        }
        const DeviceKind kind = spec.kind;
        QObject::connect(device, &Device::selfTestFinished, &built.manager, [&results, kind](const SelfTestResult &r) {
            if (!results.contains(kind)) // the first answer counts
                results.insert(kind, r);
        });
        device->selfTest();
    }
    waitUntil([&] { return results.size() >= built.specs.size(); }, kSelfTestMs);

    int passed = 0;
    QList<QByteArray> items;
    for (const DeviceSpec &spec : std::as_const(built.specs)) {
        SelfTestResult r = results.value(spec.kind);
        if (!results.contains(spec.kind))
            r.summary = QStringLiteral("no self-test answer within %1 s").arg(kSelfTestMs / 1000);
        passed += r.passed ? 1 : 0;
        const DeviceStatus status = built.manager.status(spec.kind);
        if (inv.json) {
            OrderedJson o;
            o.add(QStringLiteral("kind"), drivers::toString(spec.kind))
                .add(QStringLiteral("passed"), r.passed)
                .add(QStringLiteral("summary"), r.summary)
                .add(QStringLiteral("status"), drivers::toString(status.state))
                .add(QStringLiteral("detail"), status.detail)
                .add(QStringLiteral("details"), QJsonObject::fromVariantMap(r.details));
            items << o.toJson();
        } else {
            out(QStringLiteral("%1 %2 %3")
                    .arg(padded(drivers::toString(spec.kind), 16),
                         padded(r.passed ? QStringLiteral("passed") : QStringLiteral("failed"), 7), r.summary));
        }
    }
    const int failed = int(built.specs.size()) - passed;
    if (inv.json) {
        out(QString::fromUtf8(OrderedJson()
                                  .add(QStringLiteral("passed"), failed == 0)
                                  .addRaw(QStringLiteral("devices"), OrderedJson::array(items))
                                  .toJson()));
    } else {
        out(QStringLiteral("%1 passed, %2 failed").arg(passed).arg(failed));
    }
    return failed == 0 ? 0 : 1;
}

const bool registeredList = registerCommand(
    {{QStringLiteral("devices"), QStringLiteral("list")},
     QStringLiteral("devices list [--config FILE]"),
     QStringLiteral("configured devices with status and detail (stop the kiosk first: it holds the serial ports)"),
     devicesList});

const bool registeredSelftest =
    registerCommand({{QStringLiteral("devices"), QStringLiteral("selftest")},
                     QStringLiteral("devices selftest [KIND] [--config FILE]"),
                     QStringLiteral("run the self-test of every configured device, or of KIND; exit 1 if one fails"),
                     devicesSelftest});

} // namespace

} // namespace kiosk::ctl
