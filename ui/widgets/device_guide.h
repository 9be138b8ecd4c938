// Illustrated device guidance (issue 18): a drawing of the kiosk's front with the device the citizen needs now picked
// out (the ID-card reader, the QR scanner, the receipt and A4 slots, the scanner, the document camera, the face
// camera) where this kiosk has it (ScreenContext::devicePlaces, from [ui] device_places), and a short animation of
// what to do: the card slides onto the reader and stays, the phone comes to the scanner, the receipt comes out. The
// animation plays twice (about 3 s) and stops on its last, still frame; it never takes a touch (the picture is
// transparent for input) and starts again only when asked (the screen's "repeat").
#pragma once

#include <QHash>
#include <QString>
#include <QWidget>

class QVariantAnimation;

namespace kiosk::ui {

class DeviceGuide : public QWidget
{
    Q_OBJECT
public:
    // `device`: the drivers' kind ("idcard_reader", "code_scanner", "receipt_printer", "document_printer",
    // "document_scanner", "document_camera", "face_camera"); `places`: kind -> place.
    DeviceGuide(const QString &device, const QHash<QString, QString> &places, QWidget *parent = nullptr);
    QString device() const { return device_; }
    QString place() const; // where the device is: top, left, right, below_left, below_centre, below_right
    // "右下方" etc.: the place in words for the sentence the screen says and speaks.
    static QString placeWords(const QString &place);
    void setScale(qreal scale); // 1 standard, larger in care mode
    void replay();              // plays the animation again from the start
    bool animating() const;
    qreal progress() const { return progress_; } // 0..1 through one play; 1 = the still frame
    QSize sizeHint() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    QRectF slotRect(const QRectF &body, const QRectF &screen) const;
    QString device_;
    QHash<QString, QString> places_;
    qreal scale_ = 1.0;
    qreal progress_ = 1.0;
    QVariantAnimation *animation_;
};

} // namespace kiosk::ui
