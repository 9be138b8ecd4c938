// libFuzzer target: a Case answer (GET /v1/cases/...) and a case list ({"cases":[...]}, POST /v1/cases/query) from
// an untrusted platform, as CaseInfo. Never a crash or a sanitizer report, and what the progress screen shows stays
// bounded: every string cut to its limit (case_no 40, local_no 80, item_code 64, status 32, applicant 32, an event's
// status 32 and note 500), at most 100 events and 50 cases; a fee is "none" with nothing due, or "due"/"paid" with
// whole fen from 0 to 10^9, exactly as the answer said.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>
#include <cstdint>

#include "app/platform/platform_service.h"
#include "tests/fuzz/fuzz_require.h"

using kiosk::fuzz::require;
using namespace kiosk::app;

namespace {

void checkCase(const CaseInfo &c, const QJsonObject &o)
{
    require(c.caseNo.size() <= 40 && c.localNo.size() <= 80 && c.itemCode.size() <= 64);
    require(c.status.size() <= 32 && c.applicantMasked.size() <= 32);
    require(c.caseNo == o.value(QLatin1String("case_no")).toString().left(40));
    require(c.timeline.size() <= 100);
    require(c.timeline.size() <= o.value(QLatin1String("timeline")).toArray().size());
    for (const CaseEvent &e : c.timeline)
        require(e.status.size() <= 32 && e.note.size() <= 500);
    require(c.promisedDate.isNull() || c.promisedDate.isValid());
    if (c.paymentStatus == QLatin1String("none")) {
        require(c.amountDueFen == 0);
    } else {
        require(c.paymentStatus == QLatin1String("due") || c.paymentStatus == QLatin1String("paid"));
        require(c.paymentStatus == o.value(QLatin1String("payment_status")).toString());
        require(c.amountDueFen >= 0 && c.amountDueFen <= 1'000'000'000);
        require(double(c.amountDueFen) == o.value(QLatin1String("amount_due_fen")).toDouble());
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const QJsonObject answer = QJsonDocument::fromJson(bytes).object();

    checkCase(CaseInfo::fromJson(answer), answer);

    const QJsonArray cases = answer.value(QLatin1String("cases")).toArray();
    const QList<CaseInfo> list = CaseInfo::listFromJson(answer);
    require(list.size() == qMin(qsizetype(50), cases.size()));
    for (int i = 0; i < list.size(); ++i)
        checkCase(list[i], cases[i].toObject());
    return 0;
}
