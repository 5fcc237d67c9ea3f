"""Deadlock on by default: a reachable state with no enabled action that the model does not call terminal.

A counter that stops at its top: without a terminal declaration the stop
is a deadlock, found with the shortest trace by every engine that accepts
the model; declared terminal it holds; `deadlock=False` and `--no-deadlock`
leave the check out. Every shipped model declares its intended end and
holds (the default suite pins those counts).
"""
from __future__ import annotations

import json
import textwrap

import pytest

from hintcheck.model.registry import load_spec

COUNTER = textwrap.dedent('''
    from dataclasses import dataclass, replace

    from hintcheck.model.core import Domain, ModelSpec, Param, action, invariant, scalar


    @dataclass(frozen=True)
    class S:
        n: int = scalar(Domain.upto("top"))

        def set(self, **kw):
            return replace(self, **kw)


    @action(guard=lambda m, s: s.n < m.top)
    def inc(m, s):
        return s.set(n=s.n + 1)


    @invariant
    def bounded(m, s):
        return s.n <= m.top


    SPEC = ModelSpec(name="stopper", doc="counts to its top and stops", state=S,
                     params=(Param("top", 1, 9, 3),), index_sets={}, init=lambda m: S(n=0),
                     actions=(inc,), policies={}, properties=(bounded,)EXTRA)
''')

RUNS = {"explore": ("check", "--engine", "explore"), "vector": ("check", "--engine", "vector"),
        "hypothesis": ("fuzz", "--examples", "100", "--seed", "0"), "z3-bmc": ("prove", "--bmc-only")}


def _spec(tmp_path, extra=""):
    path = tmp_path / "stopper.py"
    path.write_text(COUNTER.replace("EXTRA", extra))
    return f"{path}:SPEC"


def _rows(out):
    return {r["property"]: r for r in map(json.loads, out.strip().splitlines())}


@pytest.mark.parametrize("engine", list(RUNS))
def test_a_model_that_stops_without_saying_so_deadlocks(run_cli, tmp_path, engine):
    code, out, err = run_cli(*RUNS[engine], "--model", _spec(tmp_path), "--property", "no_deadlock", "--json",
                             "--trace-dir", str(tmp_path / "tr"))
    row = _rows(out)["no_deadlock"]
    assert code == 1 and row["verdict"] == "violated" and row["trace_length"] == 3, (out, err)


def test_check_reports_the_deadlock_beside_the_models_own_property(run_cli, tmp_path):
    code, out, _ = run_cli("check", "--model", _spec(tmp_path), "--json", "--trace-dir", str(tmp_path / "tr"))
    rows = _rows(out)
    assert code == 1 and rows["bounded"]["verdict"] == "holds" and rows["no_deadlock"]["verdict"] == "violated"
    trace = json.loads(open(rows["no_deadlock"]["trace"]).read())
    assert [s["action"] for s in trace["steps"]] == ["inc"] * 3 and trace["property"] == "no_deadlock"
    code, out, _ = run_cli("replay", rows["no_deadlock"]["trace"])
    assert code == 1


def test_a_declared_terminal_state_is_not_a_deadlock(run_cli, tmp_path):
    spec = _spec(tmp_path, ", terminal=lambda m, s: s.n == m.top")
    code, out, _ = run_cli("check", "--model", spec, "--json", "--trace-dir", str(tmp_path / "tr"))
    assert code == 0 and _rows(out)["no_deadlock"]["states"] == 4


def test_deadlock_checking_can_be_turned_off_by_the_model_or_the_run(run_cli, tmp_path):
    code, out, _ = run_cli("check", "--model", _spec(tmp_path, ", deadlock=False"), "--json",
                           "--trace-dir", str(tmp_path / "tr"))
    assert code == 0 and set(_rows(out)) == {"bounded"}
    code, out, _ = run_cli("check", "--model", _spec(tmp_path), "--no-deadlock", "--json",
                           "--trace-dir", str(tmp_path / "tr"))
    assert code == 0 and set(_rows(out)) == {"bounded"}
    code, _, err = run_cli("check", "--no-deadlock")
    assert code == 2 and "need --model" in err


@pytest.mark.parametrize("extra,message", [(", terminal=3", "terminal is"), (", deadlock='yes'", "deadlock is")])
def test_bad_deadlock_declarations_are_one_line(run_cli, tmp_path, extra, message):
    code, _, err = run_cli("check", "--model", _spec(tmp_path, extra), "--trace-dir", str(tmp_path / "tr"))
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1


def test_a_terminal_that_raises_is_named(run_cli, tmp_path):
    code, _, err = run_cli("check", "--model", _spec(tmp_path, ", terminal=lambda m, s: 1 / 0"),
                           "--engine", "explore", "--trace-dir", str(tmp_path / "tr"))
    assert code == 2 and "terminal" in err and "ZeroDivisionError" in err


@pytest.mark.parametrize("name", ["reference", "pseries", "s390", "hotplug"])
def test_every_shipped_model_declares_where_it_ends(name):
    spec = load_spec(name)
    assert spec.terminal is not None and spec.deadlock
    assert "no_deadlock" in [p.name for p in spec.build(None, {}).properties]
