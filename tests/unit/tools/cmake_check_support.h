// Shared by the tests of the build's source checks (cmake/check_*.cmake): run one on a tree, write files into one.
#pragma once

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>

namespace tools_test {

// Runs `cmake -DROOT=root -P cmake/<script>` of the source tree; returns its exit code, its output in `output`.
inline int runCheck(const QString &script, const QString &root, QByteArray *output = nullptr)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral("cmake"),
            {"-DROOT=" + root, "-P", qEnvironmentVariable("KIOSK_SOURCE_DIR") + QStringLiteral("/cmake/") + script});
    p.waitForFinished(30000);
    if (output)
        *output = p.readAll();
    return p.exitCode();
}

inline void writeFile(const QString &path, const QByteArray &text)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile f(path);
    f.open(QIODevice::WriteOnly);
    f.write(text);
}

} // namespace tools_test
