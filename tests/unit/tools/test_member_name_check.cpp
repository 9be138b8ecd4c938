// The build's member naming check (cmake/check_member_names.cmake) passes the real tree, fails on an `m_` member in
// any production folder, and leaves comments, string literals and the tests alone.
#include <QTemporaryDir>
#include <QTest>

#include "unit/tools/cmake_check_support.h"

class MemberNameCheckTest : public QObject
{
    Q_OBJECT

    static int check(const QString &root, QByteArray *output = nullptr)
    {
        return tools_test::runCheck(QStringLiteral("check_member_names.cmake"), root, output);
    }
    static void write(const QString &path, const QByteArray &text) { tools_test::writeFile(path, text); }

private slots:
    void realTree_passes()
    {
        QByteArray out;
        QCOMPARE(check(qEnvironmentVariable("KIOSK_SOURCE_DIR"), &out), 0);
    }

    void mMember_fails_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QByteArray>("code");
        QTest::newRow("drivers header") << "drivers/idcard/x.h" << QByteArray("class X {\n    int m_count = 0;\n};\n");
        QTest::newRow("app source") << "app/kioskctl/x.cpp" << QByteArray("void X::f() { m_members.clear(); }\n");
        QTest::newRow("ui") << "ui/screens/x.cpp" << QByteArray("    return this->m_x;\n");
        QTest::newRow("queue") << "offline_queue/x.h" << QByteArray("    QString m_path; // the file\n");
        QTest::newRow("common") << "common/x.h" << QByteArray("    QThread *m_thread = nullptr;\n");
    }
    void mMember_fails()
    {
        QFETCH(QString, file);
        QFETCH(QByteArray, code);
        QTemporaryDir dir;
        write(dir.filePath("drivers/ok.h"),
              "class Ok {\n    int count_ = 0; // was m_count\n    const char *s = \"m_text\";\n    int dm_x = 0;\n"
              "    /* m_block\n     * m_star\n     */\n};\n");
        write(dir.filePath("tests/unit/x.cpp"), "int m_inTests = 0;\n");
        QByteArray out;
        QVERIFY2(check(dir.path(), &out) == 0, out.constData()); // comments, strings, dm_ and tests/ are not members
        write(dir.filePath(file), code);
        QVERIFY(check(dir.path(), &out) != 0);
        QVERIFY2(out.contains(file.toUtf8()), out.constData());
    }
};

QTEST_GUILESS_MAIN(MemberNameCheckTest)
#include "test_member_name_check.moc"
