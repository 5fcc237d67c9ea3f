"""Liveness under fairness: fair cycles found on the whole graph, lassos that replay.

Each model is tiny and its answer known by hand:

- `climb`: x goes 0 -> 1 -> 2 by `step`; `wait` changes nothing. x == 2
  is reached only if `step` is weakly fair (without it: wait for ever).
- `blink`: `toggle` flips a light; `go` is enabled only while it is on.
  Weak fairness of `go` allows toggling for ever (go is not enabled
  all the time); strong fairness forces it (go is enabled infinitely
  often).
- `serve`: a request is granted only under fairness of `grant` (leads_to),
  and `always_eventually` / `eventually_always` on the light.
"""
from __future__ import annotations

import json
import textwrap

import pytest

CLIMB = textwrap.dedent('''
    from dataclasses import dataclass, replace

    from hintcheck.model.core import (Domain, Fair, ModelSpec, Param, action, always_eventually, eventually,
                                      eventually_always, scalar)


    @dataclass(frozen=True)
    class S:
        x: int = scalar(Domain.range(3))

        def set(self, **kw):
            return replace(self, **kw)


    @action(guard=lambda m, s: s.x < 2)
    def step(m, s):
        return s.set(x=s.x + 1)


    @action()
    def wait(m, s):
        return s


    def at_top(m, s):
        return s.x == 2


    SPEC = ModelSpec(name="climb", doc="climbs with a fair step", state=S, params=(), index_sets={},
                     init=lambda m: S(), actions=(step, wait), policies={},
                     properties=(eventually(at_top), eventually_always(at_top, name="stays_on_top"),
                                 always_eventually(lambda m, s: s.x == 0, name="back_to_zero")),
                     fairness=FAIRNESS)
''')

BLINK = textwrap.dedent('''
    from dataclasses import dataclass, replace

    from hintcheck.model.core import And, Domain, ModelSpec, action, eventually, leads_to, scalar


    @dataclass(frozen=True)
    class S:
        light: int = scalar(Domain.range(2))
        done: int = scalar(Domain.range(2))

        def set(self, **kw):
            return replace(self, **kw)


    @action(guard=lambda m, s: s.done == 0)
    def toggle(m, s):
        return s.set(light=1 - s.light)


    @action(guard=lambda m, s: And(s.light == 1, s.done == 0))
    def go(m, s):
        return s.set(done=1)


    @action(guard=lambda m, s: s.done == 1)
    def rest(m, s):
        return s


    SPEC = ModelSpec(name="blink", doc="go while the light is on", state=S, params=(), index_sets={},
                     init=lambda m: S(), actions=(toggle, go, rest), policies={},
                     properties=(eventually(lambda m, s: s.done == 1, name="gone"),
                                 leads_to(lambda m, s: s.light == 1, lambda m, s: s.done == 1, name="lit_then_gone")))
''')


def _file(tmp_path, text, name):
    path = tmp_path / f"{name}.py"
    path.write_text(text)
    return f"{path}:SPEC"


def _check(run_cli, tmp_path, spec, prop, *args):
    code, out, err = run_cli("check", "--model", spec, "--property", prop, *args, "--json",
                             "--trace-dir", str(tmp_path / "tr"))
    assert "Traceback" not in err, err
    return code, (json.loads(out) if out.strip() else None), err


def test_progress_needs_fairness(run_cli, tmp_path):
    spec = _file(tmp_path, CLIMB.replace("FAIRNESS", '(Fair("step"),)'), "climb")
    code, row, _ = _check(run_cli, tmp_path, spec, "at_top")
    assert (code, row["verdict"], row["engine"], row["states"]) == (0, "holds", "liveness", 3)
    assert "assuming WF(step)" in row["summary"]
    code, row, _ = _check(run_cli, tmp_path, spec, "at_top", "--no-fair")
    assert (code, row["verdict"], row["trace_length"]) == (1, "violated", 1)       # wait for ever at x = 0
    trace = json.loads(open(row["trace"]).read())
    assert trace["version"] == 2 and trace["loop"] == 0 and trace["steps"][0]["action"] == "wait"
    code, out, _ = run_cli("replay", row["trace"])
    assert code == 1 and "back to the initial state, for ever" in out


def test_fairness_given_on_the_command_line(run_cli, tmp_path):
    spec = _file(tmp_path, CLIMB.replace("FAIRNESS", "()"), "climb")
    assert _check(run_cli, tmp_path, spec, "at_top")[1]["verdict"] == "violated"
    assert _check(run_cli, tmp_path, spec, "at_top", "--fair", "step")[1]["verdict"] == "holds"
    code, _, err = _check(run_cli, tmp_path, spec, "at_top", "--fair", "stepp")
    assert code == 2 and "fairness WF(stepp): model climb/none has no such action instance" in err
    code, _, err = _check(run_cli, tmp_path, spec, "at_top", "--fair", "step", "--no-fair")
    assert code == 2 and "--no-fair with --fair" in err


def test_eventually_always_and_always_eventually(run_cli, tmp_path):
    spec = _file(tmp_path, CLIMB.replace("FAIRNESS", '(Fair("step"),)'), "climb")
    assert _check(run_cli, tmp_path, spec, "stays_on_top")[1]["verdict"] == "holds"
    code, row, _ = _check(run_cli, tmp_path, spec, "back_to_zero")
    assert (code, row["verdict"]) == (1, "violated")          # climbs once and never comes back
    assert run_cli("replay", row["trace"])[0] == 1


def test_weak_and_strong_fairness_differ(run_cli, tmp_path):
    spec = _file(tmp_path, BLINK, "blink")
    code, row, _ = _check(run_cli, tmp_path, spec, "gone", "--fair", "toggle", "--fair", "go")
    assert (code, row["verdict"]) == (1, "violated")          # toggling for ever is weakly fair to go
    trace = json.loads(open(row["trace"]).read())
    assert {s["action"] for s in trace["steps"][trace["loop"]:]} == {"toggle"}
    assert run_cli("replay", row["trace"])[0] == 1
    code, row, _ = _check(run_cli, tmp_path, spec, "gone", "--fair", "toggle", "--strong-fair", "go")
    assert (code, row["verdict"], row["states"]) == (0, "holds", 3)


def test_leads_to(run_cli, tmp_path):
    spec = _file(tmp_path, BLINK, "blink")
    code, row, _ = _check(run_cli, tmp_path, spec, "lit_then_gone", "--fair", "toggle")
    assert (code, row["verdict"]) == (1, "violated")
    assert run_cli("replay", row["trace"])[0] == 1
    assert _check(run_cli, tmp_path, spec, "lit_then_gone", "--strong-fair", "go")[1]["verdict"] == "holds"


def test_a_tampered_loop_is_caught_by_replay(run_cli, tmp_path):
    spec = _file(tmp_path, BLINK, "blink")
    row = _check(run_cli, tmp_path, spec, "gone", "--fair", "toggle", "--fair", "go")[1]
    trace = json.loads(open(row["trace"]).read())
    for loop, message in ((trace["loop"] + 1, "loop: the last state is not state"),
                          (len(trace["steps"]) + 1, "loop must be a state number")):
        bad = dict(trace, loop=loop)
        path = tmp_path / f"bad{loop}.json"
        path.write_text(json.dumps(bad))
        code, _, err = run_cli("replay", str(path))
        assert code == 2 and message in err, err
    unfair = dict(trace, meta={**trace.get("meta", {}), "fairness": [{"action": "go", "strong": True, "args": {}}]})
    path = tmp_path / "unfair.json"
    path.write_text(json.dumps(unfair))
    code, _, err = run_cli("replay", str(path))
    assert code == 2 and "not a fair run: SF(go)" in err


WORKERS = textwrap.dedent('''
    from dataclasses import dataclass, replace

    from hintcheck.model.core import Domain, Fair, ModelSpec, Param, action, eventually, every, per_index, put


    @dataclass(frozen=True)
    class S:
        done: tuple = per_index("procs", Domain.range(2))

        def set(self, **kw):
            return replace(self, **kw)


    @action(params=("procs",), guard=lambda m, s, p: s.done[p] == 0)
    def work(m, s, p):
        return s.set(done=put(s.done, p, 1))


    SPEC = ModelSpec(name="workers", doc="", state=S, params=(Param("procs", 1, 4, 3),), index_sets={"procs": "procs"},
                     init=lambda m: S(done=(0,) * len(m.procs)), actions=(work,), policies={},
                     properties=(eventually(lambda m, s: every(d == 1 for d in s.done), name="all_done"),),
                     symmetric=frozenset({"procs"}), terminal=lambda m, s: every(d == 1 for d in s.done))
''')


def test_liveness_is_refused_under_symmetry_and_by_safety_engines(run_cli, tmp_path):
    workers = _file(tmp_path, WORKERS, "workers")
    code, row, _ = _check(run_cli, tmp_path, workers, "all_done")
    assert (code, row["verdict"], row["states"]) == (0, "holds", 8)   # every run ends with all done
    code, _, err = _check(run_cli, tmp_path, workers, "all_done", "--symmetry")
    assert code == 2 and "liveness under --symmetry is refused" in err
    spec = _file(tmp_path, BLINK, "blink")
    code, _, err = _check(run_cli, tmp_path, spec, "gone", "--engine", "vector")
    assert code == 2 and "is a liveness property: engine vector checks safety only" in err


def test_a_version_1_trace_still_loads(run_cli, tmp_path):
    code, _, _ = run_cli("check", "--model", "reference", "--policy", "rfc", "-p", "pages=1",
                         "--property", "no_data_loss", "--trace-dir", str(tmp_path))
    (path,) = tmp_path.glob("*.json")
    assert json.loads(path.read_text())["version"] == 1 and run_cli("replay", str(path))[0] == 1


SUITE = """version = 1

[[entry]]
model = "climb.py:SPEC"
policy = "none"
property = "at_top"
expect = "holds"
states = 3
fair = ["step"]

[[entry]]
model = "climb.py:SPEC"
policy = "none"
property = "at_top"
expect = "violated"
max_trace = 1
no_fair = true
"""


def test_a_suite_records_liveness_verdicts_with_their_fairness(run_cli, tmp_path):
    _file(tmp_path, CLIMB.replace("FAIRNESS", "()"), "climb")
    suite = tmp_path / "live.toml"
    suite.write_text(SUITE)
    code, out, err = run_cli("check", str(suite), "--json", "--trace-dir", str(tmp_path / "tr"))
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [r["as_expected"] for r in rows] == [True, True], (out, err)
    assert "assuming WF(step)" in rows[0]["summary"] and "assuming no fairness" in rows[1]["summary"]
    suite.write_text(SUITE.replace('fair = ["step"]', 'fair = ["step(x=)"]'))
    code, _, err = run_cli("check", str(suite), "--trace-dir", str(tmp_path / "tr"))
    assert code == 2 and "entry 1: fairness 'step(x=)': argument 'x=' is not NAME=N" in err
