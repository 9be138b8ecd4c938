# Reads the JUnit file `ctest --output-junit` writes (packaging/run-tests.sh): per test, its CTest status and its
# output. Line by line and tolerant, not an XML parser: a test's output may hold bytes that make the file invalid XML.
import html
import re

_TESTCASE = re.compile(r'<testcase name="([^"]*)".*status="([^"]*)"')
_SKIPPED = re.compile(r'<skipped message="([^"]*)"')


def read_tests(path):
    """Returns [{'name', 'status', 'skipped_message', 'output'}] in the file's order; status is CTest's
    (run, fail, notrun, disabled); skipped_message is set when CTest itself reported the test skipped."""
    tests = []
    current = None
    in_output = False
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = _TESTCASE.search(line)
            if m:
                current = {"name": html.unescape(m.group(1)), "status": m.group(2), "skipped_message": None,
                           "output": []}
                tests.append(current)
                in_output = False
                continue
            if current is None:
                continue
            m = _SKIPPED.search(line)
            if m and not in_output:
                current["skipped_message"] = html.unescape(m.group(1))
            if "<system-out>" in line:
                in_output = True
                line = line.split("<system-out>", 1)[1]
            if in_output:
                end = "</system-out>" in line
                if end:
                    line = line.split("</system-out>", 1)[0]
                current["output"].append(html.unescape(line.rstrip("\n")))
                if end:
                    in_output = False
    return tests
