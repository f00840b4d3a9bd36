#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Checks the published scenario JSON Schema (docs/scenario.md#json-schema).

usage: check_schema.py SCHEMA DATA_DIR

1. SCHEMA must be a valid JSON Schema per the draft 2020-12 metaschema.
2. Every *.json under DATA_DIR/scenarios/ (recursively) must validate against it.
3. Documents embedded below that factwin accepts must validate, and documents that factwin rejects
   (unknown key, missing "hall", temperature without unit, wrong unit, a rack with both airflow and
   delta_t, a tile open_area of 1.5, ...) must NOT validate. Each BAD entry names the code
   `factwin check` raises for it; the GOOD equipment documents also pass `factwin check`.

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


# Data-hall equipment: a 6 m x 4 m x 3 m hall with 0.2 m cells, so that the documents below are
# also geometrically valid for `factwin check` (the examples in tests/unit/test_equipment.cpp).
def eq(**changes):
    return doc(hall={"extent": [6, 4, 3]}, grid={"spacing": "0.2 m"}, **changes)


def item(base, kw):
    """base updated with kw (value None removes the key)."""
    d = dict(base)
    for k, v in kw.items():
        if v is None:
            d.pop(k, None)
        else:
            d[k] = v
    return d


def rack(**kw):
    return item({"name": "R1", "min": [2, 1, 0], "max": [2.6, 2.2, 2], "power": "10 kW",
                 "airflow": "0.8 m3/s"}, kw)


# the top-level server power model of racks with a utilisation (docs/scenario.md)
SERVER = {"idle_power": "300 W", "peak_power": "1 kW", "fan_power": "50 W", "fan_ramp": "0.04 1/K",
          "fan_threshold": "25 degC", "design_inlet": "24 degC"}


def cooler(**kw):
    return item({"name": "C1", "min": [0.4, 1, 0.4], "max": [1.2, 3, 2.4], "airflow": "3 m3/s",
                 "setpoint": "18 degC"}, kw)


def tile(**kw):
    return item({"name": "T1", "min": [2, 2], "max": [2.6, 2.6]}, kw)


def panel(**kw):
    return item({"name": "P1", "min": [3, 0, 0.6], "max": [3, 2, 2.6]}, kw)


def door(**kw):
    return item({"rack": "R1", "capacity": "10 kW"}, kw)


def floor(**kw):
    return item({"height": "0.6 m", "tiles": [tile()]}, kw)


# Every equipment key at once: raised floor with a tile aisle, two racks facing it, a downflow CRAH,
# an in-row cooler, a contained aisle (sealed roof, leaky door), two rear doors.
FULL_HALL = eq(
    ashrae_class="H1",
    raised_floor={"height": "60 cm", "tiles": [
        tile(min=[2, 1.6], max=[2.6, 2.2], open_area=0.25),
        tile(name="T2", min=["2.6 m", 1.6], max=[3.2, "2.2 m"], open_area="40 %"),
        tile(name="T3", min=[3.2, 1.6], max=[3.8, 2.2])]},
    racks=[rack(min=[2, 0.4, 0.6], max=[2.6, 1.6, 2.6], front="y_max", power="12 kW",
                airflow="1800 CFM", liquid_fraction="80 %", airflow_per_kelvin="0.02 1/K",
                airflow_reference_temperature="24 degC", recirculation="5 %"),
           rack(name="R2", min=[2, 2.2, 0.6], max=[2.6, 3.4, 2.6], front="y_min", power=8000,
                airflow=None, delta_t="20 degF", liquid_fraction=0, recirculation=0.1)],
    coolers=[cooler(kind="crah", return_face="z_max", supply_face="z_min", control="return",
                    setpoint="75 degF", capacity="50 kW", failed=False),
             cooler(name="IR1", kind="in_row", min=[4, 0.4, 0.6], max=[4.6, 1.6, 2.6],
                    airflow="1.2 m^3/s", setpoint="291 K", failed=True)],
    panels=[panel(name="roof", min=[2, 1.6, 2.6], max=[3.8, 2.2, 2.6]),
            panel(name="door", min=[2, 1.6, 0.6], max=[2, 2.2, 2.6], open_area="10 %")],
    rear_doors=[door(capacity=None, effectiveness=0.7, water_temperature="16 degC",
                     loss_coefficient="2.5"),
                door(rack="R2", capacity="5 kW")])


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
    # data-hall equipment
    ("every equipment key", FULL_HALL),
    ("rack by airflow, defaults for the rest", eq(racks=[rack()])),
    ("rack by delta_t as a bare number (K)", eq(racks=[rack(airflow=None, delta_t=12)])),
    ("rack delta_t 12 degC (a difference: 12 K)", eq(racks=[rack(airflow=None, delta_t="12 degC")])),
    ("rack delta_t 90 degF (= 50 K, the limit)", eq(racks=[rack(airflow=None, delta_t="90 degF")])),
    ("rack delta_t with 90 % liquid", eq(racks=[rack(airflow=None, delta_t="12 K",
                                                     liquid_fraction=0.9)])),
    ("rack of 0 W by airflow", eq(racks=[rack(power=0)])),
    ("rack fraction strings at the limits", eq(racks=[rack(liquid_fraction="100 %",
                                                           recirculation="99.9 %")])),
    ("rack turned: front x_min", eq(racks=[rack(front="x_min")])),
    ("rack with a utilisation and the server model", eq(racks=[rack(utilisation=0.8)], server=SERVER)),
    ("airflow_reference_temperature without airflow_per_kelvin",
     eq(racks=[rack(airflow_reference_temperature="25 degC")])),
    ("cooler with defaults (crah, z_max return, z_min supply)", eq(coolers=[cooler()])),
    ("crac upflow: return z_min, supply z_max", eq(coolers=[cooler(kind="crac", return_face="z_min",
                                                                   supply_face="z_max")])),
    ("in_row cooler with its default faces", eq(coolers=[cooler(kind="in_row", min=[4, 1, 0],
                                                                max=[4.6, 2.2, 2])])),
    ("in_row cooler with return z_max (supply stays y_min)",
     eq(coolers=[cooler(kind="in_row", min=[4, 1, 0], max=[4.6, 2.2, 2], return_face="z_max")])),
    ("crah with supply y_min (return stays z_max)", eq(coolers=[cooler(supply_face="y_min")])),
    ("raised floor without tiles", eq(raised_floor={"height": 0.6})),
    ("tile open_area as a percentage", eq(raised_floor=floor(tiles=[tile(open_area="56 %")]))),
    ("sealed and leaky panels", eq(panels=[panel(), panel(name="P2", min=[4, 0, 0.6], max=[4, 2, 2.6],
                                                          open_area=0.1)])),
    ("rear door by capacity, water_temperature ignored",
     eq(racks=[rack()], rear_doors=[door(water_temperature="18 degC")])),
    ("rear door by effectiveness", eq(racks=[rack()], rear_doors=[
        door(capacity=None, effectiveness="65 %", water_temperature="291.15 K")])),
    ("ASHRAE class A4", eq(ashrae_class="A4")),
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
    # racks
    ("FW-E0110", "rack with both airflow and delta_t", eq(racks=[rack(delta_t="12 K")])),
    ("FW-E0111", "rack with neither airflow nor delta_t", eq(racks=[rack(airflow=None)])),
    ("FW-E0111", "rack without power", eq(racks=[rack(power=None)])),
    ("FW-E0110", "unknown key in a rack", eq(racks=[rack(height="2 m")])),
    ("FW-E0115", "rack front z_min", eq(racks=[rack(front="z_min")])),
    ("FW-E0115", "rack front not a face", eq(racks=[rack(front="north")])),
    ("FW-E0114", "negative rack power", eq(racks=[rack(power="-1 kW")])),
    ("FW-E0114", "rack airflow 0", eq(racks=[rack(airflow="0 CFM")])),
    ("FW-E0113", "rack airflow in a power unit", eq(racks=[rack(airflow="800 W")])),
    ("FW-E0114", "liquid_fraction 1.5", eq(racks=[rack(liquid_fraction=1.5)])),
    ("FW-E0114", "utilisation 1.5", eq(racks=[rack(utilisation=1.5)], server=SERVER)),
    ("FW-E0110", "unknown key in the server model", eq(racks=[rack(utilisation=0.5)],
                                                       server=dict(SERVER, inlet="20 degC"))),
    ("FW-E0111", "server model without design_inlet", eq(racks=[rack(utilisation=0.5)],
                                                         server={k: v for k, v in SERVER.items() if k != "design_inlet"})),
    ("FW-E0114", "liquid_fraction 150 %", eq(racks=[rack(liquid_fraction="150 %")])),
    ("FW-E0114", "liquid_fraction -0.1", eq(racks=[rack(liquid_fraction=-0.1)])),
    ("FW-E0210", "delta_t 80 K", eq(racks=[rack(airflow=None, delta_t="80 K")])),
    ("FW-E0210", "delta_t 60 (bare number, K)", eq(racks=[rack(airflow=None, delta_t=60)])),
    ("FW-E0210", "delta_t 100 degF (55.6 K)", eq(racks=[rack(airflow=None, delta_t="100 degF")])),
    ("FW-E0210", "delta_t 0 K", eq(racks=[rack(airflow=None, delta_t="0 K")])),
    ("FW-E0210", "delta_t -5 K", eq(racks=[rack(airflow=None, delta_t="-5 K")])),
    ("FW-E0210", "delta_t on a rack of 0 W", eq(racks=[rack(airflow=None, delta_t="12 K", power=0)])),
    ("FW-E0210", "delta_t on an all-liquid rack",
     eq(racks=[rack(airflow=None, delta_t="12 K", liquid_fraction="100 %")])),
    ("FW-E0113", "delta_t in degrees Fahrenheit with the degree sign (not a difference unit)",
     eq(racks=[rack(airflow=None, delta_t="12 \u00b0F")])),
    ("FW-E0113", "delta_t in a power unit", eq(racks=[rack(airflow=None, delta_t="12 kW")])),
    ("FW-E0111", "airflow_per_kelvin without its reference temperature",
     eq(racks=[rack(airflow_per_kelvin=0.02)])),
    ("FW-E0114", "airflow_per_kelvin 2 per K",
     eq(racks=[rack(airflow_per_kelvin="2 1/K", airflow_reference_temperature="24 degC")])),
    ("FW-E0113", "airflow_reference_temperature as a bare number",
     eq(racks=[rack(airflow_per_kelvin=0.02, airflow_reference_temperature=24)])),
    ("FW-E0114", "recirculation 1", eq(racks=[rack(recirculation=1)])),
    ("FW-E0114", "recirculation 100 %", eq(racks=[rack(recirculation="100 %")])),
    ("FW-E0112", "racks not an array", eq(racks=rack())),
    # coolers
    ("FW-E0115", "cooler kind chiller", eq(coolers=[cooler(kind="chiller")])),
    ("FW-E0115", "cooler control humidity", eq(coolers=[cooler(control="humidity")])),
    ("FW-E0111", "cooler without setpoint", eq(coolers=[cooler(setpoint=None)])),
    ("FW-E0111", "cooler without airflow", eq(coolers=[cooler(airflow=None)])),
    ("FW-E0113", "cooler setpoint as a bare number", eq(coolers=[cooler(setpoint=18)])),
    ("FW-E0211", "cooler airflow 0 CFM", eq(coolers=[cooler(airflow="0 CFM")])),
    ("FW-E0114", "cooler capacity 0", eq(coolers=[cooler(capacity=0)])),
    ("FW-E0112", "cooler failed as a string", eq(coolers=[cooler(failed="yes")])),
    ("FW-E0115", "cooler face not a face", eq(coolers=[cooler(return_face="top")])),
    ("FW-E0114", "cooler return and supply on the same face",
     eq(coolers=[cooler(return_face="x_max", supply_face="x_max")])),
    ("FW-E0111", "crah return moved onto the default supply face z_min, supply not given",
     eq(coolers=[cooler(return_face="z_min")])),
    ("FW-E0114", "crah supply moved onto the default return face z_max",
     eq(coolers=[cooler(supply_face="z_max")])),
    ("FW-E0114", "in_row supply moved onto its default return face y_max",
     eq(coolers=[cooler(kind="in_row", min=[4, 1, 0], max=[4.6, 2.2, 2], supply_face="y_max")])),
    ("FW-E0110", "unknown key in a cooler", eq(coolers=[cooler(flow="3 m3/s")])),
    # raised floor and tiles
    ("FW-E0111", "raised floor without height", eq(raised_floor={"tiles": [tile()]})),
    ("FW-E0200", "raised floor height 0", eq(raised_floor=floor(height="0 m"))),
    ("FW-E0110", "unknown key in raised_floor", eq(raised_floor=floor(plenum="0.6 m"))),
    ("FW-E0114", "tile open_area 1.5", eq(raised_floor=floor(tiles=[tile(open_area=1.5)]))),
    ("FW-E0114", "tile open_area 1 (no plate)", eq(raised_floor=floor(tiles=[tile(open_area=1)]))),
    ("FW-E0114", "tile open_area 0 (closed)", eq(raised_floor=floor(tiles=[tile(open_area="0 %")]))),
    ("FW-E0114", "tile open_area 100 %", eq(raised_floor=floor(tiles=[tile(open_area="100 %")]))),
    ("FW-E0112", "tile min with 3 elements", eq(raised_floor=floor(tiles=[tile(min=[2, 2, 0.6])]))),
    ("FW-E0111", "tile without name", eq(raised_floor=floor(tiles=[tile(name=None)]))),
    ("FW-E0110", "unknown key in a tile", eq(raised_floor=floor(tiles=[tile(loss=30)]))),
    # panels
    ("FW-E0110", "unknown key in a panel", eq(panels=[panel(thickness="2 mm")])),
    ("FW-E0111", "panel without max", eq(panels=[panel(max=None)])),
    ("FW-E0114", "panel open_area 1", eq(panels=[panel(open_area=1)])),
    ("FW-E0114", "panel open_area -0.2", eq(panels=[panel(open_area=-0.2)])),
    # rear doors
    ("FW-E0111", "rear door without effectiveness or capacity",
     eq(racks=[rack()], rear_doors=[door(capacity=None, loss_coefficient=1)])),
    ("FW-E0110", "rear door with effectiveness and capacity",
     eq(racks=[rack()], rear_doors=[door(effectiveness=0.7, water_temperature="16 degC")])),
    ("FW-E0111", "rear door effectiveness without water_temperature",
     eq(racks=[rack()], rear_doors=[door(capacity=None, effectiveness=0.7)])),
    ("FW-E0114", "rear door effectiveness 1.2",
     eq(racks=[rack()], rear_doors=[door(capacity=None, effectiveness=1.2,
                                         water_temperature="16 degC")])),
    ("FW-E0113", "rear door water_temperature as a bare number",
     eq(racks=[rack()], rear_doors=[door(capacity=None, effectiveness=0.7, water_temperature=16)])),
    ("FW-E0114", "rear door capacity -1 kW", eq(racks=[rack()], rear_doors=[door(capacity="-1 kW")])),
    ("FW-E0114", "rear door negative loss_coefficient",
     eq(racks=[rack()], rear_doors=[door(loss_coefficient=-1)])),
    ("FW-E0111", "rear door without rack", eq(racks=[rack()], rear_doors=[door(rack=None)])),
    ("FW-E0110", "unknown key in a rear door", eq(racks=[rack()], rear_doors=[door(name="D1")])),
    # ASHRAE class
    ("FW-E0115", "ASHRAE class A5", eq(ashrae_class="A5")),
    ("FW-E0115", "ASHRAE class in lower case", eq(ashrae_class="a1")),
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
