// Pre-review findings for the citizen.
#include "ui/widgets/prereview_panel.h"

#include <QLabel>
#include <QVBoxLayout>

#include "app/catalogue/service_item.h"

namespace kiosk::ui {

PrereviewPanel::PrereviewPanel(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("prereviewPanel"));
    setAttribute(Qt::WA_StyledBackground, true);
    auto *lay = new QVBoxLayout(this);
    lay->setContentsMargins(24, 18, 24, 18);
    lay->setSpacing(10);
    heading_ = new QLabel(this);
    heading_->setTextFormat(Qt::PlainText);
    heading_->setObjectName(QStringLiteral("prereviewHeading"));
    heading_->setWordWrap(true);
    heading_->setProperty("role", QStringLiteral("fieldLabel"));
    list_ = new QWidget(this);
    listLayout_ = new QVBoxLayout(list_);
    listLayout_->setContentsMargins(0, 0, 0, 0);
    listLayout_->setSpacing(8);
    lay->addWidget(heading_);
    lay->addWidget(list_);
    hide();
}

void PrereviewPanel::setReview(const app::PrereviewResult &review, const app::ServiceItem &item,
                               const QString &language)
{
    while (QLayoutItem *li = listLayout_->takeAt(0)) {
        delete li->widget();
        delete li;
    }
    lines_.clear();
    auto materialName = [&](const QString &id) {
        for (const app::ItemMaterial &m : item.materials)
            if (m.id == id)
                return m.name.in(language);
        return id;
    };
    auto fieldLabel = [&](const QString &key) {
        for (const app::ItemField &f : item.form)
            if (f.key == key)
                return f.label.in(language);
        return key;
    };
    // Blocking findings first: they are what the citizen must do.
    QList<app::PrereviewFinding> findings;
    for (const app::PrereviewFinding &f : review.findings)
        if (f.severity == app::PrereviewSeverity::Blocking)
            findings.append(f);
    for (const app::PrereviewFinding &f : review.findings)
        if (f.severity != app::PrereviewSeverity::Blocking)
            findings.append(f);
    for (const app::PrereviewFinding &f : findings) {
        QString text;
        if (f.code.startsWith(QLatin1String("field_")))
            text = tr("“%1”的填写内容未通过检查，请返回修改。").arg(fieldLabel(f.field));
        else if (f.code == QLatin1String("identity_staff_check")) // for the citizen, not the reviewer's wording
            text = tr("本事项需要核验本人身份：人脸核验没有进行或没有通过，工作人员会当面核验您的身份。");
        else
            text = app::prereviewMessage(f.code, language, materialName(f.materialId));
        const bool blocking = f.severity == app::PrereviewSeverity::Blocking;
        auto *line = new QLabel((blocking ? tr("必须处理：") : tr("提示：")) + text, list_);
        line->setTextFormat(Qt::PlainText);
        line->setObjectName(QStringLiteral("prereview_") + f.code);
        line->setWordWrap(true);
        line->setProperty("role", blocking ? QStringLiteral("error") : QStringLiteral("status"));
        line->setProperty("severity", blocking ? QStringLiteral("blocking") : QStringLiteral("warning"));
        listLayout_->addWidget(line);
        lines_ << line->text();
    }
    if (findings.isEmpty()) {
        hide();
        heading_->clear();
        return;
    }
    heading_->setText(review.submissionAllowed ? tr("预审提示：您仍可以提交申请，以下提示会一并转给审核人员。")
                                               : tr("预审发现以下问题，处理后才能提交申请："));
    lines_.prepend(heading_->text());
    show();
}

QString PrereviewPanel::spokenText() const
{
    return lines_.join(QLatin1Char('\n'));
}

} // namespace kiosk::ui
