"""Profiles change what a run does: determinism, steps per example, the example database."""
import pytest

from hintcheck.model.core import HintcheckError
from hintcheck.model.registry import load_spec
from hintcheck.floor.result import Verdict
from hintcheck.stateful import PROFILES, fuzz, profile_named


def _lazy():
    model = load_spec("reference").build("lazy", {"pages": 2, "rounds": 2})
    return model, model.property_named("no_data_loss")


def test_ci_is_deterministic_and_records_seed_zero():
    model, prop = _lazy()
    first, second = (fuzz(model, prop, "ci") for _ in range(2))
    assert first.trace.seed == second.trace.seed == 0
    assert first.trace.steps == second.trace.steps
    assert first.stats.extra["found_after"] == second.stats.extra["found_after"]


def test_thorough_draws_a_seed_that_reproduces_the_run():
    model, prop = _lazy()
    first = fuzz(model, prop, "thorough", examples=300, use_database=False)
    again = fuzz(model, prop, "thorough", examples=300, seed=first.trace.seed, use_database=False)
    assert first.stats.extra["profile"] == "thorough"
    assert again.trace.steps == first.trace.steps
    assert again.stats.extra["found_after"] == first.stats.extra["found_after"]


def test_only_thorough_examples_are_long_enough_for_a_deep_violation(tiny):
    """The counter must be incremented 40 times in a row: ci runs 30 steps per example, thorough 100."""
    model = tiny.stuck(top=60, limit=40)
    prop = model.property_named("below_limit")
    assert PROFILES["ci"].steps < 40 < PROFILES["thorough"].steps
    assert fuzz(model, prop, "ci", examples=10).verdict is Verdict.NO_VIOLATION_FOUND
    deep = fuzz(model, prop, "thorough", examples=10, use_database=False)
    assert deep.verdict is Verdict.VIOLATED and len(deep.trace.steps) == 40


def test_thorough_remembers_a_failure_in_the_example_database(tmp_path):
    model, prop = _lazy()
    db = tmp_path / "examples"
    first = fuzz(model, prop, "thorough", examples=300, database=str(db))
    assert first.verdict is Verdict.VIOLATED and any(db.rglob("*"))
    again = fuzz(model, prop, "thorough", examples=300, database=str(db))
    assert again.stats.extra["found_after"] == 1        # replayed from the database first


def test_ci_refuses_an_example_database(tmp_path):
    model, prop = _lazy()
    with pytest.raises(HintcheckError, match="derandomized and keeps no example database"):
        fuzz(model, prop, "ci", database=str(tmp_path))


def test_environment_selects_the_profile(monkeypatch):
    monkeypatch.setenv("HINTCHECK_PROFILE", "thorough")
    assert profile_named().name == "thorough"
    assert profile_named("ci").name == "ci"           # an explicit choice wins
    monkeypatch.setenv("HINTCHECK_PROFILE", "fastest")
    with pytest.raises(HintcheckError, match="unknown profile 'fastest'; known: ci, thorough"):
        profile_named()
    monkeypatch.delenv("HINTCHECK_PROFILE")
    assert profile_named().name == "ci"
