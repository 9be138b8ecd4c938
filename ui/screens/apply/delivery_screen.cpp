// The delivery step.
#include "ui/screens/apply/delivery_screen.h"

#include "ui/widgets/stepper_bar.h"

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "app/application/draft.h"
#include "app/application/form_rules.h"
#include "app/catalogue/service_item.h"
#include "app/receipts/receipt.h"

namespace kiosk::ui {

DeliveryScreen::DeliveryScreen(const ScreenContext &ctx, QWidget *parent)
    : ApplicationStep(QStringLiteral("delivery"), ctx, parent)
{
    auto *lay = new QVBoxLayout(this);
    lay->setContentsMargins(48, 32, 48, 32);
    lay->setSpacing(16);
    step_ = makeStepper();
    title_ = makeTitleLabel();
    lay->addWidget(step_);
    lay->addWidget(title_);
    if (const app::ServiceItem *it = item()) {
        for (const QString &m : it->delivery) {
            QPushButton *b = makeButton(qPrintable(QStringLiteral("delivery_") + m), QStringLiteral("secondary"));
            b->setCheckable(true);
            connect(b, &QPushButton::clicked, this, [this, m] { choose(m); });
            options_.insert(m, b);
            lay->addWidget(b);
        }
    }
    addressLabel_ = makeBodyLabel();
    address_ = new QLineEdit(this);
    address_->setObjectName(QStringLiteral("deliveryAddress"));
    address_->setProperty("kioskInput", QStringLiteral("text"));
    address_->setMaxLength(app::kMaxFieldChars);
    phoneLabel_ = makeBodyLabel();
    phone_ = new QLineEdit(this);
    phone_->setObjectName(QStringLiteral("deliveryPhone"));
    phone_->setProperty("kioskInput", QStringLiteral("digits"));
    phone_->setMaxLength(20);
    error_ = makeErrorLabel();
    next_ = makeButton("deliveryNext");
    setPrimaryAction(next_);
    lay->addWidget(addressLabel_);
    lay->addWidget(address_);
    lay->addWidget(phoneLabel_);
    lay->addWidget(phone_);
    lay->addWidget(error_);
    lay->addWidget(next_);
    lay->addStretch(1);
    if (app::Draft *d = draft(); d && d->isStarted()) {
        const app::DeliveryChoice shown = d->deliveryWithDefaults();
        address_->setText(shown.address);
        phone_->setText(shown.phone);
    }
    connect(next_, &QPushButton::clicked, this, [this] {
        app::Draft *d = draft();
        if (!d)
            return;
        const app::DeliveryChoice c = app::deliveryFromInput(d->delivery().method, phone_->text(), address_->text());
        QString problem;
        switch (app::checkDelivery(c)) {
        case app::DeliveryProblem::None: break;
        case app::DeliveryProblem::NoMethod: problem = tr("请选择一种领取方式。"); break;
        case app::DeliveryProblem::NoAddress: problem = tr("邮寄需要填写详细地址（省、市、区、街道、门牌号）。"); break;
        case app::DeliveryProblem::BadPhone: problem = tr("请输入11位手机号码，或带区号的固定电话。"); break;
        }
        error_->setText(problem);
        error_->setVisible(!problem.isEmpty());
        if (!problem.isEmpty())
            return;
        d->setDelivery(c);
        goNext();
    });
    finishSetup();
    if (app::Draft *d = draft(); d && d->isStarted())
        choose(d->delivery().method);
}

void DeliveryScreen::choose(const QString &method)
{
    if (app::Draft *d = draft()) {
        app::DeliveryChoice c = d->delivery();
        c.method = method;
        d->setDelivery(c);
    }
    for (auto it = options_.begin(); it != options_.end(); ++it)
        it.value()->setChecked(it.key() == method);
    const bool mail = method == QLatin1String("mail");
    addressLabel_->setVisible(mail);
    address_->setVisible(mail);
}

QString DeliveryScreen::title() const
{
    return tr("选择结果领取方式");
}

QString DeliveryScreen::voicePrompt() const
{
    return tr("请选择办理结果的领取方式。选择邮寄的，请填写地址。");
}

void DeliveryScreen::retranslateUi()
{
    refreshStepper();
    title_->setText(title());
    for (auto it = options_.begin(); it != options_.end(); ++it) {
        it.value()->setText(app::ReceiptText::deliveryName(it.key()));
        it.value()->setAccessibleName(it.value()->text());
    }
    addressLabel_->setText(tr("邮寄地址 *"));
    address_->setAccessibleName(tr("邮寄地址"));
    phoneLabel_->setText(tr("联系电话（用于通知办理结果）"));
    phone_->setAccessibleName(tr("联系电话"));
    next_->setText(tr("下一步"));
    next_->setAccessibleName(tr("下一步"));
}

} // namespace kiosk::ui
