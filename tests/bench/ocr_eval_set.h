// The OCR evaluation set (issue 16): field crops (names with rare surnames, Guangdong addresses with district and
// town names, ID numbers with valid check digits, dates) rendered in CJK fonts from Debian and degraded as a document
// camera degrades them (blur, JPEG, perspective, uneven light, a red stamp across the text, sensor noise).
// Deterministic: std::mt19937 (fully specified by the standard) with one seed per split, integer draws only.
// Two splits in different fonts, kept apart: `Tuning` (Noto Sans CJK SC, Noto Serif CJK SC, WenQuanYi Zen Hei) is the
// only one thresholds may be chosen on; `HeldOut` (AR PL UKai CN, AR PL UMing CN, WenQuanYi Micro Hei) is only ever
// measured. bench_ocr reads both; `bench_ocr --write-set DIR` writes them as PNGs with a labels.tsv to look at or to
// feed another engine.
#pragma once

#include <QColor>
#include <QFont>
#include <QFontMetrics>
#include <QImage>
#include <QPainter>
#include <QString>
#include <QStringList>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <random>
#include <tuple>
#include <vector>

#include "app/identity/gb11643.h"

namespace kiosk::test::ocreval {

enum class Split { Tuning, HeldOut };

struct Sample {
    QString field; // name | address | id_number | date
    QString truth; // dates as YYYY-MM-DD; the others as printed
    QString printed;
    QString font;
    QString degradation;
    QImage image; // RGB888, one line with a margin, about 200 dpi
};

inline QStringList fontsOf(Split split)
{
    if (split == Split::Tuning)
        return {QStringLiteral("Noto Sans CJK SC"), QStringLiteral("Noto Serif CJK SC"),
                QStringLiteral("WenQuanYi Zen Hei")};
    return {QStringLiteral("AR PL UKai CN"), QStringLiteral("AR PL UMing CN"), QStringLiteral("WenQuanYi Micro Hei")};
}

class Generator
{
public:
    explicit Generator(Split split) : rng_(split == Split::Tuning ? 20261207u : 16160016u) {}

    int below(int n) { return int(rng_() % unsigned(n)); }
    template <typename T> const T &pick(const std::vector<T> &v) { return v[size_t(below(int(v.size())))]; }
    QString pickOf(const QString &chars) { return chars.mid(below(int(chars.size())), 1); }

    QString name()
    {
        // Rare and Cantonese surnames are over-represented on purpose.
        static const std::vector<QString> surnames = {"冼", "佘", "区",   "邝",   "岑", "麦", "植", "湛", "卢", "钟",
                                                      "谭", "黎", "欧阳", "司徒", "陈", "李", "黄", "梁", "何", "罗",
                                                      "曾", "温", "缪",   "甘",   "敖", "蔺", "覃", "庞", "龚", "詹"};
        static const QString given = QStringLiteral("志强丽华嘉欣伟明秀英家豪美玲国栋婉婷俊杰晓燕永健淑芬锦荣子轩雅"
                                                    "静浩然思琪文辉惠珍少芳建新瑞祥紫薇梓涵宇航凤娟炳坤");
        QString n = pick(surnames) + pickOf(given);
        if (below(3) != 0)
            n += pickOf(given);
        return n;
    }

    QString address()
    {
        struct City {
            QString city;
            std::vector<QString> counties;
        };
        static const std::vector<City> cities = {
            {"广州市", {"荔湾区", "越秀区", "海珠区", "天河区", "白云区", "黄埔区", "番禺区", "花都区", "增城区"}},
            {"韶关市", {"浈江区", "武江区", "曲江区", "乐昌市", "南雄市", "翁源县", "乳源瑶族自治县"}},
            {"深圳市", {"罗湖区", "福田区", "南山区", "宝安区", "龙岗区", "坪山区", "光明区"}},
            {"佛山市", {"禅城区", "南海区", "顺德区", "三水区", "高明区"}},
            {"惠州市", {"惠城区", "惠阳区", "博罗县", "惠东县", "龙门县"}},
            {"江门市", {"蓬江区", "新会区", "台山市", "开平市", "鹤山市", "恩平市"}},
            {"湛江市", {"赤坎区", "霞山区", "麻章区", "遂溪县", "徐闻县", "廉江市", "雷州市"}},
            {"肇庆市", {"端州区", "鼎湖区", "高要区", "怀集县", "封开县", "德庆县"}},
            {"梅州市", {"梅江区", "梅县区", "大埔县", "蕉岭县", "兴宁市"}},
            {"潮州市", {"湘桥区", "潮安区", "饶平县"}},
            {"揭阳市", {"榕城区", "揭东区", "揭西县", "普宁市"}},
            {"清远市", {"清城区", "清新区", "英德市", "连州市", "连南瑶族自治县"}},
            {"汕头市", {"龙湖区", "金平区", "濠江区", "潮阳区", "澄海区"}},
            {"云浮市", {"云城区", "云安区", "郁南县", "罗定市"}},
        };
        static const std::vector<QString> towns = {"东河街道", "容桂街道", "江北街道", "西河镇", "石角镇", "犁市镇",
                                                   "沙湾镇",   "大良街道", "龙江镇",   "乐从镇", "水口镇", "汤塘镇",
                                                   "濠头村",   "冲蒌镇",   "浈阳街道", "黄圃镇", "陈村镇", "沥滘村"};
        static const std::vector<QString> roads = {"解放路",   "中山路",   "人民北路", "建设大道", "滨江东路",
                                                   "环城西路", "桂城大道", "新华南路", "朝阳街",   "榕树巷"};
        const City &c = pick(cities);
        QString a = QStringLiteral("广东省") + c.city + pick(c.counties) + pick(towns);
        if (below(2) == 0)
            a += pick(roads) + QString::number(1 + below(280)) + QStringLiteral("号");
        return a;
    }

    QString idNumber()
    {
        static const std::vector<QString> regions = {"440103", "440106", "440204", "440305", "440606", "440605",
                                                     "441302", "440781", "445102", "441481", "440823", "445281"};
        const QString first17 = pick(regions) + QString::number(1940 + below(80)) +
                                QStringLiteral("%1").arg(1 + below(12), 2, 10, QLatin1Char('0')) +
                                QStringLiteral("%1").arg(1 + below(28), 2, 10, QLatin1Char('0')) +
                                QStringLiteral("%1").arg(below(1000), 3, 10, QLatin1Char('0'));
        return first17 + kiosk::app::gb11643CheckCharacter(first17);
    }

    // The printed date and its truth (YYYY-MM-DD).
    std::pair<QString, QString> date()
    {
        const int y = 1940 + below(90), m = 1 + below(12), d = 1 + below(28);
        const QString truth =
            QStringLiteral("%1-%2-%3").arg(y).arg(m, 2, 10, QLatin1Char('0')).arg(d, 2, 10, QLatin1Char('0'));
        switch (below(3)) {
        case 0:
            return {
                QStringLiteral("%1年%2月%3日").arg(y).arg(m, 2, 10, QLatin1Char('0')).arg(d, 2, 10, QLatin1Char('0')),
                truth};
        case 1: return {QStringLiteral("%1年%2月%3日").arg(y).arg(m).arg(d), truth};
        default:
            return {QStringLiteral("%1.%2.%3").arg(y).arg(m, 2, 10, QLatin1Char('0')).arg(d, 2, 10, QLatin1Char('0')),
                    truth};
        }
    }

    QImage render(const QString &text, const QString &family)
    {
        QFont f(family);
        f.setPixelSize(26 + below(9));
        f.setHintingPreference(QFont::PreferFullHinting);
        const QFontMetrics fm(f);
        const int pad = 8 + below(8);
        QImage img(fm.horizontalAdvance(text) + 2 * pad, fm.height() + pad + 6, QImage::Format_RGB888);
        const int paper = 235 + below(21);
        img.fill(QColor(paper, paper, paper - below(12)));
        QPainter p(&img);
        p.setRenderHint(QPainter::TextAntialiasing);
        p.setFont(f);
        const int ink = below(50);
        p.setPen(QColor(ink, ink, ink + below(30)));
        p.drawText(img.rect().adjusted(pad, 0, -pad, 0), Qt::AlignVCenter | Qt::AlignLeft, text);
        p.end();
        img.setDotsPerMeterX(7874);
        img.setDotsPerMeterY(7874);
        return img;
    }

    // One document-camera degradation (its name in *what), then sensor noise on every sample.
    QImage degrade(const QImage &in, QString *what)
    {
        QImage img = in.convertToFormat(QImage::Format_RGB888);
        cv::Mat m(img.height(), img.width(), CV_8UC3, img.bits(), size_t(img.bytesPerLine()));
        switch (below(6)) {
        case 0: *what = QStringLiteral("clean"); break;
        case 1: {
            *what = QStringLiteral("blur");
            const double sigma = 0.7 + below(8) / 10.0;
            cv::GaussianBlur(m, m, cv::Size(0, 0), sigma);
            break;
        }
        case 2: {
            *what = QStringLiteral("jpeg");
            std::vector<uchar> buf;
            cv::imencode(".jpg", m, buf, {cv::IMWRITE_JPEG_QUALITY, 20 + below(25)});
            cv::imdecode(buf, cv::IMREAD_COLOR).copyTo(m);
            break;
        }
        case 3: {
            *what = QStringLiteral("perspective");
            const float w = float(m.cols), h = float(m.rows), j = 0.04f * h + 1;
            const std::vector<cv::Point2f> from = {{0, 0}, {w, 0}, {w, h}, {0, h}};
            std::vector<cv::Point2f> to;
            for (const cv::Point2f &p : from)
                to.push_back(
                    p + cv::Point2f(float(below(int(j * 10))) / 10 - j / 2, float(below(int(j * 10))) / 10 - j / 2));
            const double angle = (below(41) - 20) / 10.0; // up to 2 degrees of tilt
            cv::Mat warp = cv::getPerspectiveTransform(from, to);
            cv::Mat rot = cv::getRotationMatrix2D(cv::Point2f(w / 2, h / 2), angle, 1.0);
            cv::Mat rot3 = cv::Mat::eye(3, 3, CV_64F);
            rot.copyTo(rot3(cv::Rect(0, 0, 3, 2)));
            cv::Mat warped;
            cv::warpPerspective(m, warped, rot3 * warp, m.size(), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
            warped.copyTo(m);
            break;
        }
        case 4: {
            *what = QStringLiteral("uneven_light");
            const double low = 0.45 + below(20) / 100.0;
            const bool fromLeft = below(2) == 0;
            for (int x = 0; x < m.cols; ++x) {
                const double t = double(x) / std::max(1, m.cols - 1);
                const double g = fromLeft ? low + (1 - low) * t : 1 - (1 - low) * t;
                for (int y = 0; y < m.rows; ++y) {
                    cv::Vec3b &px = m.at<cv::Vec3b>(y, x);
                    for (int c = 0; c < 3; ++c)
                        px[c] = uchar(px[c] * g);
                }
            }
            break;
        }
        default: {
            *what = QStringLiteral("red_stamp");
            QPainter p(&img);
            p.setRenderHint(QPainter::Antialiasing);
            const QColor red(200 + below(40), 20 + below(40), 30 + below(40), 110 + below(60));
            p.setPen(QPen(red, 2 + below(3)));
            const int r = int(img.height() * (0.8 + below(40) / 100.0));
            const QPoint c(below(std::max(1, img.width())), img.height() / 2 + below(9) - 4);
            p.drawEllipse(c, r, r);
            QFont f(QStringLiteral("Noto Sans CJK SC"));
            f.setPixelSize(std::max(10, r / 3));
            p.setFont(f);
            p.setPen(red);
            p.drawText(QRect(c.x() - r, c.y() - r / 4, 2 * r, r / 2), Qt::AlignCenter, QStringLiteral("专用章"));
            p.end();
            m = cv::Mat(img.height(), img.width(), CV_8UC3, img.bits(), size_t(img.bytesPerLine()));
            break;
        }
        }
        for (int y = 0; y < m.rows; ++y)
            for (int x = 0; x < m.cols; ++x) {
                cv::Vec3b &px = m.at<cv::Vec3b>(y, x);
                const int n = below(13) - 6;
                for (int c = 0; c < 3; ++c)
                    px[c] = uchar(std::clamp(px[c] + n, 0, 255));
            }
        return img.copy();
    }

private:
    std::mt19937 rng_;
};

// `perFieldPerFont` samples of each field in each of the split's fonts, in a fixed order.
inline std::vector<Sample> makeSet(Split split, int perFieldPerFont)
{
    Generator g(split);
    std::vector<Sample> out;
    for (const QString &font : fontsOf(split)) {
        for (int i = 0; i < perFieldPerFont; ++i) {
            for (const char *field : {"name", "address", "id_number", "date"}) {
                Sample s;
                s.field = QString::fromLatin1(field);
                s.font = font;
                if (s.field == QLatin1String("name"))
                    s.truth = s.printed = g.name();
                else if (s.field == QLatin1String("address"))
                    s.truth = s.printed = g.address();
                else if (s.field == QLatin1String("id_number"))
                    s.truth = s.printed = g.idNumber();
                else
                    std::tie(s.printed, s.truth) = g.date();
                s.image = g.degrade(g.render(s.printed, font), &s.degradation);
                out.push_back(s);
            }
        }
    }
    return out;
}

} // namespace kiosk::test::ocreval
