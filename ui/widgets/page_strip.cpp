// Page thumbnails with per-page edits.
#include "ui/widgets/page_strip.h"

#include <QGridLayout>
#include <QLabel>
#include <QPainter>
#include <QPointer>
#include <QPushButton>
#include <QThreadPool>
#include <QVBoxLayout>

#include "app/verification/face_engine.h" // wipeImage

namespace kiosk::ui {

PageThumbnail::PageThumbnail(const QSize &bound, QWidget *parent) : QWidget(parent), bound_(bound)
{
    setFixedSize(bound_);
}

PageThumbnail::~PageThumbnail()
{
    app::wipeImage(image_);
}

void PageThumbnail::load(const app::MaterialPage &page)
{
    QPointer<PageThumbnail> self(this);
    const QSize bound = bound_;
    QThreadPool::globalInstance()->start([self, page, bound] {
        QImage thumb = app::decodePageThumbnail(page, bound);
        if (!self) {
            app::wipeImage(thumb);
            return;
        }
        QMetaObject::invokeMethod(
            self.data(),
            [self, thumb]() mutable {
                if (!self) {
                    app::wipeImage(thumb);
                    return;
                }
                app::wipeImage(self->image_);
                self->image_ = thumb;
                self->update();
            },
            Qt::QueuedConnection);
    });
}

void PageThumbnail::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), QColor(0xee, 0xee, 0xee));
    if (!image_.isNull()) {
        const QSize fit = image_.size().scaled(size(), Qt::KeepAspectRatio);
        p.drawImage(QRect(QPoint((width() - fit.width()) / 2, (height() - fit.height()) / 2), fit), image_);
    }
    p.setPen(QPen(QColor(0x88, 0x88, 0x88), 1));
    p.drawRect(rect().adjusted(0, 0, -1, -1));
}

PageStrip::PageStrip(const QString &materialId, const QString &materialName, const QList<app::MaterialPage> &pages,
                     bool canRetake, Layout layout, QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("pages_") + materialId);
    setProperty("layout", layout == Layout::OnePerRow ? QStringLiteral("one_per_row") : QStringLiteral("two_columns"));
    auto *grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(16);
    grid->setVerticalSpacing(layout == Layout::OnePerRow ? 20 : 16);
    const int columns = layout == Layout::OnePerRow ? 1 : 2;
    for (int i = 0; i < pages.size(); ++i) {
        auto *cell = new QWidget(this);
        cell->setObjectName(QStringLiteral("page_%1_%2").arg(materialId).arg(i));
        auto *row = new QHBoxLayout(cell);
        row->setContentsMargins(0, 0, 0, 0);
        row->setSpacing(layout == Layout::OnePerRow ? 20 : 12);
        auto *thumb = new PageThumbnail(thumbnailBound(), cell);
        thumb->setObjectName(QStringLiteral("thumb_%1_%2").arg(materialId).arg(i));
        thumb->load(pages.at(i));
        auto *column = new QVBoxLayout;
        column->setSpacing(layout == Layout::OnePerRow ? 12 : 8);
        auto *label = new QLabel(tr("第 %1 页").arg(i + 1), cell);
        label->setTextFormat(Qt::PlainText);
        label->setProperty("role", QStringLiteral("fieldLabel"));
        column->addWidget(label);
        // Stacked beside the thumbnail, or side by side under the page's label.
        QBoxLayout *buttons = column;
        if (layout == Layout::OnePerRow) {
            auto *line = new QHBoxLayout;
            line->setSpacing(12);
            column->addLayout(line);
            buttons = line;
        }
        const QString pageName = tr("%1 第 %2 页").arg(materialName).arg(i + 1);
        auto add = [&](const QString &obj, const QString &text, void (PageStrip::*signal)(int)) {
            auto *b = new QPushButton(text, cell);
            b->setObjectName(QStringLiteral("%1_%2_%3").arg(obj, materialId).arg(i));
            b->setProperty("role", QStringLiteral("secondary"));
            b->setFocusPolicy(Qt::NoFocus);
            b->setAccessibleName(pageName + QStringLiteral(": ") + text);
            connect(b, &QPushButton::clicked, this, [this, signal, i] { emit(this->*signal)(i); });
            buttons->addWidget(b, 1);
        };
        add(QStringLiteral("rotatePage"), tr("旋转"), &PageStrip::rotateRequested);
        if (canRetake)
            add(QStringLiteral("retakePage"), tr("重拍"), &PageStrip::retakeRequested);
        add(QStringLiteral("deletePage"), tr("删除"), &PageStrip::deleteRequested);
        column->addStretch(1);
        row->addWidget(thumb, 0, Qt::AlignTop);
        row->addLayout(column, 1);
        grid->addWidget(cell, i / columns, i % columns);
    }
    for (int c = 0; c < columns; ++c)
        grid->setColumnStretch(c, 1);
}

} // namespace kiosk::ui
