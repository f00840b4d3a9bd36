#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Print one table of every benchmark record kept in benchmarks/results/ (one folder per device):
    python3 benchmarks/table.py [RESULTS_DIR]"""
import glob
import json
import os
import sys


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "results")
    rows = []
    for path in sorted(glob.glob(os.path.join(root, "**", "*.json"), recursive=True)):
        try:
            rec = json.load(open(path))
        except (OSError, json.JSONDecodeError) as e:
            print(f"skipping {path}: {e}", file=sys.stderr)
            continue
        if rec.get("quick") or "schema_version" not in rec:
            continue  # CI smoke records; Google Benchmark output (bench_kernels) is not a record
        dev = rec["device"]
        for r in rec["results"]:
            rows.append((dev["name"][:32], dev["backend"], rec["git"]["sha"][:8], rec["build"]["precision"],
                         r.get("case", r["name"])[:28], r.get("cells", ""),
                         r.get("cells_per_s"), r.get("roofline_fraction"), r.get("time_to_steady_s"),
                         r.get("median_s_per_step"), f"{dev['peak_bw_gbs_measured']:.1f}"))
    head = ("device", "backend", "git", "prec", "case", "cells", "cells/s", "roofline", "t_steady[s]",
            "s/step", "BW[GB/s]")

    def fmt(v):
        if v is None or v == "":
            return "-"
        if isinstance(v, float):
            return f"{v:.3g}"
        return str(v)

    table = [head] + [tuple(fmt(v) for v in row) for row in rows]
    widths = [max(len(r[i]) for r in table) for i in range(len(head))]
    for i, row in enumerate(table):
        print("  ".join(c.ljust(w) for c, w in zip(row, widths)))
        if i == 0:
            print("  ".join("-" * w for w in widths))
    if not rows:
        print("(no records)")


if __name__ == "__main__":
    main()
