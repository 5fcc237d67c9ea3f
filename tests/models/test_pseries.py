"""The pseries model: suite entries, compiled successors, the seed's trace, user policies."""
import inspect
import json
import shutil
from pathlib import Path

import pytest

from hintcheck.explore import explore
from hintcheck.model.hypervisor.papr import PState
from hintcheck.model.registry import load_spec
from hintcheck.floor.result import Verdict

SPEC = load_spec("pseries")


@pytest.mark.parametrize("policy", list(SPEC.policies))
def test_every_pseries_policy_compiles_to_straight_line_successors(policy):
    model = SPEC.build(policy, {"cmo": 1})
    for prop in (p for p in model.properties if p.kind != "liveness"):
        assert explore(model, prop).stats.extra["successors"] == "compiled", prop.name


def test_rfc_counterexample_reads_like_the_seed():
    """free (with its hint), reuse, migrate, and the destination holds a zero page."""
    model = SPEC.build("rfc")
    trace = explore(model, model.property_named("no_data_loss_stable")).trace
    names = [st.action for st in trace.steps]
    free_at = names.index("free")
    page = trace.steps[free_at].args["page"]
    assert trace.steps[free_at].cost == {"hcalls": 1}
    assert trace.states[free_at]["hs"][page] == "UNUSED"
    reuse = names.index("alloc", free_at)
    assert trace.steps[reuse].args["page"] == page and trace.steps[reuse].cost == {}
    assert names.index("migrate_start") > reuse and names[-1] == "complete"
    last = trace.states[-1]
    assert last["dest"][page] == 0 != last["data"][page]


def test_undo_pays_one_hcall_per_free_and_per_allocation():
    model = SPEC.build("undo")
    steps = {inst.action.name: inst for inst in model.instances}
    s = model.init()
    s = steps["refill"].action.effect(model, s, 0, 0)
    assert steps["alloc"].action.cost["hcalls"](model, s, 0, 0) == 1
    assert steps["free"].action.cost["hcalls"](model, s, 0, 0) == 1
    assert "hcalls" not in steps["send"].action.cost          # a send costs pages, not hypercalls
    assert steps["send"].action.cost["pages_sent"](model, s, 0) == 1


def test_lazy_undo_flush_counts_one_hcall_per_queued_page():
    model = SPEC.build("lazy-undo")
    flush = model.action_named("flush_undo")
    s = model.init().set(pend=(1, 1), hs=(PState.UNUSED, PState.UNUSED))
    assert flush.cost["hcalls"](model, s) == 2
    assert flush.effect(model, s).hs == (PState.ACTIVE, PState.ACTIVE)


def test_a_copied_policy_file_gets_the_shipped_verdict_and_counts(run_cli, tmp_path):
    """lazy-undo, hooks and extra action alike, loaded from outside the project."""
    shutil.copy(inspect.getsourcefile(SPEC.policies["lazy-undo"]), tmp_path / "mine.py")
    rows = []
    for policy in ("lazy-undo", f"{tmp_path}/mine.py:LazyUndo"):
        code, out, _ = run_cli("check", "--model", "pseries", "--policy", policy, "--property",
                         "no_data_loss_stable", "--continue", "--json", "--trace-dir", str(tmp_path))
        rows.append((code, json.loads(out)))
    (code_a, a), (code_b, b) = rows
    assert code_a == code_b == 1
    assert (a["verdict"], a["states"], a["trace_length"]) == (b["verdict"], b["states"], b["trace_length"])
    assert a["states"] == 16448 and a["trace_length"] == 7


def test_the_hook_documentation_example_runs_as_written(tmp_path):
    """docs/hooks.md's `undo` file holds with the counts the page states."""
    doc = (Path(__file__).parents[2] / "docs" / "hooks.md").read_text()
    code = doc.split("```python\n", 1)[1].split("```", 1)[0]
    (tmp_path / "undo.py").write_text(code)
    model = SPEC.build(f"{tmp_path}/undo.py:Undo")
    for prop in (p for p in model.properties if p.kind != "liveness"):
        result = explore(model, prop)
        assert (result.verdict, result.stats.states) == (Verdict.HOLDS, 5800), prop.name
    assert "5,800 reachable states" in doc


@pytest.mark.parametrize("policy,verdict", [("rfc", Verdict.VIOLATED), ("undo", Verdict.HOLDS)])
def test_the_per_page_form_at_finish_agrees_on_a_migration_only_config(policy, verdict):
    """Without CMO the host acts only through migration, so both forms give one verdict."""
    model = SPEC.build(policy)
    finish = explore(model, model.property_named("no_data_loss_at_finish"))
    stable = explore(model, model.property_named("no_data_loss_stable"))
    assert finish.verdict is stable.verdict is verdict
    if finish.trace is not None:
        assert len(finish.trace.steps) == len(stable.trace.steps) == 7
