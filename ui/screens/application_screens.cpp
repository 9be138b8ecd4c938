// The application steps.
#include "ui/screens/application_screens.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QThreadPool>
#include <QTimer>
#include <QVBoxLayout>

#include "app/application/citizen_services.h"
#include "app/application/draft.h"
#include "app/application/form_rules.h"
#include "app/application/peripherals.h"
#include "app/application/submission_service.h"
#include "app/application/visit_state.h"
#include "app/catalogue/catalogue_service.h"
#include "app/materials/quality.h"
#include "app/receipts/receipt.h"
#include "app/session/kiosk_session.h"
#include "ui/widgets/a4_print_panel.h"
#include "ui/widgets/document_camera_view.h"
#include "ui/widgets/page_strip.h"
#include "ui/widgets/prereview_panel.h"
#include "ui/widgets/signature_pad.h"

namespace kiosk::ui {

namespace {

QLabel *errorLabel(QWidget *parent)
{
    auto *l = new QLabel(parent);
    l->setProperty("role", QStringLiteral("error"));
    l->setWordWrap(true);
    l->hide();
    return l;
}

QString inputKind(const QString &fieldType)
{
    if (fieldType == QLatin1String("id_number"))
        return QStringLiteral("id_number");
    if (fieldType == QLatin1String("phone") || fieldType == QLatin1String("number") ||
        fieldType == QLatin1String("date"))
        return QStringLiteral("digits");
    return QString(); // Chinese (pinyin) keyboard
}

} // namespace

// --- ApplicationStep ------------------------------------------------------------------------------------------

ApplicationStep::ApplicationStep(const QString &id, const ScreenContext &ctx, QWidget *parent) : Screen(id, ctx, parent)
{
    app::VisitState *v = visit();
    if (!v || !ctx.catalogue || !ctx.catalogue->catalogue())
        return;
    const app::ServiceItem *it = ctx.catalogue->catalogue()->item(v->selectedItem());
    if (!it || !v->identified())
        return;
    app::Draft &d = v->draft();
    if (!d.isStarted() || d.item().code != it->code)
        d.start(*it, v->subject());
    ready_ = true;
}

app::VisitState *ApplicationStep::visit() const
{
    return app::VisitState::of(context().session);
}

app::Draft *ApplicationStep::draft() const
{
    app::VisitState *v = visit();
    return v ? &v->draft() : nullptr;
}

const app::ServiceItem *ApplicationStep::item() const
{
    app::Draft *d = draft();
    return d && d->isStarted() ? &d->item() : nullptr;
}

QString ApplicationStep::language() const
{
    return context().session->language();
}

QString ApplicationStep::progressText() const
{
    const app::ServiceItem *it = item();
    if (!it)
        return {};
    const QStringList steps = app::applicationSteps(*it);
    return tr("第 %1 步，共 %2 步").arg(steps.indexOf(id()) + 1).arg(steps.size());
}

void ApplicationStep::goNext()
{
    const app::ServiceItem *it = item();
    if (!it)
        return;
    const QString next = app::stepAfter(id(), *it);
    context().session->navigate(next.isEmpty() ? QStringLiteral("receipt") : next);
}

// --- FormScreen -----------------------------------------------------------------------------------------------

FormScreen::FormScreen(const ScreenContext &ctx, QWidget *parent) : ApplicationStep(QStringLiteral("form"), ctx, parent)
{
    auto *lay = new QVBoxLayout(this);
    lay->setContentsMargins(48, 32, 48, 32);
    lay->setSpacing(14);
    step_ = makeBodyLabel();
    title_ = makeTitleLabel();
    hint_ = makeBodyLabel();
    summary_ = errorLabel(this);
    summary_->setObjectName(QStringLiteral("formSummary"));
    lay->addWidget(step_);
    lay->addWidget(title_);
    lay->addWidget(hint_);
    const app::ServiceItem *it = item();
    if (it) {
        app::Draft *d = draft();
        const QHash<QString, app::FormSuggestion> suggestions =
            visit() ? app::suggestFormValues(*it, visit()->readFields(), 0.3) : QHash<QString, app::FormSuggestion>();
        for (const app::ItemField &f : it->form) {
            Row row;
            row.key = f.key;
            row.label = new QLabel(this);
            row.label->setProperty("role", QStringLiteral("fieldLabel"));
            row.label->setWordWrap(true);
            row.error = errorLabel(this);
            row.error->setObjectName(QStringLiteral("error_") + f.key);
            lay->addWidget(row.label);
            if (f.type == QLatin1String("choice") && !f.choices.isEmpty()) {
                auto *box = new QWidget(this);
                auto *g = new QGridLayout(box);
                g->setContentsMargins(0, 0, 0, 0);
                g->setSpacing(10);
                const int cols = f.choices.size() <= 2 ? 2 : 3;
                for (int i = 0; i < f.choices.size(); ++i) {
                    QPushButton *b =
                        makeButton(qPrintable(QStringLiteral("choice_%1_%2").arg(f.key, f.choices[i].value)),
                                   QStringLiteral("secondary"));
                    b->setParent(box);
                    b->setCheckable(true);
                    b->setChecked(d->value(f.key) == f.choices[i].value);
                    b->setEnabled(!d->isFromCard(f.key));
                    connect(b, &QPushButton::clicked, this, [this, key = f.key, value = f.choices[i].value] {
                        draft()->setValue(key, value);
                        for (Row &r : rows_) {
                            if (r.key != key)
                                continue;
                            for (QPushButton *c : r.choices)
                                c->setChecked(c->property("value").toString() == value);
                        }
                        showProblem(key, false);
                    });
                    b->setProperty("value", f.choices[i].value);
                    g->addWidget(b, i / cols, i % cols);
                    row.choices << b;
                }
                lay->addWidget(box);
            } else {
                auto *e = new QLineEdit(this);
                e->setObjectName(QStringLiteral("field_") + f.key);
                e->setText(d->value(f.key));
                e->setMaxLength(app::kMaxFieldChars);
                const QString kind = inputKind(f.type);
                if (!kind.isEmpty())
                    e->setProperty("kioskInput", kind);
                else
                    e->setProperty("kioskInput", QStringLiteral("text"));
                if (d->isFromCard(f.key)) {
                    e->setReadOnly(true); // what the card says is not retyped
                    e->setProperty("fromCard", true);
                }
                connect(e, &QLineEdit::textEdited, this, [this, key = f.key](const QString &) {
                    QLineEdit *ed = edits_.value(key);
                    const app::ItemField *field = nullptr;
                    for (const app::ItemField &ff : item()->form)
                        field = ff.key == key ? &ff : field;
                    if (!field || !ed)
                        return;
                    draft()->setValue(key, app::normaliseFieldValue(*field, ed->text()));
                    showProblem(key, true);
                });
                connect(e, &QLineEdit::editingFinished, this, [this, key = f.key] { showProblem(key, false); });
                // What was read from the citizen's materials is offered, marked, for them to confirm or correct.
                const auto suggestion = suggestions.constFind(f.key);
                if (suggestion != suggestions.constEnd() && !d->isFromCard(f.key) && d->value(f.key).isEmpty()) {
                    d->setValue(f.key, suggestion->value);
                    e->setText(suggestion->value);
                    row.hint = new QLabel(this);
                    row.hint->setObjectName(QStringLiteral("read_") + f.key);
                    row.hint->setProperty("role", QStringLiteral("status"));
                    row.hint->setProperty("confidence", int(suggestion->confidence * 100));
                    row.hint->setWordWrap(true);
                }
                edits_.insert(f.key, e);
                lay->addWidget(e);
            }
            if (row.hint)
                lay->addWidget(row.hint);
            lay->addWidget(row.error);
            rows_ << row;
        }
    }
    lay->addSpacing(12);
    lay->addWidget(summary_);
    next_ = makeButton("formNext");
    connect(next_, &QPushButton::clicked, this, [this] {
        if (validateAll())
            goNext();
    });
    lay->addWidget(next_);
    lay->addStretch(1);
    finishSetup();
}

void FormScreen::showProblem(const QString &key, bool onlyFormat)
{
    const app::ServiceItem *it = item();
    if (!it)
        return;
    for (Row &r : rows_) {
        if (r.key != key)
            continue;
        const app::ItemField *field = nullptr;
        for (const app::ItemField &f : it->form)
            field = f.key == key ? &f : field;
        const QString value = draft()->value(key);
        app::FieldProblem p = app::checkField(*field, value);
        // While typing, an unfinished value is not yet an error; a wrong character or check digit is.
        if (onlyFormat &&
            (p == app::FieldProblem::Required || (value.size() < 11 && p != app::FieldProblem::BadNumber)))
            p = app::FieldProblem::None;
        QString text;
        switch (p) {
        case app::FieldProblem::None: break;
        case app::FieldProblem::Required: text = tr("请填写此项。"); break;
        case app::FieldProblem::BadIdNumber: text = tr("身份证号码不正确，请核对（18位，最后一位可能是X）。"); break;
        case app::FieldProblem::BadPhone: text = tr("请输入11位手机号码，或带区号的固定电话。"); break;
        case app::FieldProblem::BadDate: text = tr("请按“年-月-日”输入日期，例如 2024-01-05。"); break;
        case app::FieldProblem::BadNumber: text = tr("请输入数字。"); break;
        case app::FieldProblem::BadChoice: text = tr("请从选项中选择一项。"); break;
        case app::FieldProblem::BadPattern: text = tr("格式不正确，请核对后重新输入。"); break;
        case app::FieldProblem::TooLong: text = tr("内容太长，请精简。"); break;
        }
        r.error->setText(text);
        r.error->setVisible(!text.isEmpty());
    }
}

bool FormScreen::validateAll()
{
    const app::ServiceItem *it = item();
    if (!it)
        return false;
    int bad = 0;
    QWidget *first = nullptr;
    for (const app::ItemField &f : it->form) {
        if (QLineEdit *e = edits_.value(f.key); e && !e->isReadOnly()) {
            const QString v = app::normaliseFieldValue(f, e->text());
            draft()->setValue(f.key, v);
            if (e->text() != v)
                e->setText(v);
        }
        showProblem(f.key, false);
        if (app::checkField(f, draft()->value(f.key)) != app::FieldProblem::None) {
            ++bad;
            if (!first)
                first = edits_.value(f.key);
        }
    }
    summary_->setText(bad ? tr("还有 %n 项需要修改，请查看红色提示。", nullptr, bad) : QString());
    summary_->setVisible(bad > 0);
    return bad == 0;
}

QString FormScreen::title() const
{
    return tr("填写申请表");
}

QString FormScreen::voicePrompt() const
{
    return tr("请核对申请表。证件上的信息已自动填写，其余请点击输入框填写。");
}

void FormScreen::retranslateUi()
{
    step_->setText(progressText());
    title_->setText(title());
    hint_->setText(ready() ? tr("证件上的信息已自动填写（灰色，不可修改）。带 * 的为必填项。")
                           : tr("请先选择事项并核验身份。"));
    const app::ServiceItem *it = item();
    for (Row &r : rows_) {
        for (const app::ItemField &f : it->form) {
            if (f.key != r.key)
                continue;
            r.label->setText(f.label.in(language()) + (f.required ? QStringLiteral(" *") : QString()));
            if (QLineEdit *e = edits_.value(f.key))
                e->setAccessibleName(f.label.in(language()));
            for (QPushButton *b : r.choices) {
                for (const app::FieldChoice &c : f.choices) {
                    if (c.value == b->property("value").toString()) {
                        b->setText(c.label.in(language()));
                        b->setAccessibleName(f.label.in(language()) + QStringLiteral(": ") + b->text());
                    }
                }
            }
        }
        if (r.hint)
            r.hint->setText(tr("已从您提交的材料中识别（可信度 %1%），请核对，如有错误请修改。")
                                .arg(r.hint->property("confidence").toInt()));
        if (r.error->isVisible())
            showProblem(r.key, false);
    }
    next_->setText(tr("下一步"));
    next_->setAccessibleName(tr("下一步"));
    next_->setEnabled(ready());
}

// --- MaterialsScreen -----------------------------------------------------------------------------------------

MaterialsScreen::MaterialsScreen(const ScreenContext &ctx, QWidget *parent)
    : ApplicationStep(QStringLiteral("materials"), ctx, parent)
{
    auto *lay = new QVBoxLayout(this);
    lay->setContentsMargins(48, 32, 48, 32);
    lay->setSpacing(16);
    step_ = makeBodyLabel();
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
    const bool letter = visit()->agentMode();
    const QList<app::MaterialPage> *pages = d ? d->pages(materialId, letter) : nullptr;
    if (!pages || index < 0 || index >= pages->size() || pageBusy_)
        return;
    pageBusy_ = true;
    const app::MaterialPage page = pages->at(index);
    const char *bytes = page.image.constData(); // the same page when the turned one comes back?
    QPointer<MaterialsScreen> self(this);
    // Decoding, turning and re-encoding a full page takes tens of milliseconds: off the GUI thread.
    QThreadPool::globalInstance()->start([self, page, materialId, index, letter, bytes] {
        app::MaterialPage turned = app::rotatedPage(page, 1);
        QMetaObject::invokeMethod(
            self.data(),
            [self, turned, materialId, index, letter, bytes]() mutable {
                if (!self) {
                    app::wipePage(turned);
                    return;
                }
                self->pageBusy_ = false;
                app::Draft *d = self->draft();
                const QList<app::MaterialPage> *now = d ? d->pages(materialId, letter) : nullptr;
                if (!now || index >= now->size() || now->at(index).image.constData() != bytes ||
                    !d->replacePage(materialId, index, turned, letter)) {
                    app::wipePage(turned); // the page changed meanwhile: nothing to turn
                    return;
                }
                self->rebuild();
            },
            Qt::QueuedConnection);
    });
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
    if (!d || !d->isStarted())
        return {QStringLiteral("?")};
    QStringList missing = d->missingRequired();
    if (visit()->agentMode() && d->authorisation().isEmpty())
        missing << QStringLiteral("authorisation_letter");
    return missing;
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
        name->setProperty("role", QStringLiteral("fieldLabel"));
        name->setWordWrap(true);
        const bool required = m.spec.required || isLetter;
        name->setText(m.spec.name.in(language()) + (required ? QStringLiteral(" *") : QString()));
        auto *state = new QLabel(card);
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
    Q_UNUSED(landscape);
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
    step_->setText(progressText());
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

// --- CommitmentScreen ----------------------------------------------------------------------------------------

CommitmentScreen::CommitmentScreen(const ScreenContext &ctx, QWidget *parent)
    : ApplicationStep(QStringLiteral("commitment"), ctx, parent)
{
    auto *lay = new QVBoxLayout(this);
    lay->setContentsMargins(48, 32, 48, 32);
    lay->setSpacing(16);
    step_ = makeBodyLabel();
    title_ = makeTitleLabel();
    text_ = makeBodyLabel();
    text_->setObjectName(QStringLiteral("commitmentText"));
    text_->setProperty("role", QStringLiteral("document"));
    agree_ = makeButton("commitmentAgree", QStringLiteral("secondary"));
    agree_->setCheckable(true);
    padHint_ = makeBodyLabel();
    pad_ = new SignaturePad(this);
    clear_ = makeButton("signatureClear", QStringLiteral("secondary"));
    next_ = makeButton("commitmentNext");
    decline_ = makeButton("commitmentDecline", QStringLiteral("secondary"));
    connect(agree_, &QPushButton::toggled, this, &CommitmentScreen::updateState);
    connect(pad_, &SignaturePad::changed, this, &CommitmentScreen::updateState);
    connect(clear_, &QPushButton::clicked, pad_, &SignaturePad::clear);
    connect(next_, &QPushButton::clicked, this, [this] {
        if (!agree_->isChecked() || !pad_->isSigned() || !item())
            return;
        app::CommitmentSignature s;
        s.textVersion = QStringLiteral("%1@%2").arg(item()->code).arg(item()->version);
        s.textSha256 =
            QString::fromLatin1(QCryptographicHash::hash(text().toUtf8(), QCryptographicHash::Sha256).toHex());
        s.png = pad_->toPng();
        draft()->setCommitment(s);
        pad_->clear();
        goNext();
    });
    connect(decline_, &QPushButton::clicked, this, [this] {
        // Without the commitment the materials are checked in full: the service goes on.
        if (draft())
            draft()->clearCommitment();
        goNext();
    });
    auto *row = new QHBoxLayout;
    row->addWidget(clear_);
    row->addStretch(1);
    lay->addWidget(step_);
    lay->addWidget(title_);
    lay->addWidget(text_);
    lay->addWidget(agree_);
    lay->addWidget(padHint_);
    lay->addWidget(pad_);
    lay->addLayout(row);
    lay->addWidget(next_);
    lay->addWidget(decline_);
    lay->addStretch(1);
    finishSetup();
    updateState();
}

QString CommitmentScreen::text() const
{
    const app::ServiceItem *it = item();
    return it ? it->commitmentText.in(language()) : QString();
}

void CommitmentScreen::updateState()
{
    next_->setEnabled(agree_->isChecked() && pad_->isSigned());
}

QString CommitmentScreen::title() const
{
    return tr("告知承诺");
}

QString CommitmentScreen::voicePrompt() const
{
    return tr("请仔细阅读告知承诺书：%1。同意请勾选并在下方签名。").arg(text());
}

void CommitmentScreen::retranslateUi()
{
    step_->setText(progressText());
    title_->setText(title());
    text_->setText(text());
    agree_->setText(tr("我已阅读并承诺以上内容属实"));
    agree_->setAccessibleName(agree_->text());
    padHint_->setText(tr("请用手指在下面的框内签名："));
    pad_->setAccessibleName(tr("签名区"));
    clear_->setText(tr("重新签名"));
    clear_->setAccessibleName(clear_->text());
    next_->setText(tr("确认承诺，下一步"));
    next_->setAccessibleName(next_->text());
    decline_->setText(tr("不采用承诺制，按常规提交材料"));
    decline_->setAccessibleName(decline_->text());
}

// --- DeliveryScreen ------------------------------------------------------------------------------------------

DeliveryScreen::DeliveryScreen(const ScreenContext &ctx, QWidget *parent)
    : ApplicationStep(QStringLiteral("delivery"), ctx, parent)
{
    auto *lay = new QVBoxLayout(this);
    lay->setContentsMargins(48, 32, 48, 32);
    lay->setSpacing(16);
    step_ = makeBodyLabel();
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
    error_ = errorLabel(this);
    next_ = makeButton("deliveryNext");
    lay->addWidget(addressLabel_);
    lay->addWidget(address_);
    lay->addWidget(phoneLabel_);
    lay->addWidget(phone_);
    lay->addWidget(error_);
    lay->addWidget(next_);
    lay->addStretch(1);
    if (app::Draft *d = draft(); d && d->isStarted()) {
        address_->setText(d->delivery().address.isEmpty() ? d->value(QStringLiteral("mailing_address"))
                                                          : d->delivery().address);
        phone_->setText(d->delivery().phone.isEmpty() ? d->value(QStringLiteral("phone")) : d->delivery().phone);
    }
    connect(next_, &QPushButton::clicked, this, [this] {
        app::Draft *d = draft();
        if (!d)
            return;
        app::DeliveryChoice c = d->delivery();
        app::ItemField phoneField;
        phoneField.type = QStringLiteral("phone");
        phoneField.required = c.method == QLatin1String("mail");
        c.phone = app::normaliseFieldValue(phoneField, phone_->text());
        app::ItemField addressField;
        addressField.type = QStringLiteral("address");
        c.address =
            c.method == QLatin1String("mail") ? app::normaliseFieldValue(addressField, address_->text()) : QString();
        QString problem;
        if (c.method.isEmpty())
            problem = tr("请选择一种领取方式。");
        else if (c.method == QLatin1String("mail") && c.address.size() < 6)
            problem = tr("邮寄需要填写详细地址（省、市、区、街道、门牌号）。");
        else if (app::checkField(phoneField, c.phone) != app::FieldProblem::None)
            problem = tr("请输入11位手机号码，或带区号的固定电话。");
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
    step_->setText(progressText());
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

// --- ReviewScreen --------------------------------------------------------------------------------------------

ReviewScreen::ReviewScreen(const ScreenContext &ctx, QWidget *parent)
    : ApplicationStep(QStringLiteral("review"), ctx, parent)
{
    auto *lay = new QVBoxLayout(this);
    lay->setContentsMargins(48, 32, 48, 32);
    lay->setSpacing(16);
    step_ = makeBodyLabel();
    title_ = makeTitleLabel();
    summary_ = makeBodyLabel();
    summary_->setObjectName(QStringLiteral("reviewSummary"));
    prereview_ = new PrereviewPanel(this);
    status_ = makeBodyLabel();
    status_->setObjectName(QStringLiteral("reviewStatus"));
    status_->setProperty("role", QStringLiteral("status"));
    submit_ = makeButton("submitApplication");
    connect(submit_, &QPushButton::clicked, this, &ReviewScreen::submit);
    lay->addWidget(step_);
    lay->addWidget(title_);
    lay->addWidget(summary_);
    lay->addWidget(prereview_);
    lay->addWidget(status_);
    lay->addWidget(submit_);
    lay->addStretch(1);
    if (app::SubmissionService *s = ctx.services.submissions)
        connect(s, &app::SubmissionService::submitted, this, &ReviewScreen::onSubmitted);
    finishSetup();
}

QString ReviewScreen::summaryText() const
{
    return summary_->text();
}

void ReviewScreen::submit()
{
    app::SubmissionService *s = context().services.submissions;
    app::VisitState *v = visit();
    app::Draft *d = draft();
    if (!s || !v || !d || !d->isStarted() || submitting_)
        return;
    // Pre-review: blocking findings keep the application here; warnings travel with it to the reviewer.
    const app::PrereviewResult review = v->review();
    if (!review.submissionAllowed)
        return;
    const app::Readiness r = s->readiness();
    if (!r.ok()) {
        onSubmitted(app::SubmissionOutcome{r.problem, r.detail, {}, {}, {}, 0});
        return;
    }
    submitting_ = true;
    submit_->setEnabled(false);
    status_->setText(tr("正在加密保存您的申请，请稍候……"));
    // The person at the kiosk is the one the face step checked: the applicant, or the agent acting for a principal.
    QJsonObject holder = v->applicant().toPersonJson();
    if (v->faceVerified())
        holder.insert(QStringLiteral("verified_by"), QStringLiteral("face"));
    const QJsonObject applicant = v->agentMode() ? v->subject().toPersonJson() : holder;
    const QJsonValue agent = v->agentMode() ? QJsonValue(holder) : QJsonValue(QJsonValue::Null);
    app::ApplicationSnapshot snapshot = d->snapshot(applicant, agent, app::Draft::notesOf(review));
    snapshot.consent = v->consent(); // the staff identity check is one of the review's findings
    s->submit(std::move(snapshot));
}

void ReviewScreen::onSubmitted(const app::SubmissionOutcome &out)
{
    submitting_ = false;
    submit_->setEnabled(true);
    if (!out.ok()) {
        // Nothing that was entered is lost: the draft stays, and the citizen may try again or go to the counter.
        switch (out.problem) {
        case app::SubmitProblem::DiskLow:
        case app::SubmitProblem::QueueTooOld:
            status_->setText(tr("本机暂时不能受理新的申请（存储空间不足或长时间未联网）。您填写的内容没有提交，"
                                "请到人工窗口办理，或拨打 %1 咨询。")
                                 .arg(context().hotline));
            break;
        case app::SubmitProblem::NoPlatformKey:
            status_->setText(tr("本机尚未完成与省政务服务平台的首次连接，暂时不能受理。请到人工窗口办理。"));
            break;
        default:
            status_->setText(tr("提交没有成功，您填写的内容仍然保留。请再按一次提交；仍不成功请联系工作人员。"));
            break;
        }
        return;
    }
    app::VisitState *v = visit();
    app::Draft *d = draft();
    if (!v || !d)
        return;
    const app::ServiceItem &it = d->item();
    app::ReceiptData r;
    r.centreName = context().centreName;
    r.itemName = it.name.in(language());
    r.itemCode = it.code;
    r.localNo = out.localNo;
    r.createdAt = out.createdAt;
    r.promisedDays = it.promisedLimitDays;
    if (it.promisedLimitDays > 0)
        r.promisedDate = app::addWorkingDays(out.createdAt.toOffsetFromUtc(8 * 3600).date(), it.promisedLimitDays);
    r.maskedName = v->subject().maskedName();
    if (v->agentMode())
        r.agentMaskedName = v->applicant().maskedName();
    for (const QString &id : d->toleratedIds()) {
        if (const app::MaterialState *m = d->material(id))
            r.toleratedMaterials << m->spec.name.in(language());
    }
    r.delivery = app::ReceiptText::deliveryName(d->delivery().method);
    r.queryPayload = app::receiptQueryPayload(context().services.receiptQueryUrl, out.localNo);
    r.hotline = context().hotline;
    v->setReceipt(r);
    d->wipe(); // sealed and queued: the plaintext is no longer needed
    context().session->navigate(QStringLiteral("receipt"));
}

void ReviewScreen::showEvent(QShowEvent *event)
{
    retranslateUi(); // the summary and the pre-review of the draft as it is now
    ApplicationStep::showEvent(event);
}

QString ReviewScreen::title() const
{
    return tr("核对并提交");
}

QString ReviewScreen::voicePrompt() const
{
    const QString findings = prereview_->spokenText();
    return tr("请核对申请信息，确认无误后按提交申请。") +
           (findings.isEmpty() ? QString() : QLatin1Char('\n') + findings);
}

void ReviewScreen::retranslateUi()
{
    step_->setText(progressText());
    title_->setText(title());
    submit_->setText(tr("提交申请"));
    submit_->setAccessibleName(tr("提交申请"));
    app::Draft *d = draft();
    app::VisitState *v = visit();
    if (!d || !d->isStarted() || !v) {
        summary_->setText(tr("请先选择事项并核验身份。"));
        submit_->setEnabled(false);
        return;
    }
    const app::ServiceItem &it = d->item();
    QStringList lines;
    lines << tr("事项：%1").arg(it.name.in(language()));
    lines << tr("申请人：%1（%2）").arg(v->subject().maskedName(), v->subject().maskedIdNumber());
    if (v->agentMode())
        lines << tr("代办人：%1（%2）").arg(v->applicant().maskedName(), v->applicant().maskedIdNumber());
    lines << QString();
    for (const app::ItemField &f : it.form) {
        QString value = d->value(f.key);
        for (const app::FieldChoice &c : f.choices)
            value = c.value == value ? c.label.in(language()) : value;
        if (f.type == QLatin1String("id_number") && !value.isEmpty())
            value = value.left(4) + QString(value.size() - 8, QLatin1Char('*')) + value.right(4);
        lines << QStringLiteral("%1：%2").arg(f.label.in(language()), value.isEmpty() ? tr("（未填）") : value);
    }
    lines << QString();
    for (const app::MaterialState &m : d->checklist()) {
        if (m.spec.id == QLatin1String("authorisation_letter") && !v->agentMode())
            continue;
        QString state;
        if (m.status == app::MaterialStatus::Provided)
            state = tr("已采集 %n 页", nullptr, int(m.pages.size()));
        else if (m.status == app::MaterialStatus::Tolerated)
            state = tr("容缺后补");
        else if (m.spec.id == QLatin1String("authorisation_letter"))
            state = tr("已采集 %n 页", nullptr, int(d->authorisation().size()));
        else
            state = tr("未提供");
        lines << QStringLiteral("· %1：%2").arg(m.spec.name.in(language()), state);
    }
    if (d->commitment())
        lines << tr("告知承诺：已签名承诺");
    lines << tr("领取方式：%1").arg(app::ReceiptText::deliveryName(d->delivery().method));
    if (d->delivery().method == QLatin1String("mail"))
        lines << tr("邮寄地址：%1").arg(d->delivery().address);
    summary_->setText(lines.join(QLatin1Char('\n')));
    const app::PrereviewResult review = v->review();
    prereview_->setReview(review, it, language());
    submit_->setEnabled(review.submissionAllowed && !submitting_);
}

// --- ReceiptScreen -------------------------------------------------------------------------------------------

ReceiptScreen::ReceiptScreen(const ScreenContext &ctx, QWidget *parent) : Screen(QStringLiteral("receipt"), ctx, parent)
{
    auto *lay = new QVBoxLayout(this);
    lay->setContentsMargins(48, 48, 48, 32);
    lay->setSpacing(20);
    title_ = makeTitleLabel();
    number_ = makeBodyLabel();
    number_->setObjectName(QStringLiteral("receiptNumber"));
    number_->setProperty("role", QStringLiteral("receiptNumber"));
    number_->setWordWrap(false); // a receipt number must never break at its hyphens
    number_->setTextInteractionFlags(Qt::NoTextInteraction);
    details_ = makeBodyLabel();
    status_ = makeBodyLabel();
    status_->setObjectName(QStringLiteral("receiptStatus"));
    status_->setProperty("role", QStringLiteral("status"));
    reprint_ = makeButton("reprintReceipt", QStringLiteral("secondary"));
    rate_ = makeButton("rateService");
    finish_ = makeButton("finishVisit", QStringLiteral("secondary"));
    connect(reprint_, &QPushButton::clicked, this, &ReceiptScreen::print);
    connect(rate_, &QPushButton::clicked, this, [this] { context().session->navigate(QStringLiteral("rate")); });
    connect(finish_, &QPushButton::clicked, this, [this] { context().session->finish(); });
    lay->addWidget(title_);
    lay->addWidget(number_);
    lay->addWidget(details_);
    lay->addWidget(status_);
    lay->addWidget(reprint_);
    auto *notice = new A4PrintPanel(ctx.services.a4, "printAcceptanceNotice", QStringLiteral("kiosk notice"), this);
    notice->setSheet([this] {
        app::VisitState *v = app::VisitState::of(context().session);
        return v && v->receipt() ? app::ReceiptText::a4Html(*v->receipt()) : QString();
    });
    notice->setLabel([this] { return tr("另打印A4受理回执"); });
    lay->addWidget(notice); // optional, for citizens who want a sheet to file
    lay->addSpacing(24);
    lay->addWidget(rate_);
    lay->addWidget(finish_);
    lay->addStretch(1);
    if (app::ReceiptService *rs = ctx.services.receipts) {
        connect(rs, &app::ReceiptService::printed, this, [this](quint64 job, app::ReceiptProblem p) {
            if (job != job_)
                return;
            problemCode_ = int(p);
            state_ = p == app::ReceiptProblem::None ? PrintState::Printed : PrintState::Failed;
            updateStatus();
        });
    }
    // When the platform answers quickly, the receipt carries its case number; otherwise it says "queued".
    app::VisitState *v = app::VisitState::of(ctx.session);
    if (v && v->receipt() && ctx.services.submissions && ctx.services.ackWaitMs > 0) {
        waitingForAck_ = true;
        connect(ctx.services.submissions, &app::SubmissionService::acknowledged, this,
                [this](const QString &localNo, const QString &caseNo) {
                    app::VisitState *vs = app::VisitState::of(context().session);
                    if (!vs || !vs->receipt() || vs->receipt()->localNo != localNo)
                        return;
                    app::ReceiptData r = *vs->receipt();
                    r.caseNo = caseNo;
                    r.queued = false;
                    vs->setReceipt(r);
                    if (waitingForAck_) {
                        waitingForAck_ = false;
                        print();
                    }
                    retranslateUi();
                });
        QTimer::singleShot(ctx.services.ackWaitMs, this, [this] {
            if (waitingForAck_) {
                waitingForAck_ = false;
                print();
            }
        });
    } else {
        QTimer::singleShot(0, this, &ReceiptScreen::print);
    }
    finishSetup();
}

void ReceiptScreen::print()
{
    app::VisitState *v = app::VisitState::of(context().session);
    if (!v || !v->receipt())
        return;
    app::ReceiptService *rs = context().services.receipts;
    if (!rs) {
        state_ = PrintState::NoPrinter;
        updateStatus();
        return;
    }
    state_ = PrintState::Printing;
    job_ = rs->print(*v->receipt());
    updateStatus();
}

QString ReceiptScreen::statusText() const
{
    return status_->text();
}

void ReceiptScreen::updateStatus()
{
    app::VisitState *v = app::VisitState::of(context().session);
    const QString no = v && v->receipt() ? v->receipt()->localNo : QString();
    reprint_->setVisible(state_ == PrintState::Failed || state_ == PrintState::Printed);
    reprint_->setText(state_ == PrintState::Failed ? tr("重新打印回执") : tr("再打印一份"));
    reprint_->setAccessibleName(reprint_->text());
    switch (state_) {
    case PrintState::Waiting: status_->setText(tr("正在准备回执……")); break;
    case PrintState::Printing: status_->setText(tr("正在打印回执，请稍候……")); break;
    case PrintState::Printed: status_->setText(tr("回执已打印，请从出纸口取走。")); break;
    case PrintState::NoPrinter: status_->setText(tr("本机不能打印回执。请记下上面的受理编号，凭编号查询进度。")); break;
    case PrintState::Failed: {
        QString why;
        switch (app::ReceiptProblem(problemCode_)) {
        case app::ReceiptProblem::PaperOut: why = tr("打印机缺纸"); break;
        case app::ReceiptProblem::CoverOpen: why = tr("打印机盖未关好"); break;
        case app::ReceiptProblem::NoPrinter: why = tr("打印机未连接"); break;
        default: why = tr("打印机故障"); break;
        }
        status_->setText(tr("回执没有打印出来（%1）。您的申请已经受理，请记下受理编号 %2，"
                            "可请工作人员处理后重新打印。")
                             .arg(why, no));
        break;
    }
    }
}

QString ReceiptScreen::title() const
{
    return tr("申请已受理");
}

QString ReceiptScreen::voicePrompt() const
{
    return tr("您的申请已经受理，请取走回执。您可以为本次服务评价。");
}

void ReceiptScreen::retranslateUi()
{
    title_->setText(title());
    app::VisitState *v = app::VisitState::of(context().session);
    if (v && v->receipt()) {
        const app::ReceiptData &r = *v->receipt();
        number_->setText(r.localNo);
        number_->setAccessibleName(tr("受理编号 %1").arg(r.localNo));
        QStringList lines;
        lines << tr("事项：%1").arg(r.itemName);
        if (!r.caseNo.isEmpty())
            lines << tr("办件编号：%1").arg(r.caseNo);
        if (r.promisedDate.isValid())
            lines << tr("预计办结：%1 前").arg(r.promisedDate.toString(Qt::ISODate));
        lines << (r.queued ? tr("您的申请已加密保存在本机，联网后自动上报省政务服务平台，无需再次办理。")
                           : tr("已上报省政务服务平台。"));
        if (!r.toleratedMaterials.isEmpty())
            lines << tr("请在办结前补交：%1").arg(r.toleratedMaterials.join(tr("、")));
        details_->setText(lines.join(QLatin1Char('\n')));
    }
    rate_->setText(tr("评价本次服务"));
    rate_->setAccessibleName(rate_->text());
    finish_->setText(tr("完成，退出"));
    finish_->setAccessibleName(finish_->text());
    updateStatus();
}

} // namespace kiosk::ui
