#!/usr/bin/env python3
"""Fails the test run on a skipped test that tests/skip-allowlist.txt does not name with its reason.

Usage: check-skips.py JUNIT_XML ALLOWLIST

A skip is either a whole test CTest reports as skipped (SKIP_REGULAR_EXPRESSION, exit code 77, a test that was not
run), one QtTest function that printed `SKIP   : Class::function() reason` while the test as a whole passed (CTest
counts that as a pass), or a part of a shell test that printed `SKIP: part: reason`. Each is named `ctest_name` or
`ctest_name::function` (`::part`); an allow-list line names one of them, or `ctest_name` for every skip of that test,
followed by the reason.
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ctest_junit  # noqa: E402

_QTEST_SKIP = re.compile(r"^SKIP\s+:\s+[A-Za-z0-9_]+::([A-Za-z0-9_]+)\((.*?)\)\s*(.*)$")
_SCRIPT_SKIP = re.compile(r"^SKIP: ([A-Za-z0-9_.-]+): (.*)$")  # the shell tests' form: SKIP: <part>: <reason>


def read_allowlist(path):
    allowed = {}
    problems = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            parts = line.split(None, 1)
            if len(parts) < 2 or len(parts[1].strip()) < 10:
                problems.append(f"{path}:{number}: '{line}' needs a reason after the test name")
                continue
            allowed[parts[0]] = parts[1].strip()
    return allowed, problems


def skips_of(test):
    """[(key, reason)] of one test's skips."""
    found = []
    for line in test["output"]:
        m = _QTEST_SKIP.match(line.strip())
        if m:
            function, tag, reason = m.groups()
            found.append((f"{test['name']}::{function}", (f"[{tag}] " if tag else "") + reason))
            continue
        m = _SCRIPT_SKIP.match(line.strip())
        if m:
            found.append((f"{test['name']}::{m.group(1)}", m.group(2)))
    if test["status"] in ("notrun", "disabled") or test["skipped_message"]:
        if not found:
            found.append((test["name"], test["skipped_message"] or test["status"]))
    return found


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    allowed, problems = read_allowlist(argv[2])
    used = set()
    refused = []
    skipped = 0
    for test in ctest_junit.read_tests(argv[1]):
        for key, reason in skips_of(test):
            skipped += 1
            entry = key if key in allowed else test["name"] if test["name"] in allowed else None
            if entry:
                used.add(entry)
                print(f"check-skips: allowed skip {key}: {reason} (allow-list: {allowed[entry]})")
            else:
                refused.append(f"{key}: {reason}")
    for p in problems:
        print("check-skips: " + p, file=sys.stderr)
    for r in refused:
        print(f"check-skips: SKIPPED and not on {argv[2]}: {r}", file=sys.stderr)
    print(f"check-skips: {skipped} skip(s), {len(refused)} not allowed")
    return 1 if refused or problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
