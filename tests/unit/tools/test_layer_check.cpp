// The build's layer check (cmake/check_layers.cmake) passes the real tree and catches each wrong-way include.
#include <QTemporaryDir>
#include <QTest>

#include "unit/tools/cmake_check_support.h"

class LayerCheckTest : public QObject
{
    Q_OBJECT

    static int check(const QString &root, QByteArray *output = nullptr)
    {
        return tools_test::runCheck(QStringLiteral("check_layers.cmake"), root, output);
    }
    static void write(const QString &path, const QByteArray &text) { tools_test::writeFile(path, text); }

private slots:
    void realTree_passes() { QCOMPARE(check(qEnvironmentVariable("KIOSK_SOURCE_DIR")), 0); }

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
    }
    void wrongWayIncludes_fail()
    {
        QFETCH(QString, file);
        QFETCH(QByteArray, include);
        QTemporaryDir dir;
        write(dir.filePath("app/main.cpp"), "#include \"ui/main_window.h\"\n#include \"drivers/device.h\"\n");
        write(dir.filePath("ui/ok.cpp"), "#include \"app/session/kiosk_session.h\"\n");
        QCOMPARE(check(dir.path()), 0); // the composition root and ui->app are allowed
        write(dir.filePath(file), include);
        QByteArray out;
        QVERIFY(check(dir.path(), &out) != 0);
        QVERIFY2(out.contains(file.toUtf8()), out.constData());
    }
};

QTEST_GUILESS_MAIN(LayerCheckTest)
#include "test_layer_check.moc"
