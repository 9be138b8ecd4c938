// CounterPanel: picture, hotline and the staff-help button, centred.
#include "ui/screens/shell/counter_panel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include "ui/screens/screen.h"
#include "ui/widgets/kiosk_icon.h"

namespace kiosk::ui {

IconView *makeCounterPicture(const QString &name, QWidget *parent)
{
    auto *picture = new IconView(name, parent);
    picture->setObjectName(QStringLiteral("counterPicture"));
    picture->setIconPx(220);
    return picture;
}

CounterPanel::CounterPanel(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("counterPanel"));
    auto *lay = new QVBoxLayout(this);
    lay->setContentsMargins(0, 0, 0, 0);
    lay->setSpacing(24);
    hotlineCaption_ = makeBodyLabel(this);
    hotlineCaption_->setAlignment(Qt::AlignCenter);
    lay->addWidget(hotlineCaption_);
    auto *row = new QHBoxLayout;
    row->setSpacing(16);
    hotlineIcon_ = new IconView(QStringLiteral("hotline"), this);
    hotlineIcon_->setObjectName(QStringLiteral("hotlineIcon"));
    hotlineIcon_->setIconPx(72);
    hotline_ = new QLabel(this);
    hotline_->setTextFormat(Qt::PlainText);
    hotline_->setProperty("role", QStringLiteral("hotline"));
    row->addStretch(1);
    row->addWidget(hotlineIcon_, 0, Qt::AlignVCenter);
    row->addWidget(hotline_, 0, Qt::AlignVCenter);
    row->addStretch(1);
    lay->addLayout(row);

    staff_ = makeKioskButton(this, "staffHelpButton", QStringLiteral("secondary"));
    setButtonIcon(staff_, QStringLiteral("staff"));
    staff_->setMinimumWidth(420);
    lay->addWidget(staff_, 0, Qt::AlignHCenter);
    staffText_ = makeBodyLabel(this);
    staffText_->setObjectName(QStringLiteral("staffHelpText"));
    staffText_->setProperty("role", QStringLiteral("status"));
    staffText_->setAlignment(Qt::AlignCenter);
    staffText_->hide();
    lay->addWidget(staffText_);
    connect(staff_, &QPushButton::clicked, this, [this] {
        staffText_->show();
        emit speak(staffText_->text());
    });
}

void CounterPanel::retranslate(const QString &hotline, const QString &staffHelp)
{
    hotlineCaption_->setText(tr("政务服务便民热线"));
    hotline_->setText(hotline);
    hotline_->setAccessibleName(tr("政务服务便民热线 %1").arg(hotline));
    staff_->setText(tr("找工作人员帮忙"));
    staff_->setAccessibleName(tr("找工作人员帮忙"));
    staffText_->setText(staffHelp.isEmpty() ? tr("请到服务中心咨询台或人工窗口，工作人员会为您帮办代办。") : staffHelp);
}

QString CounterPanel::staffText() const
{
    return staffText_->text();
}

} // namespace kiosk::ui
