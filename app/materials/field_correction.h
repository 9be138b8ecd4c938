// Field post-correction from authoritative lists, never silent: Guangdong's administrative divisions (GB/T 2260,
// data/guangdong_divisions.tsv), Chinese surnames for a name's first character (data/surnames.txt) and calendar
// validity for dates. A character is replaced only when the reading is one character away from a listed name and that
// character's confidence is low (for a surname: and the engine itself had the listed one among its alternatives).
// Every correction is reported (what was read, what it became, from which list) and marks the field for the citizen
// to confirm. A character the engine cannot read (outside PP-OCR's dictionary, like 镕: the recogniser drops it and
// leaves a gap) leaves the field for the citizen to type, never guessed.
#pragma once

#include <QImage>
#include <QList>
#include <QString>
#include <QStringList>

#include "app/materials/ocr_engine.h"

namespace kiosk::app {

enum class FieldKind { Name, Address, IdNumber, Date, Text };

// name | address | id_number | date | text; Text for anything else.
FieldKind fieldKindOf(const QString &name);

struct FieldCorrection {
    int position = 0;      // index in `read`
    QString read;          // the character(s) read
    QString corrected;     // what they became
    double confidence = 0; // the engine's confidence in what it read, 0..1
    QString list;          // "divisions" | "surnames"
};

struct CheckedField {
    QString read;  // what the engine read (spaces removed for Han text)
    QString value; // after correction and normalisation (dates YYYY-MM-DD); empty when `unreadable`
    QList<FieldCorrection> corrections;
    bool confirm = false;    // the citizen must confirm: a correction was made or the reading is doubtful
    bool unreadable = false; // a character could not be read: the citizen types the field
    QString problem;         // "" | corrected | missing_character | doubtful_character | unlisted_surname |
                             // not_a_date | bad_check_digit | empty
};

struct FieldCorrectionOptions {
    // Below this a character's confidence is low (tuned on the tuning set only; see bench_ocr).
    double lowConfidence = 0.9;
    // A character below this that no list explains is doubtful: the field is marked for confirmation.
    double doubtful = 0.6;
    bool correct = true; // false: report only (bench_ocr's uncorrected columns)
};

// `ocr` is a Line (or IdNumber) reading of one field crop, with its symbols (PP-OCR gives per-character confidences
// and alternatives; Tesseract's symbols have no alternatives, so only list matches with low confidence correct).
// `crop`, the image that was read, lets two listed names the engine scores alike be told apart by the glyph's shape.
CheckedField checkField(FieldKind kind, const OcrResult &ocr, const FieldCorrectionOptions &options = {},
                        const QImage &crop = QImage());

// The lists, for tests and tools.
const QStringList &guangdongCities();               // the 21 prefecture-level cities, "广州市"...
QStringList guangdongCounties(const QString &city); // its county-level divisions; all of them for an empty city
bool isListedSurname(const QString &name);          // whether `name` starts with a listed surname

} // namespace kiosk::app
