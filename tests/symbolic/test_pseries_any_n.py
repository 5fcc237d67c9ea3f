"""pseries `undo` proved for every number of pages; the designs without a timely undo are not."""
import pytest

from hintcheck.explore import explore
from hintcheck.model.registry import load_spec
from hintcheck.floor.result import Verdict
from hintcheck.symbolic.prove import ProofPlan, prove
from hintcheck.trace.replay import replay

PROPERTY = "no_data_loss_stable"


def _model(policy, **params):
    return load_spec("pseries").build(policy, {"pages": 2, **params})


@pytest.mark.parametrize("params", [{}, {"cmo": 1}, {"lazy_clear": 1}, {"cmo": 1, "lazy_clear": 1, "cpus": 2}],
                         ids=["default", "cmo", "lazy-clear", "cmo-lazy-clear-2cpus"])
def test_undo_is_proved_for_every_number_of_pages_with_the_written_lemmas(params):
    m = _model("undo", **params)
    result = prove(m, m.property_named(PROPERTY), ProofPlan(depth=4, unbounded=True, lemmas=m.lemmas))
    assert result.verdict is Verdict.PROVED, result.describe()
    assert result.engine == "z3-any-n"
    assert "every number of pages" in result.describe()
    # The per-CPU list length and the remaining-page count are cardinalities: abstracted, and said so.
    assert result.stats.extra["abstracted"] == ["action complete", "action free", "action refill", "action sync"]
    assert "count() over pages abstracted" in result.describe()


@pytest.mark.parametrize("missing", ["in_use_is_active", "fetched_is_queued", "in_use_is_queued_or_current"])
def test_each_written_lemma_is_needed(missing):
    """Without any one of them the rest is not even 1-inductive for two pages (so not for every N)."""
    m = _model("undo", lazy_clear=1)
    lemmas = tuple(c for c in m.lemmas if c.name != missing)
    result = prove(m, m.property_named(PROPERTY), ProofPlan(depth=2, induction=1, lemmas=lemmas))
    assert result.verdict is Verdict.UNKNOWN, result.describe()
    assert result.stats.extra["cti"] is not None


def test_a_solver_that_gives_up_is_named_in_the_verdict():
    """For every N, the query without a needed lemma is hard: a short timeout ends it, and says so."""
    m = _model("undo")
    lemmas = tuple(c for c in m.lemmas if c.name != "in_use_is_active")
    result = prove(m, m.property_named(PROPERTY), ProofPlan(depth=1, unbounded=True, lemmas=lemmas, timeout_s=1))
    assert result.verdict is Verdict.UNKNOWN
    assert result.stats.extra["timed_out"] == [PROPERTY]
    assert f"the solver gave up after 1 s on {PROPERTY}" in result.describe()


def test_inference_finds_an_inductive_set_for_undo():
    m = _model("undo")
    result = prove(m, m.property_named(PROPERTY), ProofPlan(depth=2, unbounded=True))
    assert result.verdict is Verdict.PROVED, result.describe()
    lemmas = result.stats.extra["lemmas"]
    assert lemmas and all(text.startswith("for every page p:") for text in lemmas)
    # Some lemma must say what undo's SET_ACTIVE guarantees: a page in use is active.
    assert any("loc[p] != 0" in text and "hs[p] == ACTIVE" in text for text in lemmas), lemmas


@pytest.mark.parametrize("policy,params", [("rfc", {}), ("lazy-undo", {}), ("cmo", {"cmo": 1})])
def test_designs_that_lose_data_are_never_proved(policy, params):
    """Without BMC first (depth 0) the proof must fail on its own; with it, BMC gives the BFS trace."""
    m = _model(policy, **params)
    prop = m.property_named(PROPERTY)
    alone = prove(m, prop, ProofPlan(depth=0, unbounded=True))
    assert alone.verdict is Verdict.UNKNOWN, alone.describe()
    found = prove(m, prop, ProofPlan(depth=12, unbounded=True))
    assert found.verdict is Verdict.VIOLATED and found.engine == "z3-bmc"
    assert len(found.trace.steps) == len(explore(m, prop).trace.steps)
    assert replay(found.trace).verdict is Verdict.VIOLATED
