#!/usr/bin/env python3
"""Runs lupdate on copies of the .ts files against the current sources and fails on any entry that is new,
unfinished, empty, or whose %1/%n placeholders differ from the source. Usage: check_translations.py LUPDATE ROOT"""
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

lupdate, root = sys.argv[1], Path(sys.argv[2])
ts_files = sorted((root / "resources" / "translations").glob("kiosk_*.ts"))
if len(ts_files) < 2:
    print("expected kiosk_zh_HK.ts and kiosk_en.ts")
    sys.exit(1)
problems = []
with tempfile.TemporaryDirectory() as tmp:
    copies = []
    for ts in ts_files:
        dst = Path(tmp) / ts.name
        shutil.copy(ts, dst)
        copies.append(dst)
    subprocess.run([lupdate, "-silent", "-no-obsolete", "-locations", "none", "-extensions", "cpp,h", "-I", str(root),
                    str(root / "ui"), str(root / "app"), "-ts", *map(str, copies)], check=True)
    placeholder = re.compile(r"%(?:\d+|n)")
    for ts in copies:
        tree = ET.parse(ts)
        count = 0
        for msg in tree.getroot().iter("message"):
            count += 1
            src = msg.findtext("source") or ""
            tr = msg.find("translation")
            forms = [f.text or "" for f in tr.findall("numerusform")] if msg.get("numerus") == "yes" else [tr.text or ""]
            if tr.get("type") in ("unfinished", "vanished", "obsolete") or not all(f.strip() for f in forms):
                problems.append(f"{ts.name}: untranslated: {src!r}")
                continue
            for f in forms:
                if sorted(set(placeholder.findall(f))) != sorted(set(placeholder.findall(src))):
                    problems.append(f"{ts.name}: placeholders differ: {src!r} -> {f!r}")
        print(f"{ts.name}: {count} entries")
for p in problems:
    print(p)
print(f"{len(problems)} problem(s); fix with: cmake --build build --target update_translations, then translate")
sys.exit(1 if problems else 0)
