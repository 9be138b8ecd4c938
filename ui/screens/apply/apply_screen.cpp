// Finding a service item.
#include "ui/screens/apply/apply_screen.h"

#include <QButtonGroup>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "app/application/visit_state.h"
#include "app/catalogue/catalogue_service.h"
#include "app/receipts/a4_sheets.h"
#include "app/session/kiosk_session.h"
#include "ui/widgets/kiosk_icon.h"
#include "ui/widgets/tile_button.h"

namespace kiosk::ui {

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
            cat->departmentName(item->department, language()) + QStringLiteral(" · ") +
            (item->promisedLimitDays == 0 ? tr("即办") : tr("承诺 %n 个工作日", nullptr, item->promisedLimitDays));
        b->setTexts(item->name.in(language()), hint);
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
        b->setText(e.name.in(language()));
        b->setAccessibleName(b->text());
        setButtonIcon(b, (lifeEvents ? QStringLiteral("event_") : QStringLiteral("dept_")) + e.code);
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

} // namespace kiosk::ui
