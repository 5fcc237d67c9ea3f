"""The ports of TLA+ Examples specifications (examples/tla) reproduce TLC's published results.

Each model file ports one specification of github.com/tlaplus/Examples
(the module docstrings name the .tla, the .cfg and the manifest). TLC's
figures come from the specification folder's manifest.json: distinct
states, total states (every successor generated, the initial state
included: hintcheck's transitions + 1) and depth (states on the longest
shortest path: hintcheck's depth in steps + 1). DieHard's model is a
safety failure, for which the repository publishes no count: its
verdict is pinned, with TLC's 6-step solution, and its full reachable
space (16 pairs, one jug empty or full) is a count derived by hand.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

TLA = Path(__file__).resolve().parents[2] / "examples" / "tla"
ENGINES = ("explore", "vector")

# specifications/transaction_commit/manifest.json: distinctStates, totalStates, stateDepth.
PUBLISHED = {"tcommit": (34, 94, 7), "twophase": (288, 1146, 11)}
HOLDING = {"tcommit": {"tc_type_ok", "tc_consistent"},                     # CHECK_DEADLOCK FALSE
           "twophase": {"tp_type_ok", "tc_consistent", "no_deadlock"}}
ORBITS = {"tcommit": 13, "twophase": 80}     # the states up to a permutation of the 3 RMs

# TLC's counterexample to NotSolved, the one shortest solution: big = 4 after 6 steps.
SOLUTION = ["fill_big_jug", "big_to_small", "empty_small_jug", "big_to_small", "fill_big_jug",
            "big_to_small"]
DIEHARD_REACHABLE = 16          # big in 0..5 with small in {0, 3}, big in {0, 5} with small in {1, 2}


def _run(run_cli, tmp_path, spec, *args):
    """(exit code, rows by property) of `hintcheck args --model spec --json`."""
    code, out, err = run_cli(*args, "--model", f"{TLA / spec}.py:SPEC", "--json",
                             "--trace-dir", str(tmp_path / "traces"))
    assert code != 2, err
    return code, {r["property"]: r for r in map(json.loads, out.strip().splitlines())}


def _check(run_cli, tmp_path, spec, engine, *extra):
    return _run(run_cli, tmp_path, spec, "check", "--engine", engine, *extra)


def _replays_to_the_solution(run_cli, row):
    """The saved trace replays to the same violation, ending with 4 gallons in the big jug."""
    trace = json.loads(Path(row["trace"]).read_text())
    assert trace["steps"][-1]["state"]["big"] == 4 and trace["property"] == "not_solved"
    assert run_cli("replay", row["trace"])[0] == 1
    return [step["action"] for step in trace["steps"]]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("spec", list(PUBLISHED))
def test_transaction_commit_ports_have_tlcs_published_counts(run_cli, tmp_path, spec, engine):
    code, rows = _check(run_cli, tmp_path, spec, engine)
    assert code == 0 and set(rows) == HOLDING[spec], rows
    for row in rows.values():
        assert row["verdict"] == "holds", row
        assert (row["states"], row["transitions"] + 1, row["depth"] + 1) == PUBLISHED[spec], row


@pytest.mark.parametrize("engine", ENGINES)
def test_diehard_is_solved_in_tlcs_six_steps(run_cli, tmp_path, engine):
    code, rows = _check(run_cli, tmp_path, "diehard", engine)
    assert code == 1 and set(rows) == {"type_ok", "not_solved", "no_deadlock"}, rows
    for name in ("type_ok", "no_deadlock"):
        assert (rows[name]["verdict"], rows[name]["states"]) == ("holds", DIEHARD_REACHABLE), rows[name]
    solved = rows["not_solved"]
    assert (solved["verdict"], solved["trace_length"]) == ("violated", 6), solved
    assert _replays_to_the_solution(run_cli, solved) == SOLUTION


def test_hypothesis_finds_the_diehard_solution(run_cli, tmp_path):
    # A needle for a sampler: at 200 examples seed 0 reaches 10 of the 16 states; 1000 find it.
    code, rows = _run(run_cli, tmp_path, "diehard", "fuzz", "--property", "not_solved",
                      "--examples", "1000", "--seed", "0", "--profile", "ci")
    solved = rows["not_solved"]
    assert code == 1 and solved["verdict"] == "violated", solved
    assert len(_replays_to_the_solution(run_cli, solved)) == solved["trace_length"]


@pytest.mark.parametrize("spec", list(PUBLISHED))
def test_hypothesis_finds_no_violation_in_transaction_commit(run_cli, tmp_path, spec):
    code, rows = _run(run_cli, tmp_path, spec, "fuzz", "--examples", "200", "--seed", "0",
                      "--profile", "ci")
    assert code == 3 and set(rows) == HOLDING[spec], rows
    assert {r["verdict"] for r in rows.values()} == {"no violation found"}, rows


def test_bounded_model_checking_finds_the_solution_and_bounds_type_ok(run_cli, tmp_path):
    code, rows = _run(run_cli, tmp_path, "diehard", "prove", "--bmc-only", "--depth", "12")
    assert code == 1 and rows["type_ok"]["verdict"] == "bounded", rows
    solved = rows["not_solved"]
    assert (solved["verdict"], solved["trace_length"]) == ("violated", 6), solved
    assert _replays_to_the_solution(run_cli, solved) == SOLUTION


@pytest.mark.parametrize("spec", list(PUBLISHED))
def test_bounded_model_checking_bounds_transaction_commit(run_cli, tmp_path, spec):
    # prove leaves no_deadlock out unless it is named
    code, rows = _run(run_cli, tmp_path, spec, "prove", "--bmc-only", "--depth", "12")
    assert code == 3 and set(rows) == HOLDING[spec] - {"no_deadlock"}, rows
    assert {(r["verdict"], r["depth"]) for r in rows.values()} == {("bounded", 12)}, rows


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("spec", list(ORBITS))
def test_symmetry_over_the_rms_explores_fewer_states_with_the_same_verdicts(run_cli, tmp_path, spec, engine):
    code, rows = _check(run_cli, tmp_path, spec, engine, "--symmetry")
    assert code == 0 and set(rows) == HOLDING[spec], rows
    for row in rows.values():
        assert (row["verdict"], row["states"], row["symmetry"]) == ("holds", ORBITS[spec], True), row
    assert ORBITS[spec] < PUBLISHED[spec][0]
