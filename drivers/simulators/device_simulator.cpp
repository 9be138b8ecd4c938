// Wires the ptys to the device models and implements the control commands (one JSON object in, one out).
#include "drivers/simulators/device_simulator.h"

#include <QDate>
#include <QDir>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QTimer>

#include "drivers/simulators/idcard_reader_device.h"
#include "drivers/simulators/pty_endpoint.h"
#include "drivers/simulators/receipt_printer_model.h"

Q_LOGGING_CATEGORY(lcDevSim, "kiosk.devsim")

namespace kiosk::drivers::simulators {

using kiosk::drivers::escpos::PrinterPaperState;

namespace {

QJsonObject ok(QJsonObject fields = {})
{
    fields.insert(QStringLiteral("ok"), true);
    return fields;
}

QJsonObject failure(const QString &error)
{
    return QJsonObject{{QStringLiteral("ok"), false}, {QStringLiteral("error"), error}};
}

std::optional<PrinterPaperState> paperFromString(const QString &s)
{
    for (PrinterPaperState p : {PrinterPaperState::Ok, PrinterPaperState::NearEnd, PrinterPaperState::Out}) {
        if (kiosk::drivers::escpos::toString(p) == s)
            return p;
    }
    return std::nullopt;
}

QJsonObject portStatus(const PtyEndpoint *p)
{
    return QJsonObject{
        {QStringLiteral("plugged"), p->isPlugged()},
        {QStringLiteral("host_open"), p->isHostOpen()},
        {QStringLiteral("link"), p->linkPath()},
        {QStringLiteral("device"), p->devicePath()},
        {QStringLiteral("bytes_in"), double(p->bytesIn())},
        {QStringLiteral("bytes_out"), double(p->bytesOut())},
    };
}

} // namespace

DeviceSimulator::DeviceSimulator(DeviceSimulatorOptions options, CardCatalogue cards, QObject *parent)
    : QObject(parent), options_(std::move(options)), cards_(std::move(cards))
{
    const QDir dir(options_.dir);
    idcardPort_ = new PtyEndpoint(QStringLiteral("idcard"), dir.filePath(QStringLiteral("idcard")), this);
    qrPort_ = new PtyEndpoint(QStringLiteral("qr"), dir.filePath(QStringLiteral("qr")), this);
    printerPort_ = new PtyEndpoint(QStringLiteral("printer"), dir.filePath(QStringLiteral("printer")), this);
    reader_ = new IdCardReaderDevice(idcardPort_, options_.fast, this);
    printer_ = std::make_unique<ReceiptPrinterModel>(dir.filePath(QStringLiteral("receipts")), options_.drawReceipts);
    printer_->setPaper(options_.paper);

    // The scanner only talks; whatever a host sends it (configuration attempts) is counted and ignored.
    connect(qrPort_, &PtyEndpoint::received, this,
            [this](const QByteArray &bytes) { qrBytesFromHost_ += bytes.size(); });
    connect(printerPort_, &PtyEndpoint::received, this, [this](const QByteArray &bytes) {
        const QByteArray replies = printer_->receive(bytes);
        printerPort_->write(replies);
        // Render after the status bytes have left, so DLE EOT answers never wait for a drawing.
        QTimer::singleShot(0, this, [this] { printer_->renderPending(); });
    });
    connect(printerPort_, &PtyEndpoint::hostClosed, this, [this] { printer_->resetConnection(); });
}

DeviceSimulator::~DeviceSimulator()
{
    shutdown();
}

bool DeviceSimulator::start(QString *error)
{
    QDir dir(options_.dir);
    if (!dir.mkpath(QStringLiteral("receipts"))) {
        *error = QStringLiteral("cannot create %1").arg(dir.filePath(QStringLiteral("receipts")));
        return false;
    }
    QDir receiptsDir(dir.filePath(QStringLiteral("receipts")));
    for (const QString &old : receiptsDir.entryList({QStringLiteral("receipt-*.png")}, QDir::Files))
        receiptsDir.remove(old);
    for (PtyEndpoint *p : {idcardPort_, qrPort_, printerPort_}) {
        if (!p->plug(error)) {
            shutdown();
            return false;
        }
    }
    return true;
}

void DeviceSimulator::shutdown()
{
    for (PtyEndpoint *p : {idcardPort_, qrPort_, printerPort_}) {
        if (p)
            p->unplug();
    }
    if (reader_)
        reader_->responder().removeCard();
}

QString DeviceSimulator::linkPath(const QString &device) const
{
    if (device == QLatin1String("idcard"))
        return idcardPort_->linkPath();
    if (device == QLatin1String("qr"))
        return qrPort_->linkPath();
    if (device == QLatin1String("printer"))
        return printerPort_->linkPath();
    return {};
}

QJsonObject DeviceSimulator::handle(const QJsonObject &request)
{
    const QJsonValue cmdValue = request.value(QLatin1String("cmd"));
    QJsonObject answer;
    if (!cmdValue.isString()) {
        answer = failure(QStringLiteral("a request is an object with a string \"cmd\""));
    } else {
        const QString cmd = cmdValue.toString();
        if (cmd == QLatin1String("insert_card"))
            answer = insertCard(request);
        else if (cmd == QLatin1String("remove_card"))
            answer = removeCard();
        else if (cmd == QLatin1String("scan_qr"))
            answer = scanQr(request);
        else if (cmd == QLatin1String("paper"))
            answer = paper(request);
        else if (cmd == QLatin1String("cover"))
            answer = cover(request);
        else if (cmd == QLatin1String("unplug"))
            answer = unplug(request);
        else if (cmd == QLatin1String("replug"))
            answer = replug(request);
        else if (cmd == QLatin1String("status"))
            answer = status();
        else if (cmd == QLatin1String("receipts"))
            answer = receipts();
        else if (cmd == QLatin1String("cards"))
            answer = cards();
        else if (cmd == QLatin1String("quit")) {
            answer = ok();
            emit quitRequested();
        } else {
            answer = failure(QStringLiteral("unknown cmd \"%1\"; known: insert_card, remove_card, scan_qr, paper, "
                                            "cover, unplug, replug, status, receipts, cards, quit")
                                 .arg(cmd.left(40)));
        }
    }
    // Echo a caller's correlation id so that scripts can match answers.
    if (request.contains(QLatin1String("id")))
        answer.insert(QStringLiteral("id"), request.value(QLatin1String("id")));
    return answer;
}

QJsonObject DeviceSimulator::insertCard(const QJsonObject &request)
{
    const QJsonValue id = request.value(QLatin1String("card"));
    if (!id.isString())
        return failure(QStringLiteral("insert_card needs \"card\": a card id (see {\"cmd\":\"cards\"})"));
    const auto card = cards_.card(id.toString());
    if (!card)
        return failure(QStringLiteral("unknown card \"%1\" (see {\"cmd\":\"cards\"})").arg(id.toString().left(64)));
    reader_->responder().insertCard(*card);
    qCInfo(lcDevSim).noquote() << "card placed on the reader:" << card->id;
    return ok({{QStringLiteral("card"), card->id}});
}

QJsonObject DeviceSimulator::removeCard()
{
    const QString was = reader_->responder().cardId();
    reader_->responder().removeCard();
    return ok({{QStringLiteral("removed"), was.isEmpty() ? QJsonValue() : QJsonValue(was)}});
}

QJsonObject DeviceSimulator::scanQr(const QJsonObject &request)
{
    QByteArray payload;
    const QJsonValue text = request.value(QLatin1String("payload"));
    const QJsonValue hex = request.value(QLatin1String("payload_hex"));
    if (text.isString()) {
        payload = text.toString().toUtf8();
    } else if (hex.isString()) {
        payload = QByteArray::fromHex(hex.toString().toLatin1());
        if (payload.toHex() != hex.toString().toLower().toLatin1())
            return failure(QStringLiteral("payload_hex is not an even number of hex digits"));
    } else {
        return failure(QStringLiteral("scan_qr needs \"payload\" (text) or \"payload_hex\" (bytes)"));
    }
    if (payload.isEmpty())
        return failure(QStringLiteral("the payload is empty"));
    if (!qrPort_->isPlugged())
        return failure(QStringLiteral("the qr scanner is unplugged"));
    // A scanner whose host is not listening loses the scan; say so rather than let it greet a later host.
    if (!qrPort_->isHostOpen())
        return failure(QStringLiteral("no host has the qr port open; the scan would be lost"));
    qrPort_->write(payload + QByteArrayLiteral("\r\n"));
    ++scans_;
    return ok({{QStringLiteral("bytes"), int(payload.size() + 2)}});
}

QJsonObject DeviceSimulator::paper(const QJsonObject &request)
{
    const auto state = paperFromString(request.value(QLatin1String("state")).toString());
    if (!state)
        return failure(QStringLiteral("paper needs \"state\": ok, near_end or out"));
    printer_->setPaper(*state);
    printer_->renderPending();
    return ok({{QStringLiteral("paper"), kiosk::drivers::escpos::toString(*state)}});
}

QJsonObject DeviceSimulator::cover(const QJsonObject &request)
{
    const QJsonValue open = request.value(QLatin1String("open"));
    if (!open.isBool())
        return failure(QStringLiteral("cover needs \"open\": true or false"));
    printer_->setCoverOpen(open.toBool());
    printer_->renderPending();
    return ok({{QStringLiteral("cover_open"), open.toBool()}});
}

PtyEndpoint *DeviceSimulator::port(const QJsonObject &request, QJsonObject *error) const
{
    const QString device = request.value(QLatin1String("device")).toString();
    if (device == QLatin1String("idcard"))
        return idcardPort_;
    if (device == QLatin1String("qr"))
        return qrPort_;
    if (device == QLatin1String("printer"))
        return printerPort_;
    *error = failure(QStringLiteral("\"device\" must be idcard, qr or printer"));
    return nullptr;
}

QJsonObject DeviceSimulator::unplug(const QJsonObject &request)
{
    QJsonObject error;
    PtyEndpoint *p = port(request, &error);
    if (!p)
        return error;
    if (!p->isPlugged())
        return failure(QStringLiteral("%1 is already unplugged").arg(p->name()));
    p->unplug();
    // A device that loses power forgets the conversation it was in.
    if (p == idcardPort_)
        reader_->reset();
    else if (p == printerPort_)
        printer_->resetConnection();
    return ok({{QStringLiteral("device"), p->name()}});
}

QJsonObject DeviceSimulator::replug(const QJsonObject &request)
{
    QJsonObject error;
    PtyEndpoint *p = port(request, &error);
    if (!p)
        return error;
    if (p->isPlugged())
        return failure(QStringLiteral("%1 is plugged in; unplug it first").arg(p->name()));
    QString why;
    if (!p->plug(&why))
        return failure(why);
    return ok({{QStringLiteral("device"), p->name()}, {QStringLiteral("link"), p->linkPath()}});
}

QJsonObject DeviceSimulator::status() const
{
    const SamResponder &r = reader_->responder();
    const SamCounters &c = r.counters();
    QJsonObject idcard = portStatus(idcardPort_);
    idcard.insert(QStringLiteral("frames"), double(c.frames));
    idcard.insert(QStringLiteral("bad_checksum"), double(c.badChecksum));
    idcard.insert(QStringLiteral("bad_length"), double(c.badLength));
    idcard.insert(QStringLiteral("unknown_commands"), double(c.unknownCommands));
    idcard.insert(QStringLiteral("finds"), double(c.finds));
    idcard.insert(QStringLiteral("selects"), double(c.selects));
    idcard.insert(QStringLiteral("reads"), double(c.reads));
    idcard.insert(QStringLiteral("garbage_bytes"), double(reader_->garbageBytes()));
    idcard.insert(QStringLiteral("baud"), r.baudRate());

    QJsonObject qr = portStatus(qrPort_);
    qr.insert(QStringLiteral("scans"), double(scans_));
    qr.insert(QStringLiteral("bytes_from_host"), double(qrBytesFromHost_));

    const PrinterCounters &pc = printer_->counters();
    QJsonObject printer = portStatus(printerPort_);
    printer.insert(QStringLiteral("bytes_received"), double(pc.bytesReceived));
    printer.insert(QStringLiteral("bytes_dropped"), double(pc.bytesDropped));
    printer.insert(QStringLiteral("status_queries"), double(pc.statusQueries));
    printer.insert(QStringLiteral("cuts"), double(pc.cuts));
    printer.insert(QStringLiteral("empty_cuts"), double(pc.emptyCuts));
    printer.insert(QStringLiteral("pending_job_bytes"), double(printer_->pendingJobBytes()));

    const QString card = r.cardId();
    return ok({
        {QStringLiteral("card"), card.isEmpty() ? QJsonValue() : QJsonValue(card)},
        {QStringLiteral("paper"), kiosk::drivers::escpos::toString(printer_->paper())},
        {QStringLiteral("cover_open"), printer_->coverOpen()},
        {QStringLiteral("fast"), options_.fast},
        {QStringLiteral("devices"), QJsonObject{{QStringLiteral("idcard"), idcard},
                                                {QStringLiteral("qr"), qr},
                                                {QStringLiteral("printer"), printer}}},
    });
}

QJsonObject DeviceSimulator::receipts()
{
    QJsonArray list;
    for (const SimulatedReceipt &r : printer_->receipts()) {
        QJsonArray qr;
        for (const QByteArray &p : r.qrPayloads)
            qr.append(QString::fromUtf8(p));
        list.append(QJsonObject{
            {QStringLiteral("number"), r.number},
            {QStringLiteral("png"), r.png},
            {QStringLiteral("text"), QJsonArray::fromStringList(r.text)},
            {QStringLiteral("qr"), qr},
            {QStringLiteral("cut"), r.cut},
            {QStringLiteral("issues"), QJsonArray::fromStringList(r.issues)},
        });
    }
    return ok({{QStringLiteral("receipts"), list}});
}

QJsonObject DeviceSimulator::cards() const
{
    QJsonArray list;
    for (const QJsonObject &s : cards_.summaries(QDate::currentDate()))
        list.append(s);
    return ok({{QStringLiteral("cards"), list}});
}

} // namespace kiosk::drivers::simulators
