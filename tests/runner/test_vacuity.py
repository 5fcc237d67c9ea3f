"""Vacuity in the verdict: a pass whose search never fired a step that could falsify the property says so.

Relevance is read off the lowered graph (hintcheck/floor/vacuity.py); the
row (hintcheck/runner/rows.py) carries `vacuous`, `unfired`, `disabled`
and the policy's `notes`, and the CLI prints them with the verdict.
"""
import json
import textwrap

from hintcheck.floor import Budget, Verdict
from hintcheck.floor.graph import Graph, digits_read
from hintcheck.floor.vacuity import relevance, vacuity
from hintcheck.model.core import Property, ite
from hintcheck.model.registry import load_spec
from hintcheck.runner import direct_jobs, outcome_row, run_job

FAST_HPT = ("-p", "maps=2")           # hpt at the default cpus/orders, one mapping fewer: about a second

# A host of its own whose worker never makes a preparation ready: the driver
# never leaves its PREPARE loop with H_SUCCESS, so no COMMIT is ever issued.
NEVER_READY = textwrap.dedent('''
    class NeverReady:
        name = "never-ready"
        host = "own"

        def after_alloc(self, m, s):
            return s
''')

# The faithful driver, naming no host: the model applies its default host and notes it.
HOSTLESS = textwrap.dedent('''
    from hintcheck.model.core import ite
    from hintcheck.model.hpt.host import release
    from hintcheck.model.hpt.state import Rc

    class Hostless:
        name = "hostless"

        def on_timeout(self, m, s):
            return release(s)

        def on_commit_done(self, m, s):
            return s.set(gorder=ite(s.rc == Rc.SUCCESS, s.dorder, s.gorder))
''')


def _policy(tmp_path, text, cls):
    path = tmp_path / f"{cls.lower()}.py"
    path.write_text(text)
    return f"{path}:{cls}"


def _rows(model, policy, params=None, prop=None, budget=Budget()):
    jobs = direct_jobs(model, policy, prop, params or {}, engine="auto", budget=budget, match=False)
    return {job.prop.name: outcome_row(run_job(job)) for job in jobs}


def _json_rows(out):
    return {r["property"]: r for r in map(json.loads, out.splitlines())}


def test_digits_read_are_the_leaves_a_node_reaches():
    g = Graph()
    x, y, _ = g.digit(0, 2), g.digit(1, 3), g.digit(2, 2)
    assert digits_read([ite(x == 1, y + 1, 0)]) == {0, 1}
    assert digits_read([True, 3]) == frozenset()


def test_an_invariant_is_falsified_only_by_actions_that_change_what_it_reads(tiny):
    model = tiny.cells(cells=2)
    rel = relevance(model, model.property_named("some_cell_clear"))
    assert (rel.relevant, rel.disabled, rel.lowered) == (("poke",), (), True)   # move changes only the cursor


def test_an_action_property_is_falsified_only_where_its_check_is_not_constant(tiny):
    model = tiny.cells(cells=2)
    assert relevance(model, model.property_named("pokes_under_the_cursor")).relevant == ("poke",)


def test_a_property_no_action_can_falsify_is_vacuous_whatever_fired(tiny):
    model = tiny.counter(top=3)
    always = Property("always", "invariant", lambda m, s: m.limit >= 0)     # reads no state at all
    judged = vacuity(model, always, {"inc": 3, "wrap": 1}, Verdict.HOLDS)
    assert judged is not None and judged.vacuous
    assert judged.why == "no action can change what it reads"


def test_no_claim_without_fired_figures_or_for_a_violation_or_a_proof(tiny):
    model = tiny.counter(top=3)
    prop = model.property_named("below_limit")
    assert vacuity(model, prop, {}, Verdict.HOLDS) is None                 # the Z3 engines count nothing
    assert vacuity(model, prop, {"inc": 0, "wrap": 0}, Verdict.VIOLATED) is None
    assert vacuity(model, prop, {"inc": 0, "wrap": 0}, Verdict.PROVED) is None
    assert vacuity(model, prop, {"inc": 0, "wrap": 0}, Verdict.BOUNDED).vacuous


def test_a_model_that_does_not_lower_is_vacuous_only_when_nothing_fired(python_if_policy):
    model = load_spec("reference").build(python_if_policy, {"pages": 1})
    prop = model.property_named("no_data_loss")
    rel = relevance(model, prop)
    assert not rel.lowered and rel.relevant == tuple(a.name for a in model.actions) and rel.disabled == ()
    nothing = {a.name: 0 for a in model.actions}
    assert vacuity(model, prop, nothing, Verdict.BOUNDED).why == "no action fired"
    assert not vacuity(model, prop, nothing | {"alloc": 1}, Verdict.BOUNDED).vacuous


def test_no_cancel_commit_only_quiesced_is_exercised_by_every_commit_step():
    """no-cancel keeps host A: the COMMIT hcall, the rehash and the pivot all fire, so the pass is real."""
    row = _rows("hpt", "no-cancel", prop="commit_only_quiesced")["commit_only_quiesced"]
    assert row["verdict"] == "holds"
    assert all(row["fired"][a] > 0 for a in ("commit", "rehash_slot", "pivot_tables"))
    assert row["vacuous"] is None and row["unfired"] == []
    assert "vacuous" not in row["summary"]


def test_a_host_that_never_gets_ready_holds_vacuously_naming_the_commit(run_cli, tmp_path):
    policy = _policy(tmp_path, NEVER_READY, "NeverReady")
    code, out, _ = run_cli("check", "--model", "hpt", "--policy", policy, *FAST_HPT, "--json",
                           "--trace-dir", str(tmp_path))
    rows = _json_rows(out)
    assert code == 1 and rows["no_leak_on_return"]["verdict"] == "violated"    # exit codes unchanged
    quiesced = rows["commit_only_quiesced"]
    assert quiesced["verdict"] == "holds" and quiesced["fired"]["commit"] == 0
    assert quiesced["vacuous"] == {"never_fired": ["commit"], "why": "commit never fired"}
    stale = rows["no_stale_commit"]      # host "own" with no on_commit: no step can report H_SUCCESS
    assert stale["verdict"] == "holds"
    assert stale["vacuous"] == {"never_fired": [], "why": "no enabled action's step can make its check false"}
    assert rows["no_lost_bolted"]["vacuous"] is None                    # H_ENTER fires: a real check
    code, out, _ = run_cli("check", "--model", "hpt", "--policy", policy, *FAST_HPT,
                           "--property", "commit_only_quiesced", "--format", "table", "--trace-dir", str(tmp_path))
    assert code == 0
    assert "holds (vacuous: commit" in out                              # the table's verdict cell
    assert "commit_only_quiesced: holds: reachable space exhausted" in out and "; vacuous: commit never fired" in out


def test_pseries_cmo_reclaim_disabled_by_cmo_0_is_never_reported(run_cli, tmp_path):
    rows = _rows("pseries", "undo", {"cmo": 0})
    for row in rows.values():
        # cmo=0 disables the reclaim, postcopy=0 (the default) the postcopy steps, late_init=0 `freed`,
        # orders=1 the order-1 block steps
        assert row["fired"]["cmo_reclaim"] == 0
        assert row["disabled"] == ["alloc_block", "free_block", "freed", "cmo_reclaim", "postcopy_switch",
                                   "postcopy_end"]
        assert "cmo_reclaim" not in row["unfired"]
    # free_init=0 (the default): the free-content contracts read nothing any action changes, and say so
    free_content = {"free_content_kept", "no_access_after_free_hint"}
    assert all(rows[name]["vacuous"]["why"] == "no action can change what it reads" for name in free_content)
    assert all(row["vacuous"] is None for name, row in rows.items() if name not in free_content)
    code, out, _ = run_cli("check", "--model", "pseries", "--policy", "undo", "-p", "cmo=0",
                           "--trace-dir", str(tmp_path))
    assert code == 0 and "cmo_reclaim" not in out


def test_a_violated_row_lists_no_unfired_action():
    """no-cancel fails no_leak_on_return in 3 steps, long before any COMMIT (which could falsify it) fires."""
    row = _rows("hpt", "no-cancel", prop="no_leak_on_return")["no_leak_on_return"]
    assert row["verdict"] == "violated" and row["fired"]["commit"] == 0
    model = load_spec("hpt").build("no-cancel", {})
    assert "commit" in relevance(model, model.property_named("no_leak_on_return")).relevant
    assert row["vacuous"] is None and row["unfired"] == []


def test_violated_rows_print_no_note(run_cli, tmp_path):
    code, out, _ = run_cli("check", "--model", "hpt", "--policy", "no-cancel", "--property", "no_leak_on_return",
                           "--trace-dir", str(tmp_path))
    assert code == 1 and "never fired" not in out and "vacuous" not in out


def test_the_reference_undo_design_is_not_vacuous():
    row = _rows("reference", "undo")["no_data_loss"]
    assert row["verdict"] == "holds" and row["vacuous"] is None and row["unfired"] == []


def test_a_bounded_search_that_fired_nothing_is_vacuous_in_the_verdict(run_cli, tmp_path):
    code, out, _ = run_cli("check", "--model", "reference", "--property", "no_data_loss", "--policy", "undo", "--max-depth", "0", "--json",
                           "--trace-dir", str(tmp_path))
    row = json.loads(out)
    assert code == 3 and row["verdict"] == "bounded"
    assert row["vacuous"]["never_fired"] == ["alloc", "write", "free", "start", "send", "finish"]
    assert row["summary"].endswith("; vacuous: alloc, write, free, start, send, finish never fired")


def test_the_policy_note_of_a_hostless_policy_is_printed_with_its_verdicts(run_cli, tmp_path):
    policy = _policy(tmp_path, HOSTLESS, "Hostless")
    note = "host not named by the policy: default host = 'rehash' applied"
    code, out, _ = run_cli("check", "--model", "hpt", "--policy", policy, *FAST_HPT, "--json",
                           "--trace-dir", str(tmp_path))
    rows = _json_rows(out)
    assert code == 0 and len(rows) == 7            # six properties and no_deadlock
    assert all(len(r["notes"]) == 1 and r["notes"][0].startswith(note) for r in rows.values())
    code, out, _ = run_cli("check", "--model", "hpt", "--policy", policy, *FAST_HPT, "--trace-dir", str(tmp_path))
    assert code == 0 and out.count(f"policy note: {note}") == 1          # once per model and policy
    shipped = _rows("hpt", "rehash", {"maps": 2}, prop="no_lost_bolted")["no_lost_bolted"]
    assert shipped["notes"] == []                                        # rehash names its host
