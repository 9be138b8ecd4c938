// The start of an application: find a service item (search, popular, by life event, by department, for
// enterprises).
#pragma once

#include "ui/screens/screen.h"

class QButtonGroup;
class QLineEdit;
class QVBoxLayout;

namespace kiosk::ui {

class ApplyScreen : public Screen
{
    Q_OBJECT
public:
    explicit ApplyScreen(const ScreenContext &ctx, QWidget *parent = nullptr);
    QString title() const override;
    QString voicePrompt() const override;
    void applyMetrics(const ThemeMetrics &metrics, bool landscape) override;
    QStringList shownItemCodes() const; // what the list shows now, in order (tests, voice)

protected:
    void retranslateUi() override;

private:
    enum class Browse { Popular, LifeEvents, Departments, Enterprise };
    void setBrowse(Browse b);
    void refresh();
    void showItems(const QStringList &codes, const QString &emptyText);
    void showGroups(bool lifeEvents);
    void clearList();

    QLabel *title_;
    QLineEdit *search_;
    QList<QPushButton *> browseButtons_;
    QButtonGroup *browseGroup_;
    QLabel *status_;
    QVBoxLayout *list_;
    QList<QWidget *> listWidgets_;
    QStringList shown_;
    Browse browse_ = Browse::Popular;
    QString group_; // selected life event or department
    int maxItems_ = 20;
};

} // namespace kiosk::ui
