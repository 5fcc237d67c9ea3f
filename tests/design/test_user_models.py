"""Models written outside the project: `--model path.py:Spec`, checked before any engine runs."""
from __future__ import annotations

import json
import textwrap

import pytest

MUTEX = textwrap.dedent('''
    """A test-and-set lock over `procs` processes."""
    from dataclasses import dataclass, replace

    from hintcheck.model.core import (And, Domain, ModelSpec, Param, action, count, invariant, per_index,
                                      put, scalar)


    @dataclass(frozen=True)
    class S:
        pc: tuple = per_index("procs", Domain.range(2))      # 0 outside, 1 in the critical section
        lock: int = scalar(Domain.range(2))

        def set(self, **kw):
            return replace(self, **kw)


    @action(params=("procs",), guard=lambda m, s, p: And(s.pc[p] == 0, s.lock == LOCK_FREE))
    def enter(m, s, p):
        return s.set(pc=put(s.pc, p, 1), lock=TAKEN)


    @action(params=("procs",), guard=lambda m, s, p: s.pc[p] == 1)
    def leave(m, s, p):
        return s.set(pc=put(s.pc, p, 0), lock=0)


    @invariant
    def mutual_exclusion(m, s):
        return count(s.pc[p] == 1 for p in m.procs) <= 1


    LOCK_FREE, TAKEN = 0, 1
    SPEC = ModelSpec(name="mutex", doc="test-and-set lock", state=S, params=(Param("procs", 1, 5, 3),),
                     index_sets={"procs": "procs"}, init=lambda m: S(pc=(0,) * len(m.procs), lock=0),
                     actions=(enter, leave), policies={}, properties=(mutual_exclusion,))
''')

# A lock that forgets to test: two processes can enter together.
BROKEN_LOCK = MUTEX.replace("LOCK_FREE, TAKEN = 0, 1", "LOCK_FREE, TAKEN = 0, 0")

ENGINES = {"explore": ("check", "--engine", "explore", "--no-deadlock"),
           "vector": ("check", "--engine", "vector", "--no-deadlock"),
           "hypothesis": ("fuzz", "--examples", "200", "--seed", "0", "--no-deadlock"),
           "z3-bmc": ("prove", "--bmc-only")}


def _write(tmp_path, text: str) -> str:
    path = tmp_path / "mutex.py"
    path.write_text(text)
    return str(path)


@pytest.mark.parametrize("engine", list(ENGINES))
def test_a_good_model_from_a_file_holds_on_every_exhaustive_engine(run_cli, tmp_path, engine):
    path = _write(tmp_path, MUTEX)
    code, out, err = run_cli(*ENGINES[engine], "--model", f"{path}:SPEC", "--json",
                             "--trace-dir", str(tmp_path / "tr"))
    row = json.loads(out.strip().splitlines()[-1])
    assert row["model"] == "mutex" and row["property"] == "mutual_exclusion"
    assert row["verdict"] in {"explore": ("holds",), "vector": ("holds",),
                              "hypothesis": ("no violation found",), "z3-bmc": ("bounded",)}[engine], row
    if engine in ("explore", "vector"):
        assert row["states"] == 4 and code == 0      # lock free, or taken by one of the 3 processes


@pytest.mark.parametrize("engine", list(ENGINES))
def test_a_broken_model_from_a_file_is_violated_on_every_engine(run_cli, tmp_path, engine):
    path = _write(tmp_path, BROKEN_LOCK)
    code, out, err = run_cli(*ENGINES[engine], "--model", f"{path}:SPEC", "--json",
                             "--trace-dir", str(tmp_path / "tr"))
    row = json.loads(out.strip().splitlines()[-1])
    assert code == 1 and row["verdict"] == "violated", (out, err)
    assert row["trace_length"] == 2                      # two processes enter


BAD = {
    "not-a-spec": ("SPEC = 3\n", "SPEC is int 3, not a ModelSpec"),
    "missing-name": ("X = 1\n", "has no spec SPEC"),
    "exits-at-import": ("import sys\nsys.exit(0)\n", "failed to import: SystemExit"),
    "syntax": ("def (:\n", "failed to import: SyntaxError"),
    "undeclared-index": (MUTEX.replace('per_index("procs"', 'per_index("cpus"'),
                         "field pc is over 'cpus', not an index set"),
    "bad-default": (MUTEX.replace('Param("procs", 1, 5, 3)', 'Param("procs", 1, 5, 9)'),
                    "parameter procs: default 9 outside 1..5"),
    "no-properties": (MUTEX.replace("properties=(mutual_exclusion,)", "properties=()"),
                      "declares no properties"),
    "raising-guard": (MUTEX.replace("guard=lambda m, s, p: s.pc[p] == 1", "guard=lambda m, s, p: 1 / 0"),
                      "guard of action leave raised ZeroDivisionError"),
    "effect-returns-none": (MUTEX.replace("return s.set(pc=put(s.pc, p, 0), lock=0)", "return None"),
                            "action leave returned None"),
    "init-exits": (MUTEX.replace("init=lambda m: S(", "init=lambda m: exit(0) or S("), "init raised SystemExit"),
    "bad-measure": (MUTEX.replace("properties=(mutual_exclusion,))", "properties=(mutual_exclusion,), measures=(3,))"),
                    "measures holds int 3, not a Measure"),
}


@pytest.mark.parametrize("engine", list(ENGINES))
@pytest.mark.parametrize("case", list(BAD))
def test_a_bad_model_file_is_one_line_and_exit_2_on_every_engine(run_cli, tmp_path, case, engine):
    text, finding = BAD[case]
    path = _write(tmp_path, text)
    code, out, err = run_cli(*ENGINES[engine], "--model", f"{path}:SPEC", "--trace-dir", str(tmp_path / "tr"))
    assert code == 2, (code, out, err)
    assert finding in err and len(err.strip().splitlines()) == 1, err


def test_a_trace_of_a_model_file_records_it_and_replays_only_that_file(run_cli, tmp_path):
    path = _write(tmp_path, BROKEN_LOCK)
    traces = tmp_path / "tr"
    code, _, _ = run_cli("check", "--model", f"{path}:SPEC", "--trace-dir", str(traces))
    assert code == 1
    (saved,) = traces.iterdir()
    recorded = json.loads(saved.read_text())
    assert recorded["model"] == f"{path}:SPEC" and len(recorded["model_sha256"]) == 64
    assert run_cli("replay", str(saved))[0] == 1
    with open(path, "a") as f:
        f.write("# edited\n")
    code, _, err = run_cli("replay", str(saved))
    assert code == 2 and f"trace model file {path} has changed since the trace was recorded" in err
    assert run_cli("replay", str(saved), "--model", f"{path}:SPEC")[0] == 1


def test_list_shows_a_model_from_a_file(run_cli, tmp_path):
    path = _write(tmp_path, MUTEX)
    code, out, _ = run_cli("list", "--model", f"{path}:SPEC", "--json")
    (row,) = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and (row["model"], row["source"]) == ("mutex", f"{path}:SPEC")
    assert row["properties"] == ["mutual_exclusion", "no_deadlock"] and row["params"]["procs"]["default"] == 3
    code, out, _ = run_cli("list", "--model", f"{path}:SPEC", "--model", "reference")
    assert code == 0 and out.startswith("mutex") and "mutex.py:SPEC" in out and "reference:" in out
    code, _, err = run_cli("list", "--model", f"{tmp_path}/nothing.py:SPEC")
    assert code == 2 and len(err.strip().splitlines()) == 1
