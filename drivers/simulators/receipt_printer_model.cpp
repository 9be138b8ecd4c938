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
    : m_dir(receiptsDir), m_renderer(optionsFor(drawImages)), m_drawImages(drawImages)
{}

bool ReceiptPrinterModel::isStopped() const
{
    return m_paper == PrinterPaperState::Out || m_coverOpen;
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
        if (m_coverOpen)
            b |= 0x04;
        if (m_paper == PrinterPaperState::Out)
            b |= 0x20;
        break;
    case 3: // error cause: the simulated printer has no cutter or head errors
        break;
    case 4: // roll paper: near-end sensor bits 2-3, paper-end sensor bits 5-6; without paper both sensors see none
        if (m_paper == PrinterPaperState::NearEnd)
            b |= 0x0C;
        else if (m_paper == PrinterPaperState::Out)
            b |= 0x0C | 0x60;
        break;
    default: break;
    }
    return b;
}

QByteArray ReceiptPrinterModel::receive(const QByteArray &bytes)
{
    m_counters.bytesReceived += bytes.size();
    QByteArray replies;
    for (const EscPosToken &t : m_splitter.feed(bytes)) {
        if (t.kind == EscPosToken::Kind::StatusQuery) {
            ++m_counters.statusQueries;
            replies.append(char(statusByte(t.query)));
            continue;
        }
        // A stopped printer leaves print data unprinted; the simulator drops and counts it. Past the job cap only
        // the cut is still taken, so that the next receipt starts clean.
        const bool overCap = t.kind == EscPosToken::Kind::PrintData && m_job.size() + t.bytes.size() > kMaxJobBytes;
        if (isStopped() || overCap) {
            m_counters.bytesDropped += t.bytes.size();
            continue;
        }
        m_job.append(t.bytes);
        if (t.kind == EscPosToken::Kind::Cut) {
            ++m_counters.cuts;
            finishJob();
        }
    }
    return replies;
}

void ReceiptPrinterModel::finishJob()
{
    if (!m_job.isEmpty())
        m_finished.append(m_job);
    m_job.clear();
}

int ReceiptPrinterModel::renderPending()
{
    int produced = 0;
    while (!m_finished.isEmpty()) {
        const QByteArray job = m_finished.takeFirst();
        const RenderResult r = m_renderer.render(job);
        if (r.pages.isEmpty()) {
            ++m_counters.emptyCuts;
            continue;
        }
        QStringList issues;
        for (const RenderIssue &i : r.issues) {
            if (i.severity == RenderIssue::Severity::Error)
                issues << toString(i.kind);
        }
        for (const ReceiptPage &page : r.pages) {
            SimulatedReceipt receipt;
            receipt.number = int(m_receipts.size()) + 1;
            receipt.text = page.text;
            receipt.qrPayloads = page.qrPayloads;
            receipt.cut = page.cut;
            receipt.issues = issues;
            if (m_drawImages && !page.image.isNull()) {
                const QString path = QDir(m_dir).filePath(QStringLiteral("receipt-%1.png").arg(receipt.number));
                if (page.image.save(path, "PNG"))
                    receipt.png = path;
                else
                    qCWarning(lcPrinterModel) << "cannot write" << path;
            }
            m_receipts.append(receipt);
            ++produced;
        }
    }
    return produced;
}

void ReceiptPrinterModel::setPaper(PrinterPaperState paper)
{
    const bool wasStopped = isStopped();
    m_paper = paper;
    if (!wasStopped && isStopped())
        finishJob(); // what was printed before the stop stays on the paper, uncut
}

void ReceiptPrinterModel::setCoverOpen(bool open)
{
    const bool wasStopped = isStopped();
    m_coverOpen = open;
    if (!wasStopped && isStopped())
        finishJob();
}

QList<SimulatedReceipt> ReceiptPrinterModel::receipts()
{
    renderPending();
    return m_receipts;
}

void ReceiptPrinterModel::resetConnection()
{
    m_splitter.reset();
}

} // namespace kiosk::drivers::simulators
