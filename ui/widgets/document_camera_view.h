// The document camera's live view on the materials screen: the newest analysed frame (downscaled by CaptureService,
// never larger than the view needs), the page outline found in it, a hold-still progress ring, guidance in words,
// and the manual capture button as the fallback to automatic capture. Every frame it held is wiped when replaced
// or when the view goes.
#pragma once

#include <QImage>
#include <QPolygonF>
#include <QWidget>

#include "app/materials/page_watch.h"

class QLabel;
class QPushButton;

namespace kiosk::ui {

class PreviewCanvas : public QWidget
{
    Q_OBJECT
public:
    explicit PreviewCanvas(QWidget *parent = nullptr);
    ~PreviewCanvas() override;
    void setFrame(const QImage &frame, const QPolygonF &page, app::PageWatchState state, double progress);
    void clearFrame();
    bool hasFrame() const { return !frame_.isNull(); }
    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QImage frame_;
    QPolygonF page_;
    app::PageWatchState state_ = app::PageWatchState::NoPage;
    double progress_ = 0;
};

class DocumentCameraView : public QWidget
{
    Q_OBJECT
public:
    explicit DocumentCameraView(QWidget *parent = nullptr);

    void showFrame(const QImage &frame, const QPolygonF &page, app::PageWatchState state, double progress);
    void clear();
    // Which material is being photographed, in the citizen's language.
    void setMaterialName(const QString &name);
    app::PageWatchState state() const { return state_; }
    QString guidance() const;
    // Retranslates the texts (the screen calls it from its retranslateUi).
    void retranslate();

signals:
    void captureRequested(); // the manual fallback
    void doneRequested();
    // Guidance worth saying aloud changed (the page is cut off, too small, or not found).
    void guidanceChanged(const QString &text);

private:
    QLabel *material_;
    PreviewCanvas *canvas_;
    QLabel *guidance_;
    QPushButton *capture_;
    QPushButton *done_;
    app::PageWatchState state_ = app::PageWatchState::NoPage;
    bool anyFrame_ = false;
    QString materialName_;
};

} // namespace kiosk::ui
