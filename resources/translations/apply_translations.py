#!/usr/bin/env python3
"""Fill unfinished entries of the .ts files from a JSON table {source: {"zh_HK": ..., "en": ...}}.

Usage: apply_translations.py TABLE.json [TS_DIR]
Plural sources (containing %n) take a list for languages with plural forms: "en": ["%n second", "%n seconds"].
Entries already translated are left alone unless --force. Prints the sources that are still unfinished."""
import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    force = "--force" in sys.argv
    table = json.loads(Path(args[0]).read_text(encoding="utf-8"))
    ts_dir = Path(args[1]) if len(args) > 1 else Path(__file__).parent
    missing = 0
    for ts in sorted(ts_dir.glob("kiosk_*.ts")):
        lang = ts.stem.split("_", 1)[1]
        tree = ET.parse(ts)
        for msg in tree.getroot().iter("message"):
            src = msg.findtext("source")
            tr = msg.find("translation")
            if tr is None:
                continue
            unfinished = tr.get("type") == "unfinished"
            if not unfinished and not force:
                continue
            value = table.get(src, {}).get(lang)
            if value is None:
                missing += 1
                print(f"{ts.name}: unfinished: {src!r}")
                continue
            if msg.get("numerus") == "yes":
                for child in list(tr):
                    tr.remove(child)
                tr.text = None
                forms = value if isinstance(value, list) else [value]
                for f in forms:
                    ET.SubElement(tr, "numerusform").text = f
            else:
                tr.text = value
            tr.attrib.pop("type", None)
        tree.write(ts, encoding="utf-8", xml_declaration=True)
        # ElementTree drops the DOCTYPE line lupdate writes; put it back so diffs stay small.
        text = ts.read_text(encoding="utf-8")
        if "<!DOCTYPE TS>" not in text:
            text = text.replace("?>\n", "?>\n<!DOCTYPE TS>\n", 1)
            ts.write_text(text, encoding="utf-8")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
