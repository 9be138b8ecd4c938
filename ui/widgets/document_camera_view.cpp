// Live view of the document camera.
#include "ui/widgets/document_camera_view.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QVBoxLayout>

#include "app/materials/material_page.h"
#include "app/verification/face_engine.h" // wipeImage

namespace kiosk::ui {

PreviewCanvas::PreviewCanvas(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("cameraPreview"));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setMinimumHeight(360);
}

PreviewCanvas::~PreviewCanvas()
{
    app::wipeImage(frame_);
}

QSize PreviewCanvas::sizeHint() const
{
    return {640, 480};
}

void PreviewCanvas::setFrame(const QImage &frame, const QPolygonF &page, app::PageWatchState state, double progress)
{
    app::wipeImage(frame_);
    frame_ = frame;
    page_ = page;
    state_ = state;
    progress_ = progress;
    update();
}

void PreviewCanvas::clearFrame()
{
    app::wipeImage(frame_);
    page_.clear();
    update();
}

void PreviewCanvas::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), QColor(0x22, 0x22, 0x22));
    if (frame_.isNull())
        return;
    const QSize fit = frame_.size().scaled(size(), Qt::KeepAspectRatio);
    const QRectF target(QPointF((width() - fit.width()) / 2.0, (height() - fit.height()) / 2.0), fit);
    p.setRenderHint(QPainter::SmoothPixmapTransform);
    p.drawImage(target, frame_);
    if (page_.size() == 4) {
        const double sx = target.width() / frame_.width(), sy = target.height() / frame_.height();
        QPolygonF outline;
        for (const QPointF &c : page_)
            outline << QPointF(target.left() + c.x() * sx, target.top() + c.y() * sy);
        const bool steady = state_ == app::PageWatchState::Holding || state_ == app::PageWatchState::Capture;
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(QPen(steady ? QColor(0x2e, 0xa0, 0x4f) : QColor(0xf0, 0xa0, 0x20), 5));
        p.drawPolygon(outline);
        if (steady && progress_ > 0) {
            const QRectF ring(outline.boundingRect().center() - QPointF(36, 36), QSizeF(72, 72));
            p.setPen(QPen(QColor(0x2e, 0xa0, 0x4f), 9, Qt::SolidLine, Qt::RoundCap));
            p.drawArc(ring, 90 * 16, -int(360 * 16 * progress_));
        }
    }
}

DocumentCameraView::DocumentCameraView(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("documentCameraView"));
    auto *lay = new QVBoxLayout(this);
    lay->setContentsMargins(0, 0, 0, 0);
    lay->setSpacing(12);
    material_ = new QLabel(this);
    material_->setTextFormat(Qt::PlainText);
    material_->setObjectName(QStringLiteral("cameraMaterial"));
    material_->setProperty("role", QStringLiteral("fieldLabel"));
    material_->setWordWrap(true);
    canvas_ = new PreviewCanvas(this);
    guidance_ = new QLabel(this);
    guidance_->setTextFormat(Qt::PlainText);
    guidance_->setObjectName(QStringLiteral("cameraGuidance"));
    guidance_->setProperty("role", QStringLiteral("status"));
    guidance_->setWordWrap(true);
    capture_ = new QPushButton(this);
    capture_->setObjectName(QStringLiteral("cameraCapture"));
    capture_->setFocusPolicy(Qt::NoFocus);
    done_ = new QPushButton(this);
    done_->setObjectName(QStringLiteral("cameraDone"));
    done_->setProperty("role", QStringLiteral("secondary"));
    done_->setFocusPolicy(Qt::NoFocus);
    connect(capture_, &QPushButton::clicked, this, &DocumentCameraView::captureRequested);
    connect(done_, &QPushButton::clicked, this, &DocumentCameraView::doneRequested);
    auto *buttons = new QHBoxLayout;
    buttons->setSpacing(12);
    buttons->addWidget(capture_);
    buttons->addWidget(done_);
    buttons->addStretch(1);
    lay->addWidget(material_);
    lay->addWidget(canvas_);
    lay->addWidget(guidance_);
    lay->addLayout(buttons);
    retranslate();
}

void DocumentCameraView::showFrame(const QImage &frame, const QPolygonF &page, app::PageWatchState state,
                                   double progress)
{
    canvas_->setFrame(frame, page, state, progress);
    const bool changed = state != state_ || !anyFrame_;
    state_ = state;
    anyFrame_ = true;
    if (changed) {
        guidance_->setText(guidance());
        if (state == app::PageWatchState::NoPage || state == app::PageWatchState::CutOff ||
            state == app::PageWatchState::TooSmall)
            emit guidanceChanged(guidance_->text());
    }
}

void DocumentCameraView::setMaterialName(const QString &name)
{
    materialName_ = name;
    material_->setText(tr("正在拍摄：%1").arg(name));
}

void DocumentCameraView::clear()
{
    canvas_->clearFrame();
    anyFrame_ = false;
    state_ = app::PageWatchState::NoPage;
    guidance_->setText(guidance());
}

QString DocumentCameraView::guidance() const
{
    if (!anyFrame_)
        return tr("正在打开高拍仪……");
    switch (state_) {
    case app::PageWatchState::NoPage: return tr("请把材料平放在高拍仪下方的拍摄区内。");
    case app::PageWatchState::CutOff: return tr("材料有一部分在画面外，请移到拍摄区中间。");
    case app::PageWatchState::TooSmall: return tr("材料在画面中太小，请放在拍摄区中央并展开放平。");
    case app::PageWatchState::Moving: return tr("找到材料了，请保持不动。");
    case app::PageWatchState::Holding: return tr("请保持不动，即将自动拍摄……");
    case app::PageWatchState::Capture: return tr("正在拍摄……");
    case app::PageWatchState::Taken: return tr("这一页已拍好。还有下一页请换上；拍完请按“拍完了”。");
    }
    return {};
}

void DocumentCameraView::retranslate()
{
    capture_->setText(tr("立即拍照"));
    capture_->setAccessibleName(tr("立即拍照"));
    done_->setText(tr("拍完了"));
    done_->setAccessibleName(tr("拍完了，关闭高拍仪"));
    guidance_->setText(guidance());
    if (!materialName_.isEmpty())
        material_->setText(tr("正在拍摄：%1").arg(materialName_));
}

} // namespace kiosk::ui
