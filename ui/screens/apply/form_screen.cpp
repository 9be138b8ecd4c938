// The application form.
#include "ui/screens/apply/form_screen.h"

#include "ui/widgets/stepper_bar.h"

#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "app/application/draft.h"
#include "app/application/form_rules.h"
#include "app/application/visit_state.h"
#include "app/catalogue/service_item.h"
#include "ui/widgets/card_field_accessible.h"

namespace kiosk::ui {

namespace {

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

FormScreen::FormScreen(const ScreenContext &ctx, QWidget *parent) : ApplicationStep(QStringLiteral("form"), ctx, parent)
{
    auto *lay = new QVBoxLayout(this);
    lay->setContentsMargins(48, 32, 48, 32);
    lay->setSpacing(14);
    step_ = makeStepper();
    title_ = makeTitleLabel();
    hint_ = makeBodyLabel();
    summary_ = makeErrorLabel();
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
            row.label->setTextFormat(Qt::PlainText);
            row.label->setProperty("role", QStringLiteral("fieldLabel"));
            row.label->setWordWrap(true);
            row.error = makeErrorLabel();
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
                if (d->isFromCard(f.key))
                    markCardField(e); // what the card says is not retyped; read-only for screen readers too
                e->setText(d->value(f.key));
                e->setMaxLength(app::kMaxFieldChars);
                const QString kind = inputKind(f.type);
                if (!kind.isEmpty())
                    e->setProperty("kioskInput", kind);
                else
                    e->setProperty("kioskInput", QStringLiteral("text"));
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
                    if (!suggestion->unreadable) { // a character that could not be read: nothing guessed
                        d->setValue(f.key, suggestion->value);
                        e->setText(suggestion->value);
                    }
                    row.hint = new QLabel(this);
                    row.hint->setProperty("unreadable", suggestion->unreadable);
                    row.hint->setProperty("confirm", suggestion->confirm);
                    row.hint->setProperty("readAs", suggestion->readAs);
                    row.hint->setProperty("suggested", suggestion->value);
                    row.hint->setTextFormat(Qt::PlainText);
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
    setPrimaryAction(next_);
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
        const app::FieldProblem p =
            onlyFormat ? app::checkFieldWhileTyping(*field, value) : app::checkField(*field, value);
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
    refreshStepper();
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
        if (r.hint) {
            const QString readAs = r.hint->property("readAs").toString();
            if (r.hint->property("unreadable").toBool())
                r.hint->setText(tr("材料中有字无法识别，请您手动输入。"));
            else if (!readAs.isEmpty())
                r.hint->setText(tr("从材料中识别为“%1”，已按标准名录更正为“%2”，请核对确认。")
                                    .arg(readAs, r.hint->property("suggested").toString()));
            else if (r.hint->property("confirm").toBool())
                r.hint->setText(tr("已从您提交的材料中识别，部分文字不够清晰，请务必核对。"));
            else
                r.hint->setText(tr("已从您提交的材料中识别（可信度 %1%），请核对，如有错误请修改。")
                                    .arg(r.hint->property("confidence").toInt()));
        }
        if (r.error->isVisible())
            showProblem(r.key, false);
    }
    next_->setText(tr("下一步"));
    next_->setAccessibleName(tr("下一步"));
    next_->setEnabled(ready());
}

} // namespace kiosk::ui
