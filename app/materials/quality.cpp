// Page quality metrics with OpenCV: luminance and glare on the page as captured, sharpness and ink on the rectified
// page, resolution from the page's size in the picture.
#include "app/materials/quality.h"

#include <QLoggingCategory>

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include "app/materials/cv_bridge.h"

Q_LOGGING_CATEGORY(lcQuality, "kiosk.app.materials.quality")

namespace kiosk::app {

using namespace materials_detail;

namespace {

// The page region of the capture, perspective-corrected at a small size: enough for luminance and glare.
cv::Mat capturedPage(const QImage &capture, const RectifyResult &r)
{
    const cv::Mat gray = toGrayMat(capture);
    if (gray.empty())
        return {};
    const double s = std::min(1.0, 800.0 / std::max(gray.cols, gray.rows));
    cv::Mat small;
    cv::resize(gray, small, cv::Size(), s, s, cv::INTER_AREA);
    if (!r.pageFound || r.corners.size() != 4)
        return small;
    const int h = 600;
    const int w = std::max(16, int(h / std::max(0.2, r.aspect)));
    cv::Point2f src[4];
    for (int i = 0; i < 4; ++i)
        src[i] = cv::Point2f(float(r.corners[i].x() * s), float(r.corners[i].y() * s));
    const cv::Point2f dst[4] = {{0, 0}, {float(w - 1), 0}, {float(w - 1), float(h - 1)}, {0, float(h - 1)}};
    cv::Mat page;
    cv::warpPerspective(small, page, cv::getPerspectiveTransform(src, dst), cv::Size(w, h), cv::INTER_LINEAR,
                        cv::BORDER_REPLICATE);
    return page;
}

// Value below which `fraction` of the pixels lie.
int percentile(const cv::Mat &gray, double fraction)
{
    int histSize = 256;
    float range[] = {0, 256};
    const float *ranges[] = {range};
    cv::Mat hist;
    cv::calcHist(&gray, 1, nullptr, cv::Mat(), hist, 1, &histSize, ranges);
    const double target = fraction * double(gray.total());
    double acc = 0;
    for (int i = 0; i < 256; ++i) {
        acc += hist.at<float>(i);
        if (acc >= target)
            return i;
    }
    return 255;
}

double glareFraction(const cv::Mat &page)
{
    // Paper that is itself saturated (a scan, an overexposed but even photo) has no glare to speak of.
    if (page.empty() || percentile(page, 0.5) >= 240)
        return 0;
    cv::Mat saturated;
    cv::threshold(page, saturated, 249, 255, cv::THRESH_BINARY);
    cv::Mat labels, stats, centroids;
    const int n = cv::connectedComponentsWithStats(saturated, labels, stats, centroids, 8, CV_32S);
    const double minBlob = 0.0005 * double(page.total());
    double area = 0;
    for (int i = 1; i < n; ++i) {
        const int a = stats.at<int>(i, cv::CC_STAT_AREA);
        if (a >= minBlob)
            area += a;
    }
    return area / double(page.total());
}

// ~ 1 / (sigma * sqrt(2 pi)) of the edges: the steepest slopes of the print relative to its contrast.
double sharpnessOf(const cv::Mat &page, double *inkFraction)
{
    cv::Mat gray = page;
    // A central region: margins are empty and the warp's replicated border has no edges worth measuring.
    const cv::Rect inner(page.cols / 20, page.rows / 20, page.cols * 9 / 10, page.rows * 9 / 10);
    gray = page(inner);
    cv::Mat ink;
    cv::adaptiveThreshold(gray, ink, 255, cv::ADAPTIVE_THRESH_MEAN_C, cv::THRESH_BINARY_INV, 31, 25);
    *inkFraction = cv::countNonZero(ink) / double(ink.total());

    cv::Mat gx, gy, mag;
    cv::Sobel(gray, gx, CV_32F, 1, 0, 3);
    cv::Sobel(gray, gy, CV_32F, 0, 1, 3);
    cv::magnitude(gx, gy, mag);
    std::vector<float> strong;
    strong.reserve(size_t(mag.total() / 16));
    for (int y = 0; y < mag.rows; ++y) {
        const float *row = mag.ptr<float>(y);
        for (int x = 0; x < mag.cols; ++x)
            if (row[x] > 8 * 12.0f) // slope of 12 grey levels per pixel: an edge, not paper texture
                strong.push_back(row[x]);
    }
    if (strong.size() < 300)
        return -1; // nothing to measure (blank); the blank check speaks for it
    const size_t k = strong.size() * 9 / 10;
    std::nth_element(strong.begin(), strong.begin() + long(k), strong.end());
    const double slope = strong[k] / 8.0;
    const double contrast = std::max(60, percentile(gray, 0.99) - percentile(gray, 0.002));
    return slope / contrast;
}

} // namespace

bool QualityReport::acceptable() const
{
    return std::none_of(findings.begin(), findings.end(), [](const QualityFinding &f) { return f.blocking; });
}

bool QualityReport::has(QualityIssue issue) const
{
    return std::any_of(findings.begin(), findings.end(), [issue](const QualityFinding &f) { return f.issue == issue; });
}

QualityReport assessQuality(const QImage &capture, const RectifyResult &rectified, int sourceDpi,
                            const QualityLimits &limits)
{
    QualityReport q;
    auto add = [&q](QualityIssue issue, bool blocking, double measured, double limit) {
        q.findings.append({issue, blocking, measured, limit});
    };
    if (!rectified.ok() || rectified.page.isNull()) {
        add(QualityIssue::Blank, true, 0, 0);
        return q;
    }
    const bool photo = sourceDpi <= 0;
    if (photo && (!rectified.pageFound || rectified.touchesBorder))
        add(QualityIssue::NotFullyInView, true, rectified.pageFound ? 1 : 0, 0);

    const cv::Mat raw = capturedPage(capture, rectified);
    q.meanLuminance = raw.empty() ? 0 : cv::mean(raw)[0];
    const bool dark = q.meanLuminance < limits.minMeanLuminance;
    if (dark)
        add(QualityIssue::TooDark, true, q.meanLuminance, limits.minMeanLuminance);

    q.effectiveDpi = photo ? rectified.pageLongSidePx / (limits.assumedLongSideMm / 25.4) : sourceDpi;
    if (q.effectiveDpi < limits.minEffectiveDpi ||
        (photo && rectified.pageFound && rectified.pageAreaFraction < limits.minPageAreaFraction)) {
        // Somewhat small still reads; far too small does not.
        add(QualityIssue::TooSmall, q.effectiveDpi < 0.75 * limits.minEffectiveDpi, q.effectiveDpi,
            limits.minEffectiveDpi);
    }

    const cv::Mat page = toGrayMat(rectified.page);
    q.sharpness = sharpnessOf(page, &q.inkFraction);
    if (!dark && q.inkFraction < limits.minInkFraction)
        add(QualityIssue::Blank, true, q.inkFraction, limits.minInkFraction);
    else if (q.sharpness >= 0 && q.sharpness < limits.minSharpness)
        add(QualityIssue::Blurry, true, q.sharpness, limits.minSharpness);

    q.glareFraction = glareFraction(raw);
    if (!dark && q.glareFraction > limits.maxGlareFraction)
        add(QualityIssue::Glare, true, q.glareFraction, limits.maxGlareFraction);

    qCDebug(lcQuality) << "sharpness" << q.sharpness << "glare" << q.glareFraction << "luminance" << q.meanLuminance
                       << "ink" << q.inkFraction << "dpi" << q.effectiveDpi << "findings" << q.findings.size();
    return q;
}

QString toString(QualityIssue issue)
{
    switch (issue) {
    case QualityIssue::Blurry: return QStringLiteral("blurry");
    case QualityIssue::Glare: return QStringLiteral("glare");
    case QualityIssue::NotFullyInView: return QStringLiteral("not_fully_in_view");
    case QualityIssue::TooDark: return QStringLiteral("too_dark");
    case QualityIssue::TooSmall: return QStringLiteral("too_small");
    case QualityIssue::Blank: return QStringLiteral("blank");
    }
    return QStringLiteral("unknown");
}

QString messageKey(QualityIssue issue)
{
    return QStringLiteral("materials.quality.") + toString(issue);
}

QString qualityMessage(QualityIssue issue, const QString &language)
{
    for (const QualityMessage &m : kQualityMessages) {
        if (m.issue != issue)
            continue;
        if (language == QLatin1String("en"))
            return QString::fromUtf8(m.en);
        if (language == QLatin1String("zh_HK"))
            return QString::fromUtf8(m.zhHK);
        return QString::fromUtf8(m.zhCN);
    }
    return {};
}

} // namespace kiosk::app
