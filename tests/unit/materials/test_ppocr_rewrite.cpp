// The PP-OCR models as packaging/models/fetch-ocr.sh leaves them (rewritten by packaging/models/rewrite-ppocr.py):
// every file is the one its REWRITTEN.sha256 records, OpenCV 4.6's cv::dnn loads each one, the recogniser of every
// width bucket reads rendered lines (CTC over blank + the 6,623-character dictionary + space), the angle classifier
// tells an upright line from one turned 180 degrees, and the detector finds the lines of a rendered page on its fixed
// canvas. The models are looked for in $KIOSK_MODEL_DIR/ppocr, else <source>/.cache/models/ppocr.
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QPainter>
#include <QTest>

#include <opencv2/dnn.hpp>
#include <opencv2/imgproc.hpp>

#include "unit/materials/material_fixtures.h"

using namespace kiosk::test;

namespace {

QString modelDir()
{
    const QString env = qEnvironmentVariable("KIOSK_MODEL_DIR");
    const QString base =
        env.isEmpty() ? qEnvironmentVariable("KIOSK_SOURCE_DIR") + QStringLiteral("/.cache/models") : env;
    return base + QStringLiteral("/ppocr");
}

// BGR, scaled to (x / 127.5 - 1) as PaddleOCR's recogniser, classifier and (approximately) detector expect.
cv::Mat blobOf(const QImage &image, int width, int height)
{
    const QImage rgb = image.convertToFormat(QImage::Format_RGB888);
    const cv::Mat m(rgb.height(), rgb.width(), CV_8UC3, const_cast<uchar *>(rgb.constBits()),
                    size_t(rgb.bytesPerLine()));
    cv::Mat resized, bgr;
    const int w = std::min(width, int(std::lround(double(m.cols) * height / m.rows)));
    cv::resize(m, resized, cv::Size(w, height), 0, 0, cv::INTER_LINEAR);
    cv::cvtColor(resized, bgr, cv::COLOR_RGB2BGR);
    cv::Mat blob = cv::dnn::blobFromImage(bgr, 1 / 127.5, cv::Size(), cv::Scalar(127.5, 127.5, 127.5));
    // Pad on the right with zeros (mid-grey after normalisation) up to the bucket's width, as PaddleOCR does.
    const int shape[] = {1, 3, height, width};
    cv::Mat padded(4, shape, CV_32F, cv::Scalar(0));
    for (int c = 0; c < 3; ++c)
        for (int y = 0; y < height; ++y)
            std::copy_n(blob.ptr<float>(0, c, y), w, padded.ptr<float>(0, c, y));
    return padded;
}

QImage renderLine(const QString &text, int pixelSize = 32)
{
    const QFont f = cjkFont(pixelSize);
    QImage img(QFontMetrics(f).horizontalAdvance(text) + 12, pixelSize * 3 / 2, QImage::Format_RGB888);
    img.fill(Qt::white);
    QPainter p(&img);
    p.setFont(f);
    p.setPen(Qt::black);
    p.drawText(img.rect().adjusted(6, 0, -6, 0), Qt::AlignVCenter | Qt::AlignLeft, text);
    p.end();
    return img;
}

cv::dnn::Net load(const QString &file)
{
    const QString path = modelDir() + QLatin1Char('/') + file;
    if (!QFileInfo::exists(path))
        qFatal("%s is missing: run packaging/fetch-models.sh (or set KIOSK_MODEL_DIR)", qPrintable(path));
    cv::dnn::Net net = cv::dnn::readNetFromONNX(path.toStdString());
    net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
    return net;
}

} // namespace

class TestPpocrRewrite : public QObject
{
    Q_OBJECT
    QStringList keys_;

private slots:
    void initTestCase()
    {
        QFile f(modelDir() + QStringLiteral("/ppocr_keys_v1.txt"));
        QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(f.fileName() + " missing: run packaging/fetch-models.sh"));
        for (const QByteArray &line : f.readAll().split('\n'))
            if (!line.isEmpty())
                keys_ << QString::fromUtf8(line);
        QCOMPARE(keys_.size(), 6623);
    }

    void filesAreTheRecordedOnes()
    {
        QFile list(modelDir() + QStringLiteral("/REWRITTEN.sha256"));
        QVERIFY(list.open(QIODevice::ReadOnly));
        int checked = 0;
        for (const QByteArray &line : list.readAll().split('\n')) {
            if (line.isEmpty() || line.startsWith('#'))
                continue;
            const QByteArray sha = line.left(64), name = line.mid(66).trimmed();
            QFile f(modelDir() + QLatin1Char('/') + QString::fromUtf8(name));
            QVERIFY2(f.open(QIODevice::ReadOnly), name.constData());
            QCryptographicHash h(QCryptographicHash::Sha256);
            QVERIFY(h.addData(&f));
            QCOMPARE(h.result().toHex(), sha);
            ++checked;
        }
        QCOMPARE(checked, 6);
        for (const char *f : {"LICENSE", "NOTICE", "SOURCE.txt"})
            QVERIFY2(QFileInfo(modelDir() + QLatin1Char('/') + QLatin1String(f)).size() > 0, f);
    }

    void recogniserReadsEveryBucket_data()
    {
        QTest::addColumn<int>("width");
        QTest::addColumn<QString>("text");
        QTest::newRow("320 address") << 320 << QStringLiteral("广东省韶关市武江区");
        QTest::newRow("320 id number") << 320 << QStringLiteral("44020419900307123X");
        QTest::newRow("640 address") << 640 << QStringLiteral("广东省惠州市惠城区江北街道三新南路");
        QTest::newRow("960 page line") << 960 << QStringLiteral("申请人卢志强于2024年3月7日在佛山市顺德区容桂街道办理");
    }

    void recogniserReadsEveryBucket()
    {
        QFETCH(int, width);
        QFETCH(QString, text);
        cv::dnn::Net net = load(QStringLiteral("rec_48x%1.onnx").arg(width));
        net.setInput(blobOf(renderLine(text), width, 48));
        const cv::Mat out = net.forward();
        QCOMPARE(out.dims, 3);
        QCOMPARE(out.size[1], width / 8);
        QCOMPARE(out.size[2], 6625); // blank + dictionary + space
        const int steps = out.size[1], classes = out.size[2];
        QString read;
        int previous = 0;
        for (int t = 0; t < steps; ++t) {
            const float *p = out.ptr<float>(0, t);
            const int best = int(std::max_element(p, p + classes) - p);
            if (best != previous && best != 0)
                read += best <= keys_.size() ? keys_.at(best - 1) : QStringLiteral(" ");
            previous = best;
        }
        QCOMPARE(read, text);
    }

    void classifierTellsUpsideDown()
    {
        cv::dnn::Net net = load(QStringLiteral("cls_48x192.onnx"));
        const QImage line = renderLine(QStringLiteral("佛山市顺德区"));
        for (const bool turned : {false, true}) {
            const QImage img = turned ? line.transformed(QTransform().rotate(180)) : line;
            net.setInput(blobOf(img, 192, 48));
            const cv::Mat out = net.forward();
            QCOMPARE(int(out.total()), 2);
            const float *p = out.ptr<float>();
            QVERIFY2(turned ? p[1] > 0.9f : p[0] > 0.9f, qPrintable(QStringLiteral("%1 %2").arg(p[0]).arg(p[1])));
        }
    }

    void detectorFindsTheLinesOfAPage()
    {
        cv::dnn::Net net = load(QStringLiteral("det_960x672.onnx"));
        QImage page(672, 960, QImage::Format_RGB888);
        page.fill(Qt::white);
        QPainter p(&page);
        p.setFont(cjkFont(22));
        p.setPen(Qt::black);
        const QStringList lines = {QStringLiteral("常住人口登记卡"), QStringLiteral("姓名 冼丽华 性别 女"),
                                   QStringLiteral("住址 广东省佛山市顺德区容桂街道"),
                                   QStringLiteral("公民身份号码 44060619850412002X")};
        for (int i = 0; i < lines.size(); ++i)
            p.drawText(60, 120 + 90 * i, lines.at(i));
        p.end();
        const QImage rgb = page;
        const cv::Mat m(rgb.height(), rgb.width(), CV_8UC3, const_cast<uchar *>(rgb.constBits()),
                        size_t(rgb.bytesPerLine()));
        cv::Mat bgr;
        cv::cvtColor(m, bgr, cv::COLOR_RGB2BGR);
        // The detector's own normalisation: ImageNet mean and standard deviation.
        cv::Mat f;
        bgr.convertTo(f, CV_32FC3, 1 / 255.0);
        cv::subtract(f, cv::Scalar(0.406, 0.456, 0.485), f);
        cv::divide(f, cv::Scalar(0.225, 0.224, 0.229), f);
        net.setInput(cv::dnn::blobFromImage(f));
        const cv::Mat out = net.forward();
        QCOMPARE(out.size[2], 960);
        QCOMPARE(out.size[3], 672);
        const cv::Mat prob(960, 672, CV_32F, const_cast<float *>(out.ptr<float>()));
        cv::Mat mask = prob > 0.3;
        cv::Mat labels, stats, centroids;
        const int n = cv::connectedComponentsWithStats(mask, labels, stats, centroids);
        int lineBoxes = 0;
        for (int i = 1; i < n; ++i)
            if (stats.at<int>(i, cv::CC_STAT_WIDTH) > 100 && stats.at<int>(i, cv::CC_STAT_HEIGHT) >= 8)
                ++lineBoxes;
        QCOMPARE(lineBoxes, int(lines.size()));
    }
};

QTEST_MAIN(TestPpocrRewrite)
#include "test_ppocr_rewrite.moc"
