"""The engine registry and the suite runner, on the tiny models: one case per verdict family."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from hintcheck.engines import ENGINE_NAMES, engine_named, engine_names, run_engine
from hintcheck.floor import Budget, Request, Verdict
from hintcheck.model.core import HintcheckError
from hintcheck.runner import (Entry, Job, exit_status, judge, outcome_row, run_job, run_jobs, suite_status,
                              worst_case)

FAMILIES = {"auto": "exhaustive", "vector": "exhaustive", "explore": "exhaustive", "hypothesis": "sampled",
            "z3-bmc": "proof", "z3-induction": "proof", "z3-any-n": "proof", "liveness": "exhaustive"}


def _entry(prop, expect, **kw):
    return Entry(model="counter", policy="plain", property=prop, expect=expect, **kw)


def test_the_registry_lists_every_engine_with_its_family():
    assert ENGINE_NAMES == tuple(FAMILIES)
    assert {n: engine_named(n).family for n in ENGINE_NAMES} == FAMILIES
    assert all(engine_named(n).name == n for n in ENGINE_NAMES)
    assert engine_names("exhaustive") == ("auto", "vector", "explore", "liveness")


def test_an_unknown_engine_is_refused_in_one_line_naming_the_known_ones():
    with pytest.raises(HintcheckError) as err:
        engine_named("warp")
    assert str(err.value) == f"unknown engine 'warp'; known: {', '.join(ENGINE_NAMES)}"


def test_an_unknown_option_is_refused_in_one_line(tiny):
    model = tiny.counter()
    request = Request(model, model.property_named("below_limit"), options={"depht": 3})
    with pytest.raises(HintcheckError) as err:
        run_engine("explore", request)
    assert str(err.value) == "engine explore: unknown option 'depht'; known: compiled, symmetry"
    with pytest.raises(HintcheckError, match="engine z3-bmc: unknown option 'symmetry'; known: depth$"):
        engine_named("z3-bmc").check({"symmetry": True})


def test_bad_settings_are_refused_before_any_run():
    with pytest.raises(HintcheckError, match="derandomized and keeps no example database"):
        engine_named("hypothesis").check({"profile": "ci", "database": "db"})


def test_symmetry_on_a_model_without_a_symmetric_index_set_is_refused(tiny):
    model = tiny.counter()
    with pytest.raises(HintcheckError, match="model counter declares no symmetric index set: --symmetry does not"):
        run_engine("auto", Request(model, model.property_named("below_limit"), options={"symmetry": True}))


def test_run_job_judges_an_exhaustive_result(tiny):
    model = tiny.counter(top=5, limit=3)
    job = Job(model, model.property_named("below_limit"), "explore",
              entry=_entry("below_limit", Verdict.VIOLATED, max_trace=2))
    outcome = run_job(job)
    assert (outcome.result.verdict, len(outcome.result.trace.steps)) == (Verdict.VIOLATED, 3)
    assert (outcome.met, outcome.why) == (False, "counterexample of 3 steps exceeds 2")
    roomy = tiny.counter(top=5)
    holds = run_job(Job(roomy, roomy.property_named("below_limit"), "auto",
                        entry=_entry("below_limit", Verdict.HOLDS, states=6)))
    assert (holds.result.verdict, holds.met, holds.why) == (Verdict.HOLDS, True, "as expected")


def test_run_job_judges_a_sampled_result_never_as_holds(tiny):
    model = tiny.counter(top=5, limit=3)
    options = {"profile": "ci", "examples": 50, "use_database": False}
    found = run_job(Job(model, model.property_named("below_limit"), "hypothesis", options=options,
                        entry=_entry("below_limit", Verdict.VIOLATED)), shortest=3)
    assert (found.result.verdict, found.met) == (Verdict.VIOLATED, True)
    assert len(found.result.trace.steps) == 3
    roomy = tiny.counter(top=5)
    quiet = run_job(Job(roomy, roomy.property_named("below_limit"), "hypothesis", options=options,
                        entry=_entry("below_limit", Verdict.HOLDS)))
    assert (quiet.result.verdict, quiet.met, quiet.why) == \
        (Verdict.NO_VIOLATION_FOUND, True, "as expected: no violation found")
    row = outcome_row(quiet)
    assert (row["verdict"], row["seed"], row["profile"], row["swarm"]) == ("no violation found", 0, "ci", False)
    assert {"examples", "found_after"} <= set(row) and "lemmas" not in row


def test_run_job_judges_a_proof_result(tiny):
    model = tiny.counter(top=5)
    proved = run_job(Job(model, model.property_named("below_limit"), "z3-induction", options={"depth": 2},
                         entry=_entry("below_limit", Verdict.HOLDS)))
    assert (proved.result.verdict, proved.met) == (Verdict.PROVED, True)
    bounded = run_job(Job(model, model.property_named("below_limit"), "z3-bmc", options={"depth": 2},
                          entry=_entry("below_limit", Verdict.HOLDS)))
    assert (bounded.result.verdict, bounded.met, bounded.why) == \
        (Verdict.BOUNDED, False, "expected proved, got bounded")
    assert outcome_row(proved)["lemmas"] == []


def test_the_judge_of_a_family_is_chosen_by_name(tiny):
    model = tiny.counter(top=5)
    holds = run_job(Job(model, model.property_named("below_limit"), "explore")).result
    entry = _entry("below_limit", Verdict.HOLDS)
    assert judge(entry, holds, "exhaustive") == (True, "as expected")
    assert judge(entry, holds, "proof") == (False, "expected proved, got holds")


def test_run_jobs_saves_each_counterexample_and_exits_by_mode(tiny, tmp_path):
    jobs = [Job(m, m.property_named("below_limit"), "explore", entry=_entry("below_limit", Verdict.VIOLATED))
            for m in (tiny.counter(top=5, limit=3), tiny.counter(top=5))]
    seen = []
    outcomes = run_jobs(jobs, trace_dir=tmp_path, on_outcome=seen.append)
    assert seen == outcomes
    assert [o.met for o in outcomes] == [True, False]
    assert json.loads(outcomes[0].trace_path.read_text())["property"] == "below_limit"
    assert outcomes[1].trace_path is None
    assert (suite_status(outcomes), exit_status(outcomes, suite=False)) == (1, 1)
    assert suite_status(outcomes[:1]) == 0


def test_worst_case_leaves_the_model_properties_unchanged(tiny):
    model = tiny.counter(top=4)
    before = model.properties
    row = worst_case(model, "n", [], Budget())
    assert (row["worst"], row["verdict"], len(row["steps"])) == (4, "holds", 4)
    assert model.properties is before and [p.name for p in model.properties] == ["below_limit", "never_wraps", "no_deadlock"]


TRACE = Path(__file__).resolve().parents[2] / "traces" / "reference-rfc-no_data_loss-p2-r2.json"


@pytest.mark.parametrize("args", [["list"], ["replay", str(TRACE)],
                                  ["check", "--model", "reference", "--policy", "rfc", "-p", "pages=1",
                                   "--json", "--trace-dir", "t"]], ids=["list", "replay", "check"])
def test_commands_that_run_no_solver_or_sampler_import_neither(args, tmp_path):
    code = (f"import sys; from hintcheck.cli import main; main({args!r}); "
            "print(sorted(m for m in ('z3', 'hypothesis') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, check=False)
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stderr
