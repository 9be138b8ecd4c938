// Test fixtures for app/materials, generated at test time: documents rendered with QPainter in Noto CJK, then
// photographed on a table (perspective, tilt, light, blur, noise, glare, JPEG) or scanned (skew) with OpenCV.
// Nothing is downloaded or committed; the same fixtures feed the unit tests and the benchmarks.
#pragma once

#include <QDate>
#include <QFont>
#include <QImage>
#include <QPainter>
#include <QPolygonF>
#include <QRandomGenerator>
#include <QString>
#include <QStringList>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "app/identity/gb11643.h"

namespace kiosk::test {

inline QFont cjkFont(int pixelSize, bool bold = false, bool serif = false)
{
    QFont f(serif ? QStringLiteral("Noto Serif CJK SC") : QStringLiteral("Noto Sans CJK SC"));
    f.setPixelSize(pixelSize);
    f.setBold(bold);
    f.setHintingPreference(QFont::PreferFullHinting);
    return f;
}

// A field crop: one line of dark type on white with a margin, at 200 dpi, in Noto Sans CJK SC or `family`.
inline QImage fieldCrop(const QString &text, int pixelSize = 30, const QString &family = {})
{
    QFont f = cjkFont(pixelSize);
    if (!family.isEmpty())
        f.setFamily(family);
    QImage img(QFontMetrics(f).horizontalAdvance(text) + 16, pixelSize * 3 / 2 + 8, QImage::Format_Grayscale8);
    img.fill(255);
    QPainter p(&img);
    p.setRenderHint(QPainter::TextAntialiasing);
    p.setFont(f);
    p.setPen(Qt::black);
    p.drawText(img.rect().adjusted(8, 0, -8, 0), Qt::AlignVCenter | Qt::AlignLeft, text);
    p.end();
    img.setDotsPerMeterX(7874);
    img.setDotsPerMeterY(7874);
    return img;
}

inline QString chineseDate(const QDate &d)
{
    return d.toString(QStringLiteral("yyyy年MM月dd日"));
}

// A valid GB 11643 number for a region and birth date.
inline QString makeIdNumber(const QString &region, const QDate &birth, int sequence)
{
    const QString first17 = region + birth.toString(QStringLiteral("yyyyMMdd")) +
                            QStringLiteral("%1").arg(sequence % 1000, 3, 10, QLatin1Char('0'));
    return first17 + kiosk::app::gb11643CheckCharacter(first17);
}

struct Person {
    QString name;
    QString sex; // 男 | 女
    QString ethnicity;
    QDate birthDate;
    QString idNumber;
    QString address;
    QString relationship; // 户主 | 妻 | 之子...
    QString birthplace;
};

inline Person makePerson(int seed)
{
    static const QStringList surnames = {QStringLiteral("张"), QStringLiteral("王"), QStringLiteral("李"),
                                         QStringLiteral("陈"), QStringLiteral("黄"), QStringLiteral("林"),
                                         QStringLiteral("刘"), QStringLiteral("吴"), QStringLiteral("周"),
                                         QStringLiteral("梁"), QStringLiteral("何"), QStringLiteral("罗")};
    static const QStringList given = {
        QStringLiteral("伟"), QStringLiteral("芳"), QStringLiteral("娜"), QStringLiteral("敏"), QStringLiteral("静"),
        QStringLiteral("丽"), QStringLiteral("强"), QStringLiteral("磊"), QStringLiteral("军"), QStringLiteral("洋"),
        QStringLiteral("勇"), QStringLiteral("艳"), QStringLiteral("杰"), QStringLiteral("娟"), QStringLiteral("涛"),
        QStringLiteral("明"), QStringLiteral("超"), QStringLiteral("秀"), QStringLiteral("华"), QStringLiteral("平"),
        QStringLiteral("建"), QStringLiteral("国"), QStringLiteral("文"), QStringLiteral("玲")};
    static const QStringList streets = {QStringLiteral("天河区体育西路"),       QStringLiteral("越秀区中山五路"),
                                        QStringLiteral("海珠区江南大道中"),     QStringLiteral("白云区机场路"),
                                        QStringLiteral("番禺区市桥街环城中路"), QStringLiteral("黄埔区开发大道")};
    static const QStringList relations = {QStringLiteral("户主"), QStringLiteral("妻"),   QStringLiteral("长子"),
                                          QStringLiteral("长女"), QStringLiteral("父亲"), QStringLiteral("母亲")};
    QRandomGenerator rng(quint32(seed) * 2654435761u + 7);
    Person p;
    p.name = surnames.at(rng.bounded(surnames.size())) + given.at(rng.bounded(given.size()));
    if (rng.bounded(2))
        p.name += given.at(rng.bounded(given.size()));
    p.sex = rng.bounded(2) ? QStringLiteral("男") : QStringLiteral("女");
    p.ethnicity = QStringLiteral("汉");
    p.birthDate = QDate(1950 + rng.bounded(55), 1 + rng.bounded(12), 1 + rng.bounded(28));
    static const QStringList regions = {QStringLiteral("440106"), QStringLiteral("440104"), QStringLiteral("440105"),
                                        QStringLiteral("440111"), QStringLiteral("440113"), QStringLiteral("440305")};
    p.idNumber = makeIdNumber(regions.at(rng.bounded(regions.size())), p.birthDate, rng.bounded(1000));
    p.address = QStringLiteral("广东省广州市") + streets.at(rng.bounded(streets.size())) +
                QString::number(1 + rng.bounded(300)) + QStringLiteral("号");
    p.relationship = relations.at(rng.bounded(relations.size()));
    p.birthplace = QStringLiteral("广东省广州市");
    return p;
}

inline QImage blankPage(double widthMm, double heightMm, int dpi)
{
    QImage page(int(std::lround(widthMm / 25.4 * dpi)), int(std::lround(heightMm / 25.4 * dpi)), QImage::Format_RGB888);
    page.fill(Qt::white);
    const int dpm = int(std::lround(dpi / 0.0254));
    page.setDotsPerMeterX(dpm);
    page.setDotsPerMeterY(dpm);
    return page;
}

// 常住人口登记卡: the person's page of a household register (居民户口簿), a bordered table, A5 portrait.
inline QImage renderHouseholdRegister(const Person &p, int dpi = 200)
{
    QImage page = blankPage(148, 210, dpi);
    const double k = dpi / 200.0;
    QPainter g(&page);
    g.scale(k, k);
    g.setRenderHint(QPainter::Antialiasing);
    g.setRenderHint(QPainter::TextAntialiasing);
    g.setPen(QPen(Qt::black, 2));
    g.setFont(cjkFont(46, true, true));
    g.drawText(QRect(0, 60, 1165, 70), Qt::AlignCenter, QStringLiteral("常住人口登记卡"));
    const int left = 60, right = 1105, top = 170, rowH = 84;
    const int c1 = left + 190, c2 = c1 + 330, c3 = c2 + 210;
    struct Row {
        QString l1, v1, l2, v2;
    };
    const QList<Row> rows = {
        {QStringLiteral("姓名"), p.name, QStringLiteral("户主或与户主关系"), p.relationship},
        {QStringLiteral("曾用名"), QString(), QStringLiteral("性别"), p.sex},
        {QStringLiteral("出生地"), p.birthplace, QStringLiteral("民族"), p.ethnicity},
        {QStringLiteral("籍贯"), QStringLiteral("广东广州"), QStringLiteral("出生日期"), chineseDate(p.birthDate)},
        {QStringLiteral("住址"), p.address, QString(), QString()},
        {QStringLiteral("公民身份号码"), p.idNumber, QString(), QString()},
        {QStringLiteral("身高"), QStringLiteral("170厘米"), QStringLiteral("血型"), QStringLiteral("O型")},
        {QStringLiteral("文化程度"), QStringLiteral("大学本科"), QStringLiteral("婚姻状况"), QStringLiteral("已婚")},
        {QStringLiteral("兵役状况"), QStringLiteral("未服兵役"), QStringLiteral("职业"), QStringLiteral("职员")},
        {QStringLiteral("服务处所"), QStringLiteral("广州市某某有限公司"), QString(), QString()},
    };
    g.setFont(cjkFont(30));
    for (int i = 0; i < rows.size(); ++i) {
        const Row &r = rows.at(i);
        const int y = top + i * rowH;
        g.drawLine(left, y, right, y);
        g.drawLine(c1, y, c1, y + rowH);
        const bool split = !r.l2.isEmpty();
        if (split) {
            g.drawLine(c2, y, c2, y + rowH);
            g.drawLine(c3, y, c3, y + rowH);
        }
        auto cell = [&](int x0, int x1, const QString &t) {
            g.drawText(QRect(x0 + 14, y, x1 - x0 - 28, rowH), Qt::AlignVCenter | Qt::AlignLeft, t);
        };
        g.setFont(cjkFont(r.l1.size() > 4 ? 24 : 30));
        cell(left, c1, r.l1);
        g.setFont(cjkFont(30));
        cell(c1, split ? c2 : right, r.v1);
        if (split) {
            g.setFont(cjkFont(r.l2.size() > 4 ? 22 : 30));
            cell(c2, c3, r.l2);
            g.setFont(cjkFont(30));
            cell(c3, right, r.v2);
        }
    }
    const int bottom = top + rows.size() * rowH;
    g.drawRect(left, top, right - left, bottom - top);
    g.setFont(cjkFont(28));
    g.drawText(QRect(left, bottom + 40, 1045, 50), Qt::AlignLeft | Qt::AlignVCenter,
               QStringLiteral("承办人签章：          登记日期：2019年05月06日"));
    return page;
}

struct Company {
    QString name;
    QString creditCode;
    QString representative;
    QDate established;
    QString address;
};

// GB 32100-2015: the 18th character of a unified social credit code (weights 3^i mod 31 over a 31-letter alphabet).
inline QChar creditCodeCheck(const QString &first17)
{
    static const QString alphabet = QStringLiteral("0123456789ABCDEFGHJKLMNPQRTUWXY");
    int sum = 0, w = 1;
    for (int i = 0; i < 17; ++i) {
        sum += alphabet.indexOf(first17.at(i)) * w;
        w = (w * 3) % 31;
    }
    return alphabet.at((31 - sum % 31) % 31);
}

inline Company makeCompany(int seed)
{
    static const QStringList words = {QStringLiteral("天河"), QStringLiteral("粤海"), QStringLiteral("南方"),
                                      QStringLiteral("珠江"), QStringLiteral("华南"), QStringLiteral("岭南")};
    static const QStringList trades = {QStringLiteral("科技"), QStringLiteral("贸易"), QStringLiteral("餐饮管理"),
                                       QStringLiteral("信息咨询"), QStringLiteral("物流")};
    QRandomGenerator rng(quint32(seed) * 40503u + 11);
    Company c;
    c.name = QStringLiteral("广州市") + words.at(rng.bounded(words.size())) + trades.at(rng.bounded(trades.size())) +
             QStringLiteral("有限公司");
    static const QString alphabet = QStringLiteral("0123456789ABCDEFGHJKLMNPQRTUWXY");
    QString first17 = QStringLiteral("91440101");
    while (first17.size() < 17)
        first17 += alphabet.at(rng.bounded(alphabet.size()));
    c.creditCode = first17 + creditCodeCheck(first17);
    c.representative = makePerson(seed + 1000).name;
    c.established = QDate(2010 + rng.bounded(12), 1 + rng.bounded(12), 1 + rng.bounded(28));
    c.address = makePerson(seed + 2000).address;
    return c;
}

// 营业执照 (副本): labelled lines without a table, A4 portrait (rendered at A5 scale of type to keep OCR quick).
inline QImage renderBusinessLicence(const Company &c, int dpi = 200)
{
    QImage page = blankPage(148, 210, dpi);
    const double k = dpi / 200.0;
    QPainter g(&page);
    g.scale(k, k);
    g.setRenderHint(QPainter::TextAntialiasing);
    g.setPen(Qt::black);
    g.setFont(cjkFont(30));
    g.drawText(QRect(70, 60, 1000, 44), Qt::AlignLeft | Qt::AlignVCenter,
               QStringLiteral("统一社会信用代码  ") + c.creditCode);
    g.setFont(cjkFont(72, true, true));
    g.drawText(QRect(0, 150, 1165, 110), Qt::AlignCenter, QStringLiteral("营业执照"));
    g.setFont(cjkFont(30));
    g.drawText(QRect(0, 260, 1165, 50), Qt::AlignCenter, QStringLiteral("（副本）"));
    const QList<QPair<QString, QString>> lines = {
        {QStringLiteral("名        称"), c.name},
        {QStringLiteral("类        型"), QStringLiteral("有限责任公司（自然人投资或控股）")},
        {QStringLiteral("法定代表人"), c.representative},
        {QStringLiteral("注册资本"), QStringLiteral("人民币壹佰万元")},
        {QStringLiteral("成立日期"), chineseDate(c.established)},
        {QStringLiteral("营业期限"), chineseDate(c.established) + QStringLiteral("至长期")},
        {QStringLiteral("住        所"), c.address},
    };
    int y = 380;
    for (const auto &l : lines) {
        g.drawText(QRect(90, y, 200, 50), Qt::AlignLeft | Qt::AlignVCenter, l.first);
        g.drawText(QRect(320, y, 780, 50), Qt::AlignLeft | Qt::AlignVCenter, l.second);
        y += 90;
    }
    g.drawText(QRect(600, y + 120, 500, 50), Qt::AlignLeft | Qt::AlignVCenter, QStringLiteral("登记机关"));
    g.drawText(QRect(600, y + 180, 500, 50), Qt::AlignLeft | Qt::AlignVCenter, chineseDate(c.established));
    return page;
}

struct Marriage {
    Person holder, spouse;
    QDate registered;
    QString certNumber;
};

inline Marriage makeMarriage(int seed)
{
    Marriage m;
    m.holder = makePerson(seed);
    m.spouse = makePerson(seed + 500);
    QRandomGenerator rng(quint32(seed) * 69069u + 3);
    m.registered = QDate(2000 + rng.bounded(23), 1 + rng.bounded(12), 1 + rng.bounded(28));
    m.certNumber =
        QStringLiteral("J440106-%1-%2").arg(m.registered.year()).arg(rng.bounded(1000000), 6, 10, QLatin1Char('0'));
    return m;
}

// 结婚证 inner page: labelled text, no table.
inline QImage renderMarriageCertificate(const Marriage &m, int dpi = 200)
{
    QImage page = blankPage(148, 210, dpi);
    const double k = dpi / 200.0;
    QPainter g(&page);
    g.scale(k, k);
    g.setRenderHint(QPainter::TextAntialiasing);
    g.setPen(Qt::black);
    g.setFont(cjkFont(30));
    int y = 120;
    auto line = [&](const QString &label, const QString &value, int x = 90, int valueX = 330) {
        g.drawText(QRect(x, y, valueX - x, 50), Qt::AlignLeft | Qt::AlignVCenter, label);
        g.drawText(QRect(valueX, y, 1100 - valueX, 50), Qt::AlignLeft | Qt::AlignVCenter, value);
    };
    line(QStringLiteral("持证人"), m.holder.name);
    y += 80;
    line(QStringLiteral("登记日期"), chineseDate(m.registered));
    y += 80;
    line(QStringLiteral("结婚证字号"), m.certNumber);
    y += 80;
    line(QStringLiteral("备注"), QString());
    y += 130;
    for (const Person *p : {&m.holder, &m.spouse}) {
        line(QStringLiteral("姓名"), p->name);
        g.drawText(QRect(640, y, 120, 50), Qt::AlignLeft | Qt::AlignVCenter, QStringLiteral("性别"));
        g.drawText(QRect(770, y, 120, 50), Qt::AlignLeft | Qt::AlignVCenter, p->sex);
        y += 70;
        line(QStringLiteral("国籍"), QStringLiteral("中国"));
        g.drawText(QRect(640, y, 140, 50), Qt::AlignLeft | Qt::AlignVCenter, QStringLiteral("出生日期"));
        g.drawText(QRect(790, y, 300, 50), Qt::AlignLeft | Qt::AlignVCenter,
                   p->birthDate.toString(QStringLiteral("yyyy-MM-dd")));
        y += 70;
        line(QStringLiteral("身份证件号"), p->idNumber);
        y += 130;
    }
    return page;
}

struct Authorisation {
    Person principal, agent;
    QDate from, to, signedOn;
};

inline Authorisation makeAuthorisation(int seed, const QDate &today = QDate(2024, 6, 1))
{
    Authorisation a;
    a.principal = makePerson(seed);
    a.agent = makePerson(seed + 300);
    a.signedOn = today.addDays(-10);
    a.from = a.signedOn;
    a.to = a.signedOn.addMonths(6);
    return a;
}

// 授权委托书: running text with labelled parts, A5 portrait.
inline QImage renderAuthorisationLetter(const Authorisation &a, int dpi = 200)
{
    QImage page = blankPage(148, 210, dpi);
    const double k = dpi / 200.0;
    QPainter g(&page);
    g.scale(k, k);
    g.setRenderHint(QPainter::TextAntialiasing);
    g.setPen(Qt::black);
    g.setFont(cjkFont(52, true, true));
    g.drawText(QRect(0, 70, 1165, 90), Qt::AlignCenter, QStringLiteral("授权委托书"));
    g.setFont(cjkFont(30));
    int y = 230;
    auto text = [&](const QString &t, int x = 90) {
        g.drawText(QRect(x, y, 1165 - x - 60, 50), Qt::AlignLeft | Qt::AlignVCenter, t);
        y += 72;
    };
    text(QStringLiteral("委托人：") + a.principal.name);
    text(QStringLiteral("身份证号码：") + a.principal.idNumber);
    text(QStringLiteral("受托人：") + a.agent.name);
    text(QStringLiteral("身份证号码：") + a.agent.idNumber);
    y += 30;
    text(QStringLiteral("现委托受托人代为办理社会保障卡申领"), 150);
    text(QStringLiteral("相关手续，受托人在办理上述事项过程中"));
    text(QStringLiteral("所签署的有关文件，我均予以承认。"));
    text(QStringLiteral("委托期限：自") + chineseDate(a.from) + QStringLiteral("至") + chineseDate(a.to));
    y += 80;
    text(QStringLiteral("委托人（签名）："), 560);
    text(QStringLiteral("日期：") + chineseDate(a.signedOn), 560);
    return page;
}

// A dense A4 page of running Chinese text (the full-page OCR benchmark and its CER).
inline QString sampleParagraph(int seed)
{
    static const QStringList sentences = {
        QStringLiteral("申请人应当如实提交有关材料和反映真实情况，并对申请材料实质内容的真实性负责。"),
        QStringLiteral("行政机关受理申请后，应当在法定期限内作出是否准予许可的决定。"),
        QStringLiteral("材料齐全、符合法定形式的，应当场受理并出具受理凭证。"),
        QStringLiteral("申请材料不齐全或者不符合法定形式的，应当一次性告知申请人需要补正的全部内容。"),
        QStringLiteral("广东省政务服务事项实行线上线下无差别受理、同标准办理。"),
        QStringLiteral("办理结果可以选择窗口领取、邮寄送达或者自助打印。"),
    };
    QString out;
    for (int i = 0; i < 4; ++i)
        out += sentences.at((seed + i * 5) % sentences.size());
    return out;
}

inline QImage renderTextPage(int seed, int dpi, QStringList *linesOut)
{
    QImage page = blankPage(210, 297, dpi);
    const double k = dpi / 200.0;
    QPainter g(&page);
    g.scale(k, k);
    g.setRenderHint(QPainter::TextAntialiasing);
    g.setPen(Qt::black);
    g.setFont(cjkFont(46, true, true));
    g.drawText(QRect(0, 120, 1654, 80), Qt::AlignCenter, QStringLiteral("政务服务事项办事指南"));
    g.setFont(cjkFont(32));
    const int perLine = 40;
    int y = 280;
    for (int para = 0; para < 5; ++para) {
        const QString text = sampleParagraph(seed + para);
        for (int i = 0; i < text.size(); i += perLine) {
            const QString line = text.mid(i, perLine);
            g.drawText(QRect(150, y, 1400, 50), Qt::AlignLeft | Qt::AlignVCenter, line);
            if (linesOut)
                *linesOut << line;
            y += 58;
        }
        y += 40;
    }
    return page;
}

// ---- Capture simulation ------------------------------------------------------------------------------------------

inline cv::Mat toBgr(const QImage &image)
{
    const QImage rgb = image.convertToFormat(QImage::Format_RGB888);
    cv::Mat m(rgb.height(), rgb.width(), CV_8UC3);
    for (int y = 0; y < rgb.height(); ++y)
        std::memcpy(m.ptr(y), rgb.constScanLine(y), size_t(rgb.width()) * 3);
    cv::cvtColor(m, m, cv::COLOR_RGB2BGR);
    return m;
}

inline QImage fromBgr(const cv::Mat &bgr)
{
    cv::Mat rgb;
    cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
    QImage out(rgb.cols, rgb.rows, QImage::Format_RGB888);
    for (int y = 0; y < rgb.rows; ++y)
        std::memcpy(out.scanLine(y), rgb.ptr(y), size_t(rgb.cols) * 3);
    return out;
}

struct PhotoParams {
    cv::Size canvas{2400, 1800};      // a 4.3 MP document camera
    double pageHeightFraction = 0.75; // the page's height as a share of the canvas height
    double tiltDegrees = 6;           // in-plane rotation
    double pitchDegrees = 12;         // the camera looks down at the page at this angle from the vertical
    cv::Point2d offset{0, 0};         // page centre shift, as a share of the canvas size
    double blurSigma = 0.6;
    double noise = 3;
    double light = 1.0; // overall exposure multiplier
    bool glare = false;
    int jpegQuality = 88;
    quint32 seed = 1;
};

struct Photo {
    QImage image;
    QPolygonF corners; // the page's true corners in the photo, TL, TR, BR, BL
};

// The page lying on a wooden-brown table under the document camera: a pinhole camera pitched by pitchDegrees.
inline Photo photograph(const QImage &page, const PhotoParams &p)
{
    cv::RNG rng(p.seed);
    cv::Mat canvas(p.canvas, CV_8UC3);
    canvas.setTo(cv::Scalar(70, 95, 125));
    cv::Mat grain(p.canvas, CV_8UC3);
    rng.fill(grain, cv::RNG::NORMAL, cv::Scalar::all(0), cv::Scalar::all(12));
    cv::GaussianBlur(grain, grain, cv::Size(0, 0), 3, 1);
    canvas += grain;

    const cv::Mat src = toBgr(page);
    const double focal = 0.9 * p.canvas.width;
    const double pitch = p.pitchDegrees * CV_PI / 180;
    const double ph = 1.0, pw = double(src.cols) / src.rows; // page in arbitrary units, height 1
    // Distance that makes the page's projected height the requested share of the picture.
    const double distance = focal * ph * std::cos(pitch) / (p.pageHeightFraction * p.canvas.height);
    const std::vector<cv::Point2d> corners3 = {
        {-pw / 2, -ph / 2}, {pw / 2, -ph / 2}, {pw / 2, ph / 2}, {-pw / 2, ph / 2}};
    const double a = p.tiltDegrees * CV_PI / 180;
    const cv::Point2d c(p.canvas.width * (0.5 + p.offset.x), p.canvas.height * (0.5 + p.offset.y));
    cv::Point2f dst[4];
    QPolygonF corners;
    for (int i = 0; i < 4; ++i) {
        // Turn the page in its plane, then pitch it away from the camera about the horizontal axis.
        const double x = corners3[i].x * std::cos(a) - corners3[i].y * std::sin(a);
        const double y0 = corners3[i].x * std::sin(a) + corners3[i].y * std::cos(a);
        const double y = y0 * std::cos(pitch), z = distance + y0 * std::sin(pitch);
        dst[i] = cv::Point2f(float(c.x + focal * x / z), float(c.y + focal * y / z));
        corners << QPointF(dst[i].x, dst[i].y);
    }
    const double w = focal * pw / distance, h = focal * ph / distance;
    const cv::Point2f s[4] = {
        {0, 0}, {float(src.cols - 1), 0}, {float(src.cols - 1), float(src.rows - 1)}, {0, float(src.rows - 1)}};
    const cv::Mat m = cv::getPerspectiveTransform(s, dst);
    cv::Mat warped, mask;
    cv::warpPerspective(src, warped, m, p.canvas, cv::INTER_AREA, cv::BORDER_CONSTANT);
    cv::warpPerspective(cv::Mat(src.size(), CV_8UC1, cv::Scalar(255)), mask, m, p.canvas, cv::INTER_LINEAR);
    warped.copyTo(canvas, mask > 128);

    // Uneven light: brighter towards the top-left lamp, then the overall exposure.
    cv::Mat f(p.canvas, CV_32FC3);
    for (int y = 0; y < f.rows; ++y) {
        auto *row = f.ptr<cv::Vec3f>(y);
        for (int x = 0; x < f.cols; ++x) {
            const float v = float(p.light * (1.0 - 0.18 * (double(x) / f.cols + double(y) / f.rows) / 2.0) * 0.93);
            row[x] = cv::Vec3f(v, v, v);
        }
    }
    cv::Mat lit;
    canvas.convertTo(lit, CV_32FC3);
    lit = lit.mul(f);
    if (p.glare) {
        cv::Mat spot(p.canvas, CV_32FC3, cv::Scalar::all(0));
        cv::ellipse(spot, cv::Point(int(c.x + w * 0.1), int(c.y - h * 0.1)), cv::Size(int(w * 0.16), int(h * 0.08)), 20,
                    0, 360, cv::Scalar::all(400), -1);
        cv::GaussianBlur(spot, spot, cv::Size(0, 0), w * 0.03);
        lit += spot;
    }
    lit.convertTo(canvas, CV_8UC3);
    if (p.blurSigma > 0)
        cv::GaussianBlur(canvas, canvas, cv::Size(0, 0), p.blurSigma);
    if (p.noise > 0) {
        cv::Mat n(p.canvas, CV_16SC3);
        rng.fill(n, cv::RNG::NORMAL, cv::Scalar::all(0), cv::Scalar::all(p.noise));
        cv::Mat c16;
        canvas.convertTo(c16, CV_16SC3);
        c16 += n;
        c16.convertTo(canvas, CV_8UC3);
    }
    std::vector<uchar> jpeg;
    cv::imencode(".jpg", canvas, jpeg, {cv::IMWRITE_JPEG_QUALITY, p.jpegQuality});
    canvas = cv::imdecode(jpeg, cv::IMREAD_COLOR);
    return {fromBgr(canvas), corners};
}

// A flatbed scan: the page slightly crooked on a white lid, at the page's own resolution.
inline QImage scanned(const QImage &page, double skewDegrees, double noise = 2, quint32 seed = 1)
{
    cv::Mat src = toBgr(page);
    cv::Mat rot = cv::getRotationMatrix2D(cv::Point2f(src.cols / 2.0f, src.rows / 2.0f), skewDegrees, 1.0);
    cv::Mat out;
    cv::warpAffine(src, out, rot, src.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT, cv::Scalar::all(255));
    if (noise > 0) {
        cv::RNG rng(seed);
        cv::Mat n(out.size(), CV_16SC3), o16;
        rng.fill(n, cv::RNG::NORMAL, cv::Scalar::all(0), cv::Scalar::all(noise));
        out.convertTo(o16, CV_16SC3);
        o16 += n;
        o16.convertTo(out, CV_8UC3);
    }
    QImage q = fromBgr(out);
    q.setDotsPerMeterX(page.dotsPerMeterX());
    q.setDotsPerMeterY(page.dotsPerMeterY());
    return q;
}

// ---- Accuracy figures --------------------------------------------------------------------------------------------

inline int editDistance(const QString &a, const QString &b)
{
    std::vector<int> prev(size_t(b.size()) + 1), cur(size_t(b.size()) + 1);
    for (int j = 0; j <= b.size(); ++j)
        prev[size_t(j)] = j;
    for (int i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (int j = 1; j <= b.size(); ++j) {
            const int sub = prev[size_t(j - 1)] + (a.at(i - 1) == b.at(j - 1) ? 0 : 1);
            cur[size_t(j)] = std::min({sub, prev[size_t(j)] + 1, cur[size_t(j - 1)] + 1});
        }
        std::swap(prev, cur);
    }
    return prev[size_t(b.size())];
}

inline QString withoutSpaces(QString s)
{
    s.remove(QLatin1Char(' '));
    s.remove(QLatin1Char('\n'));
    s.remove(QChar(0x3000));
    return s;
}

// Character error rate of `recognised` against `truth`, ignoring whitespace.
inline double characterErrorRate(const QString &recognised, const QString &truth)
{
    const QString t = withoutSpaces(truth);
    if (t.isEmpty())
        return recognised.trimmed().isEmpty() ? 0.0 : 1.0;
    return double(editDistance(withoutSpaces(recognised), t)) / t.size();
}

} // namespace kiosk::test
