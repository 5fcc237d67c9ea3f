"""Proofs for any number of pages, read from the same model definition, and lemma inference."""

import pytest
import z3

from hintcheck.model.core import HintcheckError
from hintcheck.model.registry import load_spec
from hintcheck.floor.result import Verdict
from hintcheck.symbolic.houdini import candidates, houdini_any, houdini_fixed
from hintcheck.symbolic.param import ParamSystem
from hintcheck.symbolic.prove import ProofPlan, prove


def _model(policy, pages=2):
    return load_spec("reference").build(policy, {"pages": pages})


def test_undo_is_proved_for_every_number_of_pages_with_the_written_lemmas():
    m = _model("undo")
    result = prove(m, m.property_named("no_data_loss"), ProofPlan(depth=6, unbounded=True, lemmas=m.lemmas))
    assert result.verdict is Verdict.PROVED
    assert "every number of pages" in result.describe()


def test_without_the_lemmas_the_property_alone_is_not_inductive_for_any_number():
    m = _model("undo")
    lemmas, ok = houdini_any(ParamSystem(m, "pages"), m.property_named("no_data_loss"), [], 20_000)
    assert not ok


def test_inference_finds_an_inductive_set_for_undo():
    m = _model("undo", pages=3)
    result = prove(m, m.property_named("no_data_loss"), ProofPlan(depth=4, unbounded=True))
    assert result.verdict is Verdict.PROVED, result.describe()
    lemmas = result.stats.extra["lemmas"]
    assert lemmas and all(text.startswith("for every page p:") for text in lemmas)
    assert result.stats.extra["mined"] > len(lemmas)


def test_inference_cannot_prove_rfc_even_for_fixed_n():
    """Mined lemmas are true on rfc's reachable states only up to what it reaches; the property is not."""
    m = _model("rfc")
    prop = m.property_named("no_data_loss")
    _, ok, _ = houdini_fixed(m, prop, candidates(m, "pages", 2, 4))
    assert not ok


def test_an_unbounded_attempt_on_rfc_ends_in_its_counterexample():
    m = _model("rfc")
    result = prove(m, m.property_named("no_data_loss"), ProofPlan(depth=8, unbounded=True))
    assert result.verdict is Verdict.VIOLATED
    assert len(result.trace.steps) == 7


def test_the_quantified_encoding_agrees_with_the_concrete_one_on_the_initial_state():
    """Init of the any-number encoding, restricted to 2 pages, is the concrete initial state."""
    m = _model("undo")
    system = ParamSystem(m, "pages")
    s = system.state("s")
    solver = z3.Solver()
    solver.add(system.initial(s), z3.Not(system.holds(m.property_named("in_use_is_stable"), s)))
    assert solver.check() == z3.unsat


def test_a_python_branch_on_state_is_refused_naming_the_action(python_if_policy):
    m = load_spec("reference").build(python_if_policy, {"pages": 2})
    system = ParamSystem(m, "pages")
    with pytest.raises(HintcheckError, match="on_alloc"):
        system.step(system.state("a"), system.state("b"), "k")
