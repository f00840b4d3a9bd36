#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# End-to-end tests of the `factwin` command: exit codes, messages and outputs.
# usage: test_cli.sh FACTWIN_BINARY DATA_DIR WORK_DIR
set -u
bin=$1; data=$2; work=$3
rm -rf "$work"; mkdir -p "$work"
pass=0; fail=0
expect() {  # expect NAME WANT_RC REGEX -- command...
  local name=$1 want=$2 regex=$3; shift 4
  local out rc
  out=$("$@" 2>&1); rc=$?
  if [ "$rc" -ne "$want" ]; then
    echo "FAIL $name: exit $rc, expected $want"; echo "$out" | sed 's/^/    /'; fail=$((fail+1)); return
  fi
  if [ -n "$regex" ] && ! grep -Eq -- "$regex" <<<"$out"; then
    echo "FAIL $name: output does not match /$regex/"; echo "$out" | sed 's/^/    /'; fail=$((fail+1)); return
  fi
  echo "ok   $name"; pass=$((pass+1))
}

expect help 0 "check +Validate" -- "$bin" --help
expect run_help 0 "--backend" -- "$bin" run --help
expect check_help 0 "SCENARIO" -- "$bin" check --help
expect version 0 "factwin [0-9]+\.[0-9]+" -- "$bin" --version
expect no_subcommand 2 "subcommand" -- "$bin"
expect unknown_option 2 "" -- "$bin" run "$data/scenarios/small_room.json" --out "$work/x" --bogus
expect missing_out 2 "--out" -- "$bin" run "$data/scenarios/small_room.json"
expect bad_backend_flag 2 "" -- "$bin" run "$data/scenarios/small_room.json" --out "$work/x" --backend tpu
expect check_ok 0 "OK: scenario 'small-room'" -- "$bin" check "$data/scenarios/small_room.json"
expect check_missing_file 2 "FW-E0100" -- "$bin" check "$work/does-not-exist.json"

printf '{\n  "factwin": 1,\n  "name": "x",\n  "hall": {"extent": [4, 3, 2]},\n  "grid": {"cells": [4, 3, 2]},\n  "obstructions": [{"name": "o", "min": [3, 0, 0], "max": [5, 1, 1]}]\n}\n' > "$work/outside.json"
expect check_outside 2 "FW-E0201 .*outside.json:6:[0-9]+ /obstructions/0/max/0: .*outside the hall" -- "$bin" check "$work/outside.json"
printf '{"factwin": 1,\n "name": "x",\n "hall": {"extent": [4, 3, 2]},\n "grid": {"cells": [4, 3, 2]\n' > "$work/syntax.json"
expect check_syntax 2 "FW-E0101 .*syntax.json:[45]:[0-9]+" -- "$bin" check "$work/syntax.json"

quick=(--max-iterations 30 --accept-unconverged -q)
expect run_ok 0 "results in" -- "$bin" run "$data/scenarios/small_room.json" --out "$work/run1" --backend cpu "${quick[@]}"
expect run_unconverged_exit4 4 "not converged" -- "$bin" run "$data/scenarios/small_room.json" --out "$work/run1b" --backend cpu --max-iterations 5 -q
if [ -f "$work/run1b/summary.json" ]; then echo "ok   unconverged_still_writes"; pass=$((pass+1)); else echo "FAIL unconverged_still_writes"; fail=$((fail+1)); fi
if [ -f "$work/run1/summary.json" ] && /usr/bin/python3 - "$work/run1/summary.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
assert s["grid"]["cell_count"] == 40 * 30 * 15, s["grid"]
assert 0 < s["grid"]["fluid_fraction"] < 1
assert s["backend"]["used"] == "cpu"
assert abs(s["total_heat_W"] - 6000.0) < 1e-6
assert s["memory_estimate_bytes"] > 0
assert s["solver"]["iterations"] == 30 and s["solver"]["converged"] is False
assert len(s["solver"]["residual_history"]) >= 3
assert any(f["name"] == "supply" and f["mass_flow_kg_s"] > 0 for f in s["surface_flows"])
PY
then echo "ok   run_summary_contents"; pass=$((pass+1)); else echo "FAIL run_summary_contents"; fail=$((fail+1)); fi

# --backend cuda without a usable device is a device error (exit 3); auto falls back and says so.
if "$bin" devices | grep -q "^no CUDA device"; then
  expect run_cuda_no_device 3 "device error" -- "$bin" run "$data/scenarios/small_room.json" --out "$work/run2" --backend cuda
  expect run_auto_fallback 0 "using the CPU" -- "$bin" run "$data/scenarios/small_room.json" --out "$work/run3" --backend auto "${quick[@]}"
  if [ -e "$work/run2/summary.json" ]; then echo "FAIL run_cuda_no_device wrote output"; fail=$((fail+1)); fi
fi
# Errors found while voxelising still name the line.
printf '{\n  "factwin": 1,\n  "name": "x",\n  "hall": {"extent": [4, 3, 2]},\n  "grid": {"cells": [4, 3, 2]},\n  "obstructions": [\n    {"name": "thin", "min": [1.1, 0, 0], "max": [1.2, 1, 1]}]\n}\n' > "$work/thin.json"
expect check_vanishing_object 2 "FW-E0205 .*thin.json:7:5 /obstructions/0: .*vanish" -- "$bin" check "$work/thin.json"
# Equipment goes to ParaView as boxes.
expect run_datahall 0 "results in" -- "$bin" run "$data/scenarios/datahall_raised_floor.json" --out "$work/hall" "${quick[@]}"
if grep -q "FACTWIN_HAVE_VTK 1" "$(dirname "$bin")/../include/factwin/config.hpp" 2>/dev/null; then
  if head -c 400 "$work/hall/equipment.vtp" | grep -q '<VTKFile type="PolyData"' &&
     head -c 2000 "$work/hall/equipment.vtp" | grep -q 'NumberOfPolys="84"'; then
    echo "ok   equipment_vtp"; pass=$((pass+1))
  else echo "FAIL equipment_vtp"; fail=$((fail+1)); fi
fi
# A failed input writes nothing.
expect run_bad_input 2 "FW-E0201" -- "$bin" run "$work/outside.json" --out "$work/run4"
if [ -e "$work/run4/summary.json" ]; then echo "FAIL run_bad_input wrote output"; fail=$((fail+1)); fi
# An unwritable output is an I/O error (exit 5).
touch "$work/afile"
# a coupled facility (docs/twin.md): converges, reports the coupling; a bad coil is a located input error
expect run_coupled 0 "coupling: converged after [0-9]+ iterations" -- "$bin" run "$data/scenarios/coupled_room.json" --out "$work/coupled" --backend cpu
if [ -f "$work/coupled/summary.json" ] && /usr/bin/python3 - "$work/coupled/summary.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
c = s["coupling"]
assert c["converged"] and c["iterations"] >= 2, c
assert {e["name"] for e in c["exchanges"]} == {"hall_losses", "coil:CRAH-1", "plant:pumps", "plant:chillers"}, c
assert abs(s["electrical"]["pue"]["pue"] - 1.21) < 0.002, s["electrical"]["pue"]
PY
then echo "ok   coupled_summary"; pass=$((pass+1)); else echo "FAIL coupled_summary"; fail=$((fail+1)); fi
# the coupled 1 MW pod at its file's grid (docs/twin.md): converges without accept_unconverged
expect run_coupled_pod 0 "coupling: converged after [0-9]+ iterations" -- "$bin" run "$data/scenarios/pod_1mw_coupled.json" --out "$work/pod" --backend cpu -q
if [ -f "$work/pod/summary.json" ] && /usr/bin/python3 - "$work/pod/summary.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
c = s["coupling"]
assert s["solver"]["converged"] and not s["solver"].get("accept_unconverged", False), s["solver"]
assert c["converged"] and c["solves"]["air"] == 1, c
assert len([e for e in c["exchanges"] if e["name"].startswith("coil:")]) == 4, c
assert 1.15 < s["electrical"]["pue"]["pue"] < 1.20, s["electrical"]["pue"]
PY
then echo "ok   coupled_pod_summary"; pass=$((pass+1)); else echo "FAIL coupled_pod_summary"; fail=$((fail+1)); fi
sed 's/"coil": "coil"/"coil": "no-such-link"/' "$data/scenarios/coupled_room.json" > "$work/bad_coil.json"
expect check_bad_coil 2 "FW-E0625 .*bad_coil.json:[0-9]+:[0-9]+ /coolers/0/coil" -- "$bin" check "$work/bad_coil.json"

expect run_unwritable 5 "I/O error" -- "$bin" run "$data/scenarios/small_room.json" --out "$work/afile/sub" "${quick[@]}"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
