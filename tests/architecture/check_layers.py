#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Fails when a source file includes a module above its own (docs/architecture.md, "Layers").

Layers, bottom to top (a module may include its own layer and those below; modules of one layer
are siblings and do not include each other):
    core -> model -> grid -> airflow | liquid | electrical -> twin -> metrics -> io -> cli
Files are assigned to a module by their folder: cpp/<m>/, cuda/<m>/, include/factwin/<m>/.
Includes are recognised as "factwin/<m>/..." (public headers) and "<m>/..." (internal headers
from cpp/ and cuda/). factwin/config.hpp counts as core; the umbrella header factwin/factwin.hpp
as the top (only cli may include it).

Usage: check_layers.py ROOT          check the tree at ROOT; exit 1 and list every violation
       check_layers.py --self-test   check that the checker finds an upward and a sibling include
"""
import os
import re
import sys
import tempfile

RANK = {"core": 0, "model": 1, "grid": 2, "airflow": 3, "liquid": 3, "electrical": 3, "twin": 4,
        "metrics": 5, "io": 6, "cli": 7}
TOP = 7  # the umbrella header sits with the command line, above every module
INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"', re.M)
SOURCES = (".cpp", ".hpp", ".inc", ".cu", ".cuh", ".h", ".in")


def module_of_file(rel):
    parts = rel.split("/")
    if parts[0] in ("cpp", "cuda") and len(parts) > 2:
        return parts[1]
    if parts[:2] == ["include", "factwin"] and len(parts) > 3:
        return parts[2]
    if parts[:2] == ["include", "factwin"] and len(parts) == 3:
        return "api" if parts[2].startswith("factwin.hpp") else "core"
    return None


def module_of_include(path):
    parts = path.split("/")
    if parts[0] == "factwin":
        if len(parts) == 2:
            return "api" if parts[1] == "factwin.hpp" else "core"
        return parts[1]
    if len(parts) > 1 and parts[0] in RANK:
        return parts[0]
    return None


def rank(m):
    return TOP if m == "api" else RANK.get(m)


def check(root):
    bad = []
    for top in ("cpp", "cuda", "include"):
        for dirpath, _, files in os.walk(os.path.join(root, top)):
            for name in sorted(files):
                if not name.endswith(SOURCES):
                    continue
                full = os.path.join(dirpath, name)
                rel = os.path.relpath(full, root).replace(os.sep, "/")
                own = module_of_file(rel)
                if own is None or rank(own) is None:
                    bad.append(f"{rel}: not in a known module folder ({', '.join(RANK)})")
                    continue
                with open(full, encoding="utf-8", errors="replace") as f:
                    text = f.read()
                for m in INCLUDE.finditer(text):
                    inc = m.group(1)
                    target = module_of_include(inc)
                    if target is None or target == own:
                        continue
                    r_own, r_t = rank(own), rank(target)
                    if r_t is None:
                        bad.append(f"{rel}: includes \"{inc}\" of unknown module '{target}'")
                    elif r_t > r_own:
                        line = text.count("\n", 0, m.start()) + 1
                        bad.append(f"{rel}:{line}: {own} (layer {r_own}) includes \"{inc}\" of {target} "
                                   f"(layer {r_t}), a module above it")
                    elif r_t == r_own and "api" not in (own, target):
                        line = text.count("\n", 0, m.start()) + 1
                        bad.append(f"{rel}:{line}: {own} includes \"{inc}\" of its sibling {target}")
    return bad


def self_test():
    with tempfile.TemporaryDirectory() as root:
        def put(rel, text):
            os.makedirs(os.path.dirname(os.path.join(root, rel)), exist_ok=True)
            with open(os.path.join(root, rel), "w") as f:
                f.write(text)
        put("include/factwin/model/a.hpp", '#include "factwin/core/x.hpp"\n')
        put("cpp/grid/b.cpp", '#include "factwin/model/a.hpp"\n#include "core/buffer.hpp"\n')
        if check(root):
            print("self-test: a clean tree was reported:", check(root))
            return 1
        put("cpp/liquid/c.cpp", '#include "factwin/io/output.hpp"\n')        # upward
        put("cpp/airflow/d.cpp", '#include "electrical/power_internal.hpp"\n')  # sibling
        found = check(root)
        if len(found) != 2 or "above" not in found[0] + found[1] or "sibling" not in found[0] + found[1]:
            print("self-test: expected one upward and one sibling include, got:", found)
            return 1
    print("check_layers self-test: ok (an upward and a sibling include are found, a clean tree passes)")
    return 0


def main(argv):
    if len(argv) == 2 and argv[1] == "--self-test":
        return self_test()
    if len(argv) != 2:
        print(__doc__)
        return 2
    bad = check(argv[1])
    for b in bad:
        print(b)
    if bad:
        print(f"check_layers: {len(bad)} include(s) break the layering (docs/architecture.md)")
        return 1
    print("check_layers: every include points down or within its module")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
