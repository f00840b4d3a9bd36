#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Validate benchmark records against benchmarks/schema/benchmark.schema.json.
usage: check_record.py SCHEMA RECORD.json [RECORD.json ...]"""
import json
import sys

import jsonschema


def main(argv):
    schema = json.load(open(argv[1]))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    passed = failed = 0
    for path in argv[2:]:
        errors = sorted(validator.iter_errors(json.load(open(path))), key=lambda e: e.path)
        if errors:
            failed += 1
            for e in errors:
                print(f"FAIL {path}: {'/'.join(map(str, e.path))}: {e.message}")
        elif any(r.get("check") != "passed" for r in json.load(open(path))["results"]):
            failed += 1
            print(f"FAIL {path}: a result's correctness check failed")
        else:
            passed += 1
            print(f"ok   {path}")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
