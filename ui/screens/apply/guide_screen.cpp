// The guide of a service item.
#include "ui/screens/apply/guide_screen.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include "app/application/visit_state.h"
#include "app/catalogue/catalogue_service.h"
#include "app/receipts/a4_sheets.h"
#include "app/receipts/receipt.h"
#include "app/session/kiosk_session.h"
#include "ui/widgets/a4_print_panel.h"

namespace kiosk::ui {

namespace {

QString formName(const QString &form)
{
    if (form == QLatin1String("original"))
        return QCoreApplication::translate("GuideScreen", "原件");
    if (form == QLatin1String("copy"))
        return QCoreApplication::translate("GuideScreen", "复印件");
    if (form == QLatin1String("electronic"))
        return QCoreApplication::translate("GuideScreen", "电子件");
    return form;
}

} // namespace

GuideScreen::GuideScreen(const ScreenContext &ctx, QWidget *parent) : Screen(QStringLiteral("guide"), ctx, parent)
{
    if (auto *v = app::VisitState::of(ctx.session))
        code_ = v->selectedItem();
    auto *lay = new QVBoxLayout(this);
    lay->setContentsMargins(48, 32, 48, 32);
    lay->setSpacing(20);
    title_ = makeTitleLabel();
    summary_ = makeBodyLabel();
    summary_->setObjectName(QStringLiteral("guideSummary"));
    body_ = makeBodyLabel();
    body_->setObjectName(QStringLiteral("guideBody"));
    body_->setTextFormat(Qt::RichText); // headings; every catalogue text is escaped before it goes in
    start_ = makeButton("startApplication");
    connect(start_, &QPushButton::clicked, this, [this] { context().session->navigate(QStringLiteral("identify")); });
    // The guide on paper (一次性告知单), in the citizen's language; the job title says nothing about the citizen.
    printSheet_ = new A4PrintPanel(ctx.services.a4, "printGuide", QStringLiteral("kiosk notification sheet"), this);
    printSheet_->setSheet([this]() -> QString {
        const app::ServiceItem *i = item();
        if (!i)
            return {};
        return app::NotificationSheet::html(
            *i, context().catalogue->catalogue()->departmentName(i->department, language()), language(),
            context().centreName, context().hotline, QDateTime::currentDateTime());
    });
    printSheet_->setLabel([this] { return tr("打印一次性告知单（A4）"); });
    lay->addWidget(title_);
    lay->addWidget(summary_);
    lay->addWidget(start_);
    lay->addWidget(printSheet_);
    lay->addWidget(body_);
    lay->addStretch(1);
    finishSetup();
}

const app::ServiceItem *GuideScreen::item() const
{
    const auto cat = context().catalogue ? context().catalogue->catalogue() : nullptr;
    return cat ? cat->item(code_) : nullptr;
}

QString GuideScreen::title() const
{
    const app::ServiceItem *i = item();
    return i ? i->name.in(language()) : tr("办事指南");
}

QString GuideScreen::voicePrompt() const
{
    const app::ServiceItem *i = item();
    if (!i)
        return tr("没有找到这个事项，请返回重新选择。");
    QStringList needed;
    for (const auto &m : i->materials) {
        if (m.required && !m.shared)
            needed << m.name.in(language());
    }
    return tr("%1。需要准备：%2。准备好后，请按开始办理。")
        .arg(i->name.in(language()), needed.isEmpty() ? tr("无需另外提交材料") : needed.join(tr("、")));
}

void GuideScreen::retranslateUi()
{
    title_->setText(title());
    start_->setText(tr("开始办理"));
    start_->setAccessibleName(tr("开始办理"));
    const app::ServiceItem *i = item();
    start_->setVisible(i != nullptr);
    printSheet_->setVisible(i != nullptr && context().services.a4);
    if (!i) {
        summary_->setText(tr("没有找到这个事项，请返回重新选择。"));
        body_->clear();
        return;
    }
    const QString l = language();
    const auto cat = context().catalogue->catalogue();
    QStringList facts;
    facts << tr("办理部门：%1").arg(cat->departmentName(i->department, l));
    facts << (i->promisedLimitDays == 0 ? tr("承诺时限：即办")
                                        : tr("承诺时限：%n 个工作日", nullptr, i->promisedLimitDays));
    facts << tr("法定时限：%n 个工作日", nullptr, i->legalLimitDays);
    facts << tr("收费：%1").arg(i->fee.isEmpty() ? tr("不收费") : i->fee);
    if (i->agentAllowed)
        facts << tr("可委托他人代办");
    if (i->faceRequired)
        facts << tr("需要核验本人身份（可人脸核验，也可到窗口由工作人员核验）");
    summary_->setText(facts.join(QLatin1Char('\n')));

    auto h = [](const QString &t) { return QStringLiteral("<h3>%1</h3>").arg(t.toHtmlEscaped()); };
    auto p = [](const QString &t) { return QStringLiteral("<p>%1</p>").arg(t.toHtmlEscaped()); };
    QString html;
    html += h(tr("需要准备的材料"));
    html += QStringLiteral("<ol>");
    for (const auto &m : i->materials) {
        QString line = m.name.in(l).toHtmlEscaped();
        QStringList notes;
        if (m.shared)
            notes << tr("已通过数据共享获取，无需提交");
        else if (!m.required)
            notes << tr("按需提供");
        else if (m.tolerable)
            notes << tr("可容缺受理，事后补交");
        if (!m.shared)
            notes << tr("%1 %n 份", nullptr, m.copies).arg(formName(m.form));
        line += QStringLiteral(" <i>(") + notes.join(QStringLiteral("; ")).toHtmlEscaped() + QStringLiteral(")</i>");
        html += QStringLiteral("<li>") + line + QStringLiteral("</li>");
    }
    html += QStringLiteral("</ol>");
    html += h(tr("受理条件")) + p(i->conditions);
    if (i->commitmentAllowed)
        html += h(tr("告知承诺")) + p(tr("本事项可实行告知承诺制：您签署承诺书后，部分证明材料可免于提交。"));
    QStringList delivery;
    for (const QString &d : i->delivery)
        delivery << app::ReceiptText::deliveryName(d); // the same words as the delivery step
    html += h(tr("结果领取方式")) + p(delivery.join(tr("、")));
    html += h(tr("设定依据")) + p(i->basis);
    html += p(tr("如有疑问，请咨询现场工作人员或拨打 %1。").arg(context().hotline));
    body_->setText(html);
}

} // namespace kiosk::ui
