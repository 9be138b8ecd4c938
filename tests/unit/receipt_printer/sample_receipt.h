// A realistic acceptance receipt (受理回执) built with the encoder, with the text lines it must print.
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include "drivers/receipt_printer/escpos_encoder.h"

namespace kiosk::test {

struct SampleReceipt {
    QByteArray bytes;
    QStringList expectedLines; // what the printer prints, line by line, in Unicode
    QByteArray qrPayload;
    bool encodedOk = false;
};

// `left` and `right` padded to one 48-column line, computed independently of the encoder (ASCII 1, other 2).
inline QString padTwoColumns(const QString &left, const QString &right, int columns = 48)
{
    const auto width = [](const QString &s) {
        int w = 0;
        for (const char32_t c : s.toUcs4())
            w += c < 0x80 ? 1 : 2;
        return w;
    };
    return left + QString(columns - width(left) - width(right), QLatin1Char(' ')) + right;
}

inline SampleReceipt acceptanceReceipt(const QString &caseNumber = QStringLiteral("GD-DEV-0001-20261122-000123"))
{
    using namespace kiosk::drivers::escpos;
    SampleReceipt r;
    // Progress query token: opaque, no URL, so a scan can only be resolved through the platform.
    r.qrPayload = QByteArrayLiteral("GDPQ1:") + caseNumber.toLatin1() + QByteArrayLiteral(":7K3M9P2XW4");
    const QString rule(48, QLatin1Char('-'));
    EscPosEncoder e;
    e.initialize().chineseMode(true);

    e.align(Align::Centre).bold(true).line(QStringLiteral("广州市天河区政务服务中心"));
    e.characterSize(2, 2).line(QStringLiteral("受理回执"));
    e.characterSize(1, 1).bold(false).align(Align::Left).lineFeed().horizontalRule();
    r.expectedLines << QStringLiteral("广州市天河区政务服务中心") << QStringLiteral("受理回执") << QString() << rule;

    const QList<QPair<QString, QString>> rows = {
        {QStringLiteral("事项名称"), QStringLiteral("城乡居民基本养老保险参保登记")},
        {QStringLiteral("受理编号"), caseNumber},
        {QStringLiteral("申请人"), QStringLiteral("张*")},
        {QStringLiteral("受理时间"), QStringLiteral("2026-11-22 10:35:08")},
        {QStringLiteral("承诺办结"), QStringLiteral("2026-12-06（10个工作日）")},
        {QStringLiteral("办理渠道"), QStringLiteral("自助终端 GD-DEV-0001")},
    };
    for (const auto &row : rows) {
        e.twoColumns(row.first, row.second);
        r.expectedLines << padTwoColumns(row.first, row.second);
    }
    e.horizontalRule();
    r.expectedLines << rule;

    e.align(Align::Centre).feedLines(1).qrCode(r.qrPayload, 6, QrErrorCorrection::M).feedLines(1);
    e.line(QStringLiteral("扫码或凭受理编号查询办理进度"));
    e.align(Align::Left).horizontalRule();
    r.expectedLines << QStringLiteral("扫码或凭受理编号查询办理进度") << rule;

    const QStringList notes = {
        QStringLiteral("温馨提示："),
        QStringLiteral("1. 请妥善保管本回执，领取结果时须出示。"),
        QStringLiteral("2. 结果将按您选择的方式送达。"),
    };
    for (const QString &n : notes)
        e.line(n);
    r.expectedLines << notes;
    e.align(Align::Centre).bold(true).line(QStringLiteral("政务服务便民热线 12345")).bold(false);
    r.expectedLines << QStringLiteral("政务服务便民热线 12345");
    e.feedLines(4).cut(CutMode::Full);

    r.bytes = e.bytes();
    r.encodedOk = e.ok();
    return r;
}

} // namespace kiosk::test
