// A whole kiosk shell wired for tests: manual monotonic clock, real session, real main window, offscreen.
#pragma once

#include <QAbstractButton>
#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

#include <memory>

#include "app/application/visit_state.h"
#include "app/catalogue/catalogue_service.h"
#include "app/identity/identity_service.h"
#include "app/session/clock.h"
#include "app/session/kiosk_session.h"
#include "app/session/service_availability.h"
#include "ui/main_window.h"
#include "ui/voice/voice_guide.h"

namespace kiosk::test {

// The demo citizen as the card reader gives them (resources/simulator/cards.json "resident").
inline app::Identity demoCardHolder()
{
    app::Identity id;
    id.idType = QStringLiteral("resident");
    id.idNumber = QStringLiteral("440106199003071231");
    id.name = QStringLiteral("张三");
    id.sex = QStringLiteral("male");
    id.birthDate = QDate(1990, 3, 7);
    id.address = QStringLiteral("广州市天河区体育西路1号");
    id.validTo = QDate(2036, 5, 20);
    return id;
}

struct KioskFixture {
    app::ManualClock clock;
    app::ServiceAvailability availability;
    std::unique_ptr<app::CatalogueService> catalogue;
    std::unique_ptr<app::KioskSession> session;
    std::unique_ptr<ui::VoiceGuide> voice;
    std::unique_ptr<app::IdentityService> identity; // no reader: tests hand it card records
    std::unique_ptr<ui::MainWindow> window;

    explicit KioskFixture(QSize size = {1080, 1920}, app::SessionSettings settings = {}, bool withCatalogue = false,
                          app::CitizenServices services = {}, bool highContrast = false)
    {
        if (withCatalogue) {
            // The sample catalogue built into the binary, as a kiosk on its first boot has it.
            catalogue = std::make_unique<app::CatalogueService>();
            QSignalSpy ready(catalogue.get(), &app::CatalogueService::ready);
            catalogue->loadFile(QStringLiteral(":/catalogue/catalogue.json"));
            ready.wait(10000);
        }
        session = std::make_unique<app::KioskSession>(settings, &clock, &availability);
        identity = std::make_unique<app::IdentityService>(
            session.get(), [](app::KioskSession *s) -> app::IdentityHolder * { return app::VisitState::of(s); },
            nullptr);
        ui::VoiceSettings vs;
        vs.engine = QStringLiteral("none"); // no speech engine in unit tests: the guide stays silent but records
        voice = std::make_unique<ui::VoiceGuide>(vs);
        ui::MainWindowOptions opts;
        opts.centreName = QStringLiteral("广州市天河区政务服务中心");
        opts.catalogue = catalogue.get();
        opts.identity = identity.get();
        opts.services = services;
        opts.highContrast = highContrast;
        window = std::make_unique<ui::MainWindow>(session.get(), &availability, voice.get(), opts);
        window->resize(size);
        window->show();
        QTest::qWait(1);
    }

    ~KioskFixture()
    {
        window.reset();
        voice.reset();
        identity.reset();
        session.reset();
        catalogue.reset();
    }

    template <typename T = QPushButton> T *find(const QString &objectName) const
    {
        // The visible one: hidden screens of the stack may hold widgets with the same name. Widgets added to a
        // visible screen show on the next event-loop turn, as a person would see them.
        QCoreApplication::processEvents();
        for (T *w : window->findChildren<T *>(objectName)) {
            if (w->isVisible())
                return w;
        }
        return nullptr;
    }

    bool click(const QString &objectName)
    {
        auto *b = find<QAbstractButton>(objectName);
        if (!b)
            return false;
        QTest::mouseClick(b, Qt::LeftButton);
        return true;
    }

    QString screenId() const { return window->currentScreen() ? window->currentScreen()->id() : QString(); }

    // Every text a person could see or reach in the window, for "nothing of the previous citizen" checks.
    QStringList allTexts() const
    {
        QStringList out;
        for (QWidget *w : window->findChildren<QWidget *>()) {
            if (auto *l = qobject_cast<QLabel *>(w))
                out << l->text();
            else if (auto *e = qobject_cast<QLineEdit *>(w))
                out << e->text() << e->placeholderText();
            else if (auto *b = qobject_cast<QAbstractButton *>(w))
                out << b->text();
            out << w->accessibleName() << w->accessibleDescription() << w->toolTip();
        }
        return out;
    }
};

} // namespace kiosk::test
