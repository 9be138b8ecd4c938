// libkiosk_ocr.so, the PP-OCRv4 engine over OpenCV DNN: the DB text detector on its fixed 960x672 canvas, the
// 180-degree angle classifier and the CTC line recogniser (blank + the 6,623-character dictionary + space). The
// recogniser's width is frozen in each rewritten file (packaging/models/rewrite-ppocr.py), so a line goes to the
// narrowest bucket it fits at height 48 (a longer line is narrowed to the widest); one Net per file, loaded on first
// use. Pre- and post-processing follow PaddleOCR's: BGR scaled to x / 127.5 - 1 for the recogniser and classifier,
// ImageNet mean and deviation for the detector, right padding of zeros, DB boxes from the probability map > 0.3
// scored by their mean probability and grown by area * 1.5 / perimeter.
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSet>

#include <opencv2/core/utility.hpp>
#include <opencv2/dnn.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <array>
#include <cmath>

#include "app/materials/ocr_module.h"

namespace kiosk::app::ocrmodule {

namespace {

Q_LOGGING_CATEGORY(lcPpocr, "kiosk.app.materials.ppocr")

constexpr int kRecHeight = 48;
constexpr int kStep = 8; // input pixels per CTC step
constexpr std::array<int, 3> kBuckets = {320, 640, 960};
constexpr int kDetHeight = 960, kDetWidth = 672;
constexpr int kClsWidth = 192;
constexpr float kDetThreshold = 0.3f, kBoxThreshold = 0.5f;
constexpr double kUnclip = 1.5;
constexpr size_t kAlternatives = 32; // enough for field correction to rank the listed candidates

// One line as the recogniser read it: per QChar of `text` its confidence (0..1) and its span along the crop.
struct LineReading {
    QString text;
    std::vector<float> confidence;
    std::vector<std::pair<double, double>> span; // x from, x to in the crop's pixels
    std::vector<QStringList> alternatives;       // the runner-up characters, best first
    std::vector<QList<float>> alternativeConfidence;
    QString error;
};

// The height of the band of rows holding most of the line's ink (Otsu on grey): about a Han character's size.
int inkHeight(const cv::Mat &rgb)
{
    cv::Mat gray, ink;
    cv::cvtColor(rgb, gray, cv::COLOR_RGB2GRAY);
    cv::threshold(gray, ink, 0, 1, cv::THRESH_BINARY_INV | cv::THRESH_OTSU);
    cv::Mat rows;
    cv::reduce(ink, rows, 1, cv::REDUCE_SUM, CV_32S);
    const int least = std::max(2, rgb.cols / 50);
    int best = 0, run = 0;
    for (int y = 0; y < rows.rows; ++y) {
        run = rows.at<int>(y) >= least ? run + 1 : 0;
        best = std::max(best, run);
    }
    return best;
}

cv::Mat rgbMat(const QImage &image, QImage *keep)
{
    *keep = image.convertToFormat(QImage::Format_RGB888);
    return cv::Mat(keep->height(), keep->width(), CV_8UC3, const_cast<uchar *>(keep->constBits()),
                   size_t(keep->bytesPerLine()));
}

// (x / 127.5 - 1) of the BGR image resized to height 48 and at most `width` wide, right-padded with zeros.
cv::Mat lineBlob(const cv::Mat &rgb, int width, int *usedWidth)
{
    const int natural = std::max(1, int(std::lround(double(rgb.cols) * kRecHeight / rgb.rows)));
    const int w = std::min(width, natural);
    cv::Mat resized, bgr;
    cv::resize(rgb, resized, cv::Size(w, kRecHeight), 0, 0, cv::INTER_LINEAR);
    cv::cvtColor(resized, bgr, cv::COLOR_RGB2BGR);
    const cv::Mat blob = cv::dnn::blobFromImage(bgr, 1 / 127.5, cv::Size(), cv::Scalar(127.5, 127.5, 127.5));
    const int shape[] = {1, 3, kRecHeight, width};
    cv::Mat input(4, shape, CV_32F, cv::Scalar(0));
    for (int c = 0; c < 3; ++c)
        for (int y = 0; y < kRecHeight; ++y)
            std::copy_n(blob.ptr<float>(0, c, y), w, input.ptr<float>(0, c, y));
    *usedWidth = w;
    return input;
}

class PpocrRecogniser : public Recogniser
{
public:
    explicit PpocrRecogniser(const QString &dir) : dir_(dir) {}

    bool load(QString *error) override
    {
        if (!keys_.isEmpty())
            return true;
        QFile keys(dir_ + QStringLiteral("/ppocr_keys_v1.txt"));
        if (!keys.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("PP-OCR dictionary %1 is missing: run packaging/fetch-models.sh (or set "
                                    "KIOSK_MODEL_DIR)")
                         .arg(keys.fileName());
            return false;
        }
        QStringList read;
        for (const QByteArray &line : keys.readAll().split('\n'))
            if (!line.isEmpty())
                read << QString::fromUtf8(line);
        for (const QString &file : files()) {
            if (!QFileInfo(dir_ + QLatin1Char('/') + file).isFile()) {
                *error = QStringLiteral("PP-OCR model %1/%2 is missing: run packaging/fetch-models.sh").arg(dir_, file);
                return false;
            }
        }
        // The narrow recogniser now (fields are short); the detector, classifier and wider buckets when needed.
        if (!net(rec_[0], QStringLiteral("rec_48x320.onnx"), error))
            return false;
        keys_ = read;
        dictionary_ = QSet<QString>(keys_.begin(), keys_.end());
        qCInfo(lcPpocr) << "PP-OCR loaded from" << dir_ << "with" << keys_.size() << "characters";
        return true;
    }

    bool canRead(const QString &character) const override
    {
        return character == QStringLiteral(" ") || dictionary_.contains(character);
    }

    OcrResult recognise(const QImage &image, OcrMode mode, const std::function<bool()> &cancelled) override
    {
        QElapsedTimer timer;
        timer.start();
        OcrResult r;
        if (tooSmallToRead(image, &r))
            return r;
        if (!load(&r.detail)) {
            r.error = OcrError::EngineUnavailable;
            return r;
        }
        const bool line = mode != OcrMode::Page && mode != OcrMode::Form;
        QImage keep;
        const cv::Mat rgb = rgbMat(image, &keep);
        std::vector<cv::Rect> boxes;
        if (line) {
            boxes.push_back(cv::Rect(0, 0, rgb.cols, rgb.rows));
        } else if (!detect(rgb, &boxes, &r.detail)) {
            r.error = OcrError::EngineUnavailable;
            return r;
        }
        double confSum = 0;
        int confCount = 0;
        QStringList texts;
        for (const cv::Rect &box : boxes) {
            if (cancelled && cancelled()) {
                r = OcrResult();
                r.error = OcrError::Cancelled;
                r.detail = QStringLiteral("cancelled");
                r.ms = timer.elapsed();
                return r;
            }
            cv::Mat crop = rgb(box);
            cv::Mat turned;
            if (!line && upsideDown(crop)) {
                cv::rotate(crop, turned, cv::ROTATE_180);
                crop = turned;
            }
            const LineReading reading = readLong(crop);
            if (!reading.error.isEmpty()) {
                r.error = OcrError::EngineUnavailable;
                r.detail = reading.error;
                return r;
            }
            if (reading.text.isEmpty())
                continue;
            OcrLine l;
            l.text = reading.text;
            l.textHeight = inkHeight(crop);
            l.box = QRect(box.x, box.y, box.width, box.height);
            double s = 0;
            for (int i = 0; i < reading.text.size(); ++i) {
                const QChar c = reading.text.at(i);
                if (c.isLowSurrogate())
                    continue;
                OcrSymbol sym;
                sym.text = c.isHighSurrogate() && i + 1 < reading.text.size() ? reading.text.mid(i, 2) : QString(c);
                double x0 = reading.span[size_t(i)].first, x1 = reading.span[size_t(i)].second;
                if (!turned.empty()) { // read turned: spans run from the other end
                    std::swap(x0, x1);
                    x0 = box.width - x0;
                    x1 = box.width - x1;
                }
                sym.box = QRect(QPoint(box.x + int(x0), box.y), QPoint(box.x + int(x1), box.y + box.height - 1));
                sym.confidence = reading.confidence[size_t(i)] * 100.0f;
                sym.alternatives = reading.alternatives[size_t(i)];
                sym.alternativeConfidences = reading.alternativeConfidence[size_t(i)];
                s += reading.confidence[size_t(i)];
                if (c == QLatin1Char(' '))
                    continue; // a space is a gap, not a symbol (as Tesseract reports it)
                l.symbols << sym;
            }
            l.confidence = l.symbols.isEmpty() ? 0 : s / reading.text.size();
            confSum += s;
            confCount += int(reading.text.size());
            texts << l.text;
            r.lines << l;
        }
        r.text = texts.join(QLatin1Char('\n'));
        r.confidence = confCount ? confSum / confCount : 0.0;
        r.ms = timer.elapsed();
        qCDebug(lcPpocr) << "mode" << int(mode) << "lines" << r.lines.size() << "confidence" << r.confidence << "in"
                         << r.ms << "ms";
        return r;
    }

private:
    static QStringList files()
    {
        return {QStringLiteral("det_960x672.onnx"), QStringLiteral("cls_48x192.onnx"),
                QStringLiteral("rec_48x320.onnx"), QStringLiteral("rec_48x640.onnx"),
                QStringLiteral("rec_48x960.onnx")};
    }

    bool net(cv::dnn::Net &slot, const QString &file, QString *error)
    {
        if (!slot.empty())
            return true;
        const QString path = dir_ + QLatin1Char('/') + file;
        try {
            slot = cv::dnn::readNetFromONNX(path.toStdString());
            slot.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
            slot.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
        } catch (const cv::Exception &e) {
            *error = QStringLiteral("PP-OCR model %1 could not be loaded: %2").arg(path, QString::fromUtf8(e.what()));
            slot = cv::dnn::Net();
            return false;
        }
        return !slot.empty();
    }

    QString keyOf(int cls) const { return cls <= keys_.size() ? keys_.at(cls - 1) : QStringLiteral(" "); }

    LineReading readLine(const cv::Mat &rgb)
    {
        LineReading r;
        const int natural = std::max(1, int(std::lround(double(rgb.cols) * kRecHeight / rgb.rows)));
        size_t bucket = 0;
        while (bucket + 1 < kBuckets.size() && kBuckets[bucket] < natural)
            ++bucket;
        const int width = kBuckets[bucket];
        if (!net(rec_[bucket], QStringLiteral("rec_48x%1.onnx").arg(width), &r.error))
            return r;
        int used = 0;
        const cv::Mat input = lineBlob(rgb, width, &used);
        cv::Mat out;
        try {
            rec_[bucket].setInput(input);
            out = rec_[bucket].forward();
        } catch (const cv::Exception &e) {
            r.error = QStringLiteral("PP-OCR recognition failed: %1").arg(QString::fromUtf8(e.what()));
            return r;
        }
        if (out.dims != 3 || out.size[2] != keys_.size() + 2) {
            r.error = QStringLiteral("the PP-OCR recogniser gave an output of an unexpected shape");
            return r;
        }
        const int steps = out.size[1], classes = out.size[2];
        const double toCrop = double(rgb.cols) / used; // resized pixels to crop pixels
        struct Run {
            int cls, first, last;
            float conf;
            int bestStep;
        };
        std::vector<Run> runs;
        int previous = 0;
        for (int t = 0; t < steps; ++t) {
            const float *p = out.ptr<float>(0, t);
            const int best = int(std::max_element(p, p + classes) - p);
            if (best != 0 && best == previous && !runs.empty()) {
                runs.back().last = t;
                if (p[best] > runs.back().conf) {
                    runs.back().conf = p[best];
                    runs.back().bestStep = t;
                }
            } else if (best != 0) {
                runs.push_back({best, t, t, p[best], t});
            }
            previous = best;
        }
        // Leading and trailing spaces are padding, not text.
        while (!runs.empty() && runs.back().cls == classes - 1)
            runs.pop_back();
        while (!runs.empty() && runs.front().cls == classes - 1)
            runs.erase(runs.begin());
        // A character's span: its steps, widened towards its neighbours by at most half a line height.
        const double half = kRecHeight / 2.0;
        for (size_t i = 0; i < runs.size(); ++i) {
            const double from = runs[i].first * kStep, to = (runs[i].last + 1) * kStep;
            const double centre = (from + to) / 2;
            const double prevEnd = i > 0 ? (runs[i - 1].last + 1) * kStep : -1e9;
            const double nextStart = i + 1 < runs.size() ? runs[i + 1].first * kStep : 1e9;
            const double left = std::max({0.0, centre - half, (prevEnd + from) / 2});
            const double right = std::min({double(used), centre + half, (to + nextStart) / 2});
            const QString ch = keyOf(runs[i].cls);
            // The runner-up characters at the most confident step (neither blank nor space nor the reading).
            const float *p = out.ptr<float>(0, runs[i].bestStep);
            std::vector<int> order;
            for (int c = 1; c < classes - 1; ++c)
                if (c != runs[i].cls && p[c] > 1e-7f)
                    order.push_back(c);
            const size_t keep = std::min<size_t>(kAlternatives, order.size());
            std::partial_sort(order.begin(), order.begin() + long(keep), order.end(),
                              [p](int a, int b) { return p[a] > p[b]; });
            QStringList alternatives;
            QList<float> alternativeConfidence;
            for (size_t k = 0; k < keep; ++k) {
                alternatives << keyOf(order[k]);
                alternativeConfidence << p[order[k]];
            }
            for (int k = 0; k < ch.size(); ++k) {
                r.text += ch.at(k);
                r.confidence.push_back(runs[i].conf);
                r.span.emplace_back(left * toCrop, right * toCrop);
                r.alternatives.push_back(alternatives);
                r.alternativeConfidence.push_back(alternativeConfidence);
            }
        }
        return r;
    }

    // A line longer than the widest bucket is read in pieces cut at the emptiest column near each bucket's end
    // (narrowing it to the bucket instead squeezes the characters and costs accuracy).
    LineReading readLong(const cv::Mat &rgb)
    {
        const int widest = kBuckets.back() * rgb.rows / kRecHeight; // in the crop's pixels
        if (rgb.cols <= widest * 21 / 20)
            return readLine(rgb);
        cv::Mat gray, cols;
        cv::cvtColor(rgb, gray, cv::COLOR_RGB2GRAY);
        cv::reduce(gray, cols, 0, cv::REDUCE_AVG, CV_32F);
        LineReading all;
        int from = 0;
        while (from < rgb.cols) {
            int to = rgb.cols;
            if (rgb.cols - from > widest) {
                // The lightest column in the last fifth of the piece.
                int best = from + widest;
                float light = -1;
                for (int x = from + widest * 4 / 5; x < from + widest; ++x)
                    if (cols.at<float>(0, x) > light) {
                        light = cols.at<float>(0, x);
                        best = x;
                    }
                to = best;
            }
            LineReading piece = readLine(rgb(cv::Rect(from, 0, to - from, rgb.rows)));
            if (!piece.error.isEmpty())
                return piece;
            all.text += piece.text;
            for (size_t i = 0; i < piece.confidence.size(); ++i) {
                all.confidence.push_back(piece.confidence[i]);
                all.span.emplace_back(piece.span[i].first + from, piece.span[i].second + from);
                all.alternatives.push_back(piece.alternatives[i]);
                all.alternativeConfidence.push_back(piece.alternativeConfidence[i]);
            }
            from = to;
        }
        return all;
    }

    bool upsideDown(const cv::Mat &rgb)
    {
        QString error;
        if (!net(cls_, QStringLiteral("cls_48x192.onnx"), &error))
            return false;
        int used = 0;
        cls_.setInput(lineBlob(rgb, kClsWidth, &used));
        const cv::Mat out = cls_.forward();
        return out.total() == 2 && out.ptr<float>()[1] > 0.9f;
    }

    // Text line boxes of a page, in its pixels, top to bottom and left to right.
    bool detect(const cv::Mat &rgb, std::vector<cv::Rect> *boxes, QString *error)
    {
        if (!net(det_, QStringLiteral("det_960x672.onnx"), error))
            return false;
        const double scale = std::min(double(kDetWidth) / rgb.cols, double(kDetHeight) / rgb.rows);
        const int w = std::max(1, int(rgb.cols * scale)), h = std::max(1, int(rgb.rows * scale));
        cv::Mat canvas(kDetHeight, kDetWidth, CV_8UC3, cv::Scalar(255, 255, 255)), small, f;
        cv::resize(rgb, small, cv::Size(w, h), 0, 0, cv::INTER_AREA);
        cv::cvtColor(small, canvas(cv::Rect(0, 0, w, h)), cv::COLOR_RGB2BGR);
        canvas.convertTo(f, CV_32FC3, 1 / 255.0);
        cv::subtract(f, cv::Scalar(0.406, 0.456, 0.485), f);
        cv::divide(f, cv::Scalar(0.225, 0.224, 0.229), f);
        cv::Mat out;
        try {
            det_.setInput(cv::dnn::blobFromImage(f));
            out = det_.forward();
        } catch (const cv::Exception &e) {
            *error = QStringLiteral("PP-OCR detection failed: %1").arg(QString::fromUtf8(e.what()));
            return false;
        }
        const cv::Mat prob(kDetHeight, kDetWidth, CV_32F, out.ptr<float>());
        const cv::Mat mask = prob > kDetThreshold;
        std::vector<std::vector<cv::Point>> contours;
        cv::findContours(mask, contours, cv::RETR_LIST, cv::CHAIN_APPROX_SIMPLE);
        const cv::Rect page(0, 0, rgb.cols, rgb.rows);
        for (const auto &c : contours) {
            const cv::Rect b = cv::boundingRect(c);
            if (b.height < 3 || b.width < 3)
                continue;
            cv::Mat inside = cv::Mat::zeros(b.size(), CV_8U);
            std::vector<std::vector<cv::Point>> shifted{c};
            for (cv::Point &p : shifted[0])
                p -= b.tl();
            cv::fillPoly(inside, shifted, cv::Scalar(1));
            if (cv::mean(prob(b), inside)[0] < kBoxThreshold)
                continue;
            const double area = cv::contourArea(c), perimeter = cv::arcLength(c, true);
            const double d = perimeter > 0 ? area * kUnclip / perimeter : 0;
            const cv::Rect grown(int((b.x - d) / scale), int((b.y - d) / scale), int((b.width + 2 * d) / scale),
                                 int((b.height + 2 * d) / scale));
            const cv::Rect box = grown & page;
            if (box.width >= 4 && box.height >= 4)
                boxes->push_back(box);
        }
        std::sort(boxes->begin(), boxes->end(), [](const cv::Rect &a, const cv::Rect &b) {
            const int ca = a.y + a.height / 2, cb = b.y + b.height / 2;
            if (std::abs(ca - cb) > std::min(a.height, b.height) / 2)
                return ca < cb;
            return a.x < b.x;
        });
        return true;
    }

    QString dir_;
    QStringList keys_; // class i + 1; class 0 is the CTC blank, the last class a space
    QSet<QString> dictionary_;
    std::array<cv::dnn::Net, kBuckets.size()> rec_;
    cv::dnn::Net cls_, det_;
};

} // namespace

std::unique_ptr<Recogniser> makePpocr(const QString &dir)
{
    return std::make_unique<PpocrRecogniser>(dir);
}

} // namespace kiosk::app::ocrmodule

extern "C" __attribute__((visibility("default"))) void kiosk_ocr_load(int abiVersion,
                                                                      const kiosk::app::ocrmodule::LoadRequest *request,
                                                                      kiosk::app::ocrmodule::LoadReply *reply)
{
    using namespace kiosk::app::ocrmodule;
    if (abiVersion != kAbiVersion) {
        reply->detail = QStringLiteral("libkiosk_ocr.so speaks version %1 of its interface, the kiosk %2")
                            .arg(kAbiVersion)
                            .arg(abiVersion);
        return;
    }
    reply->tesseract = makeTesseract(request->config);
    reply->ppocr = makePpocr(request->ppocrDir);
}
