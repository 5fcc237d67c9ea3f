"""Fairness declared by models and policies, per instance; vacuous triggers; deadlock and SCCs on the same graph.

- `pick`: `step(i)` for i = 0, 1; step(0) changes nothing, step(1) sets
  done. Weak fairness of `step` as a whole is met by step(0) for ever, so
  `eventually(done)` fails; fairness of each instance (`step(*)`,
  `Fair("step", each=True)`) forces step(1) and it holds.
- `jam`: counts to 2 and stops without a declared end: a deadlock, which
  the liveness engine finds on its graph exactly where the safety search
  finds it.
"""
from __future__ import annotations

import json
import textwrap

import networkx as nx
import numpy as np
import pytest

from hintcheck.engines import run_engine
from hintcheck.floor import Request, Verdict
from hintcheck.liveness.engine import _truth
from hintcheck.liveness.fair import components
from hintcheck.liveness.graph import build
from hintcheck.model.core import Fair, ModelError, PolicyError
from hintcheck.model.core.liveness import parse_fair
from hintcheck.model.registry import load_spec
from hintcheck.trace.replay import replay

PICK = textwrap.dedent('''
    from dataclasses import dataclass, replace

    from hintcheck.model.core import Domain, Fair, ModelSpec, Param, action, eventually, leads_to, scalar


    @dataclass(frozen=True)
    class S:
        done: int = scalar(Domain.range(2))

        def set(self, **kw):
            return replace(self, **kw)


    @action(params=("pick",), guard=lambda m, s, i: s.done == 0)
    def step(m, s, i):
        return s.set(done=1) if i == 1 else s


    class Plain:
        name = "plain"


    class Each:
        name = "each"
        fairness = (Fair("step", each=True),)


    class Misspelt:
        name = "misspelt"
        fairness = ("stepp",)


    SPEC = ModelSpec(name="pick", doc="one of two steps ends it", state=S, params=(Param("picks", 2, 2, 2, "steps"),),
                     index_sets={"pick": "picks"}, init=lambda m: S(), actions=(step,),
                     policies={"plain": Plain, "each": Each, "misspelt": Misspelt}, default_policy="plain",
                     properties=(eventually(lambda m, s: s.done == 1, name="ends"),
                                 leads_to(lambda m, s: s.done == 2 - 1 - 1 - 1, lambda m, s: s.done == 1,
                                          name="never_triggered")),
                     terminal=lambda m, s: s.done == 1, fairness=FAIRNESS)
''')

JAM = textwrap.dedent('''
    from dataclasses import dataclass, replace

    from hintcheck.model.core import Domain, ModelSpec, action, invariant, scalar


    @dataclass(frozen=True)
    class S:
        x: int = scalar(Domain.range(3))

        def set(self, **kw):
            return replace(self, **kw)


    @action(guard=lambda m, s: s.x < 2)
    def up(m, s):
        return s.set(x=s.x + 1)


    @invariant
    def in_range(m, s):
        return s.x <= 2


    SPEC = ModelSpec(name="jam", doc="stops at 2", state=S, params=(), index_sets={}, init=lambda m: S(),
                     actions=(up,), policies={}, properties=(in_range,))
''')


def _file(tmp_path, text, name):
    path = tmp_path / f"{name}.py"
    path.write_text(text)
    return f"{path}:SPEC"


def _check(run_cli, tmp_path, *args):
    code, out, err = run_cli("check", *args, "--json", "--trace-dir", str(tmp_path / "tr"))
    assert "Traceback" not in err, err
    return code, (json.loads(out) if out.strip() else None), err


def test_fairness_of_each_instance_is_stronger_than_of_the_action(run_cli, tmp_path):
    spec = _file(tmp_path, PICK.replace("FAIRNESS", '(Fair("step"),)'), "pick")
    code, row, _ = _check(run_cli, tmp_path, "--model", spec, "--policy", "plain", "--property", "ends")
    assert (code, row["verdict"]) == (1, "violated") and "WF(step)" in row["summary"]
    assert run_cli("replay", row["trace"])[0] == 1
    unfair = _file(tmp_path, PICK.replace("FAIRNESS", "()"), "pick_unfair")
    code, row, _ = _check(run_cli, tmp_path, "--model", unfair, "--policy", "plain", "--property", "ends",
                          "--fair", "step(*)")
    assert (code, row["verdict"]) == (0, "holds")
    assert "WF(step(i=0)), WF(step(i=1))" in row["summary"]          # one assumption per instance, printed


def test_a_policy_declares_fairness_beside_the_model(run_cli, tmp_path):
    spec = _file(tmp_path, PICK.replace("FAIRNESS", '(Fair("step"),)'), "pick")
    code, row, _ = _check(run_cli, tmp_path, "--model", spec, "--policy", "each", "--property", "ends")
    assert (code, row["verdict"]) == (0, "holds") and "WF(step), WF(step(i=0)), WF(step(i=1))" in row["summary"]
    code, _, err = _check(run_cli, tmp_path, "--model", spec, "--policy", "misspelt", "--property", "ends")
    assert code == 2 and "fairness WF(stepp)" in err and "no such action instance" in err
    assert len(err.strip().splitlines()) == 1


def test_fairness_declarations_are_checked():
    spec = load_spec("reference")
    model = spec.build("undo", {"pages": 2})
    assert [str(f) for f in model.fairness] == ["WF(send(*))", "WF(next_round)", "WF(finish)"]
    assert [str(f) for f in model.expand_fairness(model.fairness)][:2] == ["WF(send(page=0))", "WF(send(page=1))"]
    with pytest.raises(ModelError, match="no such action instance"):
        model.expand_fairness((parse_fair("send(page=5)"),))
    bad = type("Bad", (), {"name": "bad", "fairness": (3,)})
    with pytest.raises(PolicyError, match="fairness holds 3"):
        spec.build(bad)
    assert Fair.from_json(Fair("send", True, {}, each=True).to_json()) == Fair("send", True, {}, each=True)
    assert str(parse_fair("stop(*)", strong=True)) == "SF(stop(*))"
    with pytest.raises(ValueError):
        parse_fair("stop(*, *)")


def test_a_trigger_no_state_meets_holds_vacuously(run_cli, tmp_path):
    spec = _file(tmp_path, PICK.replace("FAIRNESS", "()"), "pick")
    code, row, _ = _check(run_cli, tmp_path, "--model", spec, "--policy", "plain", "--property", "never_triggered")
    assert (code, row["verdict"]) == (0, "holds")
    assert row["vacuous"]["why"] == "no reachable state where its trigger holds and its target does not"
    assert "vacuous" in row["summary"]


def test_deadlock_on_the_liveness_graph_agrees_with_the_safety_search(run_cli, tmp_path):
    spec = _file(tmp_path, JAM, "jam")
    code, graph_row, _ = _check(run_cli, tmp_path, "--model", spec, "--property", "no_deadlock", "--engine", "liveness")
    code2, bfs_row, _ = _check(run_cli, tmp_path, "--model", spec, "--property", "no_deadlock", "--engine", "explore")
    assert (code, graph_row["engine"], graph_row["verdict"]) == (1, "liveness", "violated")
    assert graph_row["trace_length"] == 2
    assert (code2, bfs_row["trace_length"]) == (1, 2)
    assert run_cli("replay", graph_row["trace"])[0] == 1
    model = load_spec("hpt").build("rehash", {})
    for engine in ("liveness", "explore"):
        result = run_engine(engine, Request(model, model.property_named("no_deadlock")))
        assert (result.verdict, result.stats.states) == (Verdict.HOLDS, 36228), engine


def test_the_liveness_engine_refuses_other_safety_properties(run_cli, tmp_path):
    code, _, err = _check(run_cli, tmp_path, "--model", "reference", "--policy", "undo", "--property", "no_data_loss",
                          "--engine", "liveness")
    assert code == 2 and "engine liveness checks liveness properties and no_deadlock" in err


@pytest.mark.parametrize("seed", range(5))
def test_scipy_components_are_the_networkx_components(seed):
    rng = np.random.default_rng(seed)
    graph = build(load_spec("reference").build("lazy", {"pages": 1}))
    allowed = rng.random(graph.size) < 0.8
    label, count = components(graph, allowed)
    g = nx.DiGraph()
    g.add_nodes_from(np.flatnonzero(allowed).tolist())
    keep = allowed[graph.src] & allowed[graph.dst]
    g.add_edges_from(zip(graph.src[keep].tolist(), graph.dst[keep].tolist()))
    expected = sorted(sorted(c) for c in nx.strongly_connected_components(g))
    found = sorted(sorted(np.flatnonzero(label == c).tolist()) for c in range(count))
    assert found == expected and (label[~allowed] == -1).all()


def test_compiled_predicates_agree_with_the_interpreter():
    for name, policy, prop in (("hpt", "mirror", "prepare_resolves"), ("reference", "rfc", "migration_converges")):
        model = load_spec(name).build(policy, {})
        graph = build(model)
        p = model.property_named(prop)
        for fn in (p.predicate, p.then):
            slow = np.fromiter((bool(fn(model, s)) for s in graph.states()), dtype=bool, count=graph.size)
            assert (_truth(model, fn, graph) == slow).all() and slow.any() and not slow.all()


def test_shipped_lassos_replay_and_a_fixed_design_holds():
    model = load_spec("hpt").build("no-cancel", {})
    bad = run_engine("liveness", Request(model, model.property_named("prepare_resolves")))
    assert bad.verdict is Verdict.VIOLATED and bad.trace.loop is not None
    assert replay(bad.trace).verdict is Verdict.VIOLATED
    fixed = replay(bad.trace, policy="rehash")
    assert fixed.verdict is not Verdict.VIOLATED


def test_list_shows_the_declared_fairness(run_cli):
    code, out, _ = run_cli("list", "--json")
    rows = {r["model"]: r for r in map(json.loads, out.splitlines())}
    assert code == 0 and rows["reference"]["fairness"] == ["WF(send(*))", "WF(next_round)", "WF(finish)"]
    assert rows["hotplug"]["fairness"] == [] and "SF(stop(*))" in rows["hpt"]["fairness"]
