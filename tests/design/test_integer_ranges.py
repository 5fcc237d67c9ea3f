"""Integer ranges lo..hi (`Domain.between`), negative values included, on every engine.

A walk `x` in -2..2 moved by one either way, and per-process offsets in
-1..1 that each move once: the engines store digits (value - lo) and model
code sees values. Reachable: 5 positions times 3**procs offset vectors.
"""
from __future__ import annotations

import json
import textwrap

import pytest

WALK = textwrap.dedent('''
    from dataclasses import dataclass, replace

    from hintcheck.model.core import And, Domain, ModelSpec, Param, action, invariant, per_index, put, scalar


    @dataclass(frozen=True)
    class S:
        x: int = scalar(Domain.between(-2, 2))
        off: tuple = per_index("procs", Domain.between(-1, 1))

        def set(self, **kw):
            return replace(self, **kw)


    @action(guard=lambda m, s: s.x > LOW)
    def left(m, s):
        return s.set(x=s.x - 1)


    @action(guard=lambda m, s: s.x < 2)
    def right(m, s):
        return s.set(x=s.x + 1)


    @action(params=("procs",), guard=lambda m, s, p: s.off[p] == 0)
    def down(m, s, p):
        return s.set(off=put(s.off, p, -1))


    @action(params=("procs",), guard=lambda m, s, p: s.off[p] == 0)
    def up(m, s, p):
        return s.set(off=put(s.off, p, 1))


    @invariant
    def in_range(m, s):
        return And(s.x >= -2, s.x <= 2)


    @invariant
    def never_far_left(m, s):
        return s.x != -2


    SPEC = ModelSpec(name="walk", doc="a walk in -2..2", state=S, params=(Param("procs", 1, 4, 2),),
                     index_sets={"procs": "procs"}, init=lambda m: S(x=0, off=(0,) * len(m.procs)),
                     actions=(left, right, down, up), policies={}, properties=(in_range, never_far_left),
                     symmetric=frozenset({"procs"}), deadlock=False)
''')


def _spec(tmp_path, low="-2"):
    path = tmp_path / "walk.py"
    path.write_text(WALK.replace("LOW", low))
    return f"{path}:SPEC"


def _rows(out):
    return {r["property"]: r for r in map(json.loads, out.strip().splitlines())}


@pytest.mark.parametrize("engine,symmetry,states", [("explore", False, 45), ("vector", False, 45),
                                                    ("explore", True, 30), ("vector", True, 30)])
def test_negative_values_are_explored_exactly(run_cli, tmp_path, engine, symmetry, states):
    code, out, err = run_cli("check", "--model", _spec(tmp_path), "--engine", engine,
                             *(["--symmetry"] if symmetry else []), "--json", "--trace-dir", str(tmp_path / "tr"))
    rows = _rows(out)
    assert code == 1, err
    assert (rows["in_range"]["verdict"], rows["in_range"]["states"]) == ("holds", states)
    assert (rows["never_far_left"]["verdict"], rows["never_far_left"]["trace_length"]) == ("violated", 2)
    trace = json.loads(open(rows["never_far_left"]["trace"]).read())
    assert trace["steps"][-1]["state"]["x"] == -2 and trace["init"]["off"] == [0, 0]
    assert run_cli("replay", rows["never_far_left"]["trace"])[0] == 1


@pytest.mark.parametrize("run,verdict", [(("fuzz", "--examples", "100", "--seed", "0"), "violated"),
                                         (("prove", "--bmc-only", "--depth", "4"), "violated")])
def test_sampling_and_bmc_see_the_values(run_cli, tmp_path, run, verdict):
    code, out, err = run_cli(*run, "--model", _spec(tmp_path), "--property", "never_far_left", "--json",
                             "--trace-dir", str(tmp_path / "tr"))
    row = _rows(out)["never_far_left"]
    assert row["verdict"] == verdict and row["trace_length"] == 2, (out, err)


@pytest.mark.parametrize("args", [("--unbounded",), ()], ids=["any-n", "k-induction"])
def test_proofs_hold_over_the_range(run_cli, tmp_path, args):
    code, out, err = run_cli("prove", *args, "--model", _spec(tmp_path), "--property", "in_range", "--json",
                             "--trace-dir", str(tmp_path / "tr"))
    assert code == 0 and _rows(out)["in_range"]["verdict"] == "proved", (out, err)


@pytest.mark.parametrize("run", [("check", "--engine", "explore"), ("check", "--engine", "vector"),
                                 ("fuzz", "--examples", "100", "--seed", "0"), ("prove", "--bmc-only")])
def test_a_write_below_the_range_is_refused_everywhere(run_cli, tmp_path, run):
    code, _, err = run_cli(*run, "--model", _spec(tmp_path, low="-3"), "--property", "in_range",
                           "--trace-dir", str(tmp_path / "tr"))
    assert code == 2 and "field x = -3 outside its domain -2..2" in err, err


def test_a_bad_range_is_one_line(run_cli, tmp_path):
    path = tmp_path / "bad.py"
    path.write_text(WALK.replace("LOW", "-2").replace("Domain.between(-2, 2)", "Domain.between(2, -2)"))
    code, _, err = run_cli("check", "--model", f"{path}:SPEC", "--trace-dir", str(tmp_path / "tr"))
    assert code == 2 and "Domain.between(2, -2): need integers lo <= hi" in err and len(err.splitlines()) == 1
