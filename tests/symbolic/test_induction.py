"""k-induction: proves `undo` with the lemmas, names the counterexample to induction without them."""
import pytest

from hintcheck.model.core import HintcheckError
from hintcheck.model.registry import load_spec
from hintcheck.floor.result import Verdict
from hintcheck.symbolic.induction import k_induction


def _model(policy, pages=2):
    return load_spec("reference").build(policy, {"pages": pages})


@pytest.mark.parametrize("pages", [1, 2, 3])
def test_undo_is_proved_with_the_lemmas(pages):
    m = _model("undo", pages)
    result = k_induction(m, m.property_named("no_data_loss"), 1, m.lemmas)
    assert result.verdict is Verdict.PROVED
    assert f"pages={pages}" in result.describe()


def test_without_lemmas_the_answer_is_unknown_with_a_counterexample_to_induction():
    m = _model("undo")
    result = k_induction(m, m.property_named("no_data_loss"), 1)
    assert result.verdict is Verdict.UNKNOWN
    cti = result.stats.extra["cti"]
    prop = m.property_named("no_data_loss")
    # The pair is what the user needs: the property holds before the step and fails after it.
    assert prop.predicate(m, cti.before) and not prop.predicate(m, cti.after)
    assert cti.failing == ("no_data_loss",)


def test_a_false_lemma_is_reported_by_name_not_assumed():
    m = _model("rfc")
    stable = m.property_named("in_use_is_stable")
    with pytest.raises(HintcheckError, match="lemma in_use_is_stable is not an invariant"):
        k_induction(m, m.property_named("no_data_loss"), 4, [stable])


def test_a_violated_property_gives_a_trace_not_unknown():
    m = _model("rfc")
    result = k_induction(m, m.property_named("no_data_loss"), 8)
    assert result.verdict is Verdict.VIOLATED
    assert len(result.trace.steps) == 7


@pytest.mark.parametrize("policy", ["rehash", "mirror"])
def test_commit_only_quiesced_is_proved_by_induction_on_the_hpt_model(policy):
    """An action property: with the commit-window lemma, no COMMIT step ever runs unquiesced."""
    m = load_spec("hpt").build(policy, {})
    prop = m.property_named("commit_only_quiesced")
    result = k_induction(m, prop, 1, m.lemmas)
    assert result.verdict is Verdict.PROVED, result.describe()
    assert "commit_window_quiesced" in result.describe()


def test_an_action_property_without_its_lemma_gets_a_counterexample_to_induction_on_a_step():
    m = load_spec("hpt").build("rehash", {})
    result = k_induction(m, m.property_named("commit_only_quiesced"), 1)
    assert result.verdict is Verdict.UNKNOWN
    cti = result.stats.extra["cti"]
    assert cti.failing == ("commit_only_quiesced",)
    assert cti.step.split("(")[0] in ("commit", "rehash_slot", "pivot_tables")
    assert cti.before.drv == 3 and 0 in cti.before.stopped[1:]        # COMMIT with a CPU running


def test_the_no_stop_machine_driver_is_violated_in_the_base_case():
    """Its violation takes 4 steps: 5-induction's base case (BMC to depth 4) finds it."""
    m = load_spec("hpt").build("no-stop-machine", {})
    result = k_induction(m, m.property_named("commit_only_quiesced"), 5, m.lemmas)
    assert result.verdict is Verdict.VIOLATED and len(result.trace.steps) == 4
