// The build's layer check (cmake/check_layers.py) passes the real tree and catches each wrong-way include, direct or
// through the headers a file includes, and each app sub-layer used the wrong way.
#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include "unit/tools/cmake_check_support.h"

class LayerCheckTest : public QObject
{
    Q_OBJECT

    static int check(const QString &root, QByteArray *output = nullptr)
    {
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(QStringLiteral("python3"), {qEnvironmentVariable("KIOSK_SOURCE_DIR") + "/cmake/check_layers.py", root});
        p.waitForFinished(30000);
        if (output)
            *output = p.readAll();
        return p.exitCode();
    }
    static void write(const QString &path, const QByteArray &text) { tools_test::writeFile(path, text); }

private slots:
    void realTree_passes()
    {
        QByteArray out;
        QCOMPARE(check(qEnvironmentVariable("KIOSK_SOURCE_DIR"), &out), 0);
        QVERIFY2(out.isEmpty(), out.constData());
    }

    void wrongWayIncludes_fail_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QByteArray>("include");
        QTest::newRow("ui->drivers") << "ui/screens/x.cpp" << QByteArray("#include \"drivers/device.h\"\n");
        QTest::newRow("ui->queue") << "ui/x.cpp" << QByteArray("#include \"offline_queue/outbox.h\"\n");
        QTest::newRow("drivers->queue") << "drivers/x.h" << QByteArray("#include \"offline_queue/store.h\"\n");
        QTest::newRow("queue->drivers") << "offline_queue/x.cpp" << QByteArray("  #  include \"drivers/device.h\"\n");
        QTest::newRow("app->ui") << "app/session/x.cpp" << QByteArray("#include \"ui/main_window.h\"\n");
        QTest::newRow("drivers->app") << "drivers/idcard/x.cpp" << QByteArray("#include \"app/identity/x.h\"\n");
        QTest::newRow("kioskctl->ui") << "app/kioskctl/x.cpp" << QByteArray("#include \"ui/theme/theme.h\"\n");
        QTest::newRow("common->drivers") << "common/x.h" << QByteArray("#include \"drivers/device.h\"\n");
        // Inside app/: identity sits below application (the visit's state), so it may not include it.
        QTest::newRow("identity->application")
            << "app/identity/x.cpp" << QByteArray("#include \"app/application/visit_state.h\"\n");
        QTest::newRow("new app folder") << "app/newpart/x.cpp" << QByteArray("#include \"app/session/clock.h\"\n");
        // A screen that reaches a lower layer through an app header it includes.
        QTest::newRow("ui->app->queue") << "ui/screens/y.cpp" << QByteArray("#include \"app/platform/leaky.h\"\n");
        QTest::newRow("library->simulator")
            << "drivers/idcard/y.cpp" << QByteArray("#include \"drivers/simulators/sam_responder.h\"\n");
    }
    void wrongWayIncludes_fail()
    {
        QFETCH(QString, file);
        QFETCH(QByteArray, include);
        QTemporaryDir dir;
        write(dir.filePath("app/main.cpp"), "#include \"ui/main_window.h\"\n#include \"drivers/device.h\"\n");
        write(dir.filePath("ui/ok.cpp"), "#include \"app/session/kiosk_session.h\"\n");
        write(dir.filePath("app/platform/leaky.h"), "#include \"app/platform/deeper.h\"\n");
        write(dir.filePath("app/platform/deeper.h"), "#include \"offline_queue/store.h\"\n");
        write(dir.filePath("offline_queue/store.h"), "");
        write(dir.filePath("drivers/simulators/sam_responder.h"), "#include \"drivers/device.h\"\n");
        QCOMPARE(check(dir.path()), 0); // the composition root and ui->app are allowed
        write(dir.filePath(file), include);
        QByteArray out;
        QVERIFY(check(dir.path(), &out) != 0);
        QVERIFY2(out.contains(file.toUtf8()), out.constData());
    }
};

QTEST_GUILESS_MAIN(LayerCheckTest)
#include "test_layer_check.moc"
