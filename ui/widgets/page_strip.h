// The captured pages of one material on the materials screen: a small thumbnail of each page (decoded at thumbnail
// size off the GUI thread, never the full page) with rotate, retake and delete. Thumbnails are wiped when the strip
// goes.
#pragma once

#include <QImage>
#include <QList>
#include <QWidget>

#include "app/materials/material_page.h"

namespace kiosk::ui {

class PageThumbnail : public QWidget
{
    Q_OBJECT
public:
    explicit PageThumbnail(const QSize &bound, QWidget *parent = nullptr);
    ~PageThumbnail() override;
    // Decodes `page` at thumbnail size on a worker thread; shows it when done.
    void load(const app::MaterialPage &page);
    bool isLoaded() const { return !image_.isNull(); }
    QSize sizeHint() const override { return bound_; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QSize bound_;
    QImage image_;
};

class PageStrip : public QWidget
{
    Q_OBJECT
public:
    // How the pages are laid out: two pages side by side with their buttons stacked beside each thumbnail
    // (standard type), or one page per row with its buttons side by side (care mode's large type and targets, where
    // three stacked buttons would make every page taller than the screen can spare).
    enum class Layout { TwoColumns, OnePerRow };
    // `materialName` in the citizen's language (for accessible names); `canRetake` when a capture device is there.
    PageStrip(const QString &materialId, const QString &materialName, const QList<app::MaterialPage> &pages,
              bool canRetake, Layout layout = Layout::TwoColumns, QWidget *parent = nullptr);
    static QSize thumbnailBound() { return {120, 170}; }

signals:
    void rotateRequested(int index);
    void retakeRequested(int index);
    void deleteRequested(int index);
};

} // namespace kiosk::ui
