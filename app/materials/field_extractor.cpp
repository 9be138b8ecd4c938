// Labelled-text field extraction: OCR lines are regrouped into rows by their character boxes, labels are found
// (exactly, or with one wrong character for long labels), and the value is what follows on the same row up to the
// next label or column gap. Per-material rules add positional fallbacks and value types.
#include "app/materials/field_extractor.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>
#include <optional>

#include "app/catalogue/service_item.h"
#include "app/identity/gb11643.h"
#include "app/materials/field_correction.h"

Q_LOGGING_CATEGORY(lcExtract, "kiosk.app.materials.extract")

namespace kiosk::app {

namespace {

constexpr QChar kGap = QLatin1Char('\t'); // a column gap or a table rule between two glyphs of one row

struct Glyph {
    QChar c;
    QRect box;
    double conf = 0; // 0..100
};

struct Row {
    QList<Glyph> glyphs;
    QRect box;
    QString text; // one QChar per glyph
};

struct Value {
    QString text;
    QRect box;
    double conf = 0; // 0..1
    bool found = false;
};

struct Hit {
    int row = -1;
    int start = 0; // glyph index of the label's first character
    int end = 0;   // one past its last
    bool valid() const { return row >= 0; }
};

QChar canonical(QChar c)
{
    switch (c.unicode()) {
    case 0xFF1A: return QLatin1Char(':'); // full-width colon
    case 0xFF08: return QLatin1Char('('); // full-width parentheses
    case 0xFF09: return QLatin1Char(')');
    case 0x3000: return QLatin1Char(' ');
    default: return c;
    }
}

QList<Row> buildRows(const OcrResult &ocr)
{
    // Lines whose vertical extents overlap by half belong to one row (PSM 3 splits label and value columns). Within
    // a line Tesseract's reading order is kept: its LSTM character boxes are approximate and may overlap.
    QList<OcrLine> lines = ocr.lines;
    std::sort(lines.begin(), lines.end(),
              [](const OcrLine &a, const OcrLine &b) { return a.box.center().y() < b.box.center().y(); });
    QList<QList<OcrLine>> grouped;
    QList<QRect> boxes;
    for (const OcrLine &line : lines) {
        int target = -1;
        for (int i = 0; i < boxes.size(); ++i) {
            const QRect &b = boxes.at(i);
            const int overlap = std::min(b.bottom(), line.box.bottom()) - std::max(b.top(), line.box.top());
            if (overlap > 0.5 * std::min(b.height(), line.box.height())) {
                target = i;
                break;
            }
        }
        if (target < 0) {
            grouped.append({line});
            boxes.append(line.box);
        } else {
            grouped[target].append(line);
            boxes[target] = boxes.at(target).united(line.box);
        }
    }
    QList<Row> rows;
    for (int gi = 0; gi < grouped.size(); ++gi) {
        QList<OcrLine> &group = grouped[gi];
        std::sort(group.begin(), group.end(),
                  [](const OcrLine &a, const OcrLine &b) { return a.box.left() < b.box.left(); });
        Row r;
        r.box = boxes.at(gi);
        QList<int> heights;
        for (const OcrLine &line : group)
            for (const OcrSymbol &s : line.symbols)
                heights << s.box.height();
        std::sort(heights.begin(), heights.end());
        const int h = heights.isEmpty() ? 20 : heights.at(heights.size() / 2);
        for (const OcrLine &line : group) {
            if (!r.glyphs.isEmpty() && r.glyphs.back().c != kGap)
                r.glyphs.append({kGap, QRect(), 0}); // another line of the row: another cell
            for (const OcrSymbol &s : line.symbols) {
                // Column gaps: a space wider than a character's height separates a label from its value.
                if (!r.glyphs.isEmpty() && r.glyphs.back().c != kGap && !r.glyphs.back().box.isNull() &&
                    s.box.left() - r.glyphs.back().box.right() > 1.2 * h)
                    r.glyphs.append({kGap, QRect(), 0});
                for (QChar c : s.text) {
                    c = canonical(c);
                    if (c.isSpace())
                        continue;
                    if (c == QLatin1Char('|')) { // a table rule read as a character
                        if (!r.glyphs.isEmpty() && r.glyphs.back().c != kGap)
                            r.glyphs.append({kGap, QRect(), 0});
                        continue;
                    }
                    r.glyphs.append({c, s.box, s.confidence});
                }
            }
        }
        for (const Glyph &g : r.glyphs)
            r.text += g.c;
        rows.append(r);
    }
    std::sort(rows.begin(), rows.end(), [](const Row &a, const Row &b) { return a.box.top() < b.box.top(); });
    return rows;
}

// Matches `label` at glyph `start` of the row, skipping gaps inside it ("名   称"); returns the end or -1.
int matchAt(const Row &row, int start, const QString &label, int allowedMistakes)
{
    int i = start, mistakes = 0;
    if (row.glyphs.at(start).c == kGap)
        return -1;
    for (int k = 0; k < label.size(); ++k) {
        while (k > 0 && i < row.glyphs.size() && row.glyphs.at(i).c == kGap)
            ++i;
        if (i >= row.glyphs.size())
            return -1;
        if (row.glyphs.at(i).c != label.at(k) && ++mistakes > allowedMistakes)
            return -1;
        ++i;
    }
    // The first character must be right: one wrong character is forgiven inside a label, not at its start.
    return row.glyphs.at(start).c == label.at(0) ? i : -1;
}

class Page
{
public:
    explicit Page(const OcrResult &ocr) : rows(buildRows(ocr)) {}

    QList<Row> rows;
    QStringList stopLabels; // every label of the material: a value ends where another label starts

    // The n-th (0-based) occurrence of any of `labels`, searching rows in order (or from the bottom).
    Hit find(const QStringList &labels, int occurrence = 0, bool fromBottom = false, int fromRow = 0) const
    {
        for (int pass = 0; pass < 2; ++pass) {
            int seen = 0;
            for (int n = 0; n < rows.size(); ++n) {
                const int ri = fromBottom ? rows.size() - 1 - n : n;
                if (ri < fromRow)
                    continue;
                const Row &row = rows.at(ri);
                for (int s = 0; s < row.glyphs.size(); ++s) {
                    for (const QString &label : labels) {
                        const int mistakes = pass == 0 ? 0 : (label.size() >= 4 ? 1 : 0);
                        if (pass == 1 && mistakes == 0)
                            continue;
                        const int e = matchAt(row, s, label, mistakes);
                        if (e < 0)
                            continue;
                        if (seen++ == occurrence)
                            return Hit{ri, s, e};
                        s = e - 1;
                        break;
                    }
                }
            }
        }
        return {};
    }

    bool labelStartsAt(const Row &row, int i) const
    {
        for (const QString &l : stopLabels)
            if (l.size() >= 2 && matchAt(row, i, l, 0) >= 0)
                return true;
        return false;
    }

    // What follows the label on its row, up to the next label or (once something was read) a column gap.
    Value after(const Hit &hit, bool stopAtGap = true) const
    {
        Value v;
        if (!hit.valid())
            return v;
        const Row &row = rows.at(hit.row);
        int i = hit.end;
        // Colons, quotes and specks of table rules between a label and its value are not part of the value.
        while (i < row.glyphs.size() && !row.glyphs.at(i).c.isLetterOrNumber())
            ++i;
        return collect(row, i, stopAtGap);
    }

    // The last cell of a row: a value whose label was misread, found by its neighbours.
    Value lastCell(int rowIndex) const
    {
        if (rowIndex < 0 || rowIndex >= rows.size())
            return {};
        const Row &row = rows.at(rowIndex);
        int i = row.glyphs.size();
        while (i > 0 && row.glyphs.at(i - 1).c == kGap)
            --i;
        int start = i;
        while (start > 0 && row.glyphs.at(start - 1).c != kGap && row.glyphs.at(start - 1).c != QLatin1Char(':'))
            --start;
        return collect(row, start, true);
    }

    Value collect(const Row &row, int i, bool stopAtGap) const
    {
        Value v;
        double conf = 0;
        int n = 0;
        for (; i < row.glyphs.size(); ++i) {
            const Glyph &g = row.glyphs.at(i);
            if (g.c == kGap) {
                if (stopAtGap && n > 0)
                    break;
                continue;
            }
            if (n > 0 && labelStartsAt(row, i))
                break;
            v.text += g.c;
            v.box = v.box.isNull() ? g.box : v.box.united(g.box);
            conf += g.conf;
            ++n;
        }
        v.found = n > 0;
        v.conf = n ? conf / n / 100.0 : 0.0;
        return v;
    }

    // Every row's text without gaps, for pattern searches that need no label.
    QStringList plainRows() const
    {
        QStringList out;
        for (const Row &r : rows)
            out << QString(r.text).remove(kGap);
        return out;
    }
};

bool isHanChar(QChar c)
{
    const ushort u = c.unicode();
    return (u >= 0x4E00 && u <= 0x9FFF) || (u >= 0x3400 && u <= 0x4DBF) || u == 0x00B7;
}

QString hanOnly(const QString &s)
{
    QString out;
    for (QChar c : s)
        if (isHanChar(c))
            out += c;
    return out;
}

int chineseNumber(const QString &s)
{
    static const QString digits = QStringLiteral("〇一二三四五六七八九");
    if (s.isEmpty())
        return -1;
    if (s.contains(QStringLiteral("十"))) {
        const int at = s.indexOf(QStringLiteral("十"));
        const int tens = at == 0 ? 1 : digits.indexOf(s.at(0));
        const int ones = at == s.size() - 1 ? 0 : digits.indexOf(s.at(at + 1));
        return (tens < 0 || ones < 0) ? -1 : tens * 10 + ones;
    }
    int v = 0;
    for (QChar c : s) {
        const int d = c == QStringLiteral("零").at(0) ? 0 : digits.indexOf(c);
        if (d < 0)
            return -1;
        v = v * 10 + d;
    }
    return v;
}

QString undoDigitConfusions(QString s)
{
    for (QChar &c : s) {
        switch (c.unicode()) {
        case 'O':
        case 'o':
        case 'D':
        case 'Q': c = QLatin1Char('0'); break;
        case 'I':
        case 'l':
        case 'i':
        case '|':
        case '!': c = QLatin1Char('1'); break;
        case 'Z':
        case 'z': c = QLatin1Char('2'); break;
        case 'S':
        case 's': c = QLatin1Char('5'); break;
        case 'B': c = QLatin1Char('8'); break;
        case 'G':
        case 'b': c = QLatin1Char('6'); break;
        default: break;
        }
    }
    return s;
}

ExtractedField makeField(const QString &material, const QString &key, const QString &value, const Value &v,
                         bool validated, double confidence)
{
    ExtractedField f;
    f.materialId = material;
    f.key = key;
    f.value = value;
    f.box = v.box;
    f.validated = validated;
    f.confidence = std::clamp(confidence, 0.0, 1.0);
    return f;
}

QRect cropAround(const QRect &box, const QSize &page)
{
    const int pad = std::max(3, box.height() / 5);
    return box.adjusted(-pad, -pad, pad, pad).intersected(QRect(QPoint(0, 0), page));
}

struct Context {
    QString material;
    const Page *page;
    const QImage *image;
    OcrEngine *engine;
    const std::function<bool()> *cancelled;
    QList<ExtractedField> *out;

    void text(const QString &key, const Value &v, bool hanNames = false) const
    {
        if (!v.found)
            return;
        QString value = v.text;
        double conf = v.conf;
        if (hanNames) {
            // A name read as Latin letters or with stray characters: the page model picked the wrong script for the
            // line; its crop read as a single line usually gets it right.
            const int han = int(hanOnly(value).size());
            if (han < 2 || han > 5 || han < value.size()) {
                const OcrResult crop = reread(v.box, OcrMode::Line);
                const QString again = hanOnly(crop.text);
                if (again.size() >= 2 && again.size() <= 5) {
                    value = again;
                    conf = crop.confidence;
                } else if (han > 0) {
                    value = hanOnly(value);
                    conf *= 0.6;
                } else {
                    conf *= 0.3;
                }
            }
        }
        ExtractedField f = makeField(material, key, value, v, false, conf);
        const FieldKind kind = fieldKindOf(key);
        if (kind == FieldKind::Name || kind == FieldKind::Address) {
            // Names and addresses are read again from their crop, character by character, and checked against the
            // surname and division lists (never silently: a correction is shown for the citizen to confirm).
            const OcrResult crop = reread(v.box, OcrMode::Line);
            if (crop.ok() && !crop.text.isEmpty()) {
                const CheckedField checked = checkField(kind, crop, {}, image->copy(cropAround(v.box, image->size())));
                f.value = checked.value;
                f.confidence = std::clamp(crop.confidence, 0.0, 1.0);
                f.confirm = checked.confirm;
                f.unreadable = checked.unreadable;
                if (!checked.corrections.isEmpty())
                    f.readAs = checked.read;
            }
        }
        out->append(f);
    }

    void sex(const QString &key, const Value &v) const
    {
        if (!v.found)
            return;
        const QString s = v.text.contains(QStringLiteral("男"))   ? QStringLiteral("男")
                          : v.text.contains(QStringLiteral("女")) ? QStringLiteral("女")
                                                                  : QString();
        if (!s.isEmpty())
            out->append(makeField(material, key, s, v, true, v.conf));
    }

    void date(const QString &key, const Value &v) const
    {
        if (!v.found)
            return;
        const QString d = normaliseDate(v.text);
        if (d.isEmpty())
            out->append(makeField(material, key, v.text, v, false, 0.3 * v.conf));
        else
            out->append(makeField(material, key, d, v, true, v.conf));
    }

    // "2020年05月07日至长期", "自2024年05月22日至2024年11月22日": the two ends of a validity period.
    void period(const QString &fromKey, const QString &toKey, const Value &v) const
    {
        if (!v.found)
            return;
        const QStringList parts = v.text.split(QRegularExpression(QStringLiteral("至|到|~")));
        if (parts.size() < 2)
            return;
        Value from = v, to = v;
        from.text = parts.at(0);
        from.text.remove(QStringLiteral("自"));
        to.text = parts.mid(1).join(QString());
        if (!fromKey.isEmpty())
            date(fromKey, from);
        if (to.text.contains(QStringLiteral("长期")))
            out->append(makeField(material, toKey, QStringLiteral("long-term"), v, true, v.conf));
        else
            date(toKey, to);
    }

    OcrResult reread(const QRect &box, OcrMode mode) const
    {
        if (!engine || !image || image->isNull() || box.isEmpty())
            return {};
        const QRect crop = cropAround(box, image->size());
        if (crop.width() < 8 || crop.height() < 8)
            return {};
        return engine->recognise(image->copy(crop), mode, cancelled ? *cancelled : std::function<bool()>());
    }

    // ID numbers are re-read from their crop with the digits-only model and accepted on the GB 11643 check.
    void idNumber(const QString &key, const Value &v) const
    {
        if (!v.found)
            return;
        const OcrResult crop = reread(v.box, OcrMode::IdNumber);
        struct Candidate {
            QString number;
            double conf;
        };
        QList<Candidate> candidates;
        if (crop.ok() && !crop.text.isEmpty())
            candidates << Candidate{normaliseIdNumber(crop.text), crop.confidence};
        candidates << Candidate{normaliseIdNumber(v.text), v.conf};
        auto accept = [&](const QList<Candidate> &list) {
            for (const Candidate &c : list) {
                if (!c.number.isEmpty() && checkIdNumber(c.number, {true, {}}).valid) {
                    out->append(makeField(material, key, c.number, v, true, std::max(0.9, c.conf)));
                    return true;
                }
            }
            return false;
        };
        if (accept(candidates))
            return;
        // A digit swallowed by a misread label (or lost at the edge of the value's box): read a wider crop; the
        // 18-character window that passes the check is the number.
        const int h = std::max(8, v.box.height());
        const OcrResult wide = reread(v.box.adjusted(-2 * h, 0, h, 0), OcrMode::IdNumber);
        if (wide.ok() && accept({Candidate{normaliseIdNumber(wide.text), wide.confidence}}))
            return;
        for (const Candidate &c : candidates) {
            if (!c.number.isEmpty()) {
                out->append(makeField(material, key, c.number, v, false, 0.3 * c.conf));
                return;
            }
        }
        QString raw = v.text;
        raw.remove(QRegularExpression(QStringLiteral("[^0-9Xx]")));
        if (!raw.isEmpty())
            out->append(makeField(material, key, raw.toUpper(), v, false, 0.1));
    }

    // Codes (credit codes, certificate numbers): accepted when `valid` says so, from the page or a crop re-read.
    void code(const QString &key, const Value &v, const std::function<QString(const QString &)> &valid) const
    {
        if (!v.found)
            return;
        const QString fromPage = valid(v.text);
        if (!fromPage.isEmpty()) {
            out->append(makeField(material, key, fromPage, v, true, std::max(0.85, v.conf)));
            return;
        }
        const OcrResult crop = reread(v.box, OcrMode::Code);
        const QString fromCrop = crop.ok() ? valid(crop.text) : QString();
        if (!fromCrop.isEmpty()) {
            out->append(makeField(material, key, fromCrop, v, true, std::max(0.85, crop.confidence)));
            return;
        }
        QString raw = v.text.toUpper();
        raw.remove(QRegularExpression(QStringLiteral("[^0-9A-Z-]")));
        out->append(makeField(material, key, raw, v, false, 0.3 * v.conf));
    }
};

QString validCreditCode(const QString &text)
{
    QString t = text.toUpper();
    t.remove(QRegularExpression(QStringLiteral("[^0-9A-Z]")));
    for (int i = 0; i + 18 <= t.size(); ++i) {
        const QString candidate = t.mid(i, 18);
        if (checkCreditCode(candidate))
            return candidate;
        // The first two characters are always digits (registration authority and type); O/I there are misreads.
        QString fixed = undoDigitConfusions(candidate.left(8)) + candidate.mid(8);
        if (checkCreditCode(fixed))
            return fixed;
    }
    return {};
}

QString validMarriageNumber(const QString &text)
{
    // 结婚证字号: J (结婚) or L (离婚), the registry's 6-digit area code, the year, a serial.
    QString t = text.toUpper();
    t.remove(QRegularExpression(QStringLiteral("[^0-9A-Z-]")));
    static const QRegularExpression re(QStringLiteral("([JL])([0-9OIL]{6})-?([0-9OIL]{4})-?([0-9OIL]{4,7})"));
    const auto m = re.match(t);
    if (!m.hasMatch())
        return {};
    return m.captured(1) + undoDigitConfusions(m.captured(2)) + QLatin1Char('-') + undoDigitConfusions(m.captured(3)) +
           QLatin1Char('-') + undoDigitConfusions(m.captured(4));
}

QStringList labels(std::initializer_list<const char *> l)
{
    QStringList out;
    for (const char *s : l)
        out << QString::fromUtf8(s);
    return out;
}

void householdRegister(Context &c)
{
    const Page &p = *c.page;
    c.text(QStringLiteral("name"), p.after(p.find(labels({"姓名"}))), true);
    c.text(QStringLiteral("relationship"), p.after(p.find(labels({"户主或与户主关系", "与户主关系"}))), true);
    c.sex(QStringLiteral("sex"), p.after(p.find(labels({"性别"}))));
    c.text(QStringLiteral("ethnicity"), p.after(p.find(labels({"民族"}))), true);
    c.text(QStringLiteral("birthplace"), p.after(p.find(labels({"出生地"}))));
    c.date(QStringLiteral("birth_date"), p.after(p.find(labels({"出生日期"}))));
    c.text(QStringLiteral("address"), p.after(p.find(labels({"住址"}))));
    c.idNumber(QStringLiteral("id_number"),
               p.after(p.find(labels({"公民身份号码", "公民身份证件编号", "身份证号码"}))));
}

void businessLicence(Context &c)
{
    const Page &p = *c.page;
    Value code = p.after(p.find(labels({"统一社会信用代码", "信用代码"})));
    if (!code.found || validCreditCode(code.text).isEmpty()) {
        // The code also stands alone on a line of its own in some layouts.
        for (int i = 0; i < p.rows.size() && (!code.found || validCreditCode(code.text).isEmpty()); ++i)
            if (!validCreditCode(QString(p.rows.at(i).text).remove(kGap)).isEmpty())
                code = p.collect(p.rows.at(i), 0, false);
    }
    c.code(QStringLiteral("credit_code"), code, validCreditCode);
    // "名　　称" and "住　　所" are spaced so widely that their characters may be read as noise: their neighbours
    // (类型 below the name, 营业期限 above the address) find the row instead.
    Value name = p.after(p.find(labels({"名称", "企业名称"})));
    if (!name.found) {
        const Hit type = p.find(labels({"类型"}));
        if (type.valid())
            name = p.lastCell(type.row - 1);
    }
    c.text(QStringLiteral("company_name"), name);
    c.text(QStringLiteral("company_type"), p.after(p.find(labels({"类型"}))));
    c.text(QStringLiteral("legal_representative"), p.after(p.find(labels({"法定代表人", "经营者", "负责人"}))), true);
    c.text(QStringLiteral("registered_capital"), p.after(p.find(labels({"注册资本", "出资额"}))));
    c.date(QStringLiteral("established_date"), p.after(p.find(labels({"成立日期", "注册日期"}))));
    c.period(QString(), QStringLiteral("valid_to"), p.after(p.find(labels({"营业期限", "经营期限"}))));
    Value address = p.after(p.find(labels({"住所", "经营场所", "主要经营场所"})));
    if (!address.found) {
        const Hit term = p.find(labels({"营业期限", "经营期限"}));
        if (term.valid())
            address = p.lastCell(term.row + 1);
    }
    c.text(QStringLiteral("address"), address);
}

void marriageCertificate(Context &c)
{
    const Page &p = *c.page;
    c.text(QStringLiteral("holder_name"), p.after(p.find(labels({"持证人"}))), true);
    c.date(QStringLiteral("date"), p.after(p.find(labels({"登记日期"}))));
    Value number = p.after(p.find(labels({"结婚证字号", "离婚证字号", "证字号"})));
    if (!number.found || validMarriageNumber(number.text).isEmpty()) {
        for (int i = 0; i < p.rows.size(); ++i)
            if (!validMarriageNumber(QString(p.rows.at(i).text).remove(kGap)).isEmpty()) {
                number = p.lastCell(i);
                break;
            }
    }
    c.code(QStringLiteral("cert_number"), number, validMarriageNumber);
    for (int party = 0; party < 2; ++party) {
        const QString prefix = QStringLiteral("party%1_").arg(party + 1);
        c.text(prefix + QStringLiteral("name"), p.after(p.find(labels({"姓名"}), party)), true);
        c.sex(prefix + QStringLiteral("sex"), p.after(p.find(labels({"性别"}), party)));
        c.date(prefix + QStringLiteral("birth_date"), p.after(p.find(labels({"出生日期"}), party)));
        c.idNumber(prefix + QStringLiteral("id_number"), p.after(p.find(labels({"身份证件号", "身份证号"}), party)));
    }
}

void authorisationLetter(Context &c)
{
    const Page &p = *c.page;
    const QStringList idLabels = labels({"身份证号码", "身份证件号码", "证件号码"});
    const Hit principalId = p.find(idLabels, 0);
    const Hit agentId = p.find(idLabels, 1);
    // The names are labelled 委托人 / 受托人 on the rows above the ID numbers; when a label is misread (or only the
    // signature line's 委托人 is found) the row above the ID number holds the name.
    const Hit principalLabel = p.find(labels({"委托人"}));
    Value principal = principalLabel.valid() && (!principalId.valid() || principalLabel.row < principalId.row)
                          ? p.after(principalLabel)
                          : Value();
    if (!principal.found && principalId.valid())
        principal = p.lastCell(principalId.row - 1);
    const Hit agentLabel = p.find(labels({"受托人", "被委托人", "代理人"}));
    Value agent =
        agentLabel.valid() && (!agentId.valid() || agentLabel.row < agentId.row) ? p.after(agentLabel) : Value();
    if (!agent.found && agentId.valid())
        agent = p.lastCell(agentId.row - 1);
    c.text(QStringLiteral("principal_name"), principal, true);
    c.idNumber(QStringLiteral("principal_id_number"), p.after(principalId));
    c.text(QStringLiteral("agent_name"), agent, true);
    c.idNumber(QStringLiteral("agent_id_number"), p.after(agentId));
    c.period(QStringLiteral("valid_from"), QStringLiteral("valid_to"),
             p.after(p.find(labels({"委托期限", "有效期限"}))));
    c.date(QStringLiteral("date"), p.after(p.find(labels({"日期"}), 0, true)));
}

struct MaterialRules {
    const char *id;
    void (*extract)(Context &);
    std::initializer_list<const char *> stopLabels;
    std::initializer_list<const char *> fields;
};

const MaterialRules kRules[] = {
    {"household_register",
     householdRegister,
     {"姓名", "户主或与户主关系", "曾用名", "性别", "出生地", "民族", "籍贯", "出生日期", "住址", "公民身份号码",
      "身高", "血型", "文化程度", "婚姻状况", "兵役状况", "服务处所", "职业", "宗教信仰"},
     {"name", "relationship", "sex", "ethnicity", "birthplace", "birth_date", "address", "id_number"}},
    {"business_licence",
     businessLicence,
     {"统一社会信用代码", "名称", "类型", "法定代表人", "经营者", "注册资本", "成立日期", "营业期限", "住所",
      "经营范围", "登记机关"},
     {"credit_code", "company_name", "company_type", "legal_representative", "registered_capital", "established_date",
      "valid_to", "address"}},
    {"marriage_certificate",
     marriageCertificate,
     {"持证人", "登记日期", "结婚证字号", "备注", "姓名", "性别", "国籍", "出生日期", "身份证件号"},
     {"holder_name", "date", "cert_number", "party1_name", "party1_sex", "party1_birth_date", "party1_id_number",
      "party2_name", "party2_sex", "party2_birth_date", "party2_id_number"}},
    {"authorisation_letter",
     authorisationLetter,
     {"委托人", "受托人", "身份证号码", "委托期限", "委托事项", "日期"},
     {"principal_name", "principal_id_number", "agent_name", "agent_id_number", "valid_from", "valid_to", "date"}},
};

const MaterialRules *rulesFor(const QString &material)
{
    for (const MaterialRules &r : kRules)
        if (material == QLatin1String(r.id))
            return &r;
    return nullptr;
}

} // namespace

const ExtractedField *ExtractionResult::field(const QString &key) const
{
    for (const ExtractedField &f : fields)
        if (f.key == key)
            return &f;
    return nullptr;
}

QString ExtractionResult::value(const QString &key) const
{
    const ExtractedField *f = field(key);
    return f ? f->value : QString();
}

FieldExtractor::FieldExtractor(OcrEngine *engine) : engine_(engine) {}

QStringList FieldExtractor::supportedMaterials()
{
    QStringList out;
    for (const MaterialRules &r : kRules)
        out << QString::fromLatin1(r.id);
    return out;
}

QStringList FieldExtractor::fieldsOf(const QString &materialId)
{
    QStringList out;
    if (const MaterialRules *r = rulesFor(materialId))
        for (const char *f : r->fields)
            out << QString::fromLatin1(f);
    return out;
}

ExtractionResult FieldExtractor::extract(const QString &materialId, const QImage &page,
                                         const std::function<bool()> &cancelled)
{
    if (!engine_) {
        ExtractionResult r;
        r.materialId = materialId;
        r.error = OcrError::EngineUnavailable;
        r.detail = QStringLiteral("no OCR engine");
        return r;
    }
    const OcrResult ocr = engine_->recognise(page, OcrMode::Form, cancelled);
    if (!ocr.ok()) {
        ExtractionResult r;
        r.materialId = materialId;
        r.error = ocr.error;
        r.detail = ocr.detail;
        r.ms = ocr.ms;
        return r;
    }
    ExtractionResult r = extractFrom(materialId, ocr, page, cancelled);
    r.ms += ocr.ms;
    return r;
}

ExtractionResult FieldExtractor::extractFrom(const QString &materialId, const OcrResult &pageOcr, const QImage &page,
                                             const std::function<bool()> &cancelled)
{
    QElapsedTimer timer;
    timer.start();
    ExtractionResult r;
    r.materialId = materialId;
    r.pageText = pageOcr.text;
    const MaterialRules *rules = rulesFor(materialId);
    if (rules) {
        Page p(pageOcr);
        for (const char *l : rules->stopLabels)
            p.stopLabels << QString::fromUtf8(l);
        Context c{materialId, &p, &page, engine_, &cancelled, &r.fields};
        rules->extract(c);
    }
    if (cancelled && cancelled()) {
        r.error = OcrError::Cancelled;
        r.detail = QStringLiteral("cancelled");
        r.fields.clear();
    }
    r.ms = timer.elapsed();
    // Field names and counts only: the values are personal data.
    qCDebug(lcExtract) << "material" << materialId << "fields" << r.fields.size() << "in" << r.ms << "ms";
    return r;
}

QString normaliseDate(const QString &input)
{
    QString s = input;
    s.remove(QLatin1Char(' '));
    // Chinese numerals ("二〇一九年五月六日"): each part between the unit characters is converted on its own.
    static const QRegularExpression chinese(
        QStringLiteral("([〇零一二三四五六七八九]{4})年([〇一二三四五六七八九十]{1,3})月"
                       "([〇一二三四五六七八九十]{1,3})日"));
    const auto cm = chinese.match(s);
    if (cm.hasMatch()) {
        const QDate d(chineseNumber(cm.captured(1)), chineseNumber(cm.captured(2)), chineseNumber(cm.captured(3)));
        return d.isValid() ? d.toString(Qt::ISODate) : QString();
    }
    s = undoDigitConfusions(s);
    static const QRegularExpression separated(
        QStringLiteral("(\\d{4})\\s*[年./\\-]\\s*(\\d{1,2})\\s*[月./\\-]\\s*(\\d{1,2})(?!\\d)"));
    static const QRegularExpression compact(QStringLiteral("(?<!\\d)(\\d{4})(\\d{2})(\\d{2})(?!\\d)"));
    auto m = separated.match(s);
    if (!m.hasMatch())
        m = compact.match(s);
    if (!m.hasMatch())
        return {};
    const QDate d(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt());
    return d.isValid() ? d.toString(Qt::ISODate) : QString();
}

QString normaliseIdNumber(const QString &text)
{
    QString t = text;
    t.remove(QRegularExpression(QStringLiteral("[\\s\\-]")));
    // The check character X keeps its place; everything else that looks like a digit is one.
    QString s;
    for (int i = 0; i < t.size(); ++i) {
        const QChar c = t.at(i);
        if (c == QLatin1Char('x') || c == QLatin1Char('X') || c == QChar(0x00D7))
            s += QLatin1Char('X');
        else
            s += undoDigitConfusions(QString(c));
    }
    static const QRegularExpression re(QStringLiteral("\\d{17}[\\dX]"));
    QString first;
    for (auto it = re.globalMatch(s); it.hasNext();) {
        const QString candidate = it.next().captured(0);
        if (checkIdNumber(candidate, {true, {}}).valid)
            return candidate;
        if (first.isEmpty())
            first = candidate;
    }
    // A window of 18 inside a longer digit run (a stray character read next to the number).
    static const QRegularExpression run(QStringLiteral("\\d{18,}X?"));
    for (auto it = run.globalMatch(s); it.hasNext();) {
        const QString r = it.next().captured(0);
        for (int i = 0; i + 18 <= r.size(); ++i)
            if (checkIdNumber(r.mid(i, 18), {true, {}}).valid)
                return r.mid(i, 18);
    }
    return first;
}

bool checkCreditCode(const QString &code)
{
    static const QString alphabet = QStringLiteral("0123456789ABCDEFGHJKLMNPQRTUWXY");
    if (code.size() != 18)
        return false;
    int sum = 0, w = 1;
    for (int i = 0; i < 17; ++i) {
        const int v = int(alphabet.indexOf(code.at(i)));
        if (v < 0)
            return false;
        sum += v * w;
        w = (w * 3) % 31;
    }
    return alphabet.indexOf(code.at(17)) == (31 - sum % 31) % 31;
}

QHash<QString, FormSuggestion> suggestFormValues(const ServiceItem &item, const QList<ExtractedField> &fields,
                                                 double minConfidence)
{
    QHash<QString, FormSuggestion> out;
    for (const ItemField &formField : item.form) {
        if (!formField.source.startsWith(QLatin1String("ocr:")))
            continue;
        const QStringList parts = formField.source.split(QLatin1Char(':'));
        if (parts.size() != 3)
            continue;
        const ExtractedField *best = nullptr;
        for (const ExtractedField &f : fields) {
            if (f.materialId != parts.at(1) || f.key != parts.at(2) || (f.value.isEmpty() && !f.unreadable))
                continue;
            // A value that passed its check wins over a more confident one that did not.
            if (!best || (f.validated && !best->validated) ||
                (f.validated == best->validated && f.confidence > best->confidence))
                best = &f;
        }
        if (best && best->unreadable) { // offered empty, with the reason, for the citizen to type
            FormSuggestion s;
            s.fieldKey = formField.key;
            s.source = formField.source;
            s.unreadable = true;
            s.confirm = true;
            out.insert(formField.key, s);
            continue;
        }
        if (!best || best->confidence < minConfidence)
            continue;
        // A date field only takes a date.
        if (formField.type == QLatin1String("date") && normaliseDate(best->value) != best->value)
            continue;
        FormSuggestion s;
        s.fieldKey = formField.key;
        s.value = best->value;
        s.confidence = best->confidence;
        s.source = formField.source;
        s.readAs = best->readAs;
        s.confirm = best->confirm;
        out.insert(formField.key, s);
    }
    return out;
}

} // namespace kiosk::app
