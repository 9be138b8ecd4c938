// Simple informational screens: a service not yet available here, help, and out of service.
#pragma once

#include "ui/screens/screen.h"

namespace kiosk::ui {

// A service whose screens have not landed yet: says so plainly and points to the counter and the hotline.
class ComingSoonScreen : public Screen
{
    Q_OBJECT
public:
    ComingSoonScreen(const QString &serviceId, const ScreenContext &ctx, QWidget *parent = nullptr);
    QString title() const override;
    QString voicePrompt() const override;

protected:
    void retranslateUi() override;

private:
    QLabel *title_;
    QLabel *body_;
    QPushButton *home_;
};

// Help: how to use the kiosk, the 12345 hotline and how to get staff help.
class HelpScreen : public Screen
{
    Q_OBJECT
public:
    explicit HelpScreen(const ScreenContext &ctx, QWidget *parent = nullptr);
    QString title() const override;
    QString voicePrompt() const override;

protected:
    void retranslateUi() override;

private:
    QLabel *title_;
    QLabel *steps_;
    QLabel *hotlineCaption_;
    QLabel *hotline_;
    QLabel *staff_;
};

// Out of service: shown when a required part is unavailable; says so to citizens and gives staff the reason.
class OutOfServiceScreen : public Screen
{
    Q_OBJECT
public:
    explicit OutOfServiceScreen(const ScreenContext &ctx, QWidget *parent = nullptr);
    QString title() const override;
    QString voicePrompt() const override;
    bool showsFrameChrome() const override { return false; }
    void setReason(const QString &reasonForStaff);
    QString reason() const;

protected:
    void retranslateUi() override;

private:
    QLabel *title_;
    QLabel *body_;
    QLabel *staffCaption_;
    QLabel *reason_;
};

} // namespace kiosk::ui
