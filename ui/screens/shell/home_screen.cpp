// Tiles are laid out in a grid whose column count follows the theme (care mode: one per row) and orientation.
#include "ui/screens/shell/home_screen.h"

#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include "app/session/kiosk_session.h"
#include "ui/screens/service_tiles.h"
#include "ui/widgets/tile_button.h"

namespace kiosk::ui {

HomeScreen::HomeScreen(const ScreenContext &ctx, QWidget *parent) : Screen(app::KioskSession::kHome, ctx, parent)
{
    auto *lay = new QVBoxLayout(this);
    lay->setContentsMargins(48, 32, 48, 32);
    lay->setSpacing(24);
    title_ = makeTitleLabel();
    greeting_ = makeBodyLabel();
    lay->addWidget(title_);
    lay->addWidget(greeting_);
    grid_ = new QGridLayout;
    grid_->setSpacing(28);
    lay->addLayout(grid_, 1);
    for (const ServiceTile &t : serviceTiles()) {
        auto *b = new TileButton(this);
        b->setObjectName(QStringLiteral("tile_") + t.id);
        b->setProperty("accent", t.accent);
        b->setProperty("target", t.id);
        b->setIcon(t.id, iconPx_); // resources/icons has one picture per tile, named by its id
        connect(b, &QPushButton::clicked, this, [this, id = t.id] { context().session->navigate(id); });
        tiles_ << b;
    }
    relayout();
    finishSetup();
}

QString HomeScreen::title() const
{
    return tr("请选择服务");
}

QString HomeScreen::voicePrompt() const
{
    return tr("请选择您要办理的服务：办事、进度查询、自助打印、评价或帮助。");
}

void HomeScreen::applyMetrics(const ThemeMetrics &metrics, bool landscape)
{
    // Landscape panels are short: three tiles per row in every theme so all five fit in two rows.
    const int cols = landscape ? 3 : metrics.tileColumns;
    // 72 px above the words; care mode's one tile per row (portrait) has the picture beside the words, 108 px: above
    // them it pushed the last tile below the footer.
    // Landscape is short too: the picture beside the words there, a little smaller.
    const bool beside = cols == 1 || landscape;
    iconPx_ = landscape ? metrics.largePx * 3 / 2 : metrics.largePx * 2;
    for (TileButton *b : std::as_const(tiles_)) {
        b->setIcon(b->property("target").toString(), iconPx_);
        b->setIconBeside(beside);
    }
    if (cols != columns_ || landscape != landscape_) {
        columns_ = cols;
        landscape_ = landscape;
        relayout();
    }
}

void HomeScreen::relayout()
{
    for (QPushButton *b : tiles_)
        grid_->removeWidget(b);
    // In portrait the first (accent) tile spans the whole row so "apply", the most common service, is the largest
    // target; landscape has no height to spare for that.
    int row = 0;
    int col = 0;
    for (int i = 0; i < tiles_.size(); ++i) {
        if (i == 0 && columns_ > 1 && !landscape_) {
            grid_->addWidget(tiles_[i], row++, 0, 1, columns_);
            continue;
        }
        grid_->addWidget(tiles_[i], row, col);
        if (++col == columns_) {
            col = 0;
            ++row;
        }
    }
    for (int r = 0; r < grid_->rowCount(); ++r)
        grid_->setRowStretch(r, r <= row ? 1 : 0);
    for (int c = 0; c < 3; ++c)
        grid_->setColumnStretch(c, c < columns_ ? 1 : 0);
}

void HomeScreen::retranslateUi()
{
    title_->setText(title());
    greeting_->setText(tr("轻触下方按钮开始。如需帮助，请按“帮助”或联系现场工作人员。"));
    const QList<ServiceTile> tiles = serviceTiles();
    for (int i = 0; i < tiles_.size() && i < tiles.size(); ++i) {
        tiles_[i]->setTexts(tiles[i].title, tiles[i].hint);
    }
}

} // namespace kiosk::ui
