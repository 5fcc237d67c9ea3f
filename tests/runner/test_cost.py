"""Cost figures: measures cut paths into samples; the figures are exact on a small workload."""
from __future__ import annotations

import json

import pytest

from hintcheck.model.core import Measure, ModelError
from hintcheck.model.registry import load_spec
from hintcheck.runner.cost import cost_of, figure_row


def _figures(policy, **kw):
    model = load_spec("reference").build(policy, {"pages": 1})
    result = cost_of(model, **kw)
    return result, {f.measure.name: f for f in result.figures}


def test_all_paths_of_three_steps_give_exact_figures():
    # pages=1, depth 3: 14 paths (8 begin with alloc, 6 with start), 18 alloc/free steps among them,
    # 5 of them frees; rfc makes one hypercall per free and none per alloc, undo one per each.
    result, rfc = _figures("rfc", depth=3)
    assert result.paths == 14 and result.complete
    ops = rfc["hypercalls per allocator operation"]
    assert (ops.samples, ops.total, ops.worst) == (18, 5, 1)
    assert [st.action for st, _ in ops.witness[1]] == ["alloc", "free"]        # the shortest path to 1
    _, undo = _figures("undo", depth=3)
    assert (undo["hypercalls per allocator operation"].total, undo["hypercalls per allocator operation"].mean) \
        == (18, 1.0)
    # one path completes a migration (start, send, finish): one page sent, none skipped
    mig = rfc["pages sent per migration"]
    assert (mig.samples, mig.total) == (1, 1) and rfc["pages skipped per migration"].total == 0
    # round 1 ends at the first sync or stop-and-copy: start, send, then next_round or finish
    assert rfc["pages sent in round 1"].samples == 2


def test_rfc_skips_more_pages_than_undo_and_sends_fewer():
    _, rfc = _figures("rfc", depth=6)
    _, undo = _figures("undo", depth=6)
    # the shortest way to skip the one page twice: allocated and freed (hinted) while migrating,
    # so skipped by its send and, dirty, again by stop-and-copy
    assert rfc["pages skipped per migration"].worst == 2
    assert [st.action for st, _ in rfc["pages skipped per migration"].witness[1]] == \
        ["start", "alloc", "free", "send", "finish"]
    # undo too (the page is free when both skip it), but undo never skips a page in use: rfc skips more
    assert undo["pages skipped per migration"].worst == 2
    assert rfc["pages skipped per migration"].total > undo["pages skipped per migration"].total
    assert rfc["pages sent per migration"].total < undo["pages sent per migration"].total


def test_random_walks_are_seeded():
    a, _ = _figures("rfc", depth=10, walks=50, seed=3)
    b, _ = _figures("rfc", depth=10, walks=50, seed=3)
    c, _ = _figures("rfc", depth=10, walks=50, seed=4)
    assert [figure_row(a, f) for f in a.figures] == [figure_row(b, f) for f in b.figures]
    assert [figure_row(a, f) for f in a.figures] != [figure_row(c, f) for f in c.figures]


def test_the_path_limit_is_reported_not_hidden():
    result, _ = _figures("rfc", depth=6, max_paths=10)
    assert result.paths == 10 and not result.complete


def test_a_measure_naming_an_unknown_action_is_refused():
    model = load_spec("reference").build("rfc", {"pages": 1})
    with pytest.raises(ModelError, match="names action 'migrate'"):
        cost_of(model, depth=2, measures=[Measure.per("x", ("hcalls",), ("migrate",))])


def test_a_malformed_measure_is_refused_when_declared():
    with pytest.raises(ModelError, match="role"):
        Measure.per("x", ("hcalls",), ("alloc",), role="gain")
    with pytest.raises(ModelError, match="start and end"):
        Measure.between("x", ("hcalls",), start=(), end=("finish",))


def test_cost_cli_prints_figures_and_json(run_cli):
    code, out, _ = run_cli("cost", "--model", "reference", "-p", "pages=1", "--policy", "rfc", "--all-paths",
                           "--depth", "3")
    assert code == 0
    assert "all 14 paths of up to 3 steps" in out
    assert "hypercalls per allocator operation     mean   0.278  worst   1  (18 samples)" in out
    assert "worst after 2 steps: alloc(page=0) free(page=0)" in out
    code, out, _ = run_cli("cost", "--model", "reference", "-p", "pages=1", "--policy", "undo", "--all-paths",
                           "--depth", "3", "--measure", "pages sent per migration", "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(rows) == 1
    assert rows[0]["command"] == "cost" and rows[0]["samples"] == 1 and rows[0]["worst"] == 1
    assert [s["action"] for s in rows[0]["witness"]] == ["start", "send", "finish"]


def test_cost_cli_bad_input_and_bounded_exit(run_cli):
    code, _, err = run_cli("cost", "--model", "reference", "--measure", "speed")
    assert code == 2 and "no measure 'speed'" in err and "Traceback" not in err
    code, out, _ = run_cli("cost", "--model", "reference", "--policy", "rfc", "--all-paths", "--max-paths", "5")
    assert code == 3 and "bounded: stopped at --max-paths 5" in out


def test_a_model_from_a_file_brings_its_own_measures(run_cli, tmp_path):
    from tests.design.test_user_models import MUTEX
    text = MUTEX.replace("from hintcheck.model.core import (", "from hintcheck.model.core import (Measure, ")
    good = text.replace("properties=(mutual_exclusion,))", "properties=(mutual_exclusion,), "
                        "measures=(Measure.between('steps in the section', ('x',), ('enter',), ('leave',)),))")
    (tmp_path / "good.py").write_text(good)
    code, out, err = run_cli("cost", "--model", f"{tmp_path / 'good.py'}:SPEC", "--all-paths", "--depth", "4")
    assert code == 0, err
    assert "steps in the section" in out and "mean   0.000  worst   0" in out
    bad = good.replace("('leave',)", "('exit',)")
    (tmp_path / "bad.py").write_text(bad)
    code, _, err = run_cli("cost", "--model", f"{tmp_path / 'bad.py'}:SPEC", "--all-paths", "--depth", "4")
    assert code == 2 and "names action 'exit'" in err and len(err.strip().splitlines()) == 1
