#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Writes pod_1mw_coupled.json: the 1 MW pod of pod_1mw_liquid.json (same racks, coolers, panels,
# TCS and facility-water loops) as a coupled facility of the twin (docs/twin.md): its four in-row
# coolers get chilled-water coils on a chilled-water loop with a pump and an air-cooled chiller, the
# racks are the IT loads of a power chain (utility, transformer, UPS, two PDUs in the hall), the
# pumps, chillers and dry coolers are the mechanical loads that take plant power, and hall.room makes
# the losses of the PDUs and PSUs heat in the hall's air. pod_1mw_liquid.json stays as it is: the
# liquid tests pin its network (16 N-1 members, the benchmark sweep) and the twin tests use it as
# the facility without exchanges. Every figure added here is an illustrative design value (see the
# description); nothing is given twice: the racks' power is named once (power.loads[].rack), the
# coils' heat is the coolers' duty ("0 W"), the plant loads' power is the loops' solved power.
import copy, json, os

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "pod_1mw_liquid.json")) as f:
    pod = json.load(f)

c = copy.deepcopy(pod)
c["name"] = "pod-1mw-coupled"
c["description"] = (
    "The 1 MW pod of pod_1mw_liquid.json (8 racks of 125 kW, 88 % to cold plates on the TCS loop, two CDUs, "
    "facility water to dry coolers with a trim chiller) as a coupled facility of the twin (docs/twin.md, "
    "'The 1 MW pod, coupled'); written by make_pod_1mw_coupled.py. Added: (1) chilled-water coils in the four "
    "in-row coolers (heat_source links with 0 W: their heat is the coolers' solved duty) on a chilled-water "
    "loop: one pump (20 m shut-off, 15 m at 400 L/min), coils of 50 kPa at 100 L/min, an air-cooled chiller "
    "of 250 kW leaving 15 degC, reference COP 3.8 at 15 degC chilled water / 35 degC outdoor air (the ASHRAE "
    "90.1-2019 Table 6.8.1-3 path-A minimum for air-cooled chillers, 2.96 COP at 6.7/35 degC, raised by about "
    "3 %/K for the warmer water; illustrative), EIRFT = 1 - 0.03 (T_chw - 15) + 0.02 (T_amb - 35) (illustrative "
    "linear sensitivities, T in degC), capacity flat; (2) a radial power chain: 11 kV utility, a 2 000 kVA "
    "transformer (1.3 kW no-load, 18 kW load loss, 6 %: the EU 548/2014 Tier 2 maxima for 2 000 kVA, "
    "illustrative) and a 1 200 kW double-conversion UPS (losses 0.6 % of rating + 1 % + 1.2 % x^2, as "
    "ai_hall_10mw.json) in the electrical room, two 600 kVA PDUs (1.2 kW + 5 kW at rating, illustrative) in "
    "the hall feeding one row each, each rack an IT load naming its rack with a 165 kW PSU of 97.5 % at half "
    "load (an Open Rack V3 class power shelf; illustrative curve), and a motor-control centre in the "
    "mechanical room whose pumps, chillers and dry-cooler fans take the loops' solved power; (3) hall.room "
    "'data hall': the PDUs' and PSUs' losses become heat in the hall's air. Cooler capacity 60 kW (chilled-water "
    "in-row units of this size are rated 50-70 kW; illustrative), so that three coolers still carry the air "
    "heat with the losses (N+1). Grid 0.4 m, on which the air solve converges (the 0.2 m grid across the rows "
    "of pod_1mw_liquid.json does not within 3 000 iterations).")
c["hall"]["room"] = "data hall"
c["grid"] = {"spacing": "0.4 m"}
c["solver"] = {"mode": "steady", "turbulence": "zero_equation", "max_iterations": 5000, "tolerance": 0.0002}
for k in c["coolers"]:
    k["capacity"] = "60 kW"
    k["setpoint"] = "22 degC"
    k["coil"] = k["name"] + "_coil"

liq = c["liquid"]
liq["name"] = "pod liquid loops (TCS, facility water, chilled water)"
liq["nodes"] += [
    {"name": "chw_tank", "position": [9.0, -3.0, 0.0], "type": "expansion_tank", "pressure": "200 kPa",
     "temperature": "15 degC", "coolant": "water"},
    {"name": "chw_pump_out", "position": [9.0, -2.5, 0.3]},
    {"name": "chw_supply", "position": [5.0, 4.0, 3.0], "type": "manifold"},
    {"name": "chw_return", "position": [5.0, 4.0, 3.1], "type": "manifold"},
    {"name": "chw_chiller_in", "position": [9.0, -6.0, 8.0]},
]
for k in c["coolers"]:
    liq["nodes"].append({"name": k["name"] + "_coil_out", "position": [k["min"][0], k["min"][1], 2.4]})
pipe = {"diameter": "80 mm", "roughness": "0.045 mm", "minor_loss": 4.0}
liq["links"] += [
    {"name": "chw_pump", "type": "pump", "from": "chw_tank", "to": "chw_pump_out",
     "curve": [{"flow": "0 L/min", "head": "20 m"}, {"flow": "400 L/min", "head": "15 m"},
               {"flow": "700 L/min", "head": "0 m"}],
     "efficiency": 0.7, "best_flow": "400 L/min", "motor_efficiency": 0.93, "check_valve": True},
    dict({"name": "chw_supply_pipe", "type": "pipe", "from": "chw_pump_out", "to": "chw_supply", "length": "15 m"}, **pipe),
]
for k in c["coolers"]:
    liq["links"] += [
        {"name": k["coil"], "type": "heat_source", "from": "chw_supply", "to": k["name"] + "_coil_out",
         "heat": "0 W", "pressure_drop": {"flow": "100 L/min", "dp": "50 kPa"}},
        dict({"name": k["name"] + "_coil_return", "type": "pipe", "from": k["name"] + "_coil_out", "to": "chw_return",
              "length": "4 m"}, **{**pipe, "diameter": "40 mm"}),
    ]
liq["links"] += [
    dict({"name": "chw_return_pipe", "type": "pipe", "from": "chw_return", "to": "chw_chiller_in", "length": "20 m"}, **pipe),
    {"name": "chw_chiller", "type": "chiller", "from": "chw_chiller_in", "to": "chw_tank", "capacity": "250 kW",
     "cop": 3.8, "leaving_setpoint": "15 degC", "condenser_approach": "0 K",
     "eirft": [0.75, -0.03, 0, 0.02, 0, 0], "eirfplr": [0, 1, 0],
     "pressure_drop": {"flow": "400 L/min", "dp": "50 kPa"}},
]

rows = [[r["name"] for r in c["racks"] if r["front"] == "y_min"], [r["name"] for r in c["racks"] if r["front"] == "y_max"]]
buses = [{"name": "MV", "voltage": "11 kV", "room": "MV yard"},
         {"name": "LV-SWB", "voltage": "415 V", "room": "electrical room"},
         {"name": "UPS-OUT", "voltage": "415 V", "room": "electrical room"},
         {"name": "ROW-1", "voltage": "415 V", "room": "data hall"},
         {"name": "ROW-2", "voltage": "415 V", "room": "data hall"},
         {"name": "MCC", "voltage": "415 V", "room": "mechanical room"}]
branches = [
    {"name": "TX-1", "type": "transformer", "from": "MV", "to": "LV-SWB", "rating": "2000 kVA",
     "no_load_loss": "1.3 kW", "load_loss": "18 kW", "impedance": "6 %"},
    {"name": "UPS-1", "type": "ups", "from": "LV-SWB", "to": "UPS-OUT", "rating": "1200 kW",
     "loss_coefficients": [0.006, 0.01, 0.012], "battery_energy": "100 kWh"},
    {"name": "PDU-1", "type": "pdu", "from": "UPS-OUT", "to": "ROW-1", "rating": "600 kVA",
     "no_load_loss": "1.2 kW", "load_loss": "5 kW", "impedance": "4 %"},
    {"name": "PDU-2", "type": "pdu", "from": "UPS-OUT", "to": "ROW-2", "rating": "600 kVA",
     "no_load_loss": "1.2 kW", "load_loss": "5 kW", "impedance": "4 %"},
    {"name": "MCC-FEED", "type": "cable", "from": "LV-SWB", "to": "MCC", "resistance": "0.08 ohm/km",
     "reactance": "0.08 ohm/km", "length": "40 m", "ampacity": "500 A"},
]
psu = {"rating": "165 kW", "efficiency": {"load_fraction": [0.1, 0.3, 0.5, 0.75, 1.0],
                                           "efficiency": [0.94, 0.972, 0.975, 0.973, 0.968]}}
loads = []
for i, row in enumerate(rows):
    for r in row:
        loads.append({"name": r, "type": "it", "buses": [f"ROW-{i + 1}"], "rack": r, "power_factor": 0.99,
                      "room": "data hall", "psu": psu})
loads += [
    {"name": "pumps", "type": "mechanical", "buses": ["MCC"], "plant": "pumps", "power_factor": 0.9,
     "room": "mechanical room"},
    {"name": "chillers", "type": "mechanical", "buses": ["MCC"], "plant": "chillers", "power_factor": 0.9,
     "room": "roof"},
    {"name": "dry coolers", "type": "mechanical", "buses": ["MCC"], "plant": "dry_coolers", "power_factor": 0.88,
     "room": "roof"},
]
c["power"] = {"name": "pod power chain", "topology": "radial",
              "buses": buses,
              "sources": [{"name": "UTIL", "type": "utility", "bus": "MV", "rating": "2500 kVA"}],
              "branches": branches, "loads": loads}

with open(os.path.join(here, "pod_1mw_coupled.json"), "w") as f:
    json.dump(c, f, indent=1)
    f.write("\n")
