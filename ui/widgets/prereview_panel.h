// The pre-review (预审) findings on the review screen, in the citizen's language and in plain words: what must be
// fixed before submitting (a missing material, an unreadable page, an expired letter) and what the citizen may accept
// (a page of poor quality, a name that does not match), with the rule said aloud: the warnings go to the reviewer.
#pragma once

#include <QWidget>

#include "app/materials/prereview.h"

class QLabel;
class QVBoxLayout;

namespace kiosk::app {
struct ServiceItem;
}

namespace kiosk::ui {

class PrereviewPanel : public QWidget
{
    Q_OBJECT
public:
    explicit PrereviewPanel(QWidget *parent = nullptr);

    // Shows `review` for `item` in `language` (zh_CN, zh_HK, en); hidden when there is nothing to say.
    void setReview(const app::PrereviewResult &review, const app::ServiceItem &item, const QString &language);
    // The lines shown, heading first (read aloud by the review screen).
    QString spokenText() const;

private:
    QLabel *heading_;
    QWidget *list_;
    QVBoxLayout *listLayout_;
    QStringList lines_;
};

} // namespace kiosk::ui
