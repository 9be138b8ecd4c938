// Shared by the tests that print through a real cupsd: running the CUPS tools, whether a cups-pdf queue can be made
// here, where cups-pdf writes its PDFs, and a PDF's page count (pdfinfo).
#pragma once

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QString>
#include <QStringList>

#include <pwd.h>
#include <unistd.h>

namespace kiosk::test {

struct Run {
    int exitCode = -1;
    QString out;
};

inline Run run(const QString &program, const QStringList &args, int timeoutMs = 20000)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, args);
    Run r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.out = QStringLiteral("timed out");
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromLocal8Bit(p.readAll());
    return r;
}

inline const QString kCupsPdfPpd = QStringLiteral("/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd");

// Why a cups-pdf queue cannot be made and used here (not root, a tool or the driver missing, no cupsd); empty when
// it can.
inline QString cupsUnavailableReason(const QStringList &alsoNeeded = {})
{
    if (geteuid() != 0)
        return QStringLiteral("needs root to create CUPS queues with lpadmin; run the integration tests as root in CI "
                              "(packaging/run-tests.sh -L integration)");
    for (const QString &tool :
         QStringList{QStringLiteral("lpadmin"), QStringLiteral("lpstat"), QStringLiteral("pdfinfo")} + alsoNeeded) {
        if (QStandardPaths::findExecutable(tool).isEmpty() &&
            QStandardPaths::findExecutable(tool, {QStringLiteral("/usr/sbin")}).isEmpty())
            return QStringLiteral("%1 is not installed (see packaging/install-deps.sh)").arg(tool);
    }
    if (!QFile::exists(kCupsPdfPpd) || !QFile::exists(QStringLiteral("/usr/lib/cups/backend/cups-pdf")))
        return QStringLiteral("printer-driver-cups-pdf is not installed (see packaging/install-deps.sh)");
    const Run scheduler = run(QStringLiteral("lpstat"), {QStringLiteral("-r")});
    if (scheduler.exitCode != 0 || !scheduler.out.contains(QLatin1String("scheduler is running")))
        return QStringLiteral(
            "cupsd is not running: start it as root with `/usr/sbin/cupsd -f &` or via packaging/test-services.sh");
    return {};
}

inline QString homeOfCurrentUser()
{
    const passwd *pw = getpwuid(geteuid());
    return pw ? QString::fromLocal8Bit(pw->pw_dir) : QDir::homePath();
}

// cups-pdf's output folder for jobs of the current user, from the "Out" line of its configuration.
inline QString cupsPdfOutputDir()
{
    QString out = QStringLiteral("${HOME}/PDF");
    QFile conf(QStringLiteral("/etc/cups/cups-pdf.conf"));
    if (conf.open(QIODevice::ReadOnly)) {
        static const QRegularExpression outLine(QStringLiteral("^\\s*Out\\s+(\\S.*)$"));
        for (const QByteArray &line : conf.readAll().split('\n')) {
            const auto m = outLine.match(QString::fromLocal8Bit(line));
            if (m.hasMatch())
                out = m.captured(1).trimmed();
        }
    }
    const passwd *pw = getpwuid(geteuid());
    out.replace(QStringLiteral("${HOME}"), homeOfCurrentUser());
    out.replace(QStringLiteral("${USER}"), pw ? QString::fromLocal8Bit(pw->pw_name) : QString());
    return out;
}

inline int pdfPages(const QString &path)
{
    const Run r = run(QStringLiteral("pdfinfo"), {path});
    static const QRegularExpression pages(QStringLiteral("^Pages:\\s+(\\d+)"), QRegularExpression::MultilineOption);
    const auto m = pages.match(r.out);
    return m.hasMatch() ? m.captured(1).toInt() : -1;
}

} // namespace kiosk::test
