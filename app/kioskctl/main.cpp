// `kioskctl`: the technician's command line. Exit codes: 0 ok, 1 a check failed, 2 bad input or usage.
#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>

#include <cstdio>
#include <sys/stat.h>
#include <unistd.h>

#include "app/kioskctl/command.h"

namespace kiosk::ctl {

namespace {
QList<Command> &registry()
{
    static QList<Command> r;
    return r;
}
} // namespace

bool registerCommand(Command command)
{
    registry().append(std::move(command));
    return true;
}

const QList<Command> &commands()
{
    return registry();
}

void printJson(const QJsonObject &obj)
{
    const QByteArray bytes = QJsonDocument(obj).toJson(QJsonDocument::Compact) + '\n';
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
}

QString configPathOf(const Invocation &inv)
{
    if (!inv.configPath.isEmpty())
        return inv.configPath;
    const QString system = QStringLiteral("/etc/kiosk/kiosk.conf");
    return QFile::exists(system) ? system : QString();
}

int failWith(const Invocation &inv, const QString &what, const QString &message, int code)
{
    if (inv.json)
        printJson({{QStringLiteral("error"), message}});
    else
        err(QStringLiteral("kioskctl %1: %2").arg(what, message));
    return code;
}

void giveToDataDirOwner(const QString &dataDir, const QStringList &files)
{
    if (::geteuid() != 0)
        return;
    struct stat dir {
    };
    if (::stat(QFile::encodeName(dataDir).constData(), &dir) != 0 || dir.st_uid == 0)
        return;
    for (const QString &f : files) {
        struct stat st {
        };
        const QByteArray native = QFile::encodeName(f);
        if (::stat(native.constData(), &st) == 0 && st.st_uid == 0 &&
            ::chown(native.constData(), dir.st_uid, dir.st_gid) != 0)
            err(QStringLiteral("could not hand %1 to the kiosk user").arg(f));
    }
}

void out(const QString &line)
{
    const QByteArray b = line.toUtf8() + '\n';
    std::fwrite(b.constData(), 1, size_t(b.size()), stdout);
}

void err(const QString &line)
{
    const QByteArray b = line.toUtf8() + '\n';
    std::fwrite(b.constData(), 1, size_t(b.size()), stderr);
}

static void usage()
{
    err(QStringLiteral("usage: kioskctl [--json] [--config FILE] COMMAND ...\n\ncommands:"));
    err(QStringLiteral("  %1\n      %2").arg(QStringLiteral("--version"), QStringLiteral("print the version")));
    for (const Command &c : commands())
        err(QStringLiteral("  %1\n      %2").arg(c.usage, c.summary));
}

} // namespace kiosk::ctl

int main(int argc, char *argv[])
{
    using namespace kiosk::ctl;
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("kioskctl"));
    QCoreApplication::setApplicationVersion(QStringLiteral(KIOSK_VERSION));

    Invocation inv;
    QStringList words;
    const QStringList all = app.arguments().mid(1);
    for (int i = 0; i < all.size(); ++i) {
        const QString &a = all[i];
        if (a == QLatin1String("--json")) {
            inv.json = true;
        } else if (a == QLatin1String("--config")) {
            if (i + 1 >= all.size()) {
                err(QStringLiteral("--config needs a file"));
                return 2;
            }
            inv.configPath = all[++i];
        } else if (a == QLatin1String("--version") || a == QLatin1String("-v")) {
            if (inv.json)
                printJson({{QStringLiteral("version"), QStringLiteral(KIOSK_VERSION)}});
            else
                out(QStringLiteral("kioskctl %1").arg(QStringLiteral(KIOSK_VERSION)));
            return 0;
        } else if (a == QLatin1String("--help") || a == QLatin1String("-h")) {
            usage();
            return 0;
        } else {
            words << a;
        }
    }

    // Longest match of command words wins ("queue sync" before "queue").
    const Command *best = nullptr;
    for (const Command &c : commands()) {
        if (words.size() >= c.words.size() && words.mid(0, c.words.size()) == c.words &&
            (!best || c.words.size() > best->words.size()))
            best = &c;
    }
    if (!best) {
        if (!words.isEmpty())
            err(QStringLiteral("kioskctl: unknown command '%1'").arg(words.join(QLatin1Char(' '))));
        usage();
        return 2;
    }
    inv.args = words.mid(best->words.size());
    return best->run(inv);
}
