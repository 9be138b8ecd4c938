// Document rectification with OpenCV: page quad detection on a downscaled copy, perspective warp to the aspect the
// quad implies (Zhang & He's single-view estimate, snapped to ISO 216 when close), lighting flattening, deskew by
// projection profile and optional adaptive binarisation.
#include "app/materials/rectifier.h"

#include <QElapsedTimer>
#include <QLoggingCategory>

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include "app/materials/cv_bridge.h"

Q_LOGGING_CATEGORY(lcRectify, "kiosk.app.materials.rectify")

namespace kiosk::app {

using namespace materials_detail;

namespace {

constexpr double kIsoAspect = 1.41421356; // ISO 216 (A3/A4/A5): most certificates, licences and forms
constexpr double kSnapTolerance = 0.04;
constexpr int kDetectLongSide = 800;

struct Quad {
    std::array<cv::Point2d, 4> p; // TL, TR, BR, BL
    double area = 0;
    bool touchesBorder = false;
};

double dist(const cv::Point2d &a, const cv::Point2d &b)
{
    return std::hypot(a.x - b.x, a.y - b.y);
}

std::array<cv::Point2d, 4> orderCorners(const std::vector<cv::Point> &pts)
{
    std::array<cv::Point2d, 4> out;
    auto bySum = [](const cv::Point &a, const cv::Point &b) { return a.x + a.y < b.x + b.y; };
    auto byDiff = [](const cv::Point &a, const cv::Point &b) { return a.y - a.x < b.y - b.x; };
    out[0] = *std::min_element(pts.begin(), pts.end(), bySum);  // top-left
    out[2] = *std::max_element(pts.begin(), pts.end(), bySum);  // bottom-right
    out[1] = *std::min_element(pts.begin(), pts.end(), byDiff); // top-right
    out[3] = *std::max_element(pts.begin(), pts.end(), byDiff); // bottom-left
    return out;
}

// Reduces a convex hull to four corners by loosening the polygon approximation until four vertices remain.
bool approximateQuad(const std::vector<cv::Point> &hull, std::vector<cv::Point> *quad)
{
    const double perimeter = cv::arcLength(hull, true);
    for (double f = 0.01; f <= 0.12; f += 0.01) {
        std::vector<cv::Point> approx;
        cv::approxPolyDP(hull, approx, f * perimeter, true);
        if (approx.size() == 4 && cv::isContourConvex(approx)) {
            *quad = approx;
            return true;
        }
        if (approx.size() < 4)
            return false;
    }
    return false;
}

// How much of the outline runs along the picture's edge: the part of the page beyond it is missing. Contours are
// compressed (a straight run is two points), so it is the length of the runs that counts.
bool runsAlongBorder(const std::vector<cv::Point> &contour, const cv::Size &size)
{
    auto side = [&size](const cv::Point &q) {
        if (q.x <= 1)
            return 1;
        if (q.y <= 1)
            return 2;
        if (q.x >= size.width - 2)
            return 3;
        if (q.y >= size.height - 2)
            return 4;
        return 0;
    };
    double along = 0;
    for (size_t i = 0; i < contour.size(); ++i) {
        const cv::Point &a = contour[i], &b = contour[(i + 1) % contour.size()];
        const int s = side(a);
        if (s != 0 && s == side(b))
            along += std::hypot(double(a.x - b.x), double(a.y - b.y));
    }
    return along > 0.02 * cv::arcLength(contour, true);
}

bool cornerOnBorder(const std::array<cv::Point2d, 4> &corners, const cv::Size &size)
{
    for (const cv::Point2d &p : corners)
        if (p.x <= 2 || p.y <= 2 || p.x >= size.width - 3 || p.y >= size.height - 3)
            return true;
    return false;
}

void consider(const std::vector<std::vector<cv::Point>> &contours, const cv::Size &size, Quad *best)
{
    const double imageArea = double(size.area());
    for (const auto &c : contours) {
        if (cv::contourArea(c) < 0.015 * imageArea)
            continue;
        std::vector<cv::Point> hull;
        cv::convexHull(c, hull);
        std::vector<cv::Point> quad;
        if (!approximateQuad(hull, &quad))
            continue;
        const double area = cv::contourArea(quad);
        // A quad much smaller than its hull is a poor fit (a torn or folded outline, or two pages).
        if (area < 0.85 * cv::contourArea(hull) || area < best->area || area > 0.995 * imageArea)
            continue;
        best->area = area;
        best->p = orderCorners(quad);
        best->touchesBorder = runsAlongBorder(c, size) || cornerOnBorder(best->p, size);
    }
}

bool detectPage(const cv::Mat &gray, double scale, Quad *out)
{
    cv::Mat small;
    cv::resize(gray, small, cv::Size(), scale, scale, cv::INTER_AREA);
    cv::GaussianBlur(small, small, cv::Size(5, 5), 0);
    Quad best;
    // Bright paper on a darker table: Otsu separates them; closing fills the printing inside the page.
    cv::Mat bin;
    cv::threshold(small, bin, 0, 255, cv::THRESH_BINARY | cv::THRESH_OTSU);
    cv::morphologyEx(bin, bin, cv::MORPH_CLOSE, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(9, 9)));
    std::vector<std::vector<cv::Point>> contours;
    cv::findContours(bin, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
    consider(contours, small.size(), &best);
    // Paper on a light table: the page edge is still an edge.
    if (best.area == 0) {
        cv::Mat edges;
        cv::Canny(small, edges, 30, 90);
        cv::dilate(edges, edges, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(3, 3)));
        contours.clear();
        cv::findContours(edges, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
        consider(contours, small.size(), &best);
    }
    if (best.area == 0)
        return false;
    for (auto &p : best.p)
        p = cv::Point2d(p.x / scale, p.y / scale);
    *out = best;
    return true;
}

// Width / height of the physical rectangle seen as the quad, for an unknown focal length and the principal point at
// the picture's centre (Zhang & He, "Whiteboard scanning and image enhancement", 2007). Falls back to the mean side
// lengths when the view is nearly frontal (the focal length is then undetermined).
double trueWidthOverHeight(const Quad &q, const cv::Size &size, double focalPx)
{
    const double u0 = size.width / 2.0, v0 = size.height / 2.0;
    auto h = [&](const cv::Point2d &p) { return cv::Vec3d(p.x - u0, p.y - v0, 1.0); };
    const cv::Vec3d m1 = h(q.p[0]), m2 = h(q.p[1]), m3 = h(q.p[3]), m4 = h(q.p[2]); // TL, TR, BL, BR
    const double widthMean = (dist(q.p[0], q.p[1]) + dist(q.p[3], q.p[2])) / 2;
    const double heightMean = (dist(q.p[0], q.p[3]) + dist(q.p[1], q.p[2])) / 2;
    const double fallback = widthMean / std::max(1.0, heightMean);
    const double k2 = m1.cross(m4).dot(m3) / m2.cross(m4).dot(m3);
    const double k3 = m1.cross(m4).dot(m2) / m3.cross(m4).dot(m2);
    const cv::Vec3d n2 = k2 * m2 - m1;
    const cv::Vec3d n3 = k3 * m3 - m1;
    // When a pair of the page's sides is (nearly) parallel in the picture the focal length is undetermined: then
    // the configured one, or a document camera's usual field of view (~65 degrees across the long side).
    const double longSide = std::max(size.width, size.height);
    double f2 = -(n2[0] * n3[0] + n2[1] * n3[1]) / (n2[2] * n3[2]);
    if (focalPx > 0)
        f2 = focalPx * focalPx;
    else if (!std::isfinite(f2) || f2 < std::pow(0.3 * longSide, 2) || f2 > std::pow(5.0 * longSide, 2))
        f2 = std::pow(0.8 * longSide, 2);
    const double r = std::sqrt((n2[0] * n2[0] + n2[1] * n2[1] + n2[2] * n2[2] * f2) /
                               (n3[0] * n3[0] + n3[1] * n3[1] + n3[2] * n3[2] * f2));
    // A wild estimate (noise in a near-frontal view) is worse than the plain side ratio.
    if (!std::isfinite(r) || r < 0.5 * fallback || r > 2 * fallback)
        return fallback;
    return r;
}

// Paper is white: a heavily dilated (text-free) copy estimates the illumination, and dividing by it flattens shading
// and evens out the exposure so that the page looks scanned.
cv::Mat flattenLighting(const cv::Mat &gray)
{
    cv::Mat small, background;
    const double s = 0.25;
    cv::resize(gray, small, cv::Size(), s, s, cv::INTER_AREA);
    cv::dilate(small, background, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(9, 9)));
    cv::blur(background, background, cv::Size(9, 9));
    cv::resize(background, background, gray.size(), 0, 0, cv::INTER_LINEAR);
    cv::max(background, 1, background);
    cv::Mat out;
    cv::divide(gray, background, out, 255.0);
    return out;
}

double projectionScore(const std::vector<cv::Point2f> &ink, double degrees, int bins, float cy)
{
    const double a = degrees * CV_PI / 180.0;
    const float sn = float(std::sin(a)), cs = float(std::cos(a));
    std::vector<int> hist(size_t(bins), 0);
    for (const cv::Point2f &p : ink) {
        const int y = int(p.y * cs - p.x * sn + cy);
        if (y >= 0 && y < bins)
            ++hist[size_t(y)];
    }
    double score = 0;
    for (int v : hist)
        score += double(v) * v;
    return score;
}

double skewOf(const cv::Mat &gray)
{
    cv::Mat small;
    const double s = std::min(1.0, 1000.0 / std::max(gray.cols, gray.rows));
    cv::resize(gray, small, cv::Size(), s, s, cv::INTER_AREA);
    cv::Mat ink;
    cv::adaptiveThreshold(small, ink, 255, cv::ADAPTIVE_THRESH_MEAN_C, cv::THRESH_BINARY_INV, 15, 15);
    std::vector<cv::Point> pts;
    cv::findNonZero(ink, pts);
    if (pts.size() < 200)
        return 0;
    const size_t step = std::max<size_t>(1, pts.size() / 30000);
    std::vector<cv::Point2f> sample;
    const float cx = small.cols / 2.0f, cy = small.rows / 2.0f;
    for (size_t i = 0; i < pts.size(); i += step)
        sample.emplace_back(pts[i].x - cx, pts[i].y - cy);
    const int bins = int(std::hypot(small.cols, small.rows)) + 2;
    const float mid = bins / 2.0f;
    double best = 0, bestScore = -1;
    for (double a = -10; a <= 10; a += 0.5) {
        const double sc = projectionScore(sample, a, bins, mid);
        if (sc > bestScore)
            bestScore = sc, best = a;
    }
    const double coarse = best;
    for (double a = coarse - 0.5; a <= coarse + 0.5; a += 0.05) {
        const double sc = projectionScore(sample, a, bins, mid);
        if (sc > bestScore)
            bestScore = sc, best = a;
    }
    // The projection rotates points by -a to level them: the lines themselves rise by a (image y grows downwards).
    return -best;
}

} // namespace

double estimateSkewDegrees(const QImage &page)
{
    return skewOf(toGrayMat(page));
}

PageDetection detectPageCorners(const QImage &image, int detectLongSide)
{
    PageDetection d;
    if (image.isNull() || image.width() < 16 || image.height() < 16)
        return d;
    const cv::Mat gray = toGrayMat(image);
    const double scale =
        std::min(1.0, double(std::max(64, detectLongSide)) / std::max(gray.size().width, gray.size().height));
    Quad quad;
    if (!detectPage(gray, scale, &quad))
        return d;
    d.found = true;
    d.touchesBorder = quad.touchesBorder;
    d.areaFraction = quad.area / (scale * scale) / double(gray.size().area());
    for (const auto &p : quad.p)
        d.corners << QPointF(p.x, p.y);
    return d;
}

RectifyResult rectifyDocument(const QImage &input, const RectifyOptions &options)
{
    QElapsedTimer timer;
    timer.start();
    RectifyResult r;
    if (input.isNull() || input.width() < 16 || input.height() < 16) {
        r.error = RectifyError::EmptyImage;
        r.detail = QStringLiteral("no image, or too small to hold a page");
        return r;
    }
    const cv::Mat gray = toGrayMat(input);
    const cv::Size size = gray.size();
    const double detectScale = std::min(1.0, double(kDetectLongSide) / std::max(size.width, size.height));

    Quad quad;
    if (options.detectPage && detectPage(gray, detectScale, &quad)) {
        r.pageFound = true;
        r.touchesBorder = quad.touchesBorder;
    } else {
        // Pixel-edge coordinates: the side lengths are the image's own width and height.
        quad.p = {cv::Point2d(0, 0), cv::Point2d(size.width, 0), cv::Point2d(size.width, size.height),
                  cv::Point2d(0, size.height)};
        quad.area = double(size.area());
    }
    for (const auto &p : quad.p)
        r.corners << QPointF(p.x, p.y);
    r.pageAreaFraction = quad.area / (detectScale * detectScale) / double(size.area());
    if (!r.pageFound)
        r.pageAreaFraction = 1.0;

    const double widthMean = (dist(quad.p[0], quad.p[1]) + dist(quad.p[3], quad.p[2])) / 2;
    const double heightMean = (dist(quad.p[0], quad.p[3]) + dist(quad.p[1], quad.p[2])) / 2;
    r.pageLongSidePx = std::max(widthMean, heightMean);
    double aspect = r.pageFound ? 1.0 / trueWidthOverHeight(quad, size, options.focalLengthPx)
                                : heightMean / std::max(1.0, widthMean);
    if (r.pageFound) {
        if (std::abs(aspect - kIsoAspect) / kIsoAspect < kSnapTolerance)
            aspect = kIsoAspect, r.paper = QStringLiteral("A-series");
        else if (std::abs(1 / aspect - kIsoAspect) / kIsoAspect < kSnapTolerance)
            aspect = 1 / kIsoAspect, r.paper = QStringLiteral("A-series");
    }
    r.aspect = aspect;

    // Output size: the captured resolution (or the scan's, rescaled to the output dpi), capped to keep pages compact.
    double longSide = r.pageLongSidePx;
    if (options.sourceDpi > 0)
        longSide *= double(options.outputDpi) / options.sourceDpi;
    longSide = std::min<double>(longSide, options.maxLongSide);
    const bool portrait = aspect >= 1.0;
    const int outW = std::max(16, int(std::lround(portrait ? longSide / aspect : longSide)));
    const int outH = std::max(16, int(std::lround(portrait ? longSide : longSide * aspect)));

    cv::Mat page;
    if (r.pageFound) {
        const cv::Point2f src[4] = {quad.p[0], quad.p[1], quad.p[2], quad.p[3]};
        const cv::Point2f dst[4] = {
            {0, 0}, {float(outW - 1), 0}, {float(outW - 1), float(outH - 1)}, {0, float(outH - 1)}};
        cv::warpPerspective(gray, page, cv::getPerspectiveTransform(src, dst), cv::Size(outW, outH), cv::INTER_LINEAR,
                            cv::BORDER_REPLICATE);
    } else if (outW != size.width || outH != size.height) {
        cv::resize(gray, page, cv::Size(outW, outH), 0, 0, outW < size.width ? cv::INTER_AREA : cv::INTER_LINEAR);
    } else {
        page = gray;
    }
    page = flattenLighting(page);

    if (options.deskew) {
        const double skew = skewOf(page);
        if (std::abs(skew) >= 0.2) {
            r.skewDegrees = skew;
            // Positive angles turn counter-clockwise on screen: lines rising to the right need a clockwise turn.
            const cv::Mat rot = cv::getRotationMatrix2D(cv::Point2f(page.cols / 2.0f, page.rows / 2.0f), -skew, 1.0);
            cv::Mat level;
            cv::warpAffine(page, level, rot, page.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT, cv::Scalar(255));
            page = level;
        }
    }
    if (options.binarise) {
        const int block = (std::max(15, options.outputDpi / 8)) | 1;
        cv::adaptiveThreshold(page, page, 255, cv::ADAPTIVE_THRESH_MEAN_C, cv::THRESH_BINARY, block, 12);
    }
    r.page = toGrayImage(page);
    setDpi(&r.page, options.outputDpi);
    r.ms = timer.elapsed();
    qCDebug(lcRectify) << "page" << (r.pageFound ? "found" : "not found") << "out" << outW << "x" << outH << "skew"
                       << r.skewDegrees << "in" << r.ms << "ms";
    return r;
}

} // namespace kiosk::app
