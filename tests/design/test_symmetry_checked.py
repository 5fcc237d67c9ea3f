"""Symmetry is proved before a symmetric search uses it (floor.symcheck), or the run is refused.

Each wrong declaration below would give wrong counts and a wrong verdict
if trusted: a member id stored as a value, a ring, a property that names
member 0, a policy that treats page 1 specially. Each is refused in one
line naming what breaks it, exit 2, on every engine that uses symmetry; a
model that is symmetric gets the orbit count, and every shipped model and
policy that declares a symmetric set passes.
"""
from __future__ import annotations

import json
import textwrap

import pytest

from hintcheck.floor.symcheck import SymmetryError, check_symmetry, generators
from hintcheck.model.registry import MODELS, load_spec

HEAD = textwrap.dedent('''
    from dataclasses import dataclass, replace

    from hintcheck.model.core import (And, Domain, ModelSpec, Or, Param, action, count, invariant,
                                      per_index, put, scalar)


    def _set(self, **kw):
        return replace(self, **kw)
''')

# A lock that records its holder: the value `lock` names a process (procs = none).
HOLDER = HEAD + textwrap.dedent('''
    @dataclass(frozen=True)
    class S:
        pc: tuple = per_index("procs", Domain.range(2))
        lock: int = scalar(Domain.upto("procs"))
        set = _set


    @action(params=("procs",), guard=lambda m, s, p: And(s.pc[p] == 0, s.lock == len(m.procs)))
    def enter(m, s, p):
        return s.set(pc=put(s.pc, p, 1), lock=p)


    @action(params=("procs",), guard=lambda m, s, p: And(s.pc[p] == 1, s.lock == p))
    def leave(m, s, p):
        return s.set(pc=put(s.pc, p, 0), lock=len(m.procs))


    @action(params=("procs",), guard=lambda m, s, p: And(s.pc[p] == 0, s.lock < len(m.procs)))
    def wait(m, s, p):
        return s.set(pc=put(s.pc, p, 0))


    @invariant
    def mutual_exclusion(m, s):
        return count(s.pc[p] == 1 for p in m.procs) <= 1


    SPEC = ModelSpec(name="holder", doc="a lock that records its holder", state=S,
                     params=(Param("procs", 1, 5, 3),), index_sets={"procs": "procs"},
                     init=lambda m: S(pc=(0,) * len(m.procs), lock=len(m.procs)),
                     actions=(enter, leave, wait), policies={}, properties=(mutual_exclusion,),
                     symmetric=frozenset({"procs"}))
''')

# A token ring: process p passes the token to p + 1.
RING = HEAD + textwrap.dedent('''
    @dataclass(frozen=True)
    class S:
        tok: tuple = per_index("procs", Domain.range(2))
        done: tuple = per_index("procs", Domain.range(2))
        set = _set


    @action(params=("procs",), guard=lambda m, s, p: s.tok[p] == 1)
    def work(m, s, p):
        return s.set(done=put(s.done, p, 1))


    @action(params=("procs",), guard=lambda m, s, p: s.tok[p] == 1)
    def pass_on(m, s, p):
        nxt = (p + 1) % len(m.procs)
        return s.set(tok=put(put(s.tok, p, 0), nxt, 1))


    @invariant
    def one_token(m, s):
        return count(s.tok[p] == 1 for p in m.procs) == 1


    SPEC = ModelSpec(name="ring", doc="a token ring", state=S, params=(Param("procs", 1, 5, 3),),
                     index_sets={"procs": "procs"},
                     init=lambda m: S(tok=(1,) + (0,) * (len(m.procs) - 1), done=(0,) * len(m.procs)),
                     actions=(work, pass_on), policies={}, properties=(one_token,),
                     symmetric=frozenset({"procs"}))
''')

# Interchangeable processes, each working once: the declaration is right.
WORKERS = HEAD + textwrap.dedent('''
    @dataclass(frozen=True)
    class S:
        done: tuple = per_index("procs", Domain.range(2))
        total: int = scalar(Domain.upto("procs"))
        set = _set


    @action(params=("procs",), guard=lambda m, s, p: s.done[p] == 0)
    def work(m, s, p):
        return s.set(done=put(s.done, p, 1), total=s.total + 1)


    @invariant
    def counted(m, s):
        return count(s.done[p] == 1 for p in m.procs) == s.total


    @invariant
    def first_waits(m, s):
        return Or(s.done[0] == 0, s.total >= 1)


    SPEC = ModelSpec(name="workers", doc="each process works once", state=S,
                     params=(Param("procs", 1, 5, 3),), index_sets={"procs": "procs"},
                     init=lambda m: S(done=(0,) * len(m.procs), total=0),
                     actions=(work,), policies={}, properties=(counted, first_waits),
                     symmetric=frozenset({"procs"}))
''')

# The reference model's undo policy, except that page 1 is never undone.
PAGE_ONE_POLICY = textwrap.dedent('''
    from hintcheck.model.reference.policies import UndoOnAlloc


    class SkipPageOne(UndoOnAlloc):
        name = "skip-page-one"

        def on_alloc(self, m, s, page):
            undone = super().on_alloc(m, s, page)
            return s if page == 1 else undone
''')

SYMMETRIC_RUNS = {"explore": ("check", "--engine", "explore", "--symmetry"),
                  "vector": ("check", "--engine", "vector", "--symmetry"),
                  "auto": ("check", "--symmetry")}


def _model(tmp_path, text, name="m.py"):
    path = tmp_path / name
    path.write_text(text)
    return f"{path}:SPEC"


def _refused(run_cli, tmp_path, args):
    code, out, err = run_cli(*args, "--trace-dir", str(tmp_path / "tr"))
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 1 and "Traceback" not in err, (code, out, err)
    return lines[0]


@pytest.mark.parametrize("run", list(SYMMETRIC_RUNS))
def test_a_member_id_stored_as_a_value_is_refused(run_cli, tmp_path, run):
    line = _refused(run_cli, tmp_path, (*SYMMETRIC_RUNS[run], "--model", _model(tmp_path, HOLDER)))
    assert "procs are not interchangeable" in line and "enter(p=0)" in line and "lock" in line, line


@pytest.mark.parametrize("run", list(SYMMETRIC_RUNS))
def test_a_ring_is_refused(run_cli, tmp_path, run):
    line = _refused(run_cli, tmp_path, (*SYMMETRIC_RUNS[run], "--model", _model(tmp_path, RING)))
    assert "procs are not interchangeable" in line and "pass_on" in line and "0 and 1 swapped" in line, line


def test_the_same_models_without_symmetry_get_their_full_counts(run_cli, tmp_path):
    for text, states in ((HOLDER, 4), (RING, 24)):
        code, out, _ = run_cli("check", "--model", _model(tmp_path, text), "--json", "--trace-dir",
                               str(tmp_path / "tr"))
        row = json.loads(out.splitlines()[0])
        assert (code, row["verdict"], row["states"]) == (0, "holds", states), row


def test_a_property_naming_one_member_is_refused_and_the_others_are_not(run_cli, tmp_path):
    spec = _model(tmp_path, WORKERS)
    line = _refused(run_cli, tmp_path, ("check", "--symmetry", "--model", spec, "--property", "first_waits"))
    assert "property first_waits differs" in line, line
    code, out, _ = run_cli("check", "--symmetry", "--model", spec, "--property", "counted", "--json",
                           "--trace-dir", str(tmp_path / "tr"))
    row = json.loads(out)
    assert (code, row["verdict"], row["states"]) == (0, "holds", 4)     # orbits: 0, 1, 2 or 3 done


@pytest.mark.parametrize("run", list(SYMMETRIC_RUNS))
def test_a_policy_treating_page_one_specially_is_refused(run_cli, tmp_path, run):
    path = tmp_path / "pol.py"
    path.write_text(PAGE_ONE_POLICY)
    line = _refused(run_cli, tmp_path, (*SYMMETRIC_RUNS[run], "--model", "reference",
                                        "--policy", f"{path}:SkipPageOne"))
    assert "pages are not interchangeable" in line and "alloc(page=1)" in line, line


def test_the_same_policy_without_symmetry_gets_a_verdict(run_cli, tmp_path):
    path = tmp_path / "pol.py"
    path.write_text(PAGE_ONE_POLICY)
    code, out, _ = run_cli("check", "--model", "reference", "--property", "no_data_loss", "--policy", f"{path}:SkipPageOne", "--json",
                           "--trace-dir", str(tmp_path / "tr"))
    assert code == 1 and json.loads(out)["verdict"] == "violated"


def test_the_proof_for_any_number_of_pages_checks_symmetry_too(run_cli, tmp_path):
    path = tmp_path / "pol.py"
    path.write_text(PAGE_ONE_POLICY)
    line = _refused(run_cli, tmp_path, ("prove", "--unbounded", "--model", "reference",
                                        "--policy", f"{path}:SkipPageOne"))
    assert "pages are not interchangeable" in line, line


def test_generators_are_the_swap_and_the_rotation():
    model = load_spec("reference").build("undo", {"pages": 4})
    assert [(g.index, g.image) for g in generators(model)] == [("pages", (1, 0, 2, 3)), ("pages", (1, 2, 3, 0))]
    assert [g.image for g in generators(model.with_params({"pages": 2}))] == [(1, 0)]
    assert generators(model.with_params({"pages": 1})) == []


def test_every_shipped_symmetric_model_and_policy_passes():
    checked = 0
    for name in MODELS:
        spec = load_spec(name)
        if not spec.symmetric:
            continue
        for policy in spec.policies:
            model = spec.build(policy, {ix: 3 for ix in ("pages",) if ix in spec.index_sets})
            for prop in model.properties:
                check_symmetry(model, prop)
                checked += 1
    assert checked >= 15


def test_a_refusal_names_a_state_where_the_symmetry_breaks(tmp_path):
    spec = load_spec(_model(tmp_path, HOLDER))
    model = spec.build(None, {"procs": 2})
    with pytest.raises(SymmetryError, match=r"e\.g\. in state pc=\[\d, \d\] lock=\d"):
        check_symmetry(model, model.properties[0])
