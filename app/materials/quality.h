// Page quality checks that tell the citizen to retake a capture (blur, glare, page cut off, too dark, too small,
// blank), each as a typed result with a stable message key and an English and Chinese text for the UI.
#pragma once

#include <QImage>
#include <QList>
#include <QString>

#include "app/materials/rectifier.h"

namespace kiosk::app {

enum class QualityIssue {
    Blurry,
    Glare,
    NotFullyInView, // part of the page is outside the picture, or no page edge could be found in a photo
    TooDark,
    TooSmall, // the page is too far away: too few pixels to read
    Blank,    // nothing printed or written on it
};

struct QualityFinding {
    QualityIssue issue = QualityIssue::Blurry;
    bool blocking = true; // the page cannot be used as it is (retake); otherwise a warning the citizen may accept
    double measured = 0;  // the metric behind the finding, for logs and tuning
    double limit = 0;
};

struct QualityReport {
    QList<QualityFinding> findings;
    // The metrics, measured whether or not they crossed a limit (for technicians and the tests' figures).
    double sharpness = 0;     // ~ 1 / (edge blur sigma in px at the output dpi); larger is sharper
    double glareFraction = 0; // share of the page in saturated highlights
    double meanLuminance = 0; // 0..255 of the page as captured
    double inkFraction = 0;   // share of the rectified page that is printing
    double effectiveDpi = 0;  // resolution of the page as captured (estimated from its size when not known)

    bool acceptable() const; // no blocking finding
    bool has(QualityIssue issue) const;
};

struct QualityLimits {
    double minSharpness = 0.18; // edges blurred to sigma ~2 px at the page's resolution make small print hard to read
    double maxGlareFraction = 0.004; // saturated blobs on otherwise unsaturated paper
    double minMeanLuminance = 70;
    double minEffectiveDpi = 110;
    double minPageAreaFraction = 0.12; // of the picture, for photos
    double minInkFraction = 0.002;
    // Physical long side assumed for a photographed page of unknown size (mm): A5, the size of most certificates and
    // register pages; an A4 page then needs ~1.4x the pixels, which its larger type tolerates.
    double assumedLongSideMm = 210;
};

// Judges one capture: `capture` as the camera or scanner gave it, `rectified` what rectifyDocument made of it.
// `sourceDpi` is the scan resolution when known (0 for photos).
QualityReport assessQuality(const QImage &capture, const RectifyResult &rectified, int sourceDpi = 0,
                            const QualityLimits &limits = {});

// Stable names and message keys: "blurry", "materials.quality.blurry".
QString toString(QualityIssue issue);
QString messageKey(QualityIssue issue);

// Guidance to retake, for the UI to show or speak. language: zh_CN, zh_HK or en (others fall back to zh_CN).
struct QualityMessage {
    QualityIssue issue;
    const char *key;
    const char *en;
    const char *zhCN; // UTF-8
    const char *zhHK; // UTF-8
};
inline constexpr QualityMessage kQualityMessages[] = {
    {QualityIssue::Blurry, "materials.quality.blurry", "The picture is blurred. Hold the document still and retake it.",
     "图像模糊，请放平材料、保持不动后重新拍摄。", "圖像模糊，請放平材料、保持不動後重新拍攝。"},
    {QualityIssue::Glare, "materials.quality.glare",
     "There is glare on the page. Tilt it slightly or move it away from the light and retake it.",
     "页面有反光，请稍微倾斜材料或避开强光后重新拍摄。", "頁面有反光，請稍微傾斜材料或避開強光後重新拍攝。"},
    {QualityIssue::NotFullyInView, "materials.quality.not_fully_in_view",
     "Part of the page is outside the frame. Place the whole page inside the frame and retake it.",
     "材料未完整拍入，请将整页放入拍摄框内后重新拍摄。", "材料未完整拍入，請將整頁放入拍攝框內後重新拍攝。"},
    {QualityIssue::TooDark, "materials.quality.too_dark", "The picture is too dark. Turn the light on or retake it.",
     "图像太暗，请开启补光灯后重新拍摄。", "圖像太暗，請開啟補光燈後重新拍攝。"},
    {QualityIssue::TooSmall, "materials.quality.too_small",
     "The page is too small in the picture. Move it closer to the camera and retake it.",
     "材料在画面中太小，请将材料放近后重新拍摄。", "材料在畫面中太小，請將材料放近後重新拍攝。"},
    {QualityIssue::Blank, "materials.quality.blank",
     "The page looks blank. Check that the printed side faces the camera.",
     "页面似乎是空白的，请确认有内容的一面朝上。", "頁面似乎是空白的，請確認有內容的一面朝上。"},
};
QString qualityMessage(QualityIssue issue, const QString &language);

} // namespace kiosk::app
