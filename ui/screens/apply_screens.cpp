// Catalogue browsing and the item guide. Texts of items come from the catalogue in the citizen's language.
#include "ui/screens/apply_screens.h"

#include <QButtonGroup>
#include <QCoreApplication>
#include <QDateTime>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "app/application/visit_state.h"
#include "app/catalogue/catalogue_service.h"
#include "app/receipts/a4_sheets.h"
#include "app/receipts/receipt.h"
#include "app/session/kiosk_session.h"
#include "ui/widgets/a4_print_panel.h"
#include "ui/widgets/tile_button.h"

namespace kiosk::ui {

namespace {

QString lang(const ScreenContext &ctx)
{
    return ctx.session->language();
}

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

ApplyScreen::ApplyScreen(const ScreenContext &ctx, QWidget *parent) : Screen(QStringLiteral("apply"), ctx, parent)
{
    auto *lay = new QVBoxLayout(this);
    lay->setContentsMargins(48, 32, 48, 32);
    lay->setSpacing(20);
    title_ = makeTitleLabel();
    lay->addWidget(title_);
    search_ = new QLineEdit(this);
    search_->setObjectName(QStringLiteral("itemSearch"));
    search_->setMaxLength(40);
    search_->setClearButtonEnabled(false);
    connect(search_, &QLineEdit::textChanged, this, [this] {
        group_.clear();
        refresh();
    });
    lay->addWidget(search_);

    auto *browse = new QHBoxLayout;
    browse->setSpacing(12);
    browseGroup_ = new QButtonGroup(this);
    for (int i = 0; i < 4; ++i) {
        QPushButton *b = makeButton(qPrintable(QStringLiteral("browse_%1").arg(i)), QStringLiteral("secondary"));
        b->setCheckable(true);
        browseGroup_->addButton(b, i);
        browse->addWidget(b);
        browseButtons_ << b;
        connect(b, &QPushButton::clicked, this, [this, i] {
            search_->clear();
            setBrowse(static_cast<Browse>(i));
        });
    }
    browseButtons_.first()->setChecked(true);
    lay->addLayout(browse);

    status_ = makeBodyLabel();
    status_->setObjectName(QStringLiteral("applyStatus"));
    lay->addWidget(status_);
    list_ = new QVBoxLayout;
    list_->setSpacing(16);
    lay->addLayout(list_);
    lay->addStretch(1);

    if (ctx.catalogue)
        connect(ctx.catalogue, &app::CatalogueService::ready, this, &ApplyScreen::refresh);
    finishSetup();
}

QString ApplyScreen::title() const
{
    return tr("选择要办理的事项");
}

QString ApplyScreen::voicePrompt() const
{
    return tr("请在上方输入事项名称或拼音首字母搜索，也可以按主题或部门查找。");
}

void ApplyScreen::applyMetrics(const ThemeMetrics &metrics, bool landscape)
{
    Q_UNUSED(landscape);
    const int max = metrics.tileColumns == 1 ? 8 : 20; // care mode: fewer items per screen
    if (max != maxItems_) {
        maxItems_ = max;
        refresh();
    }
}

QStringList ApplyScreen::shownItemCodes() const
{
    return shown_;
}

void ApplyScreen::retranslateUi()
{
    title_->setText(title());
    search_->setPlaceholderText(tr("输入事项名称、拼音首字母或英文"));
    search_->setAccessibleName(tr("搜索事项"));
    const QStringList labels{tr("热门"), tr("按主题"), tr("按部门"), tr("企业")};
    for (int i = 0; i < browseButtons_.size(); ++i) {
        browseButtons_[i]->setText(labels[i]);
        browseButtons_[i]->setAccessibleName(labels[i]);
    }
    refresh();
}

void ApplyScreen::setBrowse(Browse b)
{
    browse_ = b;
    group_.clear();
    browseButtons_[int(b)]->setChecked(true);
    refresh();
}

void ApplyScreen::clearList()
{
    for (QWidget *w : std::as_const(listWidgets_))
        delete w;
    listWidgets_.clear();
    shown_.clear();
}

void ApplyScreen::refresh()
{
    clearList();
    const auto cat = context().catalogue ? context().catalogue->catalogue() : nullptr;
    if (!cat) {
        status_->setText(tr("正在加载事项目录，请稍候……"));
        return;
    }
    const QString q = search_->text().trimmed();
    QStringList codes;
    if (!q.isEmpty()) {
        for (const auto &hit : cat->search(q, maxItems_))
            codes << hit.code;
        showItems(codes, tr("没有找到相关事项。请换个说法，或咨询现场工作人员。"));
        return;
    }
    switch (browse_) {
    case Browse::Popular:
        for (const auto *i : cat->highFrequency(maxItems_))
            codes << i->code;
        break;
    case Browse::LifeEvents:
    case Browse::Departments:
        if (group_.isEmpty()) {
            showGroups(browse_ == Browse::LifeEvents);
            return;
        }
        for (const auto *i : browse_ == Browse::LifeEvents ? cat->byLifeEvent(group_) : cat->byDepartment(group_))
            codes << i->code;
        break;
    case Browse::Enterprise:
        for (const auto *i : cat->byAudience(QStringLiteral("enterprise")))
            codes << i->code;
        break;
    }
    showItems(codes.mid(0, qMax(maxItems_, 40)), tr("这里暂时没有事项。"));
}

void ApplyScreen::showItems(const QStringList &codes, const QString &emptyText)
{
    const auto cat = context().catalogue->catalogue();
    status_->setText(codes.isEmpty() ? emptyText : tr("共 %n 项，轻触事项查看办事指南。", nullptr, int(codes.size())));
    for (const QString &code : codes) {
        const app::ServiceItem *item = cat->item(code);
        if (!item)
            continue;
        auto *b = new TileButton(this);
        b->setObjectName(QStringLiteral("item_") + code);
        const QString hint =
            cat->departmentName(item->department, lang(context())) + QStringLiteral(" · ") +
            (item->promisedLimitDays == 0 ? tr("即办") : tr("承诺 %n 个工作日", nullptr, item->promisedLimitDays));
        b->setTexts(item->name.in(lang(context())), hint);
        b->setMinimumHeight(metricsFor(ThemeKind::Standard).targetPx + 24);
        connect(b, &QPushButton::clicked, this, [this, code] {
            if (auto *v = app::VisitState::of(context().session))
                v->selectItem(code);
            context().session->navigate(QStringLiteral("guide"));
        });
        list_->addWidget(b);
        listWidgets_ << b;
        shown_ << code;
    }
}

void ApplyScreen::showGroups(bool lifeEvents)
{
    const auto cat = context().catalogue->catalogue();
    status_->setText(lifeEvents ? tr("请选择您遇到的事情：") : tr("请选择办事部门："));
    const auto &groups = lifeEvents ? cat->lifeEvents() : cat->departments();
    auto *grid = new QWidget(this);
    auto *g = new QGridLayout(grid);
    g->setContentsMargins(0, 0, 0, 0);
    g->setSpacing(12);
    const int cols = maxItems_ <= 8 ? 1 : 2;
    int n = 0;
    for (const app::CatalogueEntry &e : groups) {
        QPushButton *b = makeButton(qPrintable(QStringLiteral("group_") + e.code), QStringLiteral("secondary"));
        b->setText(e.name.in(lang(context())));
        b->setAccessibleName(b->text());
        connect(b, &QPushButton::clicked, this, [this, code = e.code] {
            group_ = code;
            refresh();
        });
        g->addWidget(b, n / cols, n % cols);
        ++n;
    }
    list_->addWidget(grid);
    listWidgets_ << grid;
}

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
            *i, context().catalogue->catalogue()->departmentName(i->department, lang(context())), lang(context()),
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
    return i ? i->name.in(lang(context())) : tr("办事指南");
}

QString GuideScreen::voicePrompt() const
{
    const app::ServiceItem *i = item();
    if (!i)
        return tr("没有找到这个事项，请返回重新选择。");
    QStringList needed;
    for (const auto &m : i->materials) {
        if (m.required && !m.shared)
            needed << m.name.in(lang(context()));
    }
    return tr("%1。需要准备：%2。准备好后，请按开始办理。")
        .arg(i->name.in(lang(context())), needed.isEmpty() ? tr("无需另外提交材料") : needed.join(tr("、")));
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
    const QString l = lang(context());
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
