// A touch signature pad for 告知承诺: the citizen signs with a finger; strokes are drawn into an image in memory
// (never to disk) and handed out as PNG bytes to be sealed as a material.
#pragma once

#include <QImage>
#include <QWidget>

namespace kiosk::ui {

class SignaturePad : public QWidget
{
    Q_OBJECT
public:
    explicit SignaturePad(QWidget *parent = nullptr);
    ~SignaturePad() override;

    // Signed = enough ink to be a signature rather than a stray touch.
    bool isSigned() const { return inkLength_ >= kMinInkPx; }
    QByteArray toPng() const;
    void clear();
    // Draws a stroke through `points` (widget coordinates): what a finger does; also used by tests.
    void addStroke(const QList<QPointF> &points);

    static constexpr double kMinInkPx = 120;

signals:
    void changed();

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;

private:
    void lineTo(const QPointF &p);
    QImage ink_;
    QPointF last_;
    bool drawing_ = false;
    double inkLength_ = 0;
};

} // namespace kiosk::ui
