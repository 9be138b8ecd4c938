// The file structure of a PDF 1.4 document from its objects: header, numbered objects, the cross-reference table with
// each object's byte offset, and the trailer. The document printer's self-test page and the sandbox's e-invoice and
// self-print PDFs build their objects and share this one writer.
#pragma once

#include <QByteArray>
#include <QList>

namespace kiosk::common {

// `objects[i]` becomes object i + 1 ("<< ... >>" or a stream); object 1 is the catalog (the trailer's /Root).
// `trailerExtra` is added to the trailer dictionary, e.g. " /Info 4 0 R".
inline QByteArray pdfFile(const QList<QByteArray> &objects, const QByteArray &trailerExtra = {})
{
    QByteArray pdf = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n"; // the comment of high bytes marks the file as binary
    QList<qsizetype> offsets;
    for (int i = 0; i < objects.size(); ++i) {
        offsets << pdf.size();
        pdf += QByteArray::number(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
    }
    const qsizetype xref = pdf.size();
    const QByteArray size = QByteArray::number(objects.size() + 1);
    pdf += "xref\n0 " + size + "\n0000000000 65535 f \n";
    for (const qsizetype off : offsets)
        pdf += QByteArray::number(off).rightJustified(10, '0') + " 00000 n \n";
    pdf += "trailer\n<< /Size " + size + " /Root 1 0 R" + trailerExtra + " >>\nstartxref\n" + QByteArray::number(xref) +
           "\n%%EOF\n";
    return pdf;
}

} // namespace kiosk::common
