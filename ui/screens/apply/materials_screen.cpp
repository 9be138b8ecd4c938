// The materials checklist.
#include "ui/screens/apply/materials_screen.h"

#include "ui/widgets/stepper_bar.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include "app/application/draft.h"
#include "app/application/peripherals.h"
#include "app/application/visit_state.h"
#include "app/catalogue/service_item.h"
#include "app/materials/quality.h"
#include "ui/widgets/document_camera_view.h"
#include "ui/widgets/page_strip.h"

namespace kiosk::ui {

MaterialsScreen::MaterialsScreen(const ScreenContext &ctx, QWidget *parent)
    : ApplicationStep(QStringLiteral("materials"), ctx, parent)
{
    auto *lay = new QVBoxLayout(this);
    lay->setContentsMargins(48, 32, 48, 32);
    lay->setSpacing(16);
    step_ = makeStepper();
    title_ = makeTitleLabel();
    intro_ = makeBodyLabel();
    status_ = makeBodyLabel();
    status_->setObjectName(QStringLiteral("materialsStatus"));
    status_->setProperty("role", QStringLiteral("status"));
    list_ = new QWidget(this);
    listLayout_ = new QVBoxLayout(list_);
    listLayout_->setContentsMargins(0, 0, 0, 0);
    listLayout_->setSpacing(16);
    next_ = makeButton("materialsNext");
    connect(next_, &QPushButton::clicked, this, [this] {
        if (stillMissing().isEmpty())
            goNext();
    });
    lay->addWidget(step_);
    lay->addWidget(title_);
    camera_ = new DocumentCameraView(this);
    camera_->hide();
    connect(camera_, &DocumentCameraView::doneRequested, this, &MaterialsScreen::closeCamera);
    connect(camera_, &DocumentCameraView::guidanceChanged, this, [this](const QString &text) {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        if (now - lastSpokenMs_ > 4000) { // guidance, not chatter
            lastSpokenMs_ = now;
            emit speak(text);
        }
    });
    lay->addWidget(intro_);
    lay->addWidget(camera_);
    lay->addWidget(list_);
    lay->addWidget(status_);
    lay->addWidget(next_);
    lay->addStretch(1);
    if (app::CaptureService *c = ctx.services.capture) {
        connect(camera_, &DocumentCameraView::captureRequested, c, &app::CaptureService::captureNow);
        connect(c, &app::CaptureService::previewFrame, this,
                [this](const QImage &frame, const QPolygonF &page, app::PageWatchState state, double progress) {
                    if (camera_->isVisible())
                        camera_->showFrame(frame, page, state, progress);
                    if (state == app::PageWatchState::Capture)
                        status_->setText(tr("正在处理这一页，请稍候……"));
                });
        connect(c, &app::CaptureService::captured, this, &MaterialsScreen::onCaptured);
        connect(c, &app::CaptureService::failed, this, &MaterialsScreen::onCaptureFailed);
        connect(c, &app::CaptureService::pageRotated, this, [this](quint64 pageId, const app::MaterialPage &turned) {
            if (app::Draft *d = draft(); d && d->replacePageById(pageId, turned))
                rebuild();
        });
        connect(c, &app::CaptureService::fieldsRead, this,
                [this](const QString &, const QList<app::ExtractedField> &fields) {
                    if (app::VisitState *v = visit())
                        v->addReadFields(fields);
                });
        connect(c, &app::CaptureService::qualityAdvice, this, [this](const QStringList &issues) {
            QStringList lines;
            for (app::QualityIssue issue :
                 {app::QualityIssue::Blurry, app::QualityIssue::Glare, app::QualityIssue::NotFullyInView,
                  app::QualityIssue::TooDark, app::QualityIssue::TooSmall, app::QualityIssue::Blank}) {
                if (issues.contains(app::toString(issue)))
                    lines << app::qualityMessage(issue, language());
            }
            advice_ = lines.join(QLatin1Char('\n'));
        });
    }
    finishSetup();
}

MaterialsScreen::~MaterialsScreen()
{
    app::CaptureService *c = context().services.capture;
    if (c && (!capturing_.isEmpty() || c->previewing()))
        c->cancel();
}

void MaterialsScreen::closeCamera()
{
    if (app::CaptureService *c = context().services.capture)
        c->stopPreview();
    camera_->clear();
    camera_->hide();
    if (context().services.capture && !context().services.capture->busy())
        capturing_.clear();
    rebuild();
}

void MaterialsScreen::rotatePage(const QString &materialId, int index)
{
    app::Draft *d = draft();
    app::CaptureService *c = context().services.capture;
    const QList<app::MaterialPage> *pages = d ? d->pages(materialId, visit()->agentMode()) : nullptr;
    if (c && pages && index >= 0 && index < pages->size())
        c->rotatePage(pages->at(index));
}

void MaterialsScreen::retakePage(const QString &materialId, int index)
{
    app::CaptureService *c = context().services.capture;
    if (!c)
        return;
    retakeIndex_ = index;
    // The document camera when there is one (the page is shown live); the scanner otherwise.
    capture(materialId, c->previewAvailable() || (c->cameraAvailable() && !c->scannerAvailable()));
}

void MaterialsScreen::deletePage(const QString &materialId, int index)
{
    if (app::Draft *d = draft())
        d->removePage(materialId, index, visit()->agentMode());
    status_->setText(tr("已删除第 %1 页。").arg(index + 1));
    rebuild();
}

QStringList MaterialsScreen::stillMissing() const
{
    app::Draft *d = draft();
    return d ? d->stillMissing(visit()->agentMode()) : QStringList{QStringLiteral("?")};
}

void MaterialsScreen::addCapturedPages(const QString &materialId, const QList<app::MaterialPage> &pages)
{
    capturing_ = materialId;
    onCaptured(pages);
}

void MaterialsScreen::captureImages(const QString &materialId, const QList<QImage> &images)
{
    if (!context().services.capture)
        return;
    capturing_ = materialId;
    status_->setText(tr("正在扫描，请稍候……"));
    context().services.capture->processImages(materialId, images, true);
}

void MaterialsScreen::capture(const QString &materialId, bool camera)
{
    app::CaptureService *c = context().services.capture;
    if (!c)
        return;
    capturing_ = materialId;
    if (camera && c->previewAvailable()) {
        // Live view: the page is taken by itself once it lies still; the button is the fallback.
        status_->clear();
        camera_->clear();
        for (const app::ItemMaterial &m : draft()->item().materials)
            if (m.id == materialId)
                camera_->setMaterialName(m.name.in(language()));
        camera_->show();
        c->startPreview(materialId);
        emit speak(camera_->guidance());
        return;
    }
    status_->setText(camera ? tr("正在拍摄，请保持材料平整、不要移动……") : tr("正在扫描，请稍候……"));
    if (camera)
        c->photograph(materialId);
    else
        c->scan(materialId);
}

void MaterialsScreen::onCaptured(const QList<app::MaterialPage> &pages)
{
    if (capturing_.isEmpty())
        return;
    app::Draft *d = draft();
    const bool letter = visit()->agentMode();
    int at = retakeIndex_;
    for (const app::MaterialPage &p : pages) {
        // A retake replaces its page; further pages of the same capture follow it.
        if (at >= 0 && d->replacePage(capturing_, at, p, letter)) {
            retakeIndex_ = -1;
            ++at;
        } else if (d->addPage(capturing_, p, letter) && at >= 0) {
            d->movePage(capturing_, int(d->pages(capturing_, letter)->size()) - 1, at++, letter);
        }
    }
    status_->setText(tr("已采集 %n 页。", nullptr, int(pages.size())) +
                     (advice_.isEmpty() ? QString() : QLatin1Char('\n') + advice_));
    advice_.clear();
    retakeIndex_ = -1;
    app::CaptureService *c = context().services.capture;
    if (c && c->previewing())
        status_->setText(status_->text() + QLatin1Char('\n') + tr("还有下一页请换上；拍完请按“拍完了”。"));
    else
        capturing_.clear();
    rebuild();
}

void MaterialsScreen::onCaptureFailed(app::CaptureProblem problem)
{
    retakeIndex_ = -1;
    if (!context().services.capture || !context().services.capture->previewing())
        capturing_.clear(); // with the live view open the next page may still come
    switch (problem) {
    case app::CaptureProblem::NoPaper: status_->setText(tr("没有检测到材料，请把材料放好后再试。")); break;
    case app::CaptureProblem::Jammed: status_->setText(tr("卡纸了，请联系工作人员处理。")); break;
    case app::CaptureProblem::Busy: status_->setText(tr("设备正忙，请稍后再试。")); break;
    case app::CaptureProblem::PoorQuality:
        status_->setText(tr("这一页看不清，请重新采集：") + QLatin1Char('\n') + advice_);
        emit speak(status_->text());
        advice_.clear();
        return;
    default: status_->setText(tr("采集失败，请重试；仍不成功请联系工作人员。")); break;
    }
}

void MaterialsScreen::rebuild()
{
    while (QLayoutItem *li = listLayout_->takeAt(0)) {
        delete li->widget();
        delete li;
    }
    app::Draft *d = draft();
    if (!d || !d->isStarted()) {
        next_->setEnabled(false);
        return;
    }
    app::CaptureService *c = context().services.capture;
    const bool scanner = c && c->scannerAvailable();
    const bool camera = c && (c->cameraAvailable() || c->previewAvailable());
    const bool agent = visit()->agentMode();
    QList<app::MaterialState> rows = d->checklist();
    for (const app::MaterialState &m : rows) {
        const bool isLetter = m.spec.id == QLatin1String("authorisation_letter");
        if (isLetter && !agent)
            continue; // asked for only when an agent applies
        auto *card = new QWidget(list_);
        card->setObjectName(QStringLiteral("card"));
        card->setAttribute(Qt::WA_StyledBackground, true);
        auto *v = new QVBoxLayout(card);
        v->setContentsMargins(24, 18, 24, 18);
        auto *name = new QLabel(card);
        name->setTextFormat(Qt::PlainText);
        name->setProperty("role", QStringLiteral("fieldLabel"));
        name->setWordWrap(true);
        const bool required = m.spec.required || isLetter;
        name->setText(m.spec.name.in(language()) + (required ? QStringLiteral(" *") : QString()));
        auto *state = new QLabel(card);
        state->setTextFormat(Qt::PlainText);
        state->setObjectName(QStringLiteral("state_") + m.spec.id);
        state->setWordWrap(true);
        const QList<app::MaterialPage> *pageList = d->pages(m.spec.id, agent);
        const int pages = pageList ? int(pageList->size()) : 0;
        QString stateText;
        if (pages > 0)
            stateText = tr("已采集 %n 页", nullptr, pages);
        else if (m.status == app::MaterialStatus::Tolerated)
            stateText = tr("容缺受理：承诺在办结前补交");
        else if (!required)
            stateText = tr("按需提供");
        else
            stateText = tr("尚未提交");
        state->setText(stateText);
        state->setProperty("role", pages > 0 || m.status == app::MaterialStatus::Tolerated || !required
                                       ? QStringLiteral("ok")
                                       : QStringLiteral("error"));
        v->addWidget(name);
        v->addWidget(state);
        auto *buttons = new QHBoxLayout;
        buttons->setSpacing(12);
        auto add = [&](const char *obj, const QString &text, const QString &role, auto fn) {
            auto *b = new QPushButton(text, card);
            b->setObjectName(QString::fromLatin1(obj) + QLatin1Char('_') + m.spec.id);
            b->setProperty("role", role);
            b->setFocusPolicy(Qt::NoFocus);
            b->setAccessibleName(m.spec.name.in(language()) + QStringLiteral(": ") + text);
            connect(b, &QPushButton::clicked, this, fn);
            buttons->addWidget(b);
            return b;
        };
        if (m.status != app::MaterialStatus::Tolerated) {
            if (scanner)
                add("scan", tr("扫描"), QString(), [this, id = m.spec.id] { capture(id, false); });
            if (camera)
                add("photo", tr("拍照"), QString(), [this, id = m.spec.id] { capture(id, true); });
        }
        if (m.spec.tolerable && pages == 0) {
            const bool on = m.status == app::MaterialStatus::Tolerated;
            add("tolerate", on ? tr("取消容缺") : tr("容缺后补"), QStringLiteral("secondary"),
                [this, id = m.spec.id, on] {
                    draft()->setTolerated(id, !on);
                    rebuild();
                });
        }
        buttons->addStretch(1);
        if (pages > 0) {
            auto *strip =
                new PageStrip(m.spec.id, m.spec.name.in(language()), *pageList, scanner || camera,
                              onePagePerRow_ ? PageStrip::Layout::OnePerRow : PageStrip::Layout::TwoColumns, card);
            connect(strip, &PageStrip::rotateRequested, this, [this, id = m.spec.id](int i) { rotatePage(id, i); });
            connect(strip, &PageStrip::retakeRequested, this, [this, id = m.spec.id](int i) { retakePage(id, i); });
            connect(strip, &PageStrip::deleteRequested, this, [this, id = m.spec.id](int i) { deletePage(id, i); });
            v->addWidget(strip);
        }
        v->addLayout(buttons);
        listLayout_->addWidget(card);
    }
    const QStringList missing = stillMissing();
    next_->setEnabled(missing.isEmpty());
    if (!scanner && !camera && !missing.isEmpty())
        status_->setText(tr("本机暂时不能采集材料。请到人工窗口办理，或拨打 %1 咨询。").arg(context().hotline));
    else if (!missing.isEmpty() && capturing_.isEmpty())
        status_->setText(tr("还缺 %n 项必交材料。", nullptr, int(missing.size())));
    else if (capturing_.isEmpty())
        status_->setText(tr("材料已齐全，请按下一步。"));
}

void MaterialsScreen::applyMetrics(const ThemeMetrics &metrics, bool landscape)
{
    ApplicationStep::applyMetrics(metrics, landscape);
    const bool onePerRow = metrics.tileColumns == 1; // care mode
    if (onePerRow == onePagePerRow_)
        return;
    onePagePerRow_ = onePerRow;
    rebuild();
}

QString MaterialsScreen::title() const
{
    return tr("提交材料");
}

QString MaterialsScreen::voicePrompt() const
{
    return tr("请逐项提交材料：放在扫描仪上按扫描，或放在高拍仪下按拍照。可以容缺的材料可以稍后补交。");
}

void MaterialsScreen::retranslateUi()
{
    refreshStepper();
    title_->setText(title());
    intro_->setText(tr("通过数据共享可以获取的材料无需提交。标 * 的为必交材料；可容缺的材料可承诺后补。"));
    if (app::Draft *d = draft(); d && d->isStarted() && !capturing_.isEmpty())
        for (const app::ItemMaterial &m : d->item().materials)
            if (m.id == capturing_)
                camera_->setMaterialName(m.name.in(language()));
    camera_->retranslate();
    next_->setText(tr("下一步"));
    next_->setAccessibleName(tr("下一步"));
    rebuild();
}

} // namespace kiosk::ui
