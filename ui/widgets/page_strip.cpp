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
                     bool canRetake, QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("pages_") + materialId);
    auto *grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(16);
    grid->setVerticalSpacing(16);
    constexpr int kColumns = 2;
    for (int i = 0; i < pages.size(); ++i) {
        auto *cell = new QWidget(this);
        auto *row = new QHBoxLayout(cell);
        row->setContentsMargins(0, 0, 0, 0);
        row->setSpacing(12);
        auto *thumb = new PageThumbnail(thumbnailBound(), cell);
        thumb->setObjectName(QStringLiteral("thumb_%1_%2").arg(materialId).arg(i));
        thumb->load(pages.at(i));
        auto *column = new QVBoxLayout;
        column->setSpacing(8);
        auto *label = new QLabel(tr("第 %1 页").arg(i + 1), cell);
        label->setProperty("role", QStringLiteral("fieldLabel"));
        column->addWidget(label);
        const QString pageName = tr("%1 第 %2 页").arg(materialName).arg(i + 1);
        auto add = [&](const QString &obj, const QString &text, void (PageStrip::*signal)(int)) {
            auto *b = new QPushButton(text, cell);
            b->setObjectName(QStringLiteral("%1_%2_%3").arg(obj, materialId).arg(i));
            b->setProperty("role", QStringLiteral("secondary"));
            b->setFocusPolicy(Qt::NoFocus);
            b->setAccessibleName(pageName + QStringLiteral(": ") + text);
            connect(b, &QPushButton::clicked, this, [this, signal, i] { emit(this->*signal)(i); });
            column->addWidget(b);
        };
        add(QStringLiteral("rotatePage"), tr("旋转"), &PageStrip::rotateRequested);
        if (canRetake)
            add(QStringLiteral("retakePage"), tr("重拍"), &PageStrip::retakeRequested);
        add(QStringLiteral("deletePage"), tr("删除"), &PageStrip::deleteRequested);
        column->addStretch(1);
        row->addWidget(thumb, 0, Qt::AlignTop);
        row->addLayout(column, 1);
        grid->addWidget(cell, i / kColumns, i % kColumns);
    }
    for (int c = 0; c < kColumns; ++c)
        grid->setColumnStretch(c, 1);
}

} // namespace kiosk::ui
