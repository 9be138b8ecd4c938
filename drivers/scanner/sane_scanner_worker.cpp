// libsane side of the document scanner: open, options, scan loop with cancellation (see sane_scanner_worker.h).
#include "drivers/scanner/sane_scanner_worker.h"

#include <QDir>
#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QSet>
#include <QThread>

#include <sane/saneopts.h>

#include <cmath>
#include <cstring>
#include <vector>

namespace kiosk::drivers {

Q_LOGGING_CATEGORY(lcSaneScanner, "kiosk.drivers.scanner")

namespace {

constexpr int kReadChunk = 128 * 1024;
constexpr qint64 kMaxFrameBytes = qint64(1) << 30; // 1 GiB: far above A4 at 600 dpi colour (~100 MB)
constexpr int kReaderExitWaitMs = 500;

// The threads of this process, by id.
QSet<QString> processThreads()
{
    const QStringList ids = QDir(QStringLiteral("/proc/self/task")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    return QSet<QString>(ids.begin(), ids.end());
}

// Many backends (the test backend among them) move the data through a reader thread made with sanei_thread, which
// makes its threads asynchronously cancellable and, when the pass ends, cancels the reader whatever it is doing. A
// reader cancelled inside malloc/free leaves that malloc arena locked for good, and the next thread to use the arena
// hangs (seen here: about one pass in 700 with the test backend). So the scan loop holds back the last byte of a page
// until the threads the backend started for this pass have ended by themselves (bounded wait); the cancel then hits a
// finished thread. A thread started meanwhile by someone else only costs the bounded wait.
void waitForPassThreadsToEnd(const QSet<QString> &beforeStart)
{
    const QSet<QString> started = processThreads() - beforeStart;
    if (started.isEmpty())
        return;
    QElapsedTimer waited;
    waited.start();
    while (processThreads().intersects(started) && waited.elapsed() < kReaderExitWaitMs)
        QThread::usleep(500);
}

QString typeName(SANE_Value_Type t)
{
    switch (t) {
    case SANE_TYPE_BOOL: return QStringLiteral("bool");
    case SANE_TYPE_INT: return QStringLiteral("int");
    case SANE_TYPE_FIXED: return QStringLiteral("fixed");
    case SANE_TYPE_STRING: return QStringLiteral("string");
    case SANE_TYPE_BUTTON: return QStringLiteral("button");
    case SANE_TYPE_GROUP: return QStringLiteral("group");
    }
    return QStringLiteral("unknown");
}

QString unitName(SANE_Unit u)
{
    switch (u) {
    case SANE_UNIT_NONE: return QString();
    case SANE_UNIT_PIXEL: return QStringLiteral("pixel");
    case SANE_UNIT_BIT: return QStringLiteral("bit");
    case SANE_UNIT_MM: return QStringLiteral("mm");
    case SANE_UNIT_DPI: return QStringLiteral("dpi");
    case SANE_UNIT_PERCENT: return QStringLiteral("%");
    case SANE_UNIT_MICROSECOND: return QStringLiteral("us");
    }
    return QString();
}

QVariant wordValue(SANE_Value_Type type, SANE_Word w)
{
    return type == SANE_TYPE_FIXED ? QVariant(SANE_UNFIX(w)) : QVariant(int(w));
}

// Config files give booleans as text; QVariant("no").toBool() would be true.
bool toBool(const QVariant &v)
{
    if (v.typeId() == QMetaType::QString) {
        const QString s = v.toString().trimmed().toLower();
        return s == QLatin1String("yes") || s == QLatin1String("true") || s == QLatin1String("1") ||
               s == QLatin1String("on");
    }
    return v.toBool();
}

QStringList stringList(const SANE_Option_Descriptor *d)
{
    QStringList out;
    if (d->constraint_type == SANE_CONSTRAINT_STRING_LIST) {
        for (const SANE_String_Const *s = d->constraint.string_list; s && *s; ++s)
            out << QString::fromUtf8(*s);
    }
    return out;
}

// The word closest to `target` that the option's constraint allows.
SANE_Word snapWord(const SANE_Option_Descriptor *d, SANE_Word target)
{
    if (d->constraint_type == SANE_CONSTRAINT_RANGE && d->constraint.range) {
        const SANE_Range *r = d->constraint.range;
        SANE_Word v = qBound(r->min, target, r->max);
        if (r->quant > 0)
            v = r->min + SANE_Word(std::llround(double(v - r->min) / r->quant)) * r->quant;
        return qBound(r->min, v, r->max);
    }
    if (d->constraint_type == SANE_CONSTRAINT_WORD_LIST && d->constraint.word_list) {
        const SANE_Word *list = d->constraint.word_list;
        SANE_Word best = target;
        qint64 bestDistance = -1;
        for (SANE_Word i = 1; i <= list[0]; ++i) {
            const qint64 distance = std::llabs(qint64(list[i]) - target);
            if (bestDistance < 0 || distance < bestDistance) {
                best = list[i];
                bestDistance = distance;
            }
        }
        return best;
    }
    return target;
}

// The first entry of `values` that `accept` likes, preferring an exact (case-insensitive) match of `preferred`.
template <typename Accept> QString pick(const QStringList &values, const QString &preferred, Accept accept)
{
    for (const QString &v : values) {
        if (v.compare(preferred, Qt::CaseInsensitive) == 0)
            return v;
    }
    for (const QString &v : values) {
        if (accept(v.toLower()))
            return v;
    }
    return QString();
}

bool isFeederSource(const QString &lower)
{
    return lower.contains(QLatin1String("adf")) || lower.contains(QLatin1String("feeder")) ||
           lower.contains(QLatin1String("automatic document"));
}

} // namespace

SaneScannerWorker::SaneScannerWorker(const SaneScannerConfig &config, std::shared_ptr<std::atomic<quint64>> cancelEpoch)
    : config_(config), cancelEpoch_(std::move(cancelEpoch))
{}

SaneScannerWorker::~SaneScannerWorker()
{
    close();
}

void SaneScannerWorker::start()
{
    ScanError error = ScanError::None;
    ensureOpen(&error);
}

void SaneScannerWorker::close()
{
    if (handle_) {
        std::lock_guard<std::mutex> lock(SaneRuntimeRef::deviceTableMutex());
        sane_close(handle_);
        handle_ = nullptr;
    }
    runtime_.reset();
}

void SaneScannerWorker::publish(ScanError error)
{
    // A cancel or a request the device cannot do says nothing about the device itself.
    const ScanError shown =
        (error == ScanError::Cancelled || error == ScanError::Unsupported) ? ScanError::None : error;
    const DeviceStatus status = deviceStatusFor(shown, config_.deviceName);
    lastStatus_ = status;
    emit statusObserved(status);
}

bool SaneScannerWorker::ensureOpen(ScanError *error)
{
    if (handle_)
        return true;
    if (config_.deviceName.isEmpty()) {
        // sane_open("") would open whatever scanner comes first: never guess.
        *error = ScanError::NoDevice;
        publish(*error);
        return false;
    }
    if (!runtime_)
        runtime_ = std::make_unique<SaneRuntimeRef>();
    if (!runtime_->ok()) {
        qCWarning(lcSaneScanner) << "sane_init failed:" << sane_strstatus(runtime_->initStatus());
        runtime_.reset();
        *error = ScanError::NoDevice;
        publish(*error);
        return false;
    }
    SANE_Status status;
    {
        std::lock_guard<std::mutex> lock(SaneRuntimeRef::deviceTableMutex());
        status = sane_open(config_.deviceName.toUtf8().constData(), &handle_);
    }
    if (status != SANE_STATUS_GOOD) {
        handle_ = nullptr;
        // INVAL is how sane_open says "no such device".
        *error = status == SANE_STATUS_INVAL ? ScanError::NoDevice : scanErrorFor(status);
        qCWarning(lcSaneScanner) << "cannot open" << config_.deviceName << ":" << sane_strstatus(status);
        runtime_.reset();
        publish(*error);
        return false;
    }
    qCInfo(lcSaneScanner) << "opened" << config_.deviceName;
    describeDevice();
    publish(ScanError::None);
    return true;
}

void SaneScannerWorker::describeDevice()
{
    QString model = config_.deviceName.section(QLatin1Char(':'), 0, 0) + QStringLiteral(" (SANE)");
    {
        std::lock_guard<std::mutex> lock(SaneRuntimeRef::deviceTableMutex());
        const SANE_Device **devices = nullptr;
        // Local devices only: asking the net backend would add seconds of network probing.
        if (sane_get_devices(&devices, SANE_TRUE) == SANE_STATUS_GOOD && devices) {
            for (const SANE_Device **d = devices; *d; ++d) {
                if (config_.deviceName == QString::fromUtf8((*d)->name)) {
                    model =
                        QStringLiteral("%1 %2").arg(QString::fromUtf8((*d)->vendor), QString::fromUtf8((*d)->model));
                    break;
                }
            }
        }
    }

    DeviceCapabilities caps;
    caps.setText(Capability::SaneDevice, config_.deviceName);
    bool flatbed = true;
    bool feeder = false;
    for (const ScanOptionInfo &o : readOptions()) {
        if (o.name == QLatin1String(SANE_NAME_SCAN_SOURCE)) {
            QStringList sources;
            for (const QVariant &v : o.allowed)
                sources << v.toString();
            caps.setList(Capability::ScanSources, sources);
            flatbed = false;
            for (const QString &s : sources) {
                flatbed = flatbed || s.toLower().contains(QLatin1String("flatbed"));
                feeder = feeder || isFeederSource(s.toLower());
            }
        } else if (o.name == QLatin1String(SANE_NAME_SCAN_MODE)) {
            caps.setList(Capability::ScanModes, QVariant(o.allowed).toStringList());
        } else if (o.name == QLatin1String(SANE_NAME_SCAN_RESOLUTION)) {
            if (!o.allowed.isEmpty()) {
                caps.setList(Capability::ScanResolutions, QVariant(o.allowed).toStringList());
            } else {
                caps.setInteger(Capability::ResolutionMin, o.minimum.toLongLong());
                caps.setInteger(Capability::ResolutionMax, o.maximum.toLongLong());
            }
        }
    }
    caps.setFlag(Capability::Flatbed, flatbed).setFlag(Capability::Feeder, feeder);
    emit deviceDescribed(model, caps);
}

std::optional<int> SaneScannerWorker::optionIndex(const char *name) const
{
    SANE_Int count = 0;
    if (sane_control_option(handle_, 0, SANE_ACTION_GET_VALUE, &count, nullptr) != SANE_STATUS_GOOD)
        return std::nullopt;
    for (int i = 1; i < count; ++i) {
        const SANE_Option_Descriptor *d = sane_get_option_descriptor(handle_, i);
        if (d && d->name && std::strcmp(d->name, name) == 0)
            return i;
    }
    return std::nullopt;
}

QList<ScanOptionInfo> SaneScannerWorker::readOptions() const
{
    QList<ScanOptionInfo> out;
    SANE_Int count = 0;
    if (!handle_ || sane_control_option(handle_, 0, SANE_ACTION_GET_VALUE, &count, nullptr) != SANE_STATUS_GOOD)
        return out;
    for (int i = 1; i < count; ++i) {
        const SANE_Option_Descriptor *d = sane_get_option_descriptor(handle_, i);
        if (!d)
            continue;
        ScanOptionInfo o;
        o.index = i;
        o.name = QString::fromUtf8(d->name ? d->name : "");
        o.title = QString::fromUtf8(d->title ? d->title : "");
        o.description = QString::fromUtf8(d->desc ? d->desc : "");
        o.type = typeName(d->type);
        o.unit = unitName(d->unit);
        o.active = SANE_OPTION_IS_ACTIVE(d->cap);
        o.settable = SANE_OPTION_IS_SETTABLE(d->cap);
        if (d->constraint_type == SANE_CONSTRAINT_STRING_LIST) {
            for (const QString &s : stringList(d))
                o.allowed << s;
        } else if (d->constraint_type == SANE_CONSTRAINT_WORD_LIST && d->constraint.word_list) {
            for (SANE_Word k = 1; k <= d->constraint.word_list[0]; ++k)
                o.allowed << wordValue(d->type, d->constraint.word_list[k]);
        } else if (d->constraint_type == SANE_CONSTRAINT_RANGE && d->constraint.range) {
            o.minimum = wordValue(d->type, d->constraint.range->min);
            o.maximum = wordValue(d->type, d->constraint.range->max);
            o.step = wordValue(d->type, d->constraint.range->quant);
        }
        const bool readable = o.active && (d->cap & SANE_CAP_SOFT_DETECT) && d->size > 0 &&
                              d->type != SANE_TYPE_BUTTON && d->type != SANE_TYPE_GROUP;
        if (readable) {
            std::vector<char> buf(size_t(d->size) + 1, 0);
            if (sane_control_option(handle_, i, SANE_ACTION_GET_VALUE, buf.data(), nullptr) == SANE_STATUS_GOOD) {
                SANE_Word w;
                std::memcpy(&w, buf.data(), sizeof w);
                switch (d->type) {
                case SANE_TYPE_BOOL: o.value = bool(w); break;
                case SANE_TYPE_INT:
                case SANE_TYPE_FIXED: o.value = wordValue(d->type, w); break;
                case SANE_TYPE_STRING: o.value = QString::fromUtf8(buf.data()); break;
                default: break;
                }
            }
        }
        out << o;
    }
    return out;
}

void SaneScannerWorker::listOptions()
{
    ScanError error = ScanError::None;
    if (!ensureOpen(&error)) {
        emit optionsListed({});
        return;
    }
    emit optionsListed(readOptions());
}

SANE_Status SaneScannerWorker::setOption(int index, const QVariant &value, QString *why)
{
    const SANE_Option_Descriptor *d = sane_get_option_descriptor(handle_, index);
    if (!d) {
        *why = QStringLiteral("option %1 does not exist").arg(index);
        return SANE_STATUS_INVAL;
    }
    const QString name = QString::fromUtf8(d->name ? d->name : "");
    if (!SANE_OPTION_IS_ACTIVE(d->cap) || !SANE_OPTION_IS_SETTABLE(d->cap)) {
        *why = QStringLiteral("option \"%1\" cannot be set now").arg(name);
        return SANE_STATUS_UNSUPPORTED;
    }
    SANE_Int info = 0;
    SANE_Status status = SANE_STATUS_GOOD;
    switch (d->type) {
    case SANE_TYPE_BOOL: {
        SANE_Bool b = toBool(value) ? SANE_TRUE : SANE_FALSE;
        status = sane_control_option(handle_, index, SANE_ACTION_SET_VALUE, &b, &info);
        break;
    }
    case SANE_TYPE_INT:
    case SANE_TYPE_FIXED: {
        bool ok = false;
        const double v = value.toDouble(&ok);
        if (!ok) {
            *why = QStringLiteral("option \"%1\" needs a number").arg(name);
            return SANE_STATUS_INVAL;
        }
        const SANE_Word target = d->type == SANE_TYPE_FIXED ? SANE_FIX(v) : SANE_Word(std::lround(v));
        std::vector<SANE_Word> words(qMax<size_t>(1, size_t(d->size) / sizeof(SANE_Word)), snapWord(d, target));
        status = sane_control_option(handle_, index, SANE_ACTION_SET_VALUE, words.data(), &info);
        break;
    }
    case SANE_TYPE_STRING: {
        QString text = value.toString();
        const QStringList allowed = stringList(d);
        if (!allowed.isEmpty()) {
            const QString match = pick(allowed, text, [](const QString &) { return false; });
            if (match.isEmpty()) {
                *why = QStringLiteral("option \"%1\" does not accept \"%2\" (allowed: %3)")
                           .arg(name, text, allowed.join(QStringLiteral(", ")));
                return SANE_STATUS_INVAL;
            }
            text = match;
        }
        const QByteArray utf8 = text.toUtf8();
        if (utf8.size() >= d->size) {
            *why = QStringLiteral("value for option \"%1\" is too long").arg(name);
            return SANE_STATUS_INVAL;
        }
        std::vector<char> buf(size_t(d->size), 0);
        std::memcpy(buf.data(), utf8.constData(), size_t(utf8.size()));
        status = sane_control_option(handle_, index, SANE_ACTION_SET_VALUE, buf.data(), &info);
        break;
    }
    case SANE_TYPE_BUTTON: status = sane_control_option(handle_, index, SANE_ACTION_SET_VALUE, nullptr, &info); break;
    case SANE_TYPE_GROUP:
        *why = QStringLiteral("\"%1\" is a group heading, not an option").arg(name);
        return SANE_STATUS_INVAL;
    }
    if (status != SANE_STATUS_GOOD)
        *why = QStringLiteral("setting \"%1\" failed: %2").arg(name, QString::fromUtf8(sane_strstatus(status)));
    return status;
}

ScanError SaneScannerWorker::applySettings(const ScanSettings &settings, QString *why)
{
    auto fail = [](SANE_Status s) {
        const ScanError e = scanErrorFor(s);
        return e == ScanError::None ? ScanError::InvalidArgument : e;
    };

    // Source first: it can change which resolutions and modes exist.
    const bool wantFeeder = settings.source == ScanSource::Adf;
    if (const auto idx = optionIndex(SANE_NAME_SCAN_SOURCE)) {
        const QStringList sources = stringList(sane_get_option_descriptor(handle_, *idx));
        const QString choice =
            wantFeeder
                ? pick(sources, QStringLiteral("ADF"),
                       [](const QString &s) { return isFeederSource(s) && !s.contains(QLatin1String("duplex")); })
                : pick(sources, QStringLiteral("Flatbed"),
                       [](const QString &s) { return s.contains(QLatin1String("flatbed")); });
        if (choice.isEmpty()) {
            *why = wantFeeder ? QStringLiteral("this scanner has no document feeder")
                              : QStringLiteral("this scanner has no flatbed");
            return ScanError::Unsupported;
        }
        const SANE_Status s = setOption(*idx, choice, why);
        if (s != SANE_STATUS_GOOD)
            return fail(s);
    } else if (wantFeeder) {
        *why = QStringLiteral("this scanner has no document feeder");
        return ScanError::Unsupported;
    }

    if (const auto idx = optionIndex(SANE_NAME_SCAN_MODE)) {
        const QStringList modes = stringList(sane_get_option_descriptor(handle_, *idx));
        const QString choice =
            settings.mode == ScanColorMode::Color
                ? pick(modes, QStringLiteral(SANE_VALUE_SCAN_MODE_COLOR),
                       [](const QString &m) {
                           return (m.contains(QLatin1String("color")) || m.contains(QLatin1String("colour"))) &&
                                  !m.contains(QLatin1String("lineart")) && !m.contains(QLatin1String("halftone"));
                       })
                : pick(modes, QStringLiteral(SANE_VALUE_SCAN_MODE_GRAY), [](const QString &m) {
                      return m.contains(QLatin1String("gray")) || m.contains(QLatin1String("grey"));
                  });
        if (choice.isEmpty()) {
            *why = QStringLiteral("this scanner offers no %1 mode")
                       .arg(settings.mode == ScanColorMode::Color ? QStringLiteral("colour") : QStringLiteral("gray"));
            return ScanError::Unsupported;
        }
        const SANE_Status s = setOption(*idx, choice, why);
        if (s != SANE_STATUS_GOOD)
            return fail(s);
    } // no mode option: the device has one fixed mode (e.g. the pnm backend scans the file as it is)

    if (const auto idx = optionIndex(SANE_NAME_SCAN_RESOLUTION)) {
        const SANE_Status s = setOption(*idx, settings.resolutionDpi, why);
        if (s != SANE_STATUS_GOOD)
            return fail(s);
    }

    // Backend options, in passes: some only become active once another is set (read-limit -> read-limit-size).
    QVariantMap pending = settings.backendOptions;
    while (!pending.isEmpty()) {
        bool progress = false;
        for (auto it = pending.begin(); it != pending.end();) {
            const auto idx = optionIndex(it.key().toUtf8().constData());
            if (!idx) {
                *why = QStringLiteral("this scanner has no option \"%1\"").arg(it.key());
                return ScanError::InvalidArgument;
            }
            if (!SANE_OPTION_IS_ACTIVE(sane_get_option_descriptor(handle_, *idx)->cap)) {
                ++it;
                continue;
            }
            const SANE_Status s = setOption(*idx, it.value(), why);
            if (s != SANE_STATUS_GOOD)
                return fail(s);
            it = pending.erase(it);
            progress = true;
        }
        if (!progress) {
            *why = QStringLiteral("option \"%1\" stays inactive with these settings").arg(pending.firstKey());
            return ScanError::InvalidArgument;
        }
    }
    return ScanError::None;
}

ScanError SaneScannerWorker::readPage(quint64 ticket, int pageIndex, quint64 epoch, QImage *image, QString *why)
{
    if (cancelled(epoch))
        return ScanError::Cancelled;
    QSet<QString> threadsBeforeStart = processThreads();
    SANE_Status status = sane_start(handle_);
    if (status != SANE_STATUS_GOOD)
        return scanErrorFor(status);

    QList<SaneFrameData> frames;
    std::vector<SANE_Byte> buffer(kReadChunk);
    QElapsedTimer sinceProgress;
    sinceProgress.start();
    int lastPercent = -1;
    for (;;) {
        SaneFrameData frame;
        status = sane_get_parameters(handle_, &frame.params);
        if (status != SANE_STATUS_GOOD)
            return scanErrorFor(status);
        const qint64 expected = frame.params.lines > 0 ? qint64(frame.params.bytes_per_line) * frame.params.lines : -1;
        if (expected > kMaxFrameBytes) {
            *why = QStringLiteral("the page would need %1 MB").arg(expected >> 20);
            return ScanError::NoMemory;
        }
        if (expected > 0)
            frame.bytes.reserve(expected);
        for (;;) {
            if (cancelled(epoch)) {
                sane_cancel(handle_);
                return ScanError::Cancelled;
            }
            // Never ask for the last byte of the page while the backend's reader may still be running: backends end
            // the pass (and cancel their reader) inside the read that returns it (see waitForPassThreadsToEnd).
            SANE_Int maxLength = SANE_Int(buffer.size());
            const qint64 remaining = expected > 0 ? expected - frame.bytes.size() : -1;
            if (remaining > 1)
                maxLength = SANE_Int(qMin<qint64>(maxLength, remaining - 1));
            else if (remaining >= 0)
                waitForPassThreadsToEnd(threadsBeforeStart);
            SANE_Int length = 0;
            status = sane_read(handle_, buffer.data(), maxLength, &length);
            if (status == SANE_STATUS_EOF)
                break;
            if (status != SANE_STATUS_GOOD) {
                waitForPassThreadsToEnd(threadsBeforeStart); // the caller's sane_cancel ends the pass
                return scanErrorFor(status);
            }
            frame.bytes.append(reinterpret_cast<const char *>(buffer.data()), length);
            if (frame.bytes.size() > kMaxFrameBytes) {
                *why = QStringLiteral("the page is larger than %1 MB").arg(kMaxFrameBytes >> 20);
                return ScanError::NoMemory;
            }
            if (expected > 0 && sinceProgress.elapsed() >= 100) {
                const int percent = int(100 * frame.bytes.size() / expected);
                if (percent != lastPercent) {
                    lastPercent = percent;
                    sinceProgress.restart();
                    emit scanProgress(ticket, pageIndex, percent);
                }
            }
        }
        const bool last = frame.params.last_frame;
        frames.append(std::move(frame));
        if (last)
            break;
        threadsBeforeStart = processThreads();
        status = sane_start(handle_); // next pass of a three-pass scan
        if (status != SANE_STATUS_GOOD)
            return scanErrorFor(status);
    }

    const SaneImageResult assembled = assembleSaneImage(frames);
    // The raw bytes are a copy of the page (often an ID document): clear them now rather than leave them to the heap.
    for (SaneFrameData &f : frames)
        f.bytes.fill('\0');
    if (!assembled.ok()) {
        *why = assembled.error;
        return ScanError::BadImage;
    }
    *image = assembled.image;
    return ScanError::None;
}

void SaneScannerWorker::scan(quint64 ticket, const ScanSettings &settings, bool allPages, quint64 epoch)
{
    ScanResult result;
    result.ticket = ticket;
    auto finish = [&](ScanError error, const QString &why) {
        result.error = error;
        if (error != ScanError::None)
            result.detail = why.isEmpty() ? deviceStatusFor(error, config_.deviceName).detail : why;
        if (handle_ && (error == ScanError::IoError || error == ScanError::AccessDenied)) {
            close(); // the next request reopens: the device may have been unplugged and come back
        }
        publish(error);
        if (error != ScanError::None)
            qCInfo(lcSaneScanner) << "scan" << ticket << "ended:" << toString(error) << result.detail;
        emit scanFinished(result);
    };

    ScanError error = ScanError::None;
    if (!ensureOpen(&error))
        return finish(error, QString());
    if (cancelled(epoch))
        return finish(ScanError::Cancelled, QString());
    emit statusObserved({DeviceState::Busy, QStringLiteral("Scanning"), QString()});

    QString why;
    error = applySettings(settings, &why);
    if (error != ScanError::None)
        return finish(error, why);

    const bool feeder = settings.source == ScanSource::Adf;
    const int limit = (allPages && feeder) ? qMax(1, settings.maxPages) : 1;
    for (int page = 0; page < limit; ++page) {
        QImage image;
        error = readPage(ticket, page, epoch, &image, &why);
        if (error == ScanError::None) {
            result.pages.append(image);
            emit pageScanned(ticket, page, image);
            continue;
        }
        if (error == ScanError::NoDocuments && allPages && page > 0)
            error = ScanError::None; // the feeder ran empty after at least one sheet: the normal end of a batch
        break;
    }
    sane_cancel(handle_); // SANE wants a cancel after the last page of every batch, successful or not
    finish(error, why);
}

void SaneScannerWorker::selfTest()
{
    SelfTestResult r;
    ScanError error = ScanError::None;
    if (!ensureOpen(&error)) {
        r.summary = QStringLiteral("Scanner %1 cannot be opened: %2")
                        .arg(config_.deviceName, deviceStatusFor(error, config_.deviceName).detail);
        r.details.insert(QStringLiteral("error"), toString(error));
        emit selfTestFinished(r);
        return;
    }
    const QList<ScanOptionInfo> options = readOptions();
    r.details.insert(QStringLiteral("options"), options.size());

    bool flatbed = true;
    for (const ScanOptionInfo &o : options) {
        if (o.name == QLatin1String(SANE_NAME_SCAN_SOURCE)) {
            flatbed = false;
            for (const QVariant &v : o.allowed)
                flatbed = flatbed || v.toString().toLower().contains(QLatin1String("flatbed"));
        }
    }
    if (!flatbed) {
        // A test scan from a feeder would pull in a sheet someone may have left there: only check the options.
        r.passed = !options.isEmpty();
        r.summary = QStringLiteral("Scanner %1 opened, %2 options; no flatbed, so no test scan")
                        .arg(config_.deviceName)
                        .arg(options.size());
        emit selfTestFinished(r);
        return;
    }

    ScanSettings settings;
    settings.resolutionDpi = 75;
    settings.mode = ScanColorMode::Gray;
    QString why;
    error = applySettings(settings, &why);
    QImage image;
    if (error == ScanError::None) {
        const quint64 epoch = cancelEpoch_->load();
        error = readPage(0, 0, epoch, &image, &why);
    }
    sane_cancel(handle_);
    // Only the size is kept: whatever lay on the glass is none of the self-test's business.
    r.details.insert(QStringLiteral("width"), image.width());
    r.details.insert(QStringLiteral("height"), image.height());
    image = QImage();
    r.passed = error == ScanError::None;
    r.summary = r.passed ? QStringLiteral("Scanner %1: test scan at 75 dpi gray succeeded").arg(config_.deviceName)
                         : QStringLiteral("Scanner %1: test scan failed: %2")
                               .arg(config_.deviceName, why.isEmpty() ? describe(error) : why);
    r.details.insert(QStringLiteral("error"), toString(error));
    publish(error);
    emit selfTestFinished(r);
}

} // namespace kiosk::drivers
