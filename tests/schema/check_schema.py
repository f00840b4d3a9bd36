#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Checks the published scenario JSON Schema (docs/scenario.md#json-schema).

usage: check_schema.py SCHEMA DATA_DIR

1. SCHEMA must be a valid JSON Schema per the draft 2020-12 metaschema.
2. Every *.json under DATA_DIR/scenarios/ (recursively) must validate against it.
3. Documents embedded below that factwin accepts must validate, and documents that factwin rejects
   (unknown key, missing "hall", temperature without unit, wrong unit, ...) must NOT validate.

Prints one line per check and "N passed, M failed" at the end. Exit status 1 on any failure or when
no scenario file was found; 0 otherwise. Needs the jsonschema package (>= 4.0, for draft 2020-12);
Debian/Ubuntu: apt-get install python3-jsonschema.
"""
import copy
import json
import pathlib
import sys

try:
    import jsonschema
except ImportError:  # pragma: no cover
    print("check_schema.py: the Python package 'jsonschema' is required "
          "(apt-get install python3-jsonschema, or pip install jsonschema)", file=sys.stderr)
    sys.exit(1)

# A valid scenario; the cases below each change one thing in a copy of it.
BASE = {
    "factwin": 1,
    "name": "base",
    "hall": {"extent": [4, 3, 2]},
    "grid": {"cells": [8, 6, 4]},
}


def doc(**changes):
    """BASE with top-level keys replaced (value None removes the key)."""
    d = copy.deepcopy(BASE)
    for k, v in changes.items():
        if v is None:
            d.pop(k, None)
        else:
            d[k] = v
    return d


def hall_with_walls(walls):
    return {"extent": [4, 3, 2], "walls": walls}


def boundary(**kw):
    b = {"name": "b", "wall": "x_min", "min": [0, 1, 0], "max": [0, 2, 1]}
    b.update(kw)
    return b


def inlet(**kw):
    return boundary(type="velocity_inlet", temperature="18 degC", **kw)


# Documents that factwin reads without error: the schema must accept them too.
GOOD = [
    ("minimal scenario", doc()),
    ("quantities with units and SI numbers", doc(
        hall={"origin": ["-10 cm", 0, "0 ft"], "extent": ["400 cm", "3 m", 2.0]},
        grid={"spacing": ["0.5 m", "500mm", 0.5]},
        fluid={"name": "air", "density": "1.2 kg/m^3", "dynamic_viscosity": "1.8e-5 Pa s",
               "specific_heat": "1.005 kJ/kg/K", "conductivity": "0.026 W/(m*K)",
               "expansion_coefficient": "0.0034 1/K", "reference_temperature": "22 \u00b0C"},
        gravity=[0, "-9.81 m/s^2", 0])),
    ("every surface-condition type", doc(
        hall=hall_with_walls({
            "default": {"type": "slip"},
            "z_min": {"name": "floor", "temperature": "18 degC"},
            "z_max": {"name": "ceiling", "heat_flux": "-5 W/m2"},
            "y_min": {"type": "moving_wall", "velocity": ["0.1 m/s", 0, 0]},
            "y_max": {"type": "pressure_opening", "temperature": "295 K"},
            "x_max": {"type": "velocity_inlet", "flow_rate": "1000 CFM", "temperature": "64 degF"},
        }),
        boundaries=[inlet(speed="2 m/s"),
                    boundary(name="vent", wall="x_max", min=[4, 1, 1], max=[4, 2, 2],
                             type="pressure_opening", pressure="-2.5 Pa", temperature="25 C"),
                    boundary(name="belt", wall="z_min", min=[1, 1, 0], max=[2, 2, 0],
                             type="moving_wall", velocity=[1, "0 km/h", "0.0 m/s"]),
                    boundary(name="panel", wall="y_max", min=[1, 3, 0], max=[2, 3, 1],
                             heat_flux="0.1 kW/m^2")],
        obstructions=[{"name": "o", "min": [3, 0, 0], "max": [4, 1, 1], "type": "slip",
                       "temperature": "30 degC"}],
        heat_sources=[{"name": "h", "min": [1, 1, 1], "max": [2, 2, 2], "power": "6 kW"},
                      {"name": "h0", "min": [0, 0, 0], "max": [1, 1, 1], "power": 0}])),
    ("inlet with flow_rate in L/s", doc(boundaries=[inlet(flow_rate="250 L/s")])),
    ("every solver key", doc(solver={
        "mode": "transient", "turbulence": "k_epsilon", "max_iterations": 100, "tolerance": "1e-4",
        "end_time": "2 min", "cfl": "50 %", "initial_temperature": "20 degC", "backend": "cuda:1",
        "memory_limit": "8 GiB", "accept_unconverged": True})),
    ("walls.default inlet by speed", doc(hall=hall_with_walls(
        {"default": {"type": "velocity_inlet", "speed": 0.5, "temperature": "300 K"}}))),
    ("unit glued to the number", doc(heat_sources=[
        {"name": "h", "min": [0, 0, 0], "max": [1, 1, 1], "power": "12kW"}])),
    ("grid spacing as one string", doc(grid={"spacing": "25 cm"})),
]

# Documents that factwin rejects: the schema must reject them too. (code factwin raises, what, doc)
BAD = [
    ("FW-E0110", "unknown top-level key", doc(colour="blue")),
    ("FW-E0110", "unknown key in grid (typo)", doc(grid={"cels": [8, 6, 4]})),
    ("FW-E0110", "unknown key in a heat source",
     doc(heat_sources=[{"name": "h", "min": [0, 0, 0], "max": [1, 1, 1], "power": 1, "watts": 1}])),
    ("FW-E0111", "missing hall", doc(hall=None)),
    ("FW-E0111", "missing factwin version", doc(factwin=None)),
    ("FW-E0111", "missing hall extent", doc(hall={"origin": [0, 0, 0]})),
    ("FW-E0113", "temperature as a bare number",
     doc(hall=hall_with_walls({"z_min": {"temperature": 20}}))),
    ("FW-E0113", "wrong unit for power (5 parsecs)",
     doc(heat_sources=[{"name": "h", "min": [0, 0, 0], "max": [1, 1, 1], "power": "5 parsecs"}])),
    ("FW-E0113", "temperature with a power unit",
     doc(hall=hall_with_walls({"z_min": {"temperature": "20 kW"}}))),
    ("FW-E0113", "length without a unit in a string", doc(hall={"extent": ["4", 3, 2]})),
    ("FW-E0113", "number glued into a digit-leading unit", doc(fluid={"expansion_coefficient": "0.00331/K"})),
    ("FW-E0113", "hexadecimal number", doc(hall={"extent": ["0x4 m", 3, 2]})),
    ("FW-E0110", "grid with both cells and spacing", doc(grid={"cells": [8, 6, 4], "spacing": 0.5})),
    ("FW-E0111", "grid with neither cells nor spacing", doc(grid={})),
    ("FW-E0114", "cells [0, 1, 1]", doc(grid={"cells": [0, 1, 1]})),
    ("FW-E0112", "cells not an integer", doc(grid={"cells": [8.5, 6, 4]})),
    ("FW-E0112", "extent with 2 elements", doc(hall={"extent": [4, 3]})),
    ("FW-E0112", "extent not an array", doc(hall={"extent": "big"})),
    ("FW-E0200", "negative extent", doc(hall={"extent": [4, "-3 m", 2]})),
    ("FW-E0114", "grid spacing -1 m", doc(grid={"spacing": "-1 m"})),
    ("FW-E0114", "format version 2", doc(factwin=2)),
    ("FW-E0114", "empty name", doc(name="")),
    ("FW-E0115", "unknown solver mode", doc(solver={"mode": "fast"})),
    ("FW-E0115", "unknown backend", doc(solver={"backend": "tpu"})),
    ("FW-E0115", "backend with trailing newline", doc(solver={"backend": "cuda\n"})),
    ("FW-E0114", "transient without end_time", doc(solver={"mode": "transient"})),
    ("FW-E0114", "negative tolerance", doc(solver={"tolerance": -1})),
    ("FW-E0114", "zero density", doc(fluid={"density": "0 kg/m3"})),
    ("FW-E0114", "negative power",
     doc(heat_sources=[{"name": "h", "min": [0, 0, 0], "max": [1, 1, 1], "power": "-5 kW"}])),
    ("FW-E0115", "unknown wall", doc(boundaries=[boundary(wall="floor")])),
    ("FW-E0111", "velocity_inlet without speed or flow_rate", doc(boundaries=[inlet()])),
    ("FW-E0110", "velocity_inlet with speed and flow_rate",
     doc(boundaries=[inlet(speed=1, flow_rate="1 m3/s")])),
    ("FW-E0111", "velocity_inlet without temperature",
     doc(boundaries=[boundary(type="velocity_inlet", speed=1)])),
    ("FW-E0114", "velocity_inlet with zero speed", doc(boundaries=[inlet(speed="0 m/s")])),
    ("FW-E0110", "speed on a slip wall", doc(boundaries=[boundary(type="slip", speed=1)])),
    ("FW-E0110", "heat_flux on a pressure opening",
     doc(boundaries=[boundary(type="pressure_opening", temperature="20 degC", heat_flux=5)])),
    ("FW-E0110", "wall with temperature and heat_flux",
     doc(hall=hall_with_walls({"z_max": {"temperature": "20 degC", "heat_flux": 10}}))),
    ("FW-E0111", "moving_wall without velocity", doc(boundaries=[boundary(type="moving_wall")])),
    ("FW-E0110", "velocity on a no_slip wall",
     doc(hall=hall_with_walls({"z_max": {"velocity": [1, 0, 0]}}))),
    ("FW-E0114", "moving boundary with a normal velocity",
     doc(boundaries=[boundary(type="moving_wall", velocity=["1 m/s", 0, 0])])),
    ("FW-E0200", "flow_rate on walls.default",
     doc(hall=hall_with_walls({"default": {"type": "velocity_inlet", "flow_rate": 1,
                                           "temperature": "18 degC"}}))),
    ("FW-E0115", "obstruction surface as an inlet",
     doc(obstructions=[{"name": "o", "min": [0, 0, 0], "max": [1, 1, 1], "type": "velocity_inlet"}])),
    ("FW-E0111", "obstruction without max", doc(obstructions=[{"name": "o", "min": [0, 0, 0]}])),
    ("FW-E0112", "boolean given as a string", doc(solver={"accept_unconverged": "yes"})),
    ("FW-E0112", "document is an array", [1, 2, 3]),
]


def main(argv):
    if len(argv) != 3:
        print("usage: check_schema.py SCHEMA DATA_DIR", file=sys.stderr)
        return 2
    schema_path = pathlib.Path(argv[1])
    data_dir = pathlib.Path(argv[2])
    passed = failed = 0

    def result(ok, line, detail=""):
        nonlocal passed, failed
        if ok:
            passed += 1
            print("ok   " + line)
        else:
            failed += 1
            print("FAIL " + line)
            if detail:
                print("\n".join("       " + l for l in detail.splitlines()))

    try:
        schema = json.loads(schema_path.read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
    except (OSError, ValueError, jsonschema.exceptions.SchemaError) as e:
        print("FAIL schema %s: %s" % (schema_path, e))
        print("0 passed, 1 failed")
        return 1
    result(True, "schema %s is valid draft 2020-12" % schema_path)
    validator = jsonschema.Draft202012Validator(schema)

    def errors_of(instance):
        errs = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
        return "\n".join("/" + "/".join(str(p) for p in e.absolute_path) + ": " + e.message
                         for e in errs[:5])

    files = sorted(p for p in (data_dir / "scenarios").rglob("*.json") if p.is_file())
    for path in files:
        try:
            instance = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            result(False, "scenario %s" % path, "cannot read JSON: %s" % e)
            continue
        errs = errors_of(instance)
        result(not errs, "scenario %s" % path, errs)
    if not files:
        result(False, "no *.json scenario found under %s" % (data_dir / "scenarios"))

    for what, instance in GOOD:
        errs = errors_of(instance)
        result(not errs, "accepts: %s" % what, errs)
    for code, what, instance in BAD:
        ok = not validator.is_valid(instance)
        result(ok, "rejects: %s (factwin: %s)" % (what, code),
               "" if ok else "the schema accepts this document:\n" + json.dumps(instance))

    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed or not files else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
