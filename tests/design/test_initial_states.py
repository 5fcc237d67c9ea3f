"""Several initial states: `init` returning a list, or `init_where` selecting in-domain states.

The model: `procs` bits, initially exactly one set (`init_where`, so
`procs` initial states, one orbit); a bit may be cleared, or set while at
most one is set. Reachable: every state with at most two bits set (7 for
three processes; 3 orbits). `nonempty` fails one step from any start;
every engine finds it, each trace starts from the initial state it names,
and replay accepts only an initial state of the model.
"""
from __future__ import annotations

import json
import textwrap

import pytest

BITS = textwrap.dedent('''
    from dataclasses import dataclass, replace

    from hintcheck.model.core import And, Domain, ModelSpec, Param, action, count, invariant, per_index, put


    @dataclass(frozen=True)
    class S:
        b: tuple = per_index("procs", Domain.range(2))

        def set(self, **kw):
            return replace(self, **kw)


    @action(params=("procs",), guard=lambda m, s, p: s.b[p] == 1)
    def clear(m, s, p):
        return s.set(b=put(s.b, p, 0))


    @action(params=("procs",), guard=lambda m, s, p: And(s.b[p] == 0, count(v == 1 for v in s.b) <= 1))
    def raise_(m, s, p):
        return s.set(b=put(s.b, p, 1))


    @invariant
    def at_most_two(m, s):
        return count(v == 1 for v in s.b) <= 2


    @invariant
    def nonempty(m, s):
        return count(v == 1 for v in s.b) >= 1


    SPEC = ModelSpec(name="bits", doc="bits, one set at the start", state=S, params=(Param("procs", 1, 6, 3),),
                     index_sets={"procs": "procs"}, INIT,
                     actions=(clear, raise_), policies={}, properties=(at_most_two, nonempty),
                     symmetric=frozenset({"procs"}), deadlock=False)
''')

WHERE = "init=None, init_where=lambda m, s: sum(s.b) == 1"
LISTED = "init=lambda m: [S(b=tuple(int(i == p) for i in m.procs)) for p in m.procs]"


def _spec(tmp_path, init=WHERE, name="bits.py"):
    path = tmp_path / name
    path.write_text(BITS.replace("INIT", init))
    return f"{path}:SPEC"


def _rows(out):
    return {r["property"]: r for r in map(json.loads, out.strip().splitlines())}


@pytest.mark.parametrize("init", [WHERE, LISTED], ids=["init_where", "listed"])
@pytest.mark.parametrize("engine", ["explore", "vector"])
@pytest.mark.parametrize("symmetry,states", [(False, 7), (True, 3)], ids=["full", "orbits"])
def test_every_initial_state_is_explored(run_cli, tmp_path, init, engine, symmetry, states):
    code, out, err = run_cli("check", "--model", _spec(tmp_path, init), "--engine", engine,
                             *(["--symmetry"] if symmetry else []), "--json", "--trace-dir", str(tmp_path / "tr"))
    rows = _rows(out)
    assert code == 1, err
    assert rows["at_most_two"]["verdict"] == "holds" and rows["at_most_two"]["states"] == states
    assert rows["nonempty"]["verdict"] == "violated" and rows["nonempty"]["trace_length"] == 1
    trace = json.loads(open(rows["nonempty"]["trace"]).read())
    assert sum(trace["init"]["b"]) == 1 and trace["steps"][0]["action"] == "clear"
    assert run_cli("replay", rows["nonempty"]["trace"])[0] == 1


@pytest.mark.parametrize("run", [("fuzz", "--examples", "50", "--seed", "0"), ("prove", "--bmc-only")])
def test_sampling_and_bmc_start_from_every_initial_state(run_cli, tmp_path, run):
    code, out, err = run_cli(*run, "--model", _spec(tmp_path), "--property", "nonempty", "--json",
                             "--trace-dir", str(tmp_path / "tr"))
    row = _rows(out)["nonempty"]
    assert code == 1 and row["verdict"] == "violated" and row["trace_length"] == 1, (out, err)
    assert run_cli("replay", row["trace"])[0] == 1


def test_induction_proves_an_invariant_from_every_initial_state(run_cli, tmp_path):
    code, out, err = run_cli("prove", "--model", _spec(tmp_path), "--property", "at_most_two", "--json",
                             "--trace-dir", str(tmp_path / "tr"))
    assert code == 0 and _rows(out)["at_most_two"]["verdict"] == "proved", (out, err)


def test_replay_refuses_a_start_that_is_not_initial(run_cli, tmp_path):
    code, out, _ = run_cli("check", "--model", _spec(tmp_path), "--property", "nonempty", "--json",
                           "--trace-dir", str(tmp_path / "tr"))
    path = _rows(out)["nonempty"]["trace"]
    trace = json.loads(open(path).read())
    trace["init"]["b"] = [1, 1, 0]
    with open(path, "w") as f:
        json.dump(trace, f)
    code, _, err = run_cli("replay", path)
    assert code == 2 and "not one of the model's 3 initial states" in err


@pytest.mark.parametrize("init,message", [
    ("init=lambda m: []", "no initial state"),
    ("init=lambda m: [S(b=(0, 0, 0)), 3]", "init returned int 3, not a S (or a list of them)"),
    ("init=lambda m: S(b=(0, 0, 0)), init_where=lambda m, s: True", "give init or init_where, not both"),
    ("init=None, init_where=5", "init_where is int 5"),
    ("init=None", "init is None"),
    ("init=lambda m: [S(b=(0, 0, 0)), S(b=(0, 2, 0))]", "initial state 2 of 2: field b[1] = 2 outside its domain 0..1"),
])
def test_bad_initial_states_are_one_line(run_cli, tmp_path, init, message):
    code, _, err = run_cli("check", "--model", _spec(tmp_path, init), "--trace-dir", str(tmp_path / "tr"))
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1, err


def test_duplicate_initial_states_count_once(run_cli, tmp_path):
    spec = _spec(tmp_path, "init=lambda m: [S(b=(1, 0, 0)), S(b=(1, 0, 0))]")
    code, out, _ = run_cli("check", "--model", spec, "--property", "at_most_two", "--json",
                           "--trace-dir", str(tmp_path / "tr"))
    assert code == 0 and _rows(out)["at_most_two"]["states"] == 7
