"""ITF export: every corpus trace, written as Quint writes ITF, parses with itf-py and round-trips its states."""
from __future__ import annotations

import json
from pathlib import Path

import itf_py
import pytest

from hintcheck.trace.format import Trace
from hintcheck.trace.itf import from_itf, to_itf

FOLDER = Path(__file__).resolve().parents[2] / "traces"
LISTED = [line.strip() for line in (FOLDER / "MANIFEST").read_text().splitlines()
          if line.strip() and not line.startswith("#")]


def _plain(value):
    """An itf-py value back as the trace's JSON value: ints, names, lists."""
    if isinstance(value, (list, tuple)) or type(value).__name__ == "ImmutableList":
        return [_plain(v) for v in value]
    return value


@pytest.mark.parametrize("name", LISTED)
def test_every_corpus_trace_exports_to_itf_that_itf_py_reads_back(name):
    trace = Trace.load(FOLDER / name)
    raw = to_itf(trace)
    parsed = itf_py.trace_from_json(json.loads(json.dumps(raw)))
    assert parsed.vars == list(trace.init)
    assert len(parsed.states) == len(trace.steps) + 1
    assert [s.meta["index"] for s in parsed.states] == list(range(len(trace.steps) + 1))
    for recorded, state in zip((trace.init, *trace.states), parsed.states):
        assert {k: _plain(v) for k, v in state.values.items()} == dict(recorded)
    assert parsed.loop == trace.loop
    assert all(isinstance(v, dict) and "#bigint" in v for v in _ints(raw["states"]))


def _ints(node):
    """Every place a number sits in the exported states (none may be a bare JSON number)."""
    if isinstance(node, dict) and "#bigint" in node:
        yield node
    elif isinstance(node, dict):
        for k, v in node.items():
            if k != "#meta":
                yield from _ints(v)
    elif isinstance(node, list):
        for v in node:
            yield from _ints(v)
    else:
        assert not isinstance(node, int) or isinstance(node, bool), f"a bare number {node} in ITF"


def test_show_prints_text_and_itf(run_cli):
    path = FOLDER / "reference-rfc-no_data_loss-p2-r2.json"
    code, out, _ = run_cli("show", str(path))
    assert code == 0 and out.splitlines()[-2].endswith("phase=DONE  <- property fails")
    assert out.splitlines()[-1] == "      no_data_loss fails: page 0: alloc=1, data=2, dest=0; phase=DONE"
    code, out, _ = run_cli("show", str(path), "--format", "itf")
    data = json.loads(out)
    assert code == 0 and data["#meta"]["format"] == "ITF" and data["states"][-1]["phase"] == "DONE"
    assert data["states"][-1]["#meta"] == {"index": 7, "action": "finish()"}


def test_show_refuses_a_bad_file_in_one_line(run_cli, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    code, _, err = run_cli("show", str(bad))
    assert code == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in err


@pytest.mark.parametrize("name", LISTED)
def test_every_corpus_trace_comes_back_from_itf_with_its_steps_and_replays(name, tmp_path, run_cli):
    trace = Trace.load(FOLDER / name)
    itf = tmp_path / "t.itf.json"
    itf.write_text(json.dumps(to_itf(trace)))
    args = () if ":" not in trace.model else ("--model", trace.model)     # a model file is named to run it
    code, out, err = run_cli("replay", str(itf), "--json", *args)
    row = json.loads(out) if out.strip() else None
    assert (code, row["verdict"], row["steps"]) == (1, "violated", len(trace.steps)), err
    from hintcheck.trace.replay import model_for
    model = model_for(trace)
    back = from_itf(to_itf(trace), model, trace.property, fairness=trace.meta.get("fairness"))
    assert [str(s) for s in back.steps] == [str(s) for s in trace.steps] and back.loop == trace.loop


QUINT = {"#meta": {"format": "ITF", "source": "reference.qnt", "params": {"pages": 1}},
         "vars": ["alloc", "data", "hint", "pend", "dirty", "tosend", "dest", "phase", "round"],
         "states": []}


def _quint_state(i, **changes):
    base = {"alloc": [0], "data": [0], "hint": [0], "pend": [0], "dirty": [0], "tosend": [0], "dest": [0],
            "phase": "IDLE", "round": 0} | changes
    out = {"#meta": {"index": i}}
    for k, v in base.items():
        if isinstance(v, str):
            out[k] = {"tag": v, "value": {"#tup": []}}            # Quint's encoding of an enum value
        elif isinstance(v, list):
            out[k] = [{"#bigint": str(x)} for x in v]
        else:
            out[k] = {"#bigint": str(v)}
    return out


def test_a_quint_style_trace_replays_on_the_model_whose_variables_it_has(run_cli, tmp_path):
    """The RFC's loss for one page, as Quint would write it (variants, no actions): the steps are found."""
    states = [_quint_state(0), _quint_state(1, alloc=[1], data=[1]), _quint_state(2, hint=[1], data=[1]),
              _quint_state(3, alloc=[1], data=[2], hint=[1]),
              _quint_state(4, alloc=[1], data=[2], hint=[1], tosend=[1], phase="MIGRATING", round=1),
              _quint_state(5, alloc=[1], data=[2], hint=[1], phase="MIGRATING", round=1),
              _quint_state(6, alloc=[1], data=[2], hint=[1], phase="DONE", round=1)]
    path = tmp_path / "quint.itf.json"
    path.write_text(json.dumps(QUINT | {"states": states}))
    base = ("replay", str(path), "--model", "reference", "--property", "no_data_loss")
    code, out, err = run_cli(*base, "--policy", "rfc")
    assert code == 1, err
    assert [line.split()[2] for line in out.splitlines()[1:7]] == ["alloc(page=0)", "free(page=0)", "alloc(page=0)",
                                                                   "start()", "send(page=0)", "finish()"]
    code, _, err = run_cli(*base, "--policy", "undo")
    assert code == 2 and err.strip() == f"hintcheck: error: {path}: no action of reference/undo leads from state 2 to state 3"


def test_itf_problems_are_one_line(run_cli, tmp_path):
    path = tmp_path / "bad.itf.json"
    path.write_text(json.dumps(QUINT | {"states": [_quint_state(0)], "vars": ["alloc"]}))
    code, _, err = run_cli("replay", str(path), "--model", "reference", "--property", "no_data_loss")
    assert code == 2 and "are not the fields of reference/undo" in err and len(err.strip().splitlines()) == 1
    path.write_text(json.dumps(QUINT | {"states": [_quint_state(0)]}))
    code, _, err = run_cli("replay", str(path), "--property", "no_data_loss")
    assert code == 2 and "names no model needs --model" in err
    meta = {"#meta": {"model": "/tmp/elsewhere.py:SPEC", "property": "p", "params": {}}}
    path.write_text(json.dumps(QUINT | meta | {"states": [_quint_state(0)]}))
    code, _, err = run_cli("replay", str(path))
    assert code == 2 and "name it with --model to run it" in err
    code, _, err = run_cli("replay", str(FOLDER / LISTED[0]), "--property", "x")
    assert code == 2 and "--property is for an ITF trace" in err


def test_show_draws_a_trace_as_dot(run_cli):
    import pydot
    code, out, _ = run_cli("show", str(FOLDER / "reference-rfc-no_data_loss-p2-r2.json"), "--format", "dot")
    (graph,) = pydot.graph_from_dot_data(out)
    assert code == 0 and len(graph.get_nodes()) == 8 and len(graph.get_edges()) == 7
    assert graph.get_node("s7")[0].get("color") == "red"
    code, out, _ = run_cli("show", str(FOLDER / "reference-undo-migration_converges-d0-p2-r2.json"), "--format", "dot")
    (graph,) = pydot.graph_from_dot_data(out)
    back = [e for e in graph.get_edges() if e.get("style") == "bold"]
    assert len(graph.get_nodes()) == 10 and [(e.get_source(), e.get_destination()) for e in back] == [("s9", "s5")]
