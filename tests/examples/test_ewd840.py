"""The EWD840 port (examples/tla/ewd840.py) reproduces TLC's published results.

TLC's figures are the `distinctStates`, `totalStates` and `stateDepth` of
specifications/ewd840/manifest.json in github.com/tlaplus/Examples:
EWD840.cfg (N = 3) and, for the same Spec at N = 4, EWD840_json.cfg.
TLC's total counts every initial state once and every successor it
generates (hintcheck's transitions + the 4**N * N initial states); its
depth counts states (hintcheck's depth in steps + 1). The published depth
10 at N = 3 is not reproduced: the longest shortest path has 9 states
(TLC's depth varies with several workers, tlaplus/tlaplus#883, and the
repository's CI never compares it); the other five figures are exact.

The invariants are shown able to fail on two broken variants: SendMsg
without its `active[i]` conjunct (the mutation the repository's CI makes,
`.github/workflows/run.sh`, to make Inv fail) and PassToken without the
staining of the token by a black node.
"""
from __future__ import annotations

import dataclasses
import importlib.util
import json
import sys
from pathlib import Path

import pytest

import hintcheck
from hintcheck.model.core import put

FILE = Path(__file__).resolve().parents[2] / "examples" / "tla" / "ewd840.py"
REF = f"{FILE}:SPEC"
ENGINES = ("explore", "vector")

# manifest.json: (distinctStates, totalStates, stateDepth) of EWD840.cfg (N = 3), EWD840_json.cfg (N = 4).
PUBLISHED = {3: (302, 2001, 10), 4: (1566, 15986, 12)}
# What hintcheck gives, in TLC's terms: the published figures but for the depth at N = 3.
REPRODUCED = {3: (302, 2001, 9), 4: (1566, 15986, 12)}
INITIAL = {3: 192, 4: 1024}                         # 4**N * N
HOLDING = {"type_ok", "termination_detection", "inv", "td_next"}      # CHECK_DEADLOCK FALSE


def _module():
    spec = importlib.util.spec_from_file_location("ewd840_under_test", FILE)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


EWD = _module()


def _check(run_cli, tmp_path, engine, n):
    code, out, err = run_cli("check", "--model", REF, "--engine", engine, "-p", f"n={n}", "--json",
                             "--trace-dir", str(tmp_path / "traces"))
    assert code != 2, err
    return code, {r["property"]: r for r in map(json.loads, out.strip().splitlines())}


def test_the_reproduced_figures_are_the_published_ones_but_one_depth():
    assert {n: REPRODUCED[n][:2] for n in REPRODUCED} == {n: PUBLISHED[n][:2] for n in PUBLISHED}
    assert (REPRODUCED[4], REPRODUCED[3][2], PUBLISHED[3][2]) == (PUBLISHED[4], 9, 10)


@pytest.mark.parametrize("n", list(INITIAL))
def test_init_has_every_type_correct_state_with_a_black_token(n):
    inits = hintcheck.load_model(REF, params={"n": n}).initial_states
    assert len(inits) == len(set(inits)) == INITIAL[n] == 4 ** n * n
    assert {s.tcolor for s in inits} == {EWD.Color.BLACK}
    assert {s.tpos for s in inits} == set(range(n))
    assert len({(s.active, s.color) for s in inits}) == 4 ** n
    # TD!Init: terminationDetected \in {FALSE, terminated}; the black token makes it FALSE.
    model = hintcheck.load_model(REF, params={"n": n})
    assert not any(EWD.termination_detected(model, s) for s in inits)


def test_the_default_is_the_cfgs_n_3():
    model = hintcheck.load_model(REF)
    assert model.params == {"n": 3} and len(model.initial_states) == INITIAL[3]
    assert [p.name for p in model.properties] == ["type_ok", "termination_detection", "inv", "td_next"]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("n", list(REPRODUCED))
def test_ewd840_has_tlcs_published_counts(run_cli, tmp_path, engine, n):
    code, rows = _check(run_cli, tmp_path, engine, n)
    assert code == 0 and set(rows) == HOLDING, rows
    for row in rows.values():
        assert row["verdict"] == "holds", row
        assert (row["states"], row["transitions"] + INITIAL[n], row["depth"] + 1) == REPRODUCED[n], row
        assert row["never_fired"] == [], row


def _mutant(**changes):
    """SPEC with some actions replaced: name -> (guard, effect), None keeping the original."""
    actions = []
    for act in EWD.SPEC.actions:
        guard, effect = changes.get(act.name, (None, None))
        actions.append(dataclasses.replace(act, guard=guard or act.guard, effect=effect or act.effect))
    return dataclasses.replace(EWD.SPEC, name="ewd840_mutant", actions=tuple(actions))


def _unstained(m, s, i):
    """PassToken(i) leaving tcolor as it is: a black node no longer stains the token."""
    return s.set(tpos=i - 1, color=put(s.color, i, EWD.Color.WHITE))


SEND_ANYWAY = _mutant(send_msg=(lambda m, s, i, j: i != j, None))
UNSTAINED = _mutant(**{name: (None, _unstained)
                       for name in ("pass_token_passive", "pass_token_node_black", "pass_token_token_black")})
# property -> (verdict, shortest trace length) on each broken variant
BROKEN = {"send_anyway": (SEND_ANYWAY, {"type_ok": ("holds", None), "termination_detection": ("violated", 4),
                                        "inv": ("violated", 4), "td_next": ("violated", 1)}),
          "unstained": (UNSTAINED, {"type_ok": ("holds", None), "termination_detection": ("violated", 3),
                                    "inv": ("violated", 2), "td_next": ("violated", 3)})}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("variant", list(BROKEN))
def test_the_invariants_fail_on_a_broken_algorithm(engine, variant):
    spec, expected = BROKEN[variant]
    for prop, (verdict, length) in expected.items():
        result = hintcheck.check(spec, prop=prop, engine=engine)
        got = (result.verdict.value, len(result.trace.steps) if result.trace else None)
        assert got == (verdict, length), (variant, prop, got)


def test_deadlock_is_reachable_hence_check_deadlock_false():
    # A full round from a black token at node 0, all nodes passive: termination detected, no step left.
    result = hintcheck.check(dataclasses.replace(EWD.SPEC, deadlock=True), prop="no_deadlock", engine="explore")
    assert result.verdict.value == "violated"
    assert [str(step) for step in result.trace.steps] == [
        "initiate_probe_token_black()", "pass_token_passive(i=2)", "pass_token_passive(i=1)"]
    assert result.trace.states[-1] == {"active": [0, 0, 0], "color": ["WHITE"] * 3, "tpos": 0, "tcolor": "WHITE"}
