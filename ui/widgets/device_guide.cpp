// DeviceGuide: the kiosk drawn as a body with its screen, the device's place filled in the accent colour, and the
// thing in the citizen's hand (card, phone, page, receipt) drawn from the icon set and moved along a short path.
#include "ui/widgets/device_guide.h"

#include <QPainter>
#include <QPainterPath>
#include <QVariantAnimation>

#include "ui/widgets/kiosk_icon.h"

namespace kiosk::ui {

namespace {

QString defaultPlace(const QString &device)
{
    if (device == QLatin1String("face_camera"))
        return QStringLiteral("top");
    if (device == QLatin1String("code_scanner"))
        return QStringLiteral("below_left");
    if (device == QLatin1String("receipt_printer") || device == QLatin1String("document_printer"))
        return QStringLiteral("below_centre");
    if (device == QLatin1String("document_scanner"))
        return QStringLiteral("left");
    if (device == QLatin1String("document_camera"))
        return QStringLiteral("right");
    return QStringLiteral("below_right"); // the ID-card reader
}

// What the citizen holds for this device (an icon of resources/icons) and the device's own picture.
QString handIcon(const QString &device)
{
    if (device == QLatin1String("idcard_reader"))
        return QStringLiteral("idcard");
    if (device == QLatin1String("code_scanner"))
        return QStringLiteral("phone");
    if (device == QLatin1String("receipt_printer"))
        return QStringLiteral("receipt");
    if (device == QLatin1String("face_camera"))
        return QStringLiteral("face");
    return QStringLiteral("document");
}

bool comesOut(const QString &device)
{
    return device == QLatin1String("receipt_printer") || device == QLatin1String("document_printer");
}

} // namespace

DeviceGuide::DeviceGuide(const QString &device, const QHash<QString, QString> &places, QWidget *parent)
    : QWidget(parent), device_(device), places_(places)
{
    setObjectName(QStringLiteral("deviceGuide"));
    setAttribute(Qt::WA_TransparentForMouseEvents); // never takes a touch meant for the screen
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    animation_ = new QVariantAnimation(this);
    animation_->setStartValue(0.0);
    animation_->setEndValue(1.0);
    animation_->setDuration(1500);
    animation_->setLoopCount(2); // twice, then the still frame (progress 1)
    animation_->setEasingCurve(QEasingCurve::InOutQuad);
    connect(animation_, &QVariantAnimation::valueChanged, this, [this](const QVariant &v) {
        progress_ = v.toReal();
        update();
    });
    connect(animation_, &QVariantAnimation::finished, this, [this] {
        progress_ = 1.0;
        update();
    });
}

QString DeviceGuide::place() const
{
    const QString p = places_.value(device_);
    return p.isEmpty() ? defaultPlace(device_) : p;
}

QString DeviceGuide::placeWords(const QString &place)
{
    if (place == QLatin1String("top"))
        return tr("屏幕上方");
    if (place == QLatin1String("left"))
        return tr("屏幕左侧");
    if (place == QLatin1String("right"))
        return tr("屏幕右侧");
    if (place == QLatin1String("below_left"))
        return tr("屏幕左下方");
    if (place == QLatin1String("below_centre"))
        return tr("屏幕正下方");
    return tr("屏幕右下方");
}

void DeviceGuide::setScale(qreal scale)
{
    scale_ = scale;
    updateGeometry();
    update();
}

void DeviceGuide::replay()
{
    animation_->stop();
    progress_ = 0.0;
    animation_->start();
}

bool DeviceGuide::animating() const
{
    return animation_->state() == QAbstractAnimation::Running;
}

void DeviceGuide::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (animation_->state() != QAbstractAnimation::Running && progress_ >= 1.0 && !property("played").toBool()) {
        setProperty("played", true);
        replay();
    }
}

QSize DeviceGuide::sizeHint() const
{
    return QSize(int(520 * scale_), int(300 * scale_));
}

int DeviceGuide::heightForWidth(int width) const
{
    return std::min(int(300 * scale_), width * 300 / 520);
}

QRectF DeviceGuide::slotRect(const QRectF &body, const QRectF &screen) const
{
    const qreal u = body.width() / 10;
    const QString p = place();
    if (p == QLatin1String("top"))
        return QRectF(body.center().x() - u * 0.6, body.top() + u * 0.12, u * 1.2, u * 0.5);
    if (p == QLatin1String("left"))
        return QRectF(body.left() + u * 0.15, screen.center().y() - u, u * 0.9, u * 2);
    if (p == QLatin1String("right"))
        return QRectF(body.right() - u * 1.05, screen.center().y() - u, u * 0.9, u * 2);
    const qreal y = screen.bottom() + u * 0.45;
    const qreal w = u * 2.2;
    const qreal x = p == QLatin1String("below_left")     ? body.left() + u * 1.0
                    : p == QLatin1String("below_centre") ? body.center().x() - w / 2
                                                         : body.right() - u * 1.0 - w;
    return QRectF(x, y, w, u * 0.9);
}

void DeviceGuide::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QColor ink = palette().color(QPalette::WindowText);
    const QColor accent = palette().color(QPalette::Highlight);
    const QColor paper = palette().color(QPalette::Window);
    // The kiosk's front: a body with the screen in its upper part and a ledge with the devices below.
    const qreal h = std::min<qreal>(height() - 4, (width() - 4) * 300.0 / 520.0);
    const qreal w = h * 520.0 / 300.0 * 0.62;
    const QRectF body(width() / 2.0 - w / 2, 2, w, h);
    const qreal u = body.width() / 10;
    const QRectF screen(body.left() + u * 1.3, body.top() + u * 0.8, body.width() - u * 2.6, body.height() * 0.52);
    const qreal line = std::max<qreal>(3.0, 3.0 * scale_);
    p.setPen(QPen(ink, line));
    p.setBrush(paper);
    p.drawRoundedRect(body, u * 0.5, u * 0.5);
    p.setBrush(Qt::NoBrush);
    p.drawRoundedRect(screen, u * 0.2, u * 0.2);
    // The device's place, filled, with a thick outline.
    const QRectF slot = slotRect(body, screen);
    p.setPen(QPen(accent, line * 1.5));
    p.setBrush(accent);
    p.drawRoundedRect(slot, u * 0.15, u * 0.15);
    // The thing in hand, along its path: onto the device (card, phone, page), out of it (receipt, A4), or the face
    // camera's picture pulsing once.
    const qreal t = progress_;
    const qreal side = u * 2.4;
    QPointF at;
    if (device_ == QLatin1String("face_camera")) {
        at = QPointF(slot.center().x() - side / 2, screen.center().y() - side / 2);
    } else if (comesOut(device_)) {
        at = QPointF(slot.center().x() - side / 2, slot.bottom() - side * 0.2 + t * side * 0.55);
    } else {
        const QPointF rest(slot.center().x() - side / 2, slot.center().y() - side / 2);
        const QPointF from(rest.x() + (slot.center().x() < body.center().x() ? -side : side) * 0.8,
                           rest.y() - side * 1.1);
        at = from + (rest - from) * t;
    }
    const QPixmap hand = kioskIconPixmap(handIcon(device_), int(side), ink, devicePixelRatioF());
    p.setPen(Qt::NoPen);
    p.setBrush(paper); // the item stands out of the filled slot it lies on
    p.drawRoundedRect(QRectF(at, QSizeF(side, side)).adjusted(side * 0.06, side * 0.18, -side * 0.06, -side * 0.18),
                      u * 0.2, u * 0.2);
    p.drawPixmap(at, hand);
}

} // namespace kiosk::ui
