// Maintenance sign-in and menu screens; everything goes through app::MaintenanceService.
#include "ui/screens/maintenance_screens.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QDateTime>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPixmap>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QStackedWidget>
#include <QTextCursor>
#include <QTimer>
#include <QVBoxLayout>

#include "app/maintenance/maintenance_service.h"
#include "app/session/kiosk_session.h"

namespace kiosk::ui {

namespace {

QLabel *statusLabel(QWidget *parent, const char *name)
{
    auto *l = new QLabel(parent);
    l->setObjectName(QString::fromLatin1(name));
    l->setProperty("role", QStringLiteral("status"));
    l->setWordWrap(true);
    l->setTextFormat(Qt::PlainText);
    return l;
}

QString roleName(app::MaintenanceRole role)
{
    return role == app::MaintenanceRole::Supervisor
               ? QCoreApplication::translate("kiosk::ui::MaintenanceMenuScreen", "主管")
               : QCoreApplication::translate("kiosk::ui::MaintenanceMenuScreen", "技术员");
}

} // namespace

// --- MaintenanceLoginScreen -----------------------------------------------------------------------------------

MaintenanceLoginScreen::MaintenanceLoginScreen(const ScreenContext &ctx, QWidget *parent)
    : Screen(QStringLiteral("maintenance_login"), ctx, parent)
{
    auto *lay = new QVBoxLayout(this);
    lay->setContentsMargins(48, 48, 48, 32);
    lay->setSpacing(16);
    title_ = makeTitleLabel();
    intro_ = makeBodyLabel();
    pin_ = new QLineEdit(this);
    pin_->setObjectName(QStringLiteral("maintenancePin"));
    pin_->setProperty("kioskInput", QStringLiteral("digits"));
    pin_->setEchoMode(QLineEdit::Password);
    pin_->setMaxLength(12);
    signIn_ = makeButton("maintenanceSignIn");
    status_ = statusLabel(this, "maintenanceLoginStatus");
    connect(signIn_, &QPushButton::clicked, this, &MaintenanceLoginScreen::signIn);
    connect(pin_, &QLineEdit::returnPressed, this, &MaintenanceLoginScreen::signIn);
    lay->addWidget(title_);
    lay->addWidget(intro_);
    lay->addWidget(pin_);
    lay->addWidget(signIn_);
    lay->addWidget(status_);
    lay->addStretch(1);
    finishSetup();
}

app::MaintenanceService *MaintenanceLoginScreen::service() const
{
    return context().services.maintenance;
}

QString MaintenanceLoginScreen::statusText() const
{
    return status_->text();
}

void MaintenanceLoginScreen::showEvent(QShowEvent *event)
{
    // Whoever comes to the sign-in starts afresh: a previous technician's session ends here.
    app::MaintenanceService *s = service();
    if (s)
        s->signOut();
    pin_->clear();
    if (!busy_)
        status_->setText(s && s->available() ? QString() : tr("本机的维护功能不可用。"));
    if (s && s->available()) {
        // A technician card on the reader signs in like a PIN while this screen is shown; its data is never shown.
        s->listenForCards(this, [this](const app::AuthResult &r) { showResult(r); });
        showLockState();
    }
    Screen::showEvent(event);
}

void MaintenanceLoginScreen::hideEvent(QHideEvent *event)
{
    if (app::MaintenanceService *s = service())
        s->stopListeningForCards();
    Screen::hideEvent(event);
}

void MaintenanceLoginScreen::showLockState()
{
    service()->lockState(this, [this](const app::MaintenanceAuthStatus &st, int maxFailures) {
        if (busy_)
            return; // an attempt under way answers for itself
        if (st.lockedForMs > 0) {
            const QString until =
                QDateTime::currentDateTime().addMSecs(st.lockedForMs).toString(QStringLiteral("HH:mm"));
            status_->setText(tr("错误次数过多，维护菜单已锁定至 %1。").arg(until));
        } else if (st.failures > 0) {
            status_->setText(tr("此前已输错，还可以再试 %n 次。", nullptr, qMax(0, maxFailures - st.failures)));
        }
    });
}

void MaintenanceLoginScreen::signIn()
{
    app::MaintenanceService *s = service();
    if (busy_ || !s || !s->available())
        return;
    const QString pin = pin_->text();
    pin_->clear(); // the PIN stays in no widget once it is on its way
    if (pin.isEmpty()) {
        status_->setText(tr("请输入维护密码。"));
        return;
    }
    busy_ = true;
    signIn_->setEnabled(false);
    status_->setText(tr("正在验证……"));
    s->attemptPin(pin, this, [this](const app::AuthResult &r) { showResult(r); });
}

void MaintenanceLoginScreen::showResult(const app::AuthResult &r)
{
    busy_ = false;
    signIn_->setEnabled(true);
    using Outcome = app::AuthResult::Outcome;
    switch (r.outcome) {
    case Outcome::Granted:
        status_->clear();
        context().session->navigate(QStringLiteral("maintenance"));
        return;
    case Outcome::Denied: status_->setText(tr("密码错误，还可以再试 %n 次。", nullptr, r.attemptsLeft)); return;
    case Outcome::LockedOut: {
        const int minutes = int(qMax<qint64>(1, (r.lockedForMs + 59'999) / 60'000));
        const QString until = QDateTime::currentDateTime().addMSecs(r.lockedForMs).toString(QStringLiteral("HH:mm"));
        status_->setText(tr("错误次数过多，维护菜单已锁定，请 %n 分钟后再试。", nullptr, minutes) + QLatin1Char(' ') +
                         tr("（锁定至 %1）").arg(until));
        return;
    }
    case Outcome::NotProvisioned: status_->setText(tr("本机尚未设置维护密码，请用 kioskctl 设置后再试。")); return;
    case Outcome::Error: status_->setText(tr("暂时无法验证，请稍后再试。")); return;
    }
}

QString MaintenanceLoginScreen::title() const
{
    return tr("设备维护登录");
}

QString MaintenanceLoginScreen::voicePrompt() const
{
    return tr("请输入维护密码。");
}

void MaintenanceLoginScreen::retranslateUi()
{
    title_->setText(title());
    intro_->setText(tr("仅供设备维护人员使用。请输入维护密码后点击登录，或在读卡器上放置技术员卡。"));
    pin_->setAccessibleName(tr("维护密码"));
    signIn_->setText(tr("登录"));
    signIn_->setAccessibleName(signIn_->text());
}

// --- MaintenanceMenuScreen ------------------------------------------------------------------------------------

namespace {

QString deviceName(const QString &kind)
{
    if (kind == QLatin1String("idcard_reader"))
        return QCoreApplication::translate("kiosk::ui::MaintenanceMenuScreen", "身份证阅读器");
    if (kind == QLatin1String("code_scanner"))
        return QCoreApplication::translate("kiosk::ui::MaintenanceMenuScreen", "扫码器");
    if (kind == QLatin1String("receipt_printer"))
        return QCoreApplication::translate("kiosk::ui::MaintenanceMenuScreen", "凭条打印机");
    if (kind == QLatin1String("document_printer"))
        return QCoreApplication::translate("kiosk::ui::MaintenanceMenuScreen", "A4打印机");
    if (kind == QLatin1String("document_scanner"))
        return QCoreApplication::translate("kiosk::ui::MaintenanceMenuScreen", "文件扫描仪");
    if (kind == QLatin1String("document_camera"))
        return QCoreApplication::translate("kiosk::ui::MaintenanceMenuScreen", "高拍仪");
    if (kind == QLatin1String("face_camera"))
        return QCoreApplication::translate("kiosk::ui::MaintenanceMenuScreen", "人脸摄像头");
    return kind;
}

QString testName(const QString &kind)
{
    if (kind == QLatin1String("idcard_reader"))
        return QCoreApplication::translate("kiosk::ui::MaintenanceMenuScreen", "读卡测试");
    if (kind == QLatin1String("code_scanner"))
        return QCoreApplication::translate("kiosk::ui::MaintenanceMenuScreen", "扫码测试");
    if (kind == QLatin1String("receipt_printer"))
        return QCoreApplication::translate("kiosk::ui::MaintenanceMenuScreen", "打印测试小票");
    if (kind == QLatin1String("document_printer"))
        return QCoreApplication::translate("kiosk::ui::MaintenanceMenuScreen", "打印A4测试页");
    if (kind == QLatin1String("document_scanner"))
        return QCoreApplication::translate("kiosk::ui::MaintenanceMenuScreen", "扫描测试页");
    if (kind == QLatin1String("face_camera"))
        return QCoreApplication::translate("kiosk::ui::MaintenanceMenuScreen", "摄像头检查");
    return QCoreApplication::translate("kiosk::ui::MaintenanceMenuScreen", "自检");
}

// What the technician must do while a test waits, or empty.
QString testWaitHint(const QString &kind)
{
    if (kind == QLatin1String("idcard_reader"))
        return QCoreApplication::translate("kiosk::ui::MaintenanceMenuScreen",
                                           "请在读卡器上放置一张身份证（只显示遮盖后的信息）。");
    if (kind == QLatin1String("code_scanner"))
        return QCoreApplication::translate("kiosk::ui::MaintenanceMenuScreen", "请在扫码器前出示一个二维码。");
    if (kind == QLatin1String("document_scanner"))
        return QCoreApplication::translate("kiosk::ui::MaintenanceMenuScreen", "请在扫描仪上放一张空白或测试用纸。");
    return {};
}

void clearGrid(QGridLayout *grid)
{
    while (QLayoutItem *item = grid->takeAt(0)) {
        delete item->widget();
        delete item;
    }
}

QLabel *plainLabel(QWidget *parent, const QString &name, const QString &text = {})
{
    auto *l = new QLabel(text, parent);
    l->setObjectName(name);
    l->setWordWrap(true);
    l->setTextFormat(Qt::PlainText);
    return l;
}

} // namespace

MaintenanceMenuScreen::MaintenanceMenuScreen(const ScreenContext &ctx, QWidget *parent)
    : Screen(QStringLiteral("maintenance"), ctx, parent)
{
    auto *lay = new QVBoxLayout(this);
    lay->setContentsMargins(40, 40, 40, 24);
    lay->setSpacing(12);
    title_ = makeTitleLabel();
    role_ = statusLabel(this, "maintenanceRole");
    lay->addWidget(title_);
    lay->addWidget(role_);

    // Page buttons: two rows of three, large enough for care mode.
    auto *tabs = new QGridLayout;
    tabs->setSpacing(8);
    const char *tabNames[] = {"maintTab_devices", "maintTab_queue", "maintTab_catalogue",
                              "maintTab_network", "maintTab_logs",  "maintTab_settings"};
    for (int i = 0; i < 6; ++i) {
        QPushButton *b = makeButton(tabNames[i], QStringLiteral("secondary"));
        b->setCheckable(true);
        connect(b, &QPushButton::clicked, this, [this, i] { showPage(Page(i)); });
        tabs->addWidget(b, i / 3, i % 3);
        tabs_ << b;
    }
    lay->addLayout(tabs);

    pages_ = new QStackedWidget(this);
    pages_->setObjectName(QStringLiteral("maintenancePages"));
    // The pages scroll inside the screen: their height never asks the screen to grow past the panel, so the status
    // line and sign out stay in view in care mode too.
    pages_->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Ignored);
    lay->addWidget(pages_, 1);

    // Devices
    QVBoxLayout *l = nullptr;
    addPage(Devices, &l);
    devicesTitle_ = makeBodyLabel();
    devicesBox_ = new QWidget;
    devicesBox_->setObjectName(QStringLiteral("maintenanceDevices"));
    devicesGrid_ = new QGridLayout(devicesBox_);
    devicesGrid_->setContentsMargins(0, 0, 0, 0);
    devicesGrid_->setSpacing(8);
    devicesGrid_->setColumnStretch(0, 1);
    l->addWidget(devicesTitle_);
    l->addWidget(devicesBox_);

    // Queue
    addPage(Queue, &l);
    queueTitle_ = makeBodyLabel();
    queue_ = statusLabel(this, "maintenanceQueue");
    syncNow_ = pageButton(this, "maintenanceSyncNow");
    deadTitle_ = makeBodyLabel();
    deadBox_ = new QWidget;
    deadGrid_ = new QGridLayout(deadBox_);
    deadGrid_->setContentsMargins(0, 0, 0, 0);
    deadGrid_->setColumnStretch(0, 1);
    exportTitle_ = makeBodyLabel();
    exportFolder_ = new QComboBox;
    exportFolder_->setObjectName(QStringLiteral("exportFolder"));
    exportQueue_ = pageButton(this, "exportQueue", QStringLiteral("secondary"));
    for (QWidget *w : std::initializer_list<QWidget *>{queueTitle_, queue_, syncNow_, deadTitle_, deadBox_,
                                                       exportTitle_, exportFolder_, exportQueue_})
        l->addWidget(w);
    connect(syncNow_, &QPushButton::clicked, this, [this] {
        if (service() && service()->syncNow())
            setStatus(tr("已开始同步。"));
        refreshQueue();
    });
    connect(exportQueue_, &QPushButton::clicked, this, [this] {
        const QString folder = exportFolder_->currentData().toString();
        if (!service() || folder.isEmpty()) {
            setStatus(tr("没有可用的U盘或导出目录。请插入U盘后点击“刷新状态”。"));
            return;
        }
        exportQueue_->setEnabled(false);
        if (!service()->exportQueue(folder, this, [this](const std::pair<QString, QString> &r) {
                exportQueue_->setEnabled(true);
                setStatus(r.second.isEmpty() ? tr("已导出（密封数据）到：%1").arg(r.first)
                                             : tr("导出失败：%1").arg(r.second));
            })) {
            exportQueue_->setEnabled(true);
            setStatus(tr("当前身份无权执行此操作。"));
        } else {
            setStatus(tr("正在导出……"));
        }
    });

    // Catalogue
    addPage(Catalogue, &l);
    catalogueTitle_ = makeBodyLabel();
    catalogue_ = statusLabel(this, "catalogueInfo");
    refreshCatalogue_ = pageButton(this, "refreshCatalogue");
    l->addWidget(catalogueTitle_);
    l->addWidget(catalogue_);
    l->addWidget(refreshCatalogue_);
    connect(refreshCatalogue_, &QPushButton::clicked, this, [this] {
        if (!service())
            return;
        refreshCatalogue_->setEnabled(false);
        if (service()->refreshCatalogue(this, [this](const app::CatalogueInfo &) {
                refreshCatalogue_->setEnabled(true);
                refreshCatalogue();
            }))
            catalogue_->setText(tr("正在更新事项目录……"));
        else
            refreshCatalogue_->setEnabled(true);
    });

    // Network
    addPage(Network, &l);
    networkTitle_ = makeBodyLabel();
    network_ = statusLabel(this, "networkInfo");
    checkNetwork_ = pageButton(this, "checkNetwork");
    l->addWidget(networkTitle_);
    l->addWidget(network_);
    l->addWidget(checkNetwork_);
    connect(checkNetwork_, &QPushButton::clicked, this, [this] {
        if (!service())
            return;
        checkNetwork_->setEnabled(false);
        const bool started = service()->checkNetwork(this, [this](const app::NetworkCheck &c) {
            checkNetwork_->setEnabled(true);
            const auto word = [](const QString &v) {
                return v == QLatin1String("ok")       ? tr("通过")
                       : v == QLatin1String("failed") ? tr("未通过")
                                                      : tr("未检查");
            };
            QStringList lines;
            if (!c.configured) {
                lines << tr("未配置政务平台地址。");
            } else {
                lines << (c.reachable ? tr("平台可达（HTTP %1）").arg(c.httpStatus)
                                      : tr("平台不可达（%1）").arg(c.networkError));
                lines << tr("TLS 证书检查：%1").arg(word(c.tls));
                lines << (c.pins > 0 ? tr("公钥固定（%1 个）：%2").arg(c.pins).arg(word(c.pin))
                                     : tr("未配置公钥固定，仅检查 CA。"));
                if (c.clockOffsetMs)
                    lines << tr("本机时钟与平台相差：%1 秒").arg(double(*c.clockOffsetMs) / 1000.0, 0, 'f', 1);
                else
                    lines << tr("时钟偏差：平台未提供时间。");
            }
            if (!c.detail.isEmpty())
                lines << c.detail;
            network_->setText(lines.join(QLatin1Char('\n')));
        });
        if (started)
            network_->setText(tr("正在检查网络……"));
        else
            checkNetwork_->setEnabled(true);
    });

    // Logs
    addPage(Logs, &l);
    logsTitle_ = makeBodyLabel();
    logs_ = new QPlainTextEdit;
    logs_->setObjectName(QStringLiteral("logLines"));
    logs_->setReadOnly(true);
    logs_->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    logs_->setMinimumHeight(600);
    logs_->setFocusPolicy(Qt::NoFocus);
    logFolder_ = new QComboBox;
    logFolder_->setObjectName(QStringLiteral("logExportFolder"));
    exportLogs_ = pageButton(this, "exportLogs", QStringLiteral("secondary"));
    l->addWidget(logsTitle_);
    l->addWidget(logs_, 1);
    l->addWidget(logFolder_);
    l->addWidget(exportLogs_);
    connect(exportLogs_, &QPushButton::clicked, this, [this] {
        const QString folder = logFolder_->currentData().toString();
        if (!service() || folder.isEmpty()) {
            setStatus(tr("没有可用的U盘或导出目录。请插入U盘后点击“刷新状态”。"));
            return;
        }
        if (service()->exportLogs(folder, this, [this](const std::pair<QString, QString> &r) {
                setStatus(r.second.isEmpty() ? tr("日志已导出到：%1").arg(r.first) : tr("导出失败：%1").arg(r.second));
            }))
            setStatus(tr("正在导出……"));
        else
            setStatus(tr("当前身份无权执行此操作。"));
    });

    // Settings
    addPage(Settings, &l);
    configTitle_ = makeBodyLabel();
    config_ = statusLabel(this, "configView");
    editTitle_ = makeBodyLabel();
    configKey_ = new QComboBox;
    configKey_->setObjectName(QStringLiteral("configKey"));
    configValue_ = new QLineEdit;
    configValue_->setObjectName(QStringLiteral("configValue"));
    configValue_->setProperty("kioskInput", QStringLiteral("text"));
    saveConfig_ = pageButton(this, "saveConfig");
    volumeTitle_ = makeBodyLabel();
    volume_ = statusLabel(this, "volumeValue");
    volumeDown_ = pageButton(this, "volumeDown", QStringLiteral("secondary"));
    volumeUp_ = pageButton(this, "volumeUp", QStringLiteral("secondary"));
    auto *volumeRow = new QHBoxLayout;
    volumeRow->addWidget(volumeDown_);
    volumeRow->addWidget(volume_, 1);
    volumeRow->addWidget(volumeUp_);
    restart_ = pageButton(this, "restartApp", QStringLiteral("secondary"));
    leaveKiosk_ = pageButton(this, "leaveKiosk", QStringLiteral("secondary"));
    l->addWidget(configTitle_);
    l->addWidget(config_);
    l->addWidget(editTitle_);
    l->addWidget(configKey_);
    l->addWidget(configValue_);
    l->addWidget(saveConfig_);
    l->addWidget(volumeTitle_);
    l->addLayout(volumeRow);
    l->addWidget(restart_);
    l->addWidget(leaveKiosk_);
    connect(configKey_, &QComboBox::currentIndexChanged, this,
            [this] { configValue_->setText(configKey_->currentData().toString()); });
    connect(saveConfig_, &QPushButton::clicked, this, [this] {
        if (!service())
            return;
        const QString error = service()->setConfig(configKey_->currentText(), configValue_->text().trimmed());
        setStatus(error.isEmpty() ? tr("已保存，重启应用后生效。") : tr("未保存：%1").arg(error));
        refreshSettings();
    });
    const auto stepVolume = [this](int delta) {
        if (!service() || volumePercent_ < 0)
            return;
        const int next = qBound(0, volumePercent_ + delta, 100);
        service()->setVolume(next, this, [this, next](bool ok) {
            if (ok)
                volumePercent_ = next;
            volume_->setText(ok ? tr("音量：%1%").arg(next) : tr("无法调节音量。"));
        });
    };
    connect(volumeDown_, &QPushButton::clicked, this, [stepVolume] { stepVolume(-10); });
    connect(volumeUp_, &QPushButton::clicked, this, [stepVolume] { stepVolume(10); });
    connect(restart_, &QPushButton::clicked, this, [this] {
        if (service() && confirmed(restart_, tr("再次点击确认重启应用")))
            service()->restartApp();
    });
    connect(leaveKiosk_, &QPushButton::clicked, this, [this] {
        if (service() && confirmed(leaveKiosk_, tr("再次点击确认退出自助模式")) && !service()->leaveKioskMode())
            setStatus(tr("当前身份无权执行此操作。"));
    });

    status_ = statusLabel(this, "maintenanceStatus");
    refresh_ = makeButton("maintenanceRefresh", QStringLiteral("secondary"));
    signOut_ = makeButton("maintenanceSignOut", QStringLiteral("secondary"));
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(refresh_);
    bottom->addWidget(signOut_);
    lay->addWidget(status_);
    lay->addLayout(bottom);
    connect(refresh_, &QPushButton::clicked, this, &MaintenanceMenuScreen::refresh);
    connect(signOut_, &QPushButton::clicked, this, [this] {
        if (service())
            service()->signOut();
        context().session->goHome();
    });

    disarm_ = new QTimer(this);
    disarm_->setSingleShot(true);
    disarm_->setInterval(5000);
    connect(disarm_, &QTimer::timeout, this, [this] {
        armed_ = nullptr;
        retranslateUi();
    });
    finishSetup();
}

MaintenanceMenuScreen::~MaintenanceMenuScreen()
{
    if (app::MaintenanceService *s = service())
        s->signOut();
}

app::MaintenanceService *MaintenanceMenuScreen::service() const
{
    return context().services.maintenance;
}

QWidget *MaintenanceMenuScreen::addPage(Page page, QVBoxLayout **layout)
{
    auto *scroll = new QScrollArea(pages_);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->viewport()->setAutoFillBackground(false); // the screen's own background shows through
    auto *inner = new QWidget;
    inner->setObjectName(QStringLiteral("maintenancePage%1").arg(int(page)));
    *layout = new QVBoxLayout(inner);
    (*layout)->setContentsMargins(0, 8, 0, 8);
    (*layout)->setSpacing(12);
    scroll->setWidget(inner);
    inner->setAutoFillBackground(false); // QScrollArea::setWidget turned it on
    pages_->insertWidget(int(page), scroll);
    // The stretch is added last, so every page's content sits at the top.
    QTimer::singleShot(0, inner, [l = *layout] { l->addStretch(1); });
    return inner;
}

QPushButton *MaintenanceMenuScreen::pageButton(QWidget *, const char *name, const QString &role)
{
    QPushButton *b = makeButton(name, role);
    return b;
}

void MaintenanceMenuScreen::showPage(Page page)
{
    pages_->setCurrentIndex(int(page));
    for (int i = 0; i < tabs_.size(); ++i)
        tabs_[i]->setChecked(i == int(page));
    if (page == Logs)
        refreshLogs();
}

void MaintenanceMenuScreen::setStatus(const QString &text)
{
    status_->setText(text);
    emit speak(text);
}

bool MaintenanceMenuScreen::confirmed(QPushButton *button, const QString &ask)
{
    if (armed_ == button) {
        armed_ = nullptr;
        disarm_->stop();
        retranslateUi();
        return true;
    }
    armed_ = button;
    retranslateUi();
    button->setText(ask);
    button->setAccessibleName(ask);
    disarm_->start();
    return false;
}

void MaintenanceMenuScreen::showEvent(QShowEvent *event)
{
    status_->clear();
    results_.clear();
    cameraFrame_ = QImage();
    showPage(Devices);
    refresh();
    Screen::showEvent(event);
}

void MaintenanceMenuScreen::refresh()
{
    app::MaintenanceService *s = service();
    const bool in = s && s->role();
    role_->setText(in ? tr("当前身份：%1").arg(roleName(*s->role())) : tr("未登录，请先登录维护菜单。"));
    for (QPushButton *b : tabs_)
        b->setVisible(in);
    pages_->setVisible(in);
    refresh_->setVisible(in);
    refreshDevices();
    refreshQueue();
    refreshCatalogue();
    refreshSettings();
    if (pages_->currentIndex() == Logs)
        refreshLogs();
}

void MaintenanceMenuScreen::refreshDevices()
{
    app::MaintenanceService *s = service();
    const bool in = s && s->role();
    // The device rows are rebuilt from the provider each time: devices come and go with the configuration.
    clearGrid(devicesGrid_);
    const QList<app::DeviceReport> devices = in ? s->devices() : QList<app::DeviceReport>{};
    int row = 0;
    for (const app::DeviceReport &d : devices) {
        // Kind, status and detail are technical values for technicians: shown as the devices report them.
        auto *info = plainLabel(devicesBox_, QStringLiteral("device_") + d.kind);
        info->setText(d.detail.isEmpty()
                          ? QStringLiteral("%1 (%2)  [%3]").arg(deviceName(d.kind), d.kind, d.status)
                          : QStringLiteral("%1 (%2)  [%3]  %4").arg(deviceName(d.kind), d.kind, d.status, d.detail));
        devicesGrid_->addWidget(info, row, 0);
        auto *test = new QPushButton(testName(d.kind), devicesBox_);
        test->setObjectName(QStringLiteral("selfTest_") + d.kind);
        test->setProperty("role", QStringLiteral("secondary"));
        test->setFocusPolicy(Qt::NoFocus);
        test->setAccessibleName(tr("%1：%2").arg(testName(d.kind), deviceName(d.kind)));
        test->setEnabled(s->canRunSelfTest());
        const QString kind = d.kind;
        connect(test, &QPushButton::clicked, this, [this, kind] { runSelfTest(kind); });
        devicesGrid_->addWidget(test, row, 1);
        ++row;
        if (results_.contains(kind)) {
            auto *result = plainLabel(devicesBox_, QStringLiteral("selfTestResult_") + kind, results_.value(kind));
            result->setProperty("role", QStringLiteral("status"));
            devicesGrid_->addWidget(result, row++, 0, 1, 2);
        }
        if (kind == QLatin1String("face_camera") && !cameraFrame_.isNull()) {
            auto *preview = new QLabel(devicesBox_);
            preview->setObjectName(QStringLiteral("cameraPreview"));
            preview->setPixmap(QPixmap::fromImage(cameraFrame_));
            preview->setAccessibleName(tr("摄像头画面（不录制、不保存）"));
            devicesGrid_->addWidget(preview, row++, 0, 1, 2);
        }
    }
    if (in && devices.isEmpty())
        devicesGrid_->addWidget(plainLabel(devicesBox_, QStringLiteral("noDevices"), tr("没有配置任何设备。")), 0, 0);
}

void MaintenanceMenuScreen::runSelfTest(const QString &kind)
{
    app::MaintenanceService *s = service();
    if (!s)
        return;
    const bool started = s->runSelfTest(kind, this, [this, kind](const app::SelfTestReport &r) {
        QStringList lines{(r.passed ? tr("通过") : tr("未通过")) + QStringLiteral("：") + r.summary};
        lines << r.details;
        results_.insert(kind, lines.join(QLatin1Char('\n')));
        if (kind == QLatin1String("face_camera"))
            cameraFrame_ = r.preview; // shown only; dropped when the menu is left
        setStatus(tr("自检完成：%1").arg(deviceName(kind)));
        refreshDevices();
    });
    if (!started) {
        setStatus(tr("当前身份无权执行此操作。"));
        return;
    }
    const QString hint = testWaitHint(kind);
    results_.insert(kind, tr("正在自检……") + (hint.isEmpty() ? QString() : QLatin1Char(' ') + hint));
    setStatus(tr("已开始自检：%1").arg(deviceName(kind)));
    refreshDevices();
}

void MaintenanceMenuScreen::refreshQueue()
{
    app::MaintenanceService *s = service();
    const bool in = s && s->role();
    const QJsonObject q = in ? s->queueStatus() : QJsonObject{};
    if (q.isEmpty()) {
        queue_->setText(in ? tr("上报队列状态不可用。") : QString());
    } else {
        // Nulls (nothing waiting) read as "none", not as 0 s.
        const auto num = [&q](const char *key) {
            const QJsonValue v = q.value(QLatin1String(key));
            return v.isDouble() ? QString::number(v.toVariant().toLongLong()) : QStringLiteral("—");
        };
        QStringList lines{tr("待上报：%1").arg(num("pending")), tr("上报中：%1").arg(num("in_flight")),
                          tr("上报失败（死信）：%1").arg(num("dead"))};
        const QJsonValue oldest = q.value(QStringLiteral("oldest_age_s"));
        lines << (oldest.isDouble() && oldest.toDouble() >= 0 ? tr("最早一件已等待：%1 秒").arg(num("oldest_age_s"))
                                                              : tr("没有等待上报的办件。"));
        const QString last = q.value(QStringLiteral("last_sync")).toString();
        lines << tr("上次同步：%1").arg(last.isEmpty() ? tr("从未") : last);
        const QString error = q.value(QStringLiteral("error")).toString();
        if (!error.isEmpty())
            lines << tr("最近错误：%1").arg(error);
        queue_->setText(lines.join(QLatin1Char('\n')));
    }
    syncNow_->setEnabled(in && s->canSyncNow());
    exportQueue_->setEnabled(in && s->may(app::MaintenanceAction::ExportQueue));
    fillFolders(exportFolder_);
    refreshDeadLetters();
}

void MaintenanceMenuScreen::refreshDeadLetters()
{
    app::MaintenanceService *s = service();
    if (!s || !s->role()) {
        clearGrid(deadGrid_);
        return;
    }
    s->deadLetters(this, [this](const QList<app::DeadLetter> &dead) {
        clearGrid(deadGrid_);
        app::MaintenanceService *s = service();
        if (!s)
            return;
        if (dead.isEmpty())
            deadGrid_->addWidget(plainLabel(deadBox_, QStringLiteral("noDeadLetters"), tr("没有死信。")), 0, 0);
        int row = 0;
        for (const app::DeadLetter &d : dead) {
            // The local number (printed on the citizen's receipt), the item code and the platform's reason.
            auto *info = plainLabel(deadBox_, QStringLiteral("deadLetter_%1").arg(row),
                                    tr("%1 · 事项 %2 · 已尝试 %3 次\n原因：%4")
                                        .arg(d.localNo, d.itemCode)
                                        .arg(d.attempts)
                                        .arg(d.reason.isEmpty() ? tr("未知") : d.reason));
            deadGrid_->addWidget(info, row, 0);
            auto *retry = new QPushButton(tr("重新上报"), deadBox_);
            retry->setObjectName(QStringLiteral("retryDead_%1").arg(row));
            retry->setProperty("role", QStringLiteral("secondary"));
            retry->setFocusPolicy(Qt::NoFocus);
            retry->setAccessibleName(tr("重新上报 %1").arg(d.localNo));
            retry->setEnabled(s->may(app::MaintenanceAction::RetryDeadLetters));
            auto *remove = new QPushButton(tr("删除"), deadBox_);
            remove->setObjectName(QStringLiteral("deleteDead_%1").arg(row));
            remove->setProperty("role", QStringLiteral("secondary"));
            remove->setFocusPolicy(Qt::NoFocus);
            remove->setAccessibleName(tr("删除 %1（仅限主管）").arg(d.localNo));
            remove->setEnabled(s->may(app::MaintenanceAction::DeleteDeadLetters));
            const QString id = d.id;
            connect(retry, &QPushButton::clicked, this, [this, id] {
                if (service() && service()->retryDeadLetter(id, this, [this](const QString &error) {
                        setStatus(error.isEmpty() ? tr("已放回上报队列。") : tr("操作失败：%1").arg(error));
                        refreshQueue();
                    }))
                    setStatus(tr("正在处理……"));
            });
            connect(remove, &QPushButton::clicked, this, [this, remove, id] {
                if (!service() || !confirmed(remove, tr("再次点击确认删除")))
                    return;
                if (!service()->deleteDeadLetter(id, this, [this](const QString &error) {
                        setStatus(error.isEmpty() ? tr("已删除。") : tr("操作失败：%1").arg(error));
                        refreshQueue();
                    }))
                    setStatus(tr("当前身份无权执行此操作。"));
            });
            deadGrid_->addWidget(retry, row, 1);
            deadGrid_->addWidget(remove, row, 2);
            ++row;
        }
    });
}

void MaintenanceMenuScreen::fillFolders(QComboBox *box)
{
    const QString current = box->currentData().toString();
    box->clear();
    const QStringList folders = service() && service()->role() ? service()->exportFolders() : QStringList{};
    for (const QString &f : folders)
        box->addItem(f, f);
    if (folders.isEmpty())
        box->addItem(tr("未发现U盘"), QString());
    const int keep = box->findData(current);
    if (keep >= 0)
        box->setCurrentIndex(keep);
    box->setAccessibleName(tr("导出到"));
}

void MaintenanceMenuScreen::refreshCatalogue()
{
    app::MaintenanceService *s = service();
    if (!s || !s->role()) {
        catalogue_->clear();
        return;
    }
    const app::CatalogueInfo c = s->catalogue();
    QStringList lines{tr("目录版本：%1（%2 个事项）").arg(c.version).arg(c.items),
                      tr("上次更新：%1")
                          .arg(c.lastRefresh.isValid() ? c.lastRefresh.toString(QStringLiteral("yyyy-MM-dd HH:mm"))
                                                       : tr("本次启动后未更新"))};
    if (!c.lastError.isEmpty())
        lines << tr("最近错误：%1").arg(c.lastError);
    catalogue_->setText(lines.join(QLatin1Char('\n')));
    refreshCatalogue_->setEnabled(s->may(app::MaintenanceAction::RefreshCatalogue));
    if (network_->text().isEmpty())
        network_->setText(tr("点击“检查网络”查看平台连接。"));
}

void MaintenanceMenuScreen::refreshLogs()
{
    app::MaintenanceService *s = service();
    if (!s || !s->role())
        return;
    if (!s->recentLogs(200, this, [this](const QStringList &lines) {
            logs_->setPlainText(lines.isEmpty() ? tr("没有日志。") : lines.join(QLatin1Char('\n')));
            logs_->moveCursor(QTextCursor::End);
        }))
        logs_->setPlainText(tr("当前身份无权执行此操作。"));
    fillFolders(logFolder_);
    exportLogs_->setEnabled(s->may(app::MaintenanceAction::ExportLogs));
}

void MaintenanceMenuScreen::refreshSettings()
{
    app::MaintenanceService *s = service();
    if (!s || !s->role()) {
        config_->clear();
        return;
    }
    const QList<app::ConfigEntry> entries = s->config();
    QStringList lines;
    const QString keep = configKey_->currentText();
    configKey_->blockSignals(true);
    configKey_->clear();
    for (const app::ConfigEntry &e : entries) {
        // A value from the local override file (set in this menu) says so: /etc's file holds another one.
        lines << (e.local ? tr("%1 = %2（本机修改）") : QStringLiteral("%1 = %2")).arg(e.key, e.value);
        if (e.editable)
            configKey_->addItem(e.key, e.value);
    }
    configKey_->blockSignals(false);
    const int index = configKey_->findText(keep);
    configKey_->setCurrentIndex(index >= 0 ? index : 0);
    configValue_->setText(configKey_->currentData().toString());
    config_->setText(lines.isEmpty() ? tr("没有配置文件。") : lines.join(QLatin1Char('\n')));
    const bool edit = s->may(app::MaintenanceAction::EditConfig) && configKey_->count() > 0;
    editTitle_->setVisible(edit);
    configKey_->setVisible(edit);
    configValue_->setVisible(edit);
    saveConfig_->setVisible(edit);
    leaveKiosk_->setEnabled(s->may(app::MaintenanceAction::LeaveKioskMode));
    restart_->setEnabled(s->may(app::MaintenanceAction::RestartApp));
    const bool vol = s->may(app::MaintenanceAction::ChangeVolume);
    volumeDown_->setEnabled(vol);
    volumeUp_->setEnabled(vol);
    if (!s->volume(this, [this](int percent) {
            volumePercent_ = percent;
            volume_->setText(percent >= 0 ? tr("音量：%1%").arg(percent) : tr("无法读取音量。"));
        }))
        volume_->setText(tr("无法读取音量。"));
}

QString MaintenanceMenuScreen::title() const
{
    return tr("设备维护");
}

QString MaintenanceMenuScreen::voicePrompt() const
{
    return tr("已进入设备维护菜单。");
}

void MaintenanceMenuScreen::retranslateUi()
{
    title_->setText(title());
    const QStringList tabTexts{tr("设备"), tr("上报队列"), tr("事项目录"), tr("网络"), tr("日志"), tr("设置")};
    for (int i = 0; i < tabs_.size(); ++i) {
        tabs_[i]->setText(tabTexts.value(i));
        tabs_[i]->setAccessibleName(tr("维护页面：%1").arg(tabTexts.value(i)));
    }
    devicesTitle_->setText(tr("设备状态与自检"));
    queueTitle_->setText(tr("上报队列"));
    deadTitle_->setText(tr("死信（平台拒收的办件）"));
    exportTitle_->setText(tr("导出密封办件到U盘"));
    catalogueTitle_->setText(tr("事项目录"));
    networkTitle_->setText(tr("网络与平台"));
    logsTitle_->setText(tr("最近日志（不含个人信息）"));
    configTitle_->setText(tr("当前配置"));
    editTitle_->setText(tr("修改配置（主管）"));
    volumeTitle_->setText(tr("音量"));
    const auto name = [](QPushButton *b, const QString &text, const QString &accessible = {}) {
        b->setText(text);
        b->setAccessibleName(accessible.isEmpty() ? text : accessible);
    };
    name(syncNow_, tr("立即同步"));
    name(exportQueue_, tr("导出队列"));
    name(refreshCatalogue_, tr("立即更新目录"));
    name(checkNetwork_, tr("检查网络"));
    name(exportLogs_, tr("导出日志"));
    name(saveConfig_, tr("保存配置"));
    name(volumeDown_, tr("音量 −"), tr("调低音量"));
    name(volumeUp_, tr("音量 +"), tr("调高音量"));
    name(restart_, tr("重启应用"));
    name(leaveKiosk_, tr("退出自助模式（主管）"));
    name(refresh_, tr("刷新状态"));
    name(signOut_, tr("退出维护"), tr("退出维护，回到首页"));
    exportFolder_->setAccessibleName(tr("导出到"));
    logFolder_->setAccessibleName(tr("导出到"));
    configKey_->setAccessibleName(tr("配置项"));
    configValue_->setAccessibleName(tr("新的值"));
    logs_->setAccessibleName(tr("最近日志"));
    if (armed_ == nullptr)
        refresh();
}

} // namespace kiosk::ui
