// Feeds the live stream through the splitter, answers status at once and renders each cut-off receipt.
#include "drivers/simulators/receipt_printer_model.h"

#include <QDir>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcPrinterModel, "kiosk.devsim.printer")

namespace kiosk::drivers::simulators {

using namespace kiosk::drivers::escpos;

namespace {

RenderOptions optionsFor(bool drawImages)
{
    RenderOptions o;
    o.drawImages = drawImages;
    return o;
}

} // namespace

ReceiptPrinterModel::ReceiptPrinterModel(const QString &receiptsDir, bool drawImages)
    : dir_(receiptsDir), renderer_(optionsFor(drawImages)), drawImages_(drawImages)
{}

bool ReceiptPrinterModel::isStopped() const
{
    return paper_ == PrinterPaperState::Out || coverOpen_;
}

std::uint8_t ReceiptPrinterModel::statusByte(std::uint8_t n) const
{
    std::uint8_t b = kStatusFixedValue;
    switch (n) {
    case 1: // printer: bit3 offline
        if (isStopped())
            b |= 0x08;
        break;
    case 2: // offline cause: bit2 cover open, bit5 stopped at paper end
        if (coverOpen_)
            b |= 0x04;
        if (paper_ == PrinterPaperState::Out)
            b |= 0x20;
        break;
    case 3: // error cause: the simulated printer has no cutter or head errors
        break;
    case 4: // roll paper: near-end sensor bits 2-3, paper-end sensor bits 5-6; without paper both sensors see none
        if (paper_ == PrinterPaperState::NearEnd)
            b |= 0x0C;
        else if (paper_ == PrinterPaperState::Out)
            b |= 0x0C | 0x60;
        break;
    default: break;
    }
    return b;
}

QByteArray ReceiptPrinterModel::receive(const QByteArray &bytes)
{
    counters_.bytesReceived += bytes.size();
    QByteArray replies;
    for (const EscPosToken &t : splitter_.feed(bytes)) {
        if (t.kind == EscPosToken::Kind::StatusQuery) {
            ++counters_.statusQueries;
            replies.append(char(statusByte(t.query)));
            continue;
        }
        // A stopped printer leaves print data unprinted; the simulator drops and counts it. Past the job cap only
        // the cut is still taken, so that the next receipt starts clean.
        const bool overCap = t.kind == EscPosToken::Kind::PrintData && job_.size() + t.bytes.size() > kMaxJobBytes;
        if (isStopped() || overCap) {
            counters_.bytesDropped += t.bytes.size();
            continue;
        }
        job_.append(t.bytes);
        if (t.kind == EscPosToken::Kind::Cut) {
            ++counters_.cuts;
            finishJob();
        }
    }
    return replies;
}

void ReceiptPrinterModel::finishJob()
{
    if (!job_.isEmpty())
        finished_.append(job_);
    job_.clear();
}

int ReceiptPrinterModel::renderPending()
{
    int produced = 0;
    while (!finished_.isEmpty()) {
        const QByteArray job = finished_.takeFirst();
        const RenderResult r = renderer_.render(job);
        if (r.pages.isEmpty()) {
            ++counters_.emptyCuts;
            continue;
        }
        QStringList issues;
        for (const RenderIssue &i : r.issues) {
            if (i.severity == RenderIssue::Severity::Error)
                issues << toString(i.kind);
        }
        for (const ReceiptPage &page : r.pages) {
            SimulatedReceipt receipt;
            receipt.number = int(receipts_.size()) + 1;
            receipt.text = page.text;
            receipt.qrPayloads = page.qrPayloads;
            receipt.cut = page.cut;
            receipt.issues = issues;
            if (drawImages_ && !page.image.isNull()) {
                const QString path = QDir(dir_).filePath(QStringLiteral("receipt-%1.png").arg(receipt.number));
                if (page.image.save(path, "PNG"))
                    receipt.png = path;
                else
                    qCWarning(lcPrinterModel) << "cannot write" << path;
            }
            receipts_.append(receipt);
            ++produced;
        }
    }
    return produced;
}

void ReceiptPrinterModel::setPaper(PrinterPaperState paper)
{
    const bool wasStopped = isStopped();
    paper_ = paper;
    if (!wasStopped && isStopped())
        finishJob(); // what was printed before the stop stays on the paper, uncut
}

void ReceiptPrinterModel::setCoverOpen(bool open)
{
    const bool wasStopped = isStopped();
    coverOpen_ = open;
    if (!wasStopped && isStopped())
        finishJob();
}

QList<SimulatedReceipt> ReceiptPrinterModel::receipts()
{
    renderPending();
    return receipts_;
}

void ReceiptPrinterModel::resetConnection()
{
    splitter_.reset();
}

} // namespace kiosk::drivers::simulators
