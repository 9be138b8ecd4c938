// The devices page of the maintenance menu.
#include "ui/screens/maintenance/devices_page.h"

#include <QCoreApplication>
#include <QGridLayout>
#include <QLabel>
#include <QPixmap>
#include <QPushButton>
#include <QVBoxLayout>

#include <utility>

#include "app/maintenance/maintenance_service.h"

namespace kiosk::ui {

namespace {

QString deviceName(const QString &kind)
{
    if (kind == QLatin1String("idcard_reader"))
        return QCoreApplication::translate("kiosk::ui::MaintenanceDevicesPage", "身份证阅读器");
    if (kind == QLatin1String("code_scanner"))
        return QCoreApplication::translate("kiosk::ui::MaintenanceDevicesPage", "扫码器");
    if (kind == QLatin1String("receipt_printer"))
        return QCoreApplication::translate("kiosk::ui::MaintenanceDevicesPage", "凭条打印机");
    if (kind == QLatin1String("document_printer"))
        return QCoreApplication::translate("kiosk::ui::MaintenanceDevicesPage", "A4打印机");
    if (kind == QLatin1String("document_scanner"))
        return QCoreApplication::translate("kiosk::ui::MaintenanceDevicesPage", "文件扫描仪");
    if (kind == QLatin1String("document_camera"))
        return QCoreApplication::translate("kiosk::ui::MaintenanceDevicesPage", "高拍仪");
    if (kind == QLatin1String("face_camera"))
        return QCoreApplication::translate("kiosk::ui::MaintenanceDevicesPage", "人脸摄像头");
    return kind;
}

QString testName(const QString &kind)
{
    if (kind == QLatin1String("idcard_reader"))
        return QCoreApplication::translate("kiosk::ui::MaintenanceDevicesPage", "读卡测试");
    if (kind == QLatin1String("code_scanner"))
        return QCoreApplication::translate("kiosk::ui::MaintenanceDevicesPage", "扫码测试");
    if (kind == QLatin1String("receipt_printer"))
        return QCoreApplication::translate("kiosk::ui::MaintenanceDevicesPage", "打印测试小票");
    if (kind == QLatin1String("document_printer"))
        return QCoreApplication::translate("kiosk::ui::MaintenanceDevicesPage", "打印A4测试页");
    if (kind == QLatin1String("document_scanner"))
        return QCoreApplication::translate("kiosk::ui::MaintenanceDevicesPage", "扫描测试页");
    if (kind == QLatin1String("face_camera"))
        return QCoreApplication::translate("kiosk::ui::MaintenanceDevicesPage", "摄像头检查");
    return QCoreApplication::translate("kiosk::ui::MaintenanceDevicesPage", "自检");
}

// What the technician must do while a test waits, or empty.
QString testWaitHint(const QString &kind)
{
    if (kind == QLatin1String("idcard_reader"))
        return QCoreApplication::translate("kiosk::ui::MaintenanceDevicesPage",
                                           "请在读卡器上放置一张身份证（只显示遮盖后的信息）。");
    if (kind == QLatin1String("code_scanner"))
        return QCoreApplication::translate("kiosk::ui::MaintenanceDevicesPage", "请在扫码器前出示一个二维码。");
    if (kind == QLatin1String("document_scanner"))
        return QCoreApplication::translate("kiosk::ui::MaintenanceDevicesPage", "请在扫描仪上放一张空白或测试用纸。");
    return {};
}

} // namespace

MaintenanceDevicesPage::MaintenanceDevicesPage(int index, const ScreenContext &ctx, QWidget *parent)
    : MaintenancePage(index, ctx, parent)
{
    title_ = makeBodyLabel();
    box_ = new QWidget;
    box_->setObjectName(QStringLiteral("maintenanceDevices"));
    grid_ = new QGridLayout(box_);
    grid_->setContentsMargins(0, 0, 0, 0);
    grid_->setSpacing(8);
    grid_->setColumnStretch(0, 1);
    pageLayout()->addWidget(title_);
    pageLayout()->addWidget(box_);
}

void MaintenanceDevicesPage::reset()
{
    results_.clear();
    cameraFrame_ = QImage();
}

void MaintenanceDevicesPage::refresh()
{
    app::MaintenanceService *s = service();
    const bool in = signedIn();
    // The device panels are rebuilt from the descriptions each time: devices come and go with the configuration, and
    // every panel is built the same way from what its driver reports (no code per device kind here but names).
    clearGrid(grid_);
    const QList<app::DeviceDescription> devices = in ? s->devices() : QList<app::DeviceDescription>{};
    int row = 0;
    for (const app::DeviceDescription &d : devices) {
        auto *info = makePlainLabel(box_, QStringLiteral("device_") + d.kind, headline(d));
        info->setProperty("role", QStringLiteral("fieldLabel"));
        grid_->addWidget(info, row, 0);
        auto *test = new QPushButton(testName(d.kind), box_);
        test->setObjectName(QStringLiteral("selfTest_") + d.kind);
        test->setProperty("role", QStringLiteral("secondary"));
        test->setFocusPolicy(Qt::NoFocus);
        test->setAccessibleName(tr("%1：%2").arg(testName(d.kind), deviceName(d.kind)));
        test->setEnabled(s->canRunSelfTest());
        const QString kind = d.kind;
        connect(test, &QPushButton::clicked, this, [this, kind] { runSelfTest(kind); });
        grid_->addWidget(test, row++, 1, Qt::AlignTop);
        grid_->addWidget(factsPanel(d), row++, 0, 1, 2);
        if (results_.contains(kind)) {
            auto *result = makePlainLabel(box_, QStringLiteral("selfTestResult_") + kind, results_.value(kind));
            result->setProperty("role", QStringLiteral("status"));
            grid_->addWidget(result, row++, 0, 1, 2);
        }
        if (kind == QLatin1String("idcard_reader"))
            row = addReaderSamRow(row);
        if (kind == QLatin1String("face_camera") && !cameraFrame_.isNull()) {
            auto *preview = new QLabel(box_);
            preview->setObjectName(QStringLiteral("cameraPreview"));
            preview->setPixmap(QPixmap::fromImage(cameraFrame_));
            preview->setAccessibleName(tr("摄像头画面（不录制、不保存）"));
            grid_->addWidget(preview, row++, 0, 1, 2);
        }
    }
    if (in && devices.isEmpty())
        grid_->addWidget(makePlainLabel(box_, QStringLiteral("noDevices"), tr("没有配置任何设备。")), 0, 0);
}

int MaintenanceDevicesPage::addReaderSamRow(int row)
{
    // The reader's SAM against the one recorded at commissioning; a supervisor accepts a new one here.
    app::MaintenanceService *s = service();
    const app::ReaderSamStatus sam = s->readerSam();
    if (sam.state.isEmpty())
        return row;
    QString text;
    if (sam.state == QLatin1String("matches"))
        text = tr("安全模块（SAM）：%1，与登记一致").arg(sam.recordedId);
    else if (sam.state == QLatin1String("not_recorded"))
        text = tr("安全模块（SAM）：%1，尚未登记（请用 kioskctl idcard sam record 登记）").arg(sam.seenId);
    else if (sam.state == QLatin1String("changed"))
        text = tr("安全模块（SAM）：%1，与登记的 %2 不符，读卡器已停用").arg(sam.seenId, sam.recordedId);
    else
        text = tr("安全模块（SAM）：读卡器尚未应答");
    auto *label = makePlainLabel(box_, QStringLiteral("readerSam"), text);
    label->setProperty("role",
                       sam.state == QLatin1String("changed") ? QStringLiteral("error") : QStringLiteral("status"));
    label->setWordWrap(true);
    // The whole width: a SAM id is 36 characters without a break, too wide beside a button in care mode.
    grid_->addWidget(label, row++, 0, 1, 2);
    if (sam.state == QLatin1String("changed") && s->canAcceptReaderSam()) {
        auto *accept = new QPushButton(tr("接受新的安全模块"), box_);
        accept->setObjectName(QStringLiteral("acceptReaderSam"));
        accept->setAccessibleName(tr("接受新的安全模块"));
        accept->setProperty("role", QStringLiteral("secondary"));
        accept->setFocusPolicy(Qt::NoFocus);
        connect(accept, &QPushButton::clicked, this, [this] {
            const QString error = service()->acceptReaderSam();
            results_.insert(QStringLiteral("idcard_reader"),
                            error.isEmpty() ? tr("已登记新的安全模块，读卡器恢复使用。")
                                            : tr("未能登记新的安全模块：读卡器没有给出有效编号，或登记文件无法写入。"));
            refresh();
        });
        grid_->addWidget(accept, row++, 1, Qt::AlignTop);
    }
    return row;
}

QString MaintenanceDevicesPage::headline(const app::DeviceDescription &d) const
{
    QString text = tr("%1：%2").arg(deviceName(d.kind), stateName(d.state));
    // Detail and hint are the driver's own words for technicians (device details never hold personal data).
    if (!d.detail.isEmpty())
        text += QLatin1Char('\n') + d.detail;
    if (!d.hint.isEmpty() && !d.usable)
        text += QLatin1Char('\n') + d.hint;
    return text;
}

QString MaintenanceDevicesPage::stateName(const QString &state) const
{
    if (state == QLatin1String("online"))
        return tr("正常");
    if (state == QLatin1String("busy"))
        return tr("工作中");
    if (state == QLatin1String("offline"))
        return tr("离线");
    if (state == QLatin1String("no_device"))
        return tr("未连接");
    if (state == QLatin1String("hardware_error"))
        return tr("故障");
    if (state == QLatin1String("user_error"))
        return tr("需要处理");
    return state;
}

QString MaintenanceDevicesPage::factValue(const app::DeviceFact &f) const
{
    QString text;
    switch (f.type) {
    case app::DeviceFact::Type::Flag: return f.value.toBool() ? tr("是") : tr("否");
    case app::DeviceFact::Type::Integer: text = QString::number(f.value.toLongLong()); break;
    case app::DeviceFact::Type::Real: text = QString::number(f.value.toDouble(), 'g', 4); break;
    case app::DeviceFact::Type::Text: text = f.value.toString(); break;
    case app::DeviceFact::Type::List: text = f.value.toStringList().join(QStringLiteral(", ")); break;
    }
    if (text.isEmpty())
        return tr("（无）");
    return f.unit.isEmpty() ? text : text + QLatin1Char(' ') + f.unit;
}

QString MaintenanceDevicesPage::detailLine(const QString &line) const
{
    // "key: value" from the device's self-test: the key becomes its Chinese label (app/devices decides the labels).
    const qsizetype colon = line.indexOf(QStringLiteral(": "));
    if (colon <= 0)
        return line;
    const QString key = line.left(colon).trimmed();
    const char *label = app::selfTestDetailLabel(key);
    if (!label)
        return line; // a detail the table does not know yet: shown as the device gave it
    QString value = line.mid(colon + 2).trimmed();
    if (value == QLatin1String("true"))
        value = tr("是");
    else if (value == QLatin1String("false"))
        value = tr("否");
    else if (value.isEmpty())
        value = tr("（无）");
    const QString unit = app::selfTestDetailUnit(key);
    if (!unit.isEmpty())
        value += QLatin1Char(' ') + unit;
    return tr("%1：%2").arg(QCoreApplication::translate("kiosk::app::DeviceFact", label), value);
}

QWidget *MaintenanceDevicesPage::factsPanel(const app::DeviceDescription &d)
{
    // Two columns of "label: value"; model and port first, then the capabilities in the driver's order.
    auto *panel = new QWidget(box_);
    panel->setObjectName(QStringLiteral("deviceFacts_") + d.kind);
    auto *grid = new QGridLayout(panel);
    grid->setContentsMargins(24, 0, 0, 8);
    grid->setHorizontalSpacing(24);
    grid->setVerticalSpacing(2);
    QList<std::pair<QString, QString>> rows; // object-name key, shown text
    if (!d.model.isEmpty())
        rows.append({QStringLiteral("model"), tr("型号：%1").arg(d.model)});
    if (!d.port.isEmpty())
        rows.append({QStringLiteral("port"), tr("端口：%1").arg(d.port)});
    for (const app::DeviceFact &f : d.facts) {
        const QString label = f.label ? QCoreApplication::translate("kiosk::app::DeviceFact", f.label) : f.key;
        rows.append({f.key, tr("%1：%2").arg(label, factValue(f))});
    }
    for (int i = 0; i < rows.size(); ++i) {
        auto *l =
            makePlainLabel(panel, QStringLiteral("deviceFact_%1_%2").arg(d.kind, rows.at(i).first), rows.at(i).second);
        grid->addWidget(l, i / 2, i % 2);
    }
    grid->setColumnStretch(0, 1);
    grid->setColumnStretch(1, 1);
    return panel;
}

void MaintenanceDevicesPage::runSelfTest(const QString &kind)
{
    app::MaintenanceService *s = service();
    if (!s)
        return;
    const bool started = s->runSelfTest(kind, this, [this, kind](const app::SelfTestReport &r) {
        // In Chinese for the technician: the outcome with the test's name, the details as labelled facts, and the
        // device's own words last, labelled as such.
        QStringList lines{(r.passed ? tr("通过") : tr("未通过")) + QStringLiteral("：") + testName(kind)};
        for (const QString &line : r.details)
            lines << detailLine(line);
        if (!r.summary.isEmpty())
            lines << tr("设备报告：%1").arg(r.summary);
        results_.insert(kind, lines.join(QLatin1Char('\n')));
        if (kind == QLatin1String("face_camera"))
            cameraFrame_ = r.preview; // shown only; dropped when the menu is left
        setStatus(tr("自检完成：%1").arg(deviceName(kind)));
        refresh();
    });
    if (!started) {
        setStatus(tr("当前身份无权执行此操作。"));
        return;
    }
    const QString hint = testWaitHint(kind);
    results_.insert(kind, tr("正在自检……") + (hint.isEmpty() ? QString() : QLatin1Char(' ') + hint));
    setStatus(tr("已开始自检：%1").arg(deviceName(kind)));
    refresh();
}

void MaintenanceDevicesPage::retranslateUi()
{
    title_->setText(tr("设备状态与自检"));
}

} // namespace kiosk::ui
