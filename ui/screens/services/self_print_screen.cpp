// The self-print screen.
#include "ui/screens/services/self_print_screen.h"

#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include "app/application/kiosk_time.h"
#include "app/application/peripherals.h"
#include "app/identity/identity_service.h"
#include "app/platform/platform_service.h"

namespace kiosk::ui {

SelfPrintScreen::SelfPrintScreen(const ScreenContext &ctx, QWidget *parent)
    : Screen(QStringLiteral("selfprint"), ctx, parent)
{
    auto *lay = new QVBoxLayout(this);
    lay->setContentsMargins(48, 32, 48, 32);
    lay->setSpacing(16);
    title_ = makeTitleLabel();
    intro_ = makeBodyLabel();
    status_ = makeStatusLabel("selfPrintStatus");
    list_ = new QWidget(this);
    listLayout_ = new QVBoxLayout(list_);
    listLayout_->setContentsMargins(0, 0, 0, 0);
    listLayout_->setSpacing(12);
    lay->addWidget(title_);
    lay->addWidget(intro_);
    lay->addWidget(status_);
    lay->addWidget(list_);
    lay->addStretch(1);
    const bool online = ctx.services.platform && ctx.services.platform->isOnline();
    if (app::CodeInput *codes = ctx.services.codes; codes && online) {
        codes->listen(this);
        connect(codes, &app::CodeInput::code, this, &SelfPrintScreen::verify);
    }
    if (app::DocumentPrintService *a4 = ctx.services.a4) {
        connect(a4, &app::DocumentPrintService::finished, this, [this](quint64 t, app::A4Problem p) {
            if (t != ticket_)
                return;
            status_->setText(p == app::A4Problem::None ? tr("打印完成，请从A4出纸口取走文件。")
                                                       : tr("打印没有成功，请联系工作人员。"));
        });
    }
    finishSetup();
}

SelfPrintScreen::~SelfPrintScreen()
{
    if (context().services.codes)
        context().services.codes->stop(this);
    token_.fill(QLatin1Char('\0'));
}

void SelfPrintScreen::verify(const QString &code)
{
    app::PlatformService *platform = context().services.platform;
    if (!platform || !token_.isEmpty())
        return;
    status_->setText(tr("正在核验粤省事码……"));
    platform->verifyQr(code, this, [this](app::CallResult<app::QrIdentity> r) {
        if (!r.ok()) {
            status_->setText(r.problem == app::CallProblem::Rejected
                                 ? tr("粤省事码无效或已过期，请在手机上刷新后重新出示。")
                                 : tr("暂时连不上省政务服务平台，请稍后再试。"));
            return;
        }
        token_ = r.value.identityToken;
        if (context().identity)
            context().identity->acceptQrIdentity(r.value);
        status_->setText(tr("已核验：%1（%2）。正在查询您的文件……").arg(r.value.nameMasked, r.value.idMasked));
        context().services.platform->listDocuments(token_, this, [this](app::CallResult<QList<app::DocumentInfo>> d) {
            if (!d.ok()) {
                status_->setText(tr("查询文件没有成功，请稍后再试。"));
                return;
            }
            showDocuments(d.value);
        });
    });
}

void SelfPrintScreen::showDocuments(const QList<app::DocumentInfo> &docs)
{
    while (QLayoutItem *li = listLayout_->takeAt(0)) {
        delete li->widget();
        delete li;
    }
    status_->setText(docs.isEmpty() ? tr("没有可以打印的文件。") : tr("请选择要打印的文件："));
    for (const app::DocumentInfo &d : docs) {
        auto *b = new QPushButton(list_);
        b->setObjectName(QStringLiteral("document_") + d.id);
        b->setProperty("role", QStringLiteral("secondary"));
        b->setFocusPolicy(Qt::NoFocus);
        b->setText(tr("%1\n%2 · %3 · %n 页", nullptr, d.pages)
                       .arg(d.title, d.issuer, app::kioskLocalTime(d.issuedAt).date().toString(Qt::ISODate)));
        b->setAccessibleName(tr("打印 %1").arg(d.title));
        connect(b, &QPushButton::clicked, this, [this, id = d.id] { print(id); });
        listLayout_->addWidget(b);
    }
}

void SelfPrintScreen::print(const QString &id)
{
    app::PlatformService *platform = context().services.platform;
    app::DocumentPrintService *a4 = context().services.a4;
    if (!platform || token_.isEmpty())
        return;
    if (!a4) {
        status_->setText(tr("本机暂不能打印A4文件，请到人工窗口办理。"));
        return;
    }
    status_->setText(tr("正在下载并打印，请稍候……"));
    platform->fetchDocument(id, token_, this, [this](app::CallResult<QByteArray> r) {
        if (!r.ok()) {
            status_->setText(tr("文件下载没有成功，请稍后再试。"));
            return;
        }
        // The job title is visible in CUPS: never the document's title or the citizen's name.
        ticket_ = context().services.a4->printPdf(r.value, QStringLiteral("kiosk self-print"));
        r.value.fill('\0');
    });
}

QString SelfPrintScreen::statusText() const
{
    return status_->text();
}

QString SelfPrintScreen::title() const
{
    return tr("自助打印");
}

QString SelfPrintScreen::voicePrompt() const
{
    return tr("请打开粤省事，出示粤省事码，对准扫码口。");
}

void SelfPrintScreen::retranslateUi()
{
    title_->setText(title());
    const bool online = context().services.platform && context().services.platform->isOnline();
    if (!context().services.codes || !context().services.a4)
        intro_->setText(tr("本机暂不提供自助打印，请到人工窗口办理。"));
    else if (!online)
        intro_->setText(tr("自助打印需要联网，本机暂时连不上省政务服务平台，请稍后再试或到人工窗口办理。"));
    else
        intro_->setText(tr("请打开粤省事，出示粤省事码并对准扫码口，核验后即可打印您的证明文件。"));
}

} // namespace kiosk::ui
