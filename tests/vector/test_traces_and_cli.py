"""Vector traces replay; `check` picks the vector engine by default; what cannot vectorise is named."""
import json

import pytest

from hintcheck.cli import main
from hintcheck.engines import engine_named, run_engine
from hintcheck.floor import Request
from hintcheck.model.core import HintcheckError
from hintcheck.model.registry import load_spec
from hintcheck.floor.result import Verdict
from hintcheck.trace.format import Trace
from hintcheck.trace.save import save
from hintcheck.trace.replay import replay
from hintcheck.vector import NotVectorisable, explore_vector

def _cli(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("symmetry", [False, True])
def test_a_vector_trace_replays_from_its_saved_file(tmp_path, symmetry):
    model = load_spec("reference").build("lazy", {"pages": 3})
    result = explore_vector(model, model.property_named("no_data_loss"), symmetry=symmetry)
    assert result.trace.engine == "vector"
    loaded = Trace.load(save(result.trace, tmp_path))
    assert replay(loaded).verdict is Verdict.VIOLATED
    assert len(loaded.steps) == 8


def test_check_runs_the_vector_engine_by_default(capsys, tmp_path):
    code, out, _ = _cli(capsys, "check", "--model", "reference", "--property", "no_data_loss", "--policy", "rfc", "-p", "pages=2",
                        "--trace-dir", str(tmp_path), "--json")
    row = json.loads(out)
    assert (code, row["engine"], row["trace_length"]) == (1, "vector", 7)
    assert Trace.load(row["trace"]).engine == "vector"


def test_explicit_vector_engine_rejects_a_python_if_in_one_line(capsys, tmp_path, python_if_policy):
    code, out, err = _cli(capsys, "check", "--model", "reference", "--policy", python_if_policy, "-p", "pages=2",
                          "--engine", "vector", "--trace-dir", str(tmp_path))
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert "model reference, action alloc" in err and "Traceback" not in err


def test_auto_engine_falls_back_to_the_plain_search_and_says_why(python_if_policy):
    model = load_spec("reference").build(python_if_policy, {"pages": 2})
    result = run_engine("auto", Request(model, model.property_named("no_data_loss")))
    assert result.engine == "explore"
    assert "action alloc" in result.stats.extra["vector_fallback"]
    assert (result.verdict, result.stats.states) == (Verdict.HOLDS, 2756)


def test_states_wider_than_64_bits_are_refused_naming_model_and_width(capsys, tmp_path):
    model = load_spec("reference").build("undo", {"pages": 8})
    with pytest.raises(NotVectorisable, match="model reference: packed states need 69 bits"):
        explore_vector(model, model.property_named("no_data_loss"))
    code, _, err = _cli(capsys, "check", "--model", "reference", "--policy", "undo", "-p", "pages=8",
                        "--engine", "vector", "--trace-dir", str(tmp_path))
    assert code == 2 and "69 bits" in err and len(err.strip().splitlines()) == 1


def test_explicit_plain_engine_is_still_available():
    model = load_spec("reference").build("undo", {"pages": 1})
    result = run_engine("explore", Request(model, model.property_named("no_data_loss")))
    assert (result.engine, result.stats.states) == ("explore", 90)
    with pytest.raises(HintcheckError, match="unknown engine"):
        engine_named("warp")
