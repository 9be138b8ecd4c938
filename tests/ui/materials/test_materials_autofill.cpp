// Materials feeding the form, on the real screens: for an item whose form is read from a material (居民身份证补领,
// GD-GA-009: the household register), the materials step comes first; a scanned register page is rectified,
// checked and read by Tesseract, and the form offers what was read, marked for the citizen to confirm; a blank
// page is refused with the reason to retake.
#include <QLabel>
#include <QLineEdit>
#include <QTemporaryDir>
#include <QTest>

#include "app/application/citizen_services.h"
#include "app/application/peripherals.h"
#include "app/application/submission_service.h"
#include "app/application/visit_state.h"
#include "app/materials/ocr_service.h"
#include "support/kiosk_fixture.h"
#include "ui/screens/application_screens.h"
#include "unit/materials/material_fixtures.h"

using namespace kiosk;
using kiosk::test::KioskFixture;

class MaterialsAutofillTest : public QObject
{
    Q_OBJECT

    QTemporaryDir data_;
    std::unique_ptr<app::SubmissionService> submissions_;
    std::unique_ptr<app::OcrService> ocr_;
    std::unique_ptr<app::CaptureService> capture_;
    std::unique_ptr<KioskFixture> kiosk_;
    test::Person person_;

private slots:
    void init()
    {
        app::SubmissionSettings st;
        st.databasePath = data_.filePath(QStringLiteral("queue.sqlite"));
        st.kioskId = QStringLiteral("GD-DEV-0001");
        st.keyCacheFile = data_.filePath(QStringLiteral("key.json"));
        submissions_ = std::make_unique<app::SubmissionService>(st);
        QVERIFY(submissions_->start());
        ocr_ = std::make_unique<app::OcrService>();
        capture_ = std::make_unique<app::CaptureService>(nullptr, nullptr);
        capture_->setProcessor(ocr_.get());
        app::CitizenServices services;
        services.submissions = submissions_.get();
        services.capture = capture_.get();
        kiosk_ = std::make_unique<KioskFixture>(QSize(1080, 1920), app::SessionSettings{}, true, services);
        kiosk_->session->begin();
        person_ = test::makePerson(77);
        app::VisitState *v = app::VisitState::of(kiosk_->session.get());
        v->selectItem(QStringLiteral("GD-GA-009"));
        app::Identity id;
        id.idType = QStringLiteral("resident");
        id.idNumber = person_.idNumber;
        id.name = person_.name;
        v->setApplicant(id);
    }
    void cleanup()
    {
        kiosk_.reset();
        capture_.reset();
        ocr_.reset();
        submissions_->stop();
        submissions_.reset();
    }

    void aReadPage_offersItsValuesOnTheForm_markedForTheCitizenToConfirm()
    {
        KioskFixture &k = *kiosk_;
        const app::ServiceItem *item = k.catalogue->catalogue()->item(QStringLiteral("GD-GA-009"));
        QVERIFY(item);
        QCOMPARE(app::firstStep(*item), QStringLiteral("materials"));
        k.session->navigate(QStringLiteral("materials"));
        auto *materials = qobject_cast<ui::MaterialsScreen *>(k.window->currentScreen());
        QVERIFY(materials);
        materials->captureImages(QStringLiteral("household_register"), {test::renderHouseholdRegister(person_, 200)});
        QTRY_VERIFY_WITH_TIMEOUT(k.find<QLabel>(QStringLiteral("state_household_register")) &&
                                     app::VisitState::of(k.session.get())
                                             ->draft()
                                             .material(QStringLiteral("household_register"))
                                             ->pages.size() == 1,
                                 60000);
        k.session->navigate(QStringLiteral("form"));
        auto *form = qobject_cast<ui::FormScreen *>(k.window->currentScreen());
        QVERIFY(form);
        QCOMPARE(form->editorFor(QStringLiteral("hr_id_number"))->text(), person_.idNumber);
        QCOMPARE(form->editorFor(QStringLiteral("hr_name"))->text(), person_.name);
        auto *hint = k.find<QLabel>(QStringLiteral("read_hr_id_number"));
        QVERIFY(hint);
        QVERIFY(!hint->text().isEmpty());
        // Still the citizen's to change: the field is editable.
        QVERIFY(!form->editorFor(QStringLiteral("hr_id_number"))->isReadOnly());
    }

    void aBlankPage_isRefusedWithTheReasonToRetake()
    {
        KioskFixture &k = *kiosk_;
        k.session->navigate(QStringLiteral("materials"));
        auto *materials = qobject_cast<ui::MaterialsScreen *>(k.window->currentScreen());
        QVERIFY(materials);
        materials->captureImages(QStringLiteral("household_register"), {test::blankPage(148, 210, 200)});
        QTRY_VERIFY_WITH_TIMEOUT(
            k.find<QLabel>(QStringLiteral("materialsStatus"))->text().contains(QStringLiteral("重新采集")), 60000);
        QVERIFY(app::VisitState::of(k.session.get())
                    ->draft()
                    .material(QStringLiteral("household_register"))
                    ->pages.isEmpty());
    }
};

QTEST_MAIN(MaterialsAutofillTest)
#include "test_materials_autofill.moc"
