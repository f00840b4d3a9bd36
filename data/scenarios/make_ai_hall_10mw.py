#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Writes ai_hall_10mw.json: the power chain of a 10 MW AI-factory hall (2N utility/generator/UPS,
# 4 blocks per side, PDU transformers, row busways, dual-corded 125 kW racks with Titanium PSUs,
# a mechanical panel on ATS) over a modest air-side grid. Equipment figures are illustrative
# design values (docs/electrical.md#example), not measurements.
import json, os

racks_per_row, rows_per_block, blocks = 5, 4, 4
rack_kw = 125.0
buses, sources, branches, loads = [], [], [], []
for side in "AB":
    buses.append({"name": f"MV-{side}", "voltage": "13.8 kV", "room": "MV yard"})
    sources.append({"name": f"UTIL-{side}", "type": "utility", "bus": f"MV-{side}", "rating": "16 MVA"})
    sources.append({"name": f"GEN-{side}", "type": "generator", "bus": f"MV-{side}", "rating": "14 MVA",
                    "start_delay": "12 s", "backs_up": f"UTIL-{side}"})
    for b in range(1, blocks + 1):
        t = f"{side}{b}"
        buses += [{"name": f"TXHV-{t}", "voltage": "13.8 kV", "room": "electrical room"},
                  {"name": f"SWGR-{t}", "voltage": "480 V", "room": "electrical room"},
                  {"name": f"UPSO-{t}", "voltage": "480 V", "room": "electrical room"},
                  {"name": f"PDUO-{t}", "voltage": "415 V", "room": "data hall"}]
        branches += [
            {"name": f"MVC-{t}", "type": "cable", "from": f"MV-{side}", "to": f"TXHV-{t}",
             "resistance": "0.125 ohm/km", "reactance": "0.11 ohm/km", "length": "120 m", "ampacity": "400 A"},
            {"name": f"TX-{t}", "type": "transformer", "from": f"TXHV-{t}", "to": f"SWGR-{t}",
             "rating": "3500 kVA", "no_load_loss": "5.5 kW", "load_loss": "26 kW", "impedance": "5.75 %"},
            {"name": f"UPS-{t}", "type": "ups", "from": f"SWGR-{t}", "to": f"UPSO-{t}", "rating": "3000 kW",
             "loss_coefficients": [0.006, 0.01, 0.012], "battery_energy": "250 kWh"},
            {"name": f"PDU-{t}", "type": "pdu", "from": f"UPSO-{t}", "to": f"PDUO-{t}",
             "rating": "3300 kVA", "no_load_loss": "4 kW", "load_loss": "20 kW", "impedance": "5 %"}]
        for r in range(1, rows_per_block + 1):
            row = f"{t}-R{r}"
            buses.append({"name": f"ROW-{row}", "voltage": "415 V", "room": "data hall"})
            branches.append({"name": f"BW-{row}", "type": "busway", "from": f"PDUO-{t}", "to": f"ROW-{row}",
                             "resistance": "0.018 mohm/m", "reactance": "0.012 mohm/m", "length": "35 m",
                             "ampacity": "1600 A"})
    buses.append({"name": f"MECH-{side}", "voltage": "480 V", "room": "mechanical room"})
    buses.append({"name": f"MECHHV-{side}", "voltage": "13.8 kV", "room": "mechanical room"})
    branches += [
        {"name": f"MVC-MECH-{side}", "type": "cable", "from": f"MV-{side}", "to": f"MECHHV-{side}",
         "resistance": "0.125 ohm/km", "reactance": "0.11 ohm/km", "length": "150 m", "ampacity": "400 A"},
        {"name": f"TX-MECH-{side}", "type": "transformer", "from": f"MECHHV-{side}", "to": f"MECH-{side}",
         "rating": "2500 kVA", "no_load_loss": "4.2 kW", "load_loss": "20 kW", "impedance": "5.75 %"}]
for b in range(1, blocks + 1):
    for r in range(1, rows_per_block + 1):
        for k in range(1, racks_per_row + 1):
            loads.append({"name": f"rack-B{b}R{r}-{k}", "type": "it",
                          "buses": [f"ROW-A{b}-R{r}", f"ROW-B{b}-R{r}"], "mode": "share",
                          "power": f"{rack_kw} kW", "power_factor": 0.99,
                          "psu": {"rating": "150 kW", "efficiency": "80plus:230V_internal_redundant:Titanium"},
                          "room": "data hall"})
for name, kw, pf in [("chiller-1", 420, 0.9), ("chiller-2", 420, 0.9), ("dry-coolers", 260, 0.88),
                     ("CDU-pumps", 160, 0.9), ("CRAH-fans", 220, 0.92)]:
    loads.append({"name": name, "type": "mechanical", "buses": ["MECH-A", "MECH-B"], "mode": "transfer",
                  "power": f"{kw} kW", "power_factor": pf, "room": "mechanical room", "panel": "MECH"})

scenario = {
    "factwin": 1,
    "name": "ai-hall-10mw",
    "description": "Power chain of a 10 MW AI-factory hall: 2N utility + standby generators, 4 x 3 MW UPS blocks per side, "
                   "PDU transformers, row busways, 80 dual-corded 125 kW racks (Titanium PSUs), ATS mechanical panel. "
                   "The air side is a coarse placeholder so that `factwin run` is fast. Written by make_ai_hall_10mw.py.",
    "hall": {"extent": [24.0, 12.0, 4.0], "walls": {"default": {"type": "no_slip"}}},
    "grid": {"spacing": "1 m"},
    "solver": {"mode": "steady", "max_iterations": 100, "tolerance": 1e-4},
    "heat_sources": [{"name": "racks", "min": [4, 4, 0], "max": [20, 8, 2.4], "power": "10 MW"}],
    "power": {"name": "10 MW hall, 2N", "topology": "2N", "radial": True,
              "buses": buses, "sources": sources, "branches": branches, "loads": loads,
              # synchronous training: 4 s steps (3 s compute at 100 %, 1 s all-reduce at 30 %),
              # a 5 s checkpoint dip to 10 % every 60 s; illustrative per-rack server model
              "workload": {
                  "server": {"idle_power": "30 kW", "peak_power": "110 kW", "fan_power": "6 kW",
                             "fan_ramp": "0.04 1/K", "fan_threshold": "25 degC", "leakage_power": "9 kW",
                             "leakage_beta": "0.02 1/K", "leakage_t_ref": "70 degC",
                             "chip_rise_idle": "20 K", "chip_rise_peak": "45 K"},
                  "inlet_temperature": "24 degC",
                  "training": {"end_time": "120 s", "dt": "0.5 s", "step_period": "4 s",
                               "compute_fraction": 0.75, "low": 0.3, "high": 1.0,
                               "checkpoint_interval": "60 s", "checkpoint_duration": "5 s",
                               "checkpoint_level": 0.1}}},
}
here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "ai_hall_10mw.json"), "w") as f:
    json.dump(scenario, f, indent=1)
    f.write("\n")
