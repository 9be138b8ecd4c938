// Icons are SVG in resources (":/icons/<name>.svg") drawn with the stroke colour #1F1F1F, which is replaced by the
// colour asked for before Qt SVG renders them; the source of each colour's renderer is kept, icons are few.
#include "ui/widgets/kiosk_icon.h"

#include <QAbstractButton>
#include <QEvent>
#include <QFile>
#include <QHash>
#include <QIconEngine>
#include <QPainter>
#include <QSvgRenderer>

namespace kiosk::ui {

namespace {

const QByteArray kInk = QByteArrayLiteral("#1F1F1F");

QByteArray svgSource(const QString &name)
{
    static QHash<QString, QByteArray> cache;
    auto it = cache.constFind(name);
    if (it != cache.constEnd())
        return *it;
    QFile f(QStringLiteral(":/icons/%1.svg").arg(name));
    const QByteArray svg = f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    cache.insert(name, svg);
    return svg;
}

void renderIcon(QPainter *painter, const QRectF &rect, const QString &name, const QColor &color)
{
    QByteArray svg = svgSource(name);
    if (svg.isEmpty())
        return;
    svg.replace(kInk, color.name(QColor::HexRgb).toLatin1());
    QSvgRenderer renderer(svg);
    const qreal side = std::min(rect.width(), rect.height());
    renderer.render(painter, QRectF(rect.center().x() - side / 2, rect.center().y() - side / 2, side, side));
}

class ColouredIconEngine : public QIconEngine
{
public:
    ColouredIconEngine(const QString &name, const QColor &color) : name_(name), color_(color) {}
    void paint(QPainter *painter, const QRect &rect, QIcon::Mode mode, QIcon::State) override
    {
        QColor c = color_;
        if (mode == QIcon::Disabled)
            c.setAlphaF(0.55);
        renderIcon(painter, rect, name_, c);
    }
    QPixmap pixmap(const QSize &size, QIcon::Mode mode, QIcon::State state) override
    {
        QPixmap pm(size);
        pm.fill(Qt::transparent);
        QPainter p(&pm);
        p.setRenderHint(QPainter::Antialiasing);
        paint(&p, QRect(QPoint(0, 0), size), mode, state);
        return pm;
    }
    QIconEngine *clone() const override { return new ColouredIconEngine(name_, color_); }

private:
    QString name_;
    QColor color_;
};

// Lives on the button: re-renders its icon when the style sheet gives it a new palette or font.
class ButtonIconFollower : public QObject
{
public:
    ButtonIconFollower(QAbstractButton *button, const QString &name) : QObject(button), button_(button), name_(name)
    {
        setObjectName(QStringLiteral("kioskIconFollower"));
        button->installEventFilter(this);
        refresh();
    }
    void setName(const QString &name)
    {
        name_ = name;
        refresh();
    }
    void refresh()
    {
        button_->setIcon(kioskIcon(name_, button_->palette().color(QPalette::ButtonText)));
        const int px = button_->fontMetrics().height() * 5 / 4;
        button_->setIconSize(QSize(px, px));
    }
    bool eventFilter(QObject *, QEvent *event) override
    {
        if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange ||
            event->type() == QEvent::StyleChange)
            refresh();
        return false;
    }

private:
    QAbstractButton *button_;
    QString name_;
};

} // namespace

void setButtonIcon(QAbstractButton *button, const QString &name)
{
    auto *follower = static_cast<ButtonIconFollower *>(
        button->findChild<QObject *>(QStringLiteral("kioskIconFollower"), Qt::FindDirectChildrenOnly));
    if (name.isEmpty()) {
        delete follower;
        button->setIcon(QIcon());
        return;
    }
    if (follower)
        follower->setName(name);
    else
        new ButtonIconFollower(button, name);
}

bool hasKioskIcon(const QString &name)
{
    return !svgSource(name).isEmpty();
}

QPixmap kioskIconPixmap(const QString &name, int px, const QColor &color, qreal dpr)
{
    if (!hasKioskIcon(name))
        return {};
    QPixmap pm(QSize(px, px) * dpr);
    pm.setDevicePixelRatio(dpr);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    renderIcon(&p, QRectF(0, 0, px, px), name, color);
    return pm;
}

QIcon kioskIcon(const QString &name, const QColor &color)
{
    return hasKioskIcon(name) ? QIcon(new ColouredIconEngine(name, color)) : QIcon();
}

IconView::IconView(const QString &name, QWidget *parent) : QWidget(parent), name_(name)
{
    setObjectName(QStringLiteral("iconView"));
    setAttribute(Qt::WA_TransparentForMouseEvents); // a tap on the picture is a tap on what it sits on
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
}

void IconView::setIconName(const QString &name)
{
    name_ = name;
    update();
}

void IconView::setIconPx(int px)
{
    if (px == px_)
        return;
    px_ = px;
    updateGeometry();
    update();
}

void IconView::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    renderIcon(&p, QRectF(rect()), name_, palette().color(foregroundRole()));
}

} // namespace kiosk::ui
