// `kioskctl escpos render`: draws an ESC/POS byte stream as the receipt(s) the printer would produce.
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>

#include "app/kioskctl/command.h"
#include "drivers/receipt_printer/escpos_renderer.h"

namespace kiosk::ctl {

namespace {

using drivers::escpos::EscPosRenderer;
using drivers::escpos::RenderIssue;
using drivers::escpos::RenderResult;

// A receipt is a few kilobytes; this bounds what a mistaken path (a disk image, a video) can make us read.
constexpr qint64 kMaxInputBytes = 16 * 1024 * 1024;

// OUT.png for the first receipt, OUT-2.png, OUT-3.png ... for the next ones.
QString pagePath(const QString &out, int index)
{
    if (index == 0)
        return out;
    const QFileInfo info(out);
    const QString suffix = info.suffix().isEmpty() ? QString() : QLatin1Char('.') + info.suffix();
    const QString stem = out.left(out.size() - suffix.size());
    return QStringLiteral("%1-%2%3").arg(stem).arg(index + 1).arg(suffix);
}

int fail(const Invocation &inv, const QString &message)
{
    if (inv.json)
        printJson({{QStringLiteral("error"), message}});
    else
        err(QStringLiteral("escpos render: %1").arg(message));
    return 2;
}

int escposRender(const Invocation &inv)
{
    if (inv.args.size() != 2)
        return fail(inv, QStringLiteral("usage: kioskctl escpos render IN.bin OUT.png"));
    const QString inPath = inv.args.at(0);
    const QString outPath = inv.args.at(1);

    QFile in(inPath);
    if (!in.open(QIODevice::ReadOnly))
        return fail(inv, QStringLiteral("cannot read %1: %2").arg(inPath, in.errorString()));
    if (in.size() > kMaxInputBytes)
        return fail(
            inv, QStringLiteral("%1 is larger than %2 bytes; not an ESC/POS receipt").arg(inPath).arg(kMaxInputBytes));
    const QByteArray bytes = in.read(kMaxInputBytes + 1);
    if (bytes.size() > kMaxInputBytes)
        return fail(
            inv, QStringLiteral("%1 is larger than %2 bytes; not an ESC/POS receipt").arg(inPath).arg(kMaxInputBytes));

    EscPosRenderer renderer;
    const RenderResult result = renderer.render(bytes);

    QJsonArray files;
    for (int i = 0; i < result.pages.size(); ++i) {
        const QString path = pagePath(outPath, i);
        if (!result.pages.at(i).image.save(path, "PNG"))
            return fail(inv, QStringLiteral("cannot write %1").arg(path));
        files.append(path);
    }

    if (inv.json) {
        QJsonArray text, qr, warnings;
        for (const QString &line : result.text())
            text.append(line);
        for (const QByteArray &payload : result.qrPayloads())
            qr.append(QString::fromUtf8(payload));
        for (const RenderIssue &issue : result.issues) {
            warnings.append(QJsonObject{{QStringLiteral("kind"), drivers::escpos::toString(issue.kind)},
                                        {QStringLiteral("severity"), issue.severity == RenderIssue::Severity::Error
                                                                         ? QStringLiteral("error")
                                                                         : QStringLiteral("warning")},
                                        {QStringLiteral("offset"), qint64(issue.offset)},
                                        {QStringLiteral("message"), issue.message}});
        }
        printJson({{QStringLiteral("pages"), int(result.pages.size())},
                   {QStringLiteral("files"), files},
                   {QStringLiteral("text"), text},
                   {QStringLiteral("qr"), qr},
                   {QStringLiteral("warnings"), warnings}});
    } else {
        for (int i = 0; i < result.pages.size(); ++i)
            out(QStringLiteral("%1: %2x%3, %4 lines, %5 QR")
                    .arg(files.at(i).toString())
                    .arg(result.pages.at(i).image.width())
                    .arg(result.pages.at(i).image.height())
                    .arg(result.pages.at(i).text.size())
                    .arg(result.pages.at(i).qrPayloads.size()));
        for (const RenderIssue &issue : result.issues)
            err(QStringLiteral("%1 at byte %2: %3")
                    .arg(drivers::escpos::toString(issue.kind))
                    .arg(issue.offset)
                    .arg(issue.message));
    }
    if (result.pages.isEmpty()) {
        if (!inv.json)
            err(QStringLiteral("escpos render: nothing was printed"));
        return 1;
    }
    return 0;
}

const bool registered = registerCommand({{QStringLiteral("escpos"), QStringLiteral("render")},
                                         QStringLiteral("escpos render IN.bin OUT.png"),
                                         QStringLiteral("draw ESC/POS bytes as the printed receipt(s): OUT.png, "
                                                        "OUT-2.png... (--json: pages, text, qr, warnings)"),
                                         escposRender});

} // namespace

} // namespace kiosk::ctl
