// The visual stepper of a multi-step flow: one numbered circle per step with the step's name under it; done steps
// carry a tick, the current one is filled and bold, the steps left are outlined. Care mode (few columns) puts the
// steps on two rows so each name stays large and whole. Screen readers hear "第 2 步，共 6 步：填写信息" for the bar
// and, on each circle, "已完成" / "当前步骤" / "未开始" with the step's name.
#pragma once

#include <QList>
#include <QStringList>
#include <QWidget>

class QGridLayout;
class QLabel;

namespace kiosk::ui {

class StepperBar : public QWidget
{
    Q_OBJECT
public:
    explicit StepperBar(QWidget *parent = nullptr);
    // The steps' names (translated) and the index of the current one.
    void setSteps(const QStringList &names, int current);
    // Columns per row: all steps in one row unless fewer are asked for (care mode in portrait).
    void setMaxColumns(int columns);
    int current() const { return current_; }
    QStringList names() const { return names_; }

protected:
    void paintEvent(QPaintEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void rebuild();
    void retranslate();

    QGridLayout *grid_;
    QStringList names_;
    int current_ = -1;
    int maxColumns_ = 0;
    QList<QLabel *> dots_;
    QList<QLabel *> labels_;
};

} // namespace kiosk::ui
