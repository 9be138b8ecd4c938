// Capabilities as data: the capability table is complete and consistent, the typed list refuses a value of the wrong
// type, and the maintenance menu's device description is built from a real driver's capabilities with a label for
// every capability any driver may report.
#include <QTest>

#include "app/devices/device_description.h"
#include "drivers/device_capabilities.h"
#include "drivers/receipt_printer/receipt_printer.h"

using namespace kiosk;
using drivers::Capability;
using drivers::CapabilityType;
using drivers::DeviceCapabilities;

class DeviceDescriptionTest : public QObject
{
    Q_OBJECT
private slots:
    void table_isInEnumOrder_withUniqueKeys()
    {
        const QList<drivers::CapabilityInfo> &all = drivers::allCapabilities();
        QVERIFY(!all.isEmpty());
        QSet<QString> keys;
        for (int i = 0; i < all.size(); ++i) {
            QCOMPARE(static_cast<int>(all.at(i).id), i); // capabilityInfo() indexes the table by the enum
            QVERIFY2(!keys.contains(QLatin1String(all.at(i).key)), all.at(i).key);
            keys.insert(QLatin1String(all.at(i).key));
            Capability back;
            QVERIFY(drivers::capabilityFromKey(QLatin1String(all.at(i).key), &back));
            QCOMPARE(back, all.at(i).id);
        }
        Capability none;
        QVERIFY(!drivers::capabilityFromKey(QStringLiteral("no_such_capability"), &none));
    }

    void everyCapability_hasALabelForTechnicians()
    {
        for (const drivers::CapabilityInfo &c : drivers::allCapabilities()) {
            const char *label = app::deviceFactLabel(QLatin1String(c.key));
            QVERIFY2(label && *label, c.key);
        }
    }

    void typedAccessors_readWhatWasSet_andReplaceInPlace()
    {
        DeviceCapabilities caps;
        caps.setInteger(Capability::PaperWidth, 58).setFlag(Capability::Feeder, true);
        caps.setList(Capability::ScanModes, {QStringLiteral("Gray"), QStringLiteral("Color")});
        caps.setInteger(Capability::PaperWidth, 80); // replaces, keeps the first position
        QCOMPARE(caps.entries().size(), 3);
        QCOMPARE(caps.entries().first().id, Capability::PaperWidth);
        QCOMPARE(caps.integer(Capability::PaperWidth), 80);
        QVERIFY(caps.flag(Capability::Feeder));
        QVERIFY(!caps.flag(Capability::Flatbed));
        QVERIFY(caps.flag(Capability::Flatbed, true)); // absent: the fallback
        QCOMPARE(caps.list(Capability::ScanModes).size(), 2);
        QVERIFY(caps.text(Capability::Queue).isEmpty());
        QCOMPARE(caps.toVariantMap().value(QStringLiteral("paper_width_mm")).toLongLong(), 80);

        DeviceCapabilities more;
        more.setFlag(Capability::Feeder, false).setText(Capability::Queue, QStringLiteral("A4"));
        caps.merge(more);
        QCOMPARE(caps.entries().size(), 4);
        QVERIFY(!caps.flag(Capability::Feeder, true));
        QCOMPARE(caps.text(Capability::Queue), QStringLiteral("A4"));
    }

#ifdef QT_NO_DEBUG
    // In a release build a wrong type is refused with a warning (a debug build asserts).
    void wrongType_isRefused()
    {
        DeviceCapabilities caps;
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("paper_width_mm.*wrong type")));
        caps.setText(Capability::PaperWidth, QStringLiteral("eighty"));
        QVERIFY(!caps.has(Capability::PaperWidth));
    }
#endif

    void description_isBuiltFromARealDriver()
    {
        drivers::escpos::ReceiptPrinterConfig config;
        config.port = QStringLiteral("/dev/ttyS9");
        config.statusIntervalMs = 2500;
        drivers::escpos::ReceiptPrinter printer([] { return std::unique_ptr<drivers::Transport>(); }, config);
        const app::DeviceDescription d = app::describeDevice(printer);
        QCOMPARE(d.kind, QStringLiteral("receipt_printer"));
        QCOMPARE(d.model, config.model);
        QCOMPARE(d.port, QStringLiteral("/dev/ttyS9"));
        QVERIFY(!d.state.isEmpty());
        QCOMPARE(d.facts.size(), printer.capabilities().entries().size());
        bool sawWidth = false, sawInterval = false;
        for (const app::DeviceFact &f : d.facts) {
            QVERIFY2(f.label, qPrintable(f.key));
            if (f.key == QLatin1String("paper_width_mm")) {
                sawWidth = true;
                QCOMPARE(f.type, app::DeviceFact::Type::Integer);
                QCOMPARE(f.value.toLongLong(), 80);
                QCOMPARE(f.unit, QStringLiteral("mm"));
            }
            if (f.key == QLatin1String("status_interval_ms")) {
                sawInterval = true;
                QCOMPARE(f.value.toLongLong(), 2500);
                QCOMPARE(f.unit, QStringLiteral("ms"));
            }
        }
        QVERIFY(sawWidth && sawInterval);
    }
};

QTEST_GUILESS_MAIN(DeviceDescriptionTest)
#include "test_device_description.moc"
