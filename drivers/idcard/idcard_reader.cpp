// The ID-card reader as a Device: the facade that makes queued calls to its worker (idcard_reader_worker.h).
#include "drivers/idcard/idcard_reader.h"
#include "drivers/idcard/idcard_reader_worker.h"

#include "common/worker_thread.h"

namespace kiosk::drivers::idcard {

QString toString(IdCardErrorKind kind)
{
    switch (kind) {
    case IdCardErrorKind::OpenFailed: return QStringLiteral("open_failed");
    case IdCardErrorKind::Unplugged: return QStringLiteral("unplugged");
    case IdCardErrorKind::IoError: return QStringLiteral("io_error");
    case IdCardErrorKind::Timeout: return QStringLiteral("timeout");
    case IdCardErrorKind::CorruptFrame: return QStringLiteral("corrupt_frame");
    case IdCardErrorKind::UnexpectedStatus: return QStringLiteral("unexpected_status");
    case IdCardErrorKind::SamFault: return QStringLiteral("sam_fault");
    case IdCardErrorKind::CardFailed: return QStringLiteral("card_failed");
    case IdCardErrorKind::BadCardData: return QStringLiteral("bad_card_data");
    }
    return QStringLiteral("unknown");
}

IdCardReader::IdCardReader(TransportFactory factory, IdCardReaderConfig config, QObject *parent)
    : Device(parent), config_(std::move(config)), worker_(new IdCardReaderWorker(std::move(factory), config_))
{
    status_ = {DeviceState::NoDevice, QStringLiteral("card reader not opened"), QString()};
    connect(worker_, &IdCardReaderWorker::statusChanged, this, [this](const DeviceStatus &s) {
        status_ = s;
        emit statusChanged(s);
    });
    connect(worker_, &IdCardReaderWorker::selfTestFinished, this, &Device::selfTestFinished);
    connect(worker_, &IdCardReaderWorker::cardRead, this, &IdCardReader::cardRead);
    connect(worker_, &IdCardReaderWorker::cardRemoved, this, &IdCardReader::cardRemoved);
    connect(worker_, &IdCardReaderWorker::errorOccurred, this, &IdCardReader::errorOccurred);
    connect(worker_, &IdCardReaderWorker::cardReadFailed, this, &IdCardReader::cardReadFailed);
    connect(worker_, &IdCardReaderWorker::samIdentified, this, [this](const QString &samId) {
        samId_ = samId;
        emit samIdentified(samId);
    });
    thread_ = std::make_unique<common::WorkerThread>(worker_, QStringLiteral("idcard"));
}

IdCardReader::~IdCardReader()
{
    disconnect(worker_, nullptr, this, nullptr);
    thread_->post([w = worker_]() { w->close(); });
    thread_->stop();
}

void IdCardReader::open()
{
    thread_->post([w = worker_]() { w->open(); });
}

void IdCardReader::close()
{
    thread_->post([w = worker_]() { w->close(); });
}

void IdCardReader::selfTest()
{
    thread_->post([w = worker_]() { w->selfTest(); });
}

DeviceCapabilities IdCardReader::capabilities() const
{
    return DeviceCapabilities()
        .setList(Capability::CardTypes, {QStringLiteral("resident"), QStringLiteral("hkmt_permit"),
                                         QStringLiteral("foreign_permanent"), QStringLiteral("foreign_permanent_2023")})
        .setText(Capability::PhotoFormat, QStringLiteral("wlt_raw"))
        .setFlag(Capability::Fingerprint, false)
        .setInteger(Capability::PollInterval, config_.pollIntervalMs);
}

} // namespace kiosk::drivers::idcard
