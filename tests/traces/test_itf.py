"""ITF export: every corpus trace, written as Quint writes ITF, parses with itf-py and round-trips its states."""
from __future__ import annotations

import json
from pathlib import Path

import itf_py
import pytest

from hintcheck.trace.format import Trace
from hintcheck.trace.itf import to_itf

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
    assert code == 0 and out.splitlines()[-1].endswith("phase=DONE  <- property fails")
    code, out, _ = run_cli("show", str(path), "--format", "itf")
    data = json.loads(out)
    assert code == 0 and data["#meta"]["format"] == "ITF" and data["states"][-1]["phase"] == "DONE"
    assert data["states"][-1]["#meta"] == {"index": 7, "action": "finish()"}


def test_show_refuses_a_bad_file_in_one_line(run_cli, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    code, _, err = run_cli("show", str(bad))
    assert code == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in err
