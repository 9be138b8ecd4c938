// Signature pad drawing.
#include "ui/widgets/signature_pad.h"

#include <QBuffer>
#include <QMouseEvent>
#include <QPainter>

#include <cmath>

namespace kiosk::ui {

SignaturePad::SignaturePad(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("signaturePad"));
    setMinimumHeight(260);
    setAttribute(Qt::WA_AcceptTouchEvents, false); // touch arrives as synthesised mouse events on the kiosk panel
    setAttribute(Qt::WA_StyledBackground, true);
}

SignaturePad::~SignaturePad()
{
    ink_.fill(Qt::white); // the signature leaves no trace in freed memory
}

void SignaturePad::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    if (ink_.size() == size())
        return;
    QImage bigger(size().expandedTo(ink_.size()), QImage::Format_Grayscale8);
    bigger.fill(Qt::white);
    QPainter p(&bigger);
    p.drawImage(0, 0, ink_);
    p.end();
    ink_.fill(Qt::white);
    ink_ = bigger;
}

void SignaturePad::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), Qt::white);
    p.drawImage(0, 0, ink_);
    QPen frame(QColor(0x55, 0x55, 0x55), 2, Qt::DashLine);
    p.setPen(frame);
    p.drawRect(rect().adjusted(1, 1, -2, -2));
    const int baseline = height() * 3 / 4;
    p.setPen(QPen(QColor(0x99, 0x99, 0x99), 1));
    p.drawLine(24, baseline, width() - 24, baseline);
}

void SignaturePad::lineTo(const QPointF &pt)
{
    if (ink_.isNull() || ink_.size() != size().expandedTo(ink_.size()))
        resizeEvent(nullptr);
    QPainter p(&ink_);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(QPen(Qt::black, 5, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    p.drawLine(last_, pt);
    inkLength_ += std::hypot(pt.x() - last_.x(), pt.y() - last_.y());
    last_ = pt;
}

void SignaturePad::addStroke(const QList<QPointF> &points)
{
    if (points.isEmpty())
        return;
    if (ink_.isNull()) {
        ink_ = QImage(size().expandedTo(QSize(600, 260)), QImage::Format_Grayscale8);
        ink_.fill(Qt::white);
    }
    last_ = points.first();
    for (const QPointF &pt : points)
        lineTo(pt);
    update();
    emit changed();
}

void SignaturePad::mousePressEvent(QMouseEvent *event)
{
    drawing_ = true;
    last_ = event->position();
    lineTo(event->position() + QPointF(0.5, 0.5)); // a dot
    update();
}

void SignaturePad::mouseMoveEvent(QMouseEvent *event)
{
    if (!drawing_)
        return;
    lineTo(event->position());
    update();
}

void SignaturePad::mouseReleaseEvent(QMouseEvent *)
{
    if (drawing_)
        emit changed();
    drawing_ = false;
}

QByteArray SignaturePad::toPng() const
{
    QByteArray out;
    if (!isSigned())
        return out;
    QBuffer buffer(&out);
    buffer.open(QIODevice::WriteOnly);
    ink_.save(&buffer, "PNG");
    return out;
}

void SignaturePad::clear()
{
    ink_.fill(Qt::white);
    inkLength_ = 0;
    update();
    emit changed();
}

} // namespace kiosk::ui
