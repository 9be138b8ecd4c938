// Field post-correction: the lists are parsed once; names, addresses and dates are checked as field_correction.h says.
#include "app/materials/field_correction.h"

#include <QHash>
#include <QPainter>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <vector>

#include "app/identity/gb11643.h"
#include "app/materials/field_extractor.h"
#include "materials_lists.h"

namespace kiosk::app {

namespace {

struct Lists {
    QStringList cities;
    QHash<QString, QStringList> counties; // city -> its county-level divisions
    QStringList allCounties;
    QSet<QString> surnames, compoundSurnames;
    QStringList names; // every listed division name of 3 characters or more (province, cities, counties)
};

const Lists &lists()
{
    static const Lists l = [] {
        Lists out;
        QHash<QString, QString> cityByCode;
        for (const QString &line : QString::fromUtf8(materials_data::kDivisions).split(QLatin1Char('\n'))) {
            if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
                continue;
            const QStringList f = line.split(QLatin1Char('\t'));
            if (f.size() < 3)
                continue;
            if (f.at(2) == QLatin1String("city")) {
                out.cities << f.at(1);
                cityByCode.insert(f.at(0).left(4), f.at(1));
            } else if (f.at(2) == QLatin1String("county")) {
                out.counties[cityByCode.value(f.at(0).left(4))] << f.at(1);
                out.allCounties << f.at(1);
            }
            if (f.at(1).size() >= 3)
                out.names << f.at(1);
        }
        for (const QString &line : QString::fromUtf8(materials_data::kSurnames).split(QLatin1Char('\n'))) {
            if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
                continue;
            (line.size() == 1 ? out.surnames : out.compoundSurnames).insert(line);
        }
        return out;
    }();
    return l;
}

// The reading's characters with their confidence (0..1) and alternatives; spaces dropped.
struct Glyph {
    QString c;
    double conf = 1;
    QStringList alternatives;
    QList<float> alternativeConfidences;
    int left = 0, right = 0;
};

QList<Glyph> glyphsOf(const OcrResult &ocr, int *textHeight)
{
    QList<Glyph> out;
    *textHeight = ocr.lines.isEmpty() ? 0 : ocr.lines.first().textHeight;
    if (!ocr.lines.isEmpty()) {
        for (const OcrLine &line : ocr.lines)
            for (const OcrSymbol &s : line.symbols)
                if (!s.text.trimmed().isEmpty())
                    out.append({s.text, s.confidence / 100.0, s.alternatives, s.alternativeConfidences, s.box.left(),
                                s.box.right()});
        return out;
    }
    for (const QChar c : ocr.text) // no symbols (Tesseract line modes): the result's confidence for each
        if (!c.isSpace())
            out.append({QString(c), ocr.confidence, {}, {}, 0, 0});
    return out;
}

QString textOf(const QList<Glyph> &g)
{
    QString s;
    for (const Glyph &x : g)
        s += x.c;
    return s;
}

bool isHan(const QString &c)
{
    return !c.isEmpty() && c.at(0).unicode() >= 0x3400 && c.at(0).unicode() <= 0x9FFF;
}

// A character the recogniser dropped leaves a gap of about a character between two Han neighbours (CTC emits
// nothing for a glyph outside its dictionary, e.g. 镕).
bool hasMissingCharacter(const QList<Glyph> &g, int textHeight)
{
    QList<int> pitches;
    for (int i = 1; i < g.size(); ++i)
        if (isHan(g.at(i).c) && isHan(g.at(i - 1).c) && g.at(i).right > 0)
            pitches << (g.at(i).left + g.at(i).right - g.at(i - 1).left - g.at(i - 1).right) / 2;
    if (pitches.size() < 1)
        return false;
    QList<int> sorted = pitches;
    std::sort(sorted.begin(), sorted.end());
    const int typical = std::max(1, sorted.at(sorted.size() / 2));
    // A Han character is about as wide as the line's ink is high; without that, the typical pitch of the line.
    const int unit = textHeight > 0 ? textHeight : typical;
    for (int p : pitches)
        if (p > 1.75 * unit && (pitches.size() < 3 || p > 1.75 * typical))
            return true;
    return false;
}

// A glyph's ink, cut to its bounding box and scaled to 32x32 grey (0 paper .. 1 ink); empty without ink.
std::vector<float> shapeOf(const QImage &image)
{
    const QImage g = image.convertToFormat(QImage::Format_Grayscale8);
    int x0 = g.width(), y0 = g.height(), x1 = -1, y1 = -1;
    int lo = 255, hi = 0;
    for (int y = 0; y < g.height(); ++y)
        for (int x = 0; x < g.width(); ++x) {
            lo = std::min(lo, int(g.constScanLine(y)[x]));
            hi = std::max(hi, int(g.constScanLine(y)[x]));
        }
    const int threshold = (lo + hi) / 2;
    for (int y = 0; y < g.height(); ++y)
        for (int x = 0; x < g.width(); ++x)
            if (g.constScanLine(y)[x] < threshold && hi - lo > 40) {
                x0 = std::min(x0, x), x1 = std::max(x1, x), y0 = std::min(y0, y), y1 = std::max(y1, y);
            }
    if (x1 < x0 || y1 < y0)
        return {};
    const QImage cut =
        g.copy(QRect(QPoint(x0, y0), QPoint(x1, y1))).scaled(32, 32, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    std::vector<float> v(32 * 32);
    for (int y = 0; y < 32; ++y)
        for (int x = 0; x < 32; ++x)
            v[size_t(y * 32 + x)] = std::clamp(float(hi - cut.constScanLine(y)[x]) / float(hi - lo), 0.0f, 1.0f);
    return v;
}

double correlation(const std::vector<float> &a, const std::vector<float> &b)
{
    if (a.size() != b.size() || a.empty())
        return 0;
    double ma = 0, mb = 0;
    for (size_t i = 0; i < a.size(); ++i)
        ma += a[i], mb += b[i];
    ma /= double(a.size()), mb /= double(b.size());
    double ab = 0, aa = 0, bb = 0;
    for (size_t i = 0; i < a.size(); ++i) {
        ab += (a[i] - ma) * (b[i] - mb), aa += (a[i] - ma) * (a[i] - ma), bb += (b[i] - mb) * (b[i] - mb);
    }
    return aa > 0 && bb > 0 ? ab / std::sqrt(aa * bb) : 0;
}

// How much the glyph on the crop looks like `c` set in a plain CJK face (when the engine's own probabilities cannot
// tell two listed names apart, e.g. 浈江区 and 武江区 for a reading 淡江区).
double lookAlike(const QImage &crop, const Glyph &g, int textHeight, const QString &c)
{
    if (crop.isNull() || g.right <= g.left)
        return 0;
    const int size = textHeight > 0 ? textHeight : crop.height() * 2 / 3;
    const int centre = (g.left + g.right) / 2;
    const QRect area = QRect(centre - size * 11 / 20, 0, size * 11 / 10, crop.height()).intersected(crop.rect());
    const std::vector<float> seen = shapeOf(crop.copy(area));
    QImage drawn(64, 64, QImage::Format_Grayscale8);
    drawn.fill(255);
    QPainter p(&drawn);
    QFont f(QStringLiteral("Noto Sans CJK SC"));
    f.setPixelSize(52);
    p.setFont(f);
    p.setPen(Qt::black);
    p.drawText(drawn.rect(), Qt::AlignCenter, c);
    p.end();
    return correlation(seen, shapeOf(drawn));
}

// How likely the engine found `c` where it read `g`: 1 for the reading itself, its alternative's probability, else 0.
double likelihood(const Glyph &g, const QString &c)
{
    const int i = int(g.alternatives.indexOf(c));
    return i < 0 ? 0.0 : (i < g.alternativeConfidences.size() ? g.alternativeConfidences.at(i) : 1e-9);
}

void correctDivisions(QList<Glyph> *g, const QImage &crop, int textHeight, const FieldCorrectionOptions &o,
                      CheckedField *out)
{
    const Lists &l = lists();
    const QString text = textOf(*g);
    // Names read exactly: the city narrows the counties, a county tells which city a doubtful one is.
    QString city;
    QStringList exact;
    for (const QString &c : l.cities)
        if (text.contains(c))
            city = c;
    // Characters inside a listed name read exactly are never corrected (光明区 is not "corrected" to 高明区).
    QList<bool> covered(g->size(), false);
    for (const QString &n : l.names) {
        for (int at = int(text.indexOf(n)); at >= 0; at = int(text.indexOf(n, at + 1))) {
            exact << n;
            for (int k = 0; k < n.size() && at + k < covered.size(); ++k)
                covered[at + k] = true;
        }
    }
    for (int start = 0; start < g->size(); ++start) {
        struct Candidate {
            QString name;
            int pos;
            double score;
        };
        QList<Candidate> found;
        for (const QString &name : l.names) {
            const int n = int(name.size());
            if (start + n > g->size())
                continue;
            int diff = -1, differences = 0;
            for (int k = 0; k < n && differences < 2; ++k)
                if ((*g)[start + k].c != name.at(k)) {
                    ++differences;
                    diff = k;
                }
            if (differences != 1 || diff == n - 1) // the suffix (省, 市, 区, 县) must be read as it is
                continue;
            const Glyph &x = (*g)[start + diff];
            if (x.conf >= o.lowConfidence || covered.at(start + diff))
                continue;
            const bool isCity = l.cities.contains(name);
            // A county of another city than the one read is no match.
            if (!isCity && !city.isEmpty() && !l.counties.value(city).contains(name))
                continue;
            double score = likelihood(x, name.at(diff));
            if (isCity)
                for (const QString &county : l.counties.value(name))
                    if (exact.contains(county))
                        score += 1; // the county read exactly is one of this city's
            found.append({name, start + diff, score});
        }
        if (found.isEmpty())
            continue;
        // Candidates the engine scores alike are told apart by the glyph's shape on the crop.
        if (found.size() > 1 && !crop.isNull())
            for (Candidate &c : found)
                if (c.score < 0.01)
                    c.score += 0.01 * std::max(0.0, lookAlike(crop, (*g)[c.pos], textHeight, c.name.at(c.pos - start)));
        std::sort(found.begin(), found.end(), [](const Candidate &a, const Candidate &b) { return a.score > b.score; });
        // One candidate, or one the engine (or the county read) clearly prefers; otherwise not corrected.
        if (found.size() == 1 || (found.at(0).score > 0 && found.at(0).score > 1.25 * found.at(1).score)) {
            const Candidate &best = found.at(0);
            Glyph &x = (*g)[best.pos];
            const QString corrected = best.name.at(best.pos - start);
            out->corrections.append({best.pos, x.c, corrected, x.conf, QStringLiteral("divisions")});
            x.c = corrected;
            x.conf = 1;
        } else {
            out->confirm = true; // ambiguous: not corrected, shown for confirmation
            if (out->problem.isEmpty())
                out->problem = QStringLiteral("doubtful_character");
        }
    }
}

void correctSurname(QList<Glyph> *g, const FieldCorrectionOptions &o, CheckedField *out)
{
    const Lists &l = lists();
    if (g->isEmpty())
        return;
    const QString text = textOf(*g);
    if (l.compoundSurnames.contains(text.left(2)) || l.surnames.contains((*g)[0].c))
        return;
    Glyph &first = (*g)[0];
    if (first.conf < o.lowConfidence) {
        for (const QString &alt : std::as_const(first.alternatives)) {
            if (l.surnames.contains(alt)) {
                out->corrections.append({0, first.c, alt, first.conf, QStringLiteral("surnames")});
                first.c = alt;
                first.conf = 1;
                return;
            }
        }
    }
    out->confirm = true;
    if (out->problem.isEmpty())
        out->problem = QStringLiteral("unlisted_surname");
}

} // namespace

FieldKind fieldKindOf(const QString &name)
{
    if (name == QLatin1String("name") || name.endsWith(QLatin1String("_name")))
        return FieldKind::Name;
    if (name == QLatin1String("address"))
        return FieldKind::Address;
    if (name == QLatin1String("id_number") || name.endsWith(QLatin1String("_id_number")))
        return FieldKind::IdNumber;
    if (name == QLatin1String("date") || name.endsWith(QLatin1String("_date")))
        return FieldKind::Date;
    return FieldKind::Text;
}

const QStringList &guangdongCities()
{
    return lists().cities;
}

QStringList guangdongCounties(const QString &city)
{
    return city.isEmpty() ? lists().allCounties : lists().counties.value(city);
}

bool isListedSurname(const QString &name)
{
    return lists().compoundSurnames.contains(name.left(2)) || lists().surnames.contains(name.left(1));
}

CheckedField checkField(FieldKind kind, const OcrResult &ocr, const FieldCorrectionOptions &options, const QImage &crop)
{
    CheckedField out;
    int textHeight = 0;
    QList<Glyph> g = glyphsOf(ocr, &textHeight);
    out.read = textOf(g);
    if (out.read.isEmpty()) {
        out.unreadable = true;
        out.confirm = true;
        out.problem = QStringLiteral("empty");
        return out;
    }
    switch (kind) {
    case FieldKind::IdNumber: {
        out.value = normaliseIdNumber(out.read);
        if (out.value.isEmpty() || !checkIdNumber(out.value, {true, {}}).valid) {
            out.confirm = true;
            out.problem = QStringLiteral("bad_check_digit");
        }
        return out;
    }
    case FieldKind::Date: {
        out.value = normaliseDate(out.read); // empty unless a calendar date
        if (out.value.isEmpty()) {
            out.confirm = true;
            out.unreadable = true;
            out.problem = QStringLiteral("not_a_date");
        }
        return out;
    }
    case FieldKind::Name:
    case FieldKind::Address:
    case FieldKind::Text: break;
    }
    if ((kind == FieldKind::Name || kind == FieldKind::Address) && hasMissingCharacter(g, textHeight)) {
        out.unreadable = true;
        out.confirm = true;
        out.problem = QStringLiteral("missing_character");
        return out; // value left empty: the citizen types it
    }
    if (options.correct && kind == FieldKind::Address)
        correctDivisions(&g, crop, textHeight, options, &out);
    if (options.correct && kind == FieldKind::Name)
        correctSurname(&g, options, &out);
    if (!out.corrections.isEmpty()) {
        out.confirm = true;
        out.problem = QStringLiteral("corrected");
    }
    for (const Glyph &x : std::as_const(g))
        if (x.conf < options.doubtful) {
            out.confirm = true;
            if (out.problem.isEmpty())
                out.problem = QStringLiteral("doubtful_character");
        }
    out.value = textOf(g);
    return out;
}

} // namespace kiosk::app
