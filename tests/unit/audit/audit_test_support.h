// Shared by the audit tests: a log in a temporary folder with a settable wall clock, and raw SQLite access to the
// same file for tampering as an attacker with file access (but without the key) would.
#pragma once

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

#include <sqlite3.h>

#include "app/audit/audit_log.h"

namespace kiosk::test {

struct AuditFixture {
    QTemporaryDir dir;
    QDateTime wall = QDateTime(QDate(2025, 3, 1), QTime(9, 0), Qt::UTC);

    app::AuditOptions options(const QString &name = QStringLiteral("audit.sqlite"))
    {
        app::AuditOptions o;
        o.databasePath = dir.filePath(name);
        o.keyPath = dir.filePath(QStringLiteral("audit.key"));
        o.wallClock = [this] { return wall; };
        return o;
    }

    std::unique_ptr<app::AuditLog> open(const QString &name = QStringLiteral("audit.sqlite"))
    {
        app::AuditOpenResult r = app::AuditLog::open(options(name));
        if (!r.isOk())
            qWarning() << "audit open failed:" << r.error.message;
        return std::move(r.log);
    }
};

// Appends `n` typical events (no personal data), one second apart.
inline void appendSample(app::AuditLog &log, AuditFixture &f, int n)
{
    static const char *kinds[] = {app::audit_kind::kConsentDecision, app::audit_kind::kIdentityRead,
                                  app::audit_kind::kSubmissionSealed, app::audit_kind::kSubmissionSynced,
                                  app::audit_kind::kLoginSuccess};
    for (int i = 0; i < n; ++i) {
        f.wall = f.wall.addSecs(1);
        const auto r = log.append(
            QString::fromLatin1(kinds[i % 5]),
            {{QStringLiteral("n"), i}, {QStringLiteral("local_no"), QStringLiteral("GD-DEV-0001-20250301-%1").arg(i)}});
        QVERIFY2(r.isOk(), qPrintable(r.error.message));
    }
}

// Raw access to the audit file, as sqlite3(1) would give it.
class RawDb
{
public:
    explicit RawDb(const QString &path)
    {
        if (sqlite3_open(QFile::encodeName(path).constData(), &db_) != SQLITE_OK)
            qWarning() << "raw open failed" << sqlite3_errmsg(db_);
        sqlite3_busy_timeout(db_, 5000);
    }
    ~RawDb() { sqlite3_close(db_); }
    bool exec(const QByteArray &sql)
    {
        char *msg = nullptr;
        const int rc = sqlite3_exec(db_, sql.constData(), nullptr, nullptr, &msg);
        if (rc != SQLITE_OK) {
            qWarning() << "raw exec failed:" << sql << (msg ? msg : "");
            sqlite3_free(msg);
            return false;
        }
        return true;
    }
    qint64 integer(const QByteArray &sql)
    {
        sqlite3_stmt *s = nullptr;
        qint64 v = -1;
        if (sqlite3_prepare_v2(db_, sql.constData(), -1, &s, nullptr) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
            v = sqlite3_column_int64(s, 0);
        sqlite3_finalize(s);
        return v;
    }
    QString text(const QByteArray &sql)
    {
        sqlite3_stmt *s = nullptr;
        QString v;
        if (sqlite3_prepare_v2(db_, sql.constData(), -1, &s, nullptr) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
            v = QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(s, 0)));
        sqlite3_finalize(s);
        return v;
    }

private:
    sqlite3 *db_ = nullptr;
};

} // namespace kiosk::test

// QCOMPARE of enum classes by their names (QtTest prints them then, too).
#define KIOSK_OPS_QCOMPARE_BY_NAME(Type, nameOf)                                                                       \
    namespace QTest {                                                                                                  \
    inline bool qCompare(const Type &a, const Type &b, const char *actual, const char *expected, const char *file,     \
                         int line)                                                                                     \
    {                                                                                                                  \
        return qCompare(nameOf(a), nameOf(b), actual, expected, file, line);                                           \
    }                                                                                                                  \
    }

KIOSK_OPS_QCOMPARE_BY_NAME(kiosk::queue::StoreErrorCode, kiosk::queue::toString)

namespace QTest {
template <> inline char *toString(const kiosk::app::AuditHead &h)
{
    return qstrdup(qPrintable(QStringLiteral("{seq %1, %2}").arg(h.seq).arg(h.hash)));
}
} // namespace QTest
