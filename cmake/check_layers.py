#!/usr/bin/env python3
"""The layer check (design.md section 2): fails when a source file reaches, directly or through the headers it
includes, a header of a layer it may not use.

    python3 cmake/check_layers.py ROOT            check; exit 1 with every violation and the include path that makes it
    python3 cmake/check_layers.py ROOT --report   also print the layers, the app sub-layers and who includes whom

Includes are written from the repository root ("drivers/idcard/frame_codec.h"), so a header's folder names its layer.
Every quoted include is followed to the file it names, so a screen that includes an app header which includes an
offline_queue header is caught (the direct check of earlier releases let that through). Runs on every build.
"""
import os
import re
import sys
from collections import defaultdict

# Bottom to top. A layer may include itself, the layers in its list and what those may include is NOT implied:
# every allowed edge is written here.
LAYERS = {
    "common": [],
    "drivers": ["common"],
    "offline_queue": ["common"],
    "app": ["common", "drivers", "offline_queue"],
    "ui": ["common", "app"],
}

# The app sub-layers: each folder of app/ and the app folders it may include. The graph must stay acyclic (checked).
APP_LAYERS = {
    "config": [],
    "logging": [],
    "session": [],
    "consent": [],
    "audit": [],
    "platform": [],
    "catalogue": ["platform"],
    "identity": ["logging", "platform", "session"],
    "verification": ["config", "consent"],
    "receipts": ["catalogue"],
    "materials": ["catalogue", "identity", "verification"],
    "devices": ["config", "session"],
    "fleet": [],
    "payments": [],  # orders and their state machine; the screen and the audit chain are wired from above
    "service_manager": ["session"],
    "application": ["catalogue", "identity", "materials", "receipts", "session", "verification"],
    "maintenance": ["application", "audit", "catalogue", "config", "devices", "fleet", "logging", "platform", "receipts"],
    "composition": ["*"],  # the composition root builds every service
    "kioskctl": ["*"],     # the technician's tool over the same libraries
}

# Headers of the layers below that ui may not see even through an app header (what ui may name comes from app/).
UI_MUST_NOT_REACH = ["drivers", "offline_queue"]

# Programs that are not part of a layer's library: they may include their own layer and what it may include.
TOOLS = {
    "app/main.cpp": ["*"],  # the composition root of the kiosk executable
    "drivers/simulators/": ["common", "drivers"],
    "offline_queue/sandbox/": ["common", "offline_queue"],
    # The platform's side of the seal (opening envelopes): the sandbox and the tests use it, no library of the kiosk.
    "offline_queue/platform_side/": ["common", "offline_queue"],
}

INCLUDE = re.compile(r'^[ \t]*#[ \t]*include[ \t]*"([^"]+)"', re.M)
SOURCES = (".h", ".cpp")


def layer_of(rel):
    top = rel.split("/", 1)[0]
    return top if top in LAYERS else None


def app_part(rel):
    parts = rel.split("/")
    return parts[1] if len(parts) > 2 and parts[0] == "app" else None


def collect(root):
    files = {}
    for layer in LAYERS:
        for dirpath, _, names in os.walk(os.path.join(root, layer)):
            for n in names:
                if n.endswith(SOURCES):
                    full = os.path.join(dirpath, n)
                    rel = os.path.relpath(full, root).replace(os.sep, "/")
                    with open(full, encoding="utf-8", errors="replace") as f:
                        files[rel] = INCLUDE.findall(f.read())
    return files


def tool_rules(rel):
    for prefix, rules in TOOLS.items():
        if rel == prefix or (prefix.endswith("/") and rel.startswith(prefix)):
            return rules
    return None


def allowed(src, inc):
    """Whether file `src` may include header `inc` directly."""
    src_layer, inc_layer = layer_of(src), layer_of(inc)
    if inc_layer is None:
        return True  # not a project header (generated moc files, test support)
    rules = tool_rules(src)
    if rules is not None:
        return "*" in rules or inc_layer in rules or inc_layer == src_layer
    if tool_rules(inc) is not None and tool_rules(inc) != tool_rules(src):
        return False  # a library never includes a tool's headers (the simulators, the sandbox)
    if inc_layer != src_layer:
        return inc_layer in LAYERS[src_layer]
    if src_layer == "app":
        a, b = app_part(src), app_part(inc)
        if a is None or b is None or a == b:
            return True
        rules = APP_LAYERS.get(a)
        if rules is None:
            return False  # a new app folder must be given its place above
        return "*" in rules or b in rules
    return True


def app_cycles():
    graph = {k: [d for d in v if d != "*"] for k, v in APP_LAYERS.items()}
    state, out = {}, []

    def visit(n, path):
        state[n] = 1
        for d in graph.get(n, []):
            if state.get(d) == 1:
                out.append(" -> ".join(path[path.index(d):] + [d]) if d in path else f"{n} -> {d}")
            elif d not in state:
                visit(d, path + [d])
        state[n] = 2

    for n in graph:
        if n not in state:
            visit(n, [n])
    return out


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    root, report = argv[1], "--report" in argv
    files = collect(root)
    problems = [f"  app sub-layer cycle: {c}" for c in app_cycles()]
    for part in {app_part(f) for f in files if app_part(f)}:
        if part not in APP_LAYERS:
            problems.append(f"  app/{part}/ has no place among the app sub-layers (cmake/check_layers.py APP_LAYERS)")

    # Direct includes.
    for src, incs in sorted(files.items()):
        for inc in incs:
            if not allowed(src, inc):
                problems.append(f"  {src}: includes \"{inc}\"")

    # Transitive: what a ui file reaches through app headers.
    closure_cache = {}

    def reach(h, stack=()):
        if h in closure_cache:
            return closure_cache[h]
        closure_cache[h] = {}
        result = {}
        for inc in files.get(h, []):
            if inc not in files:
                continue
            result.setdefault(inc, (h,))
            for deep, via in reach(inc, stack + (h,)).items():
                result.setdefault(deep, (h,) + via)
        closure_cache[h] = result
        return result

    for src, incs in sorted(files.items()):
        if layer_of(src) != "ui":
            continue
        for inc in incs:
            if layer_of(inc) != "app" or inc not in files:
                continue
            for deep, via in reach(inc).items():
                if layer_of(deep) in UI_MUST_NOT_REACH:
                    chain = " -> ".join((inc,) + via[1:] + (deep,))
                    problems.append(f"  {src}: reaches \"{deep}\" through {chain}")
                    break

    if report:
        edges = defaultdict(set)
        for src, incs in files.items():
            if tool_rules(src) is not None:
                continue  # the programs (main.cpp, simulators, sandbox) are not part of a layer's library
            for inc in incs:
                a, b = layer_of(src), layer_of(inc)
                if a and b and a != b:
                    edges[a].add(b)
                pa, pb = app_part(src), app_part(inc)
                if pa and pb and pa != pb:
                    edges["app/" + pa].add("app/" + pb)
        print("layers (may include):")
        for layer, deps in LAYERS.items():
            n = sum(1 for f in files if layer_of(f) == layer)
            print(f"  {layer:16} {n:4} files  may include {', '.join(deps) or '-'};"
                  f" includes {', '.join(sorted(edges[layer])) or '-'}")
        print("app sub-layers (may include):")
        for part, deps in APP_LAYERS.items():
            used = sorted(e[4:] for e in edges["app/" + part])
            print(f"  {part:16} may include {', '.join(deps) or '-'}; includes {', '.join(used) or '-'}")
    # De-duplicate while keeping order: a header included twice reports once.
    seen, unique = set(), []
    for p in problems:
        if p not in seen:
            seen.add(p)
            unique.append(p)
    if unique:
        print("Layer violations (design.md section 2; the rules are in cmake/check_layers.py):")
        print("\n".join(unique))
        return 1
    if report:
        print("no violation")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
