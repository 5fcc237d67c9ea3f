"""Every suite entry is a test: run as `hintcheck check` runs it, and again with Hypothesis.

The entries are the TOML data `hintcheck check` reads (properties/suites;
entries with a `prove` key belong to `hintcheck prove`), collected one test
per entry, so a suite file added later is tested with no change here. An
entry passes when

- the explicit engine meets the entry's expectation exactly as the CLI
  judges it (verdict, trace bound, pinned state count), and
- the generated Hypothesis machine agrees: an expected violation is found
  within the profile's budget (`ci` unless HINTCHECK_PROFILE says otherwise), its shrunk trace replays from its
  saved file to the same verdict, and it is at most two steps longer than
  the breadth-first shortest; for any other expectation no violation is
  found in `CROSS_CHECK_EXAMPLES` examples.

Entries marked `cost = "slow"` carry the `slow` marker (deselected by default).
"""
from dataclasses import replace

import pytest

from hintcheck.engines import run_check
from hintcheck.floor import Budget
from hintcheck.model.registry import load_spec, model_names
from hintcheck.floor.result import Verdict
from hintcheck.stateful import fuzz, profile_named
from hintcheck.stateful.judge import judge_stateful, trace_bound
from hintcheck.suite import default_suite, judge
from hintcheck.trace.format import Trace, save
from hintcheck.trace.replay import replay

ENTRIES = [e for e in default_suite() if e.prove is None]

# An entry expected to hold was just searched exhaustively; the stateful run
# beside it is a cross-check of the two engines, not the evidence, so under
# `ci` it gets a small budget (the full budget runs in `hintcheck fuzz`, and
# under HINTCHECK_PROFILE=thorough here).
CROSS_CHECK_EXAMPLES = 40
# Entries marked slow are the ones random walks rarely reach: under `ci` they
# get ten times the examples, each up to 50 steps (still derandomized, seed 0).
SLOW_FACTOR = 10
SLOW_STEPS = 50
PROFILE = profile_named()


def _param(entry):
    marks = [pytest.mark.slow] if entry.cost == "slow" else []
    return pytest.param(entry, id=f"{entry.source}:{entry.id}", marks=marks)


def test_suite_is_not_empty():
    assert ENTRIES, "no suite entries: the per-entry tests below would pass vacuously"


@pytest.mark.parametrize("name", model_names())
def test_every_policy_of_every_model_has_a_suite_entry(name):
    """A shipped design without an expected verdict would never be checked by `hintcheck check`."""
    covered = {e.policy for e in ENTRIES if e.model == name}
    assert covered == set(load_spec(name).policies)


def _profile(entry):
    """The stateful run's profile: the chosen one, resized under the derandomized `ci`."""
    if not PROFILE.derandomized:
        return PROFILE
    if entry.expect is not Verdict.VIOLATED:
        return replace(PROFILE, examples=CROSS_CHECK_EXAMPLES)
    if entry.cost == "slow":
        return replace(PROFILE, examples=PROFILE.examples * SLOW_FACTOR, steps=SLOW_STEPS)
    return PROFILE


@pytest.mark.parametrize("entry", [_param(e) for e in ENTRIES])
def test_entry_meets_its_expectation_with_both_engines(entry, tmp_path):
    model = load_spec(entry.model).build(entry.policy, entry.params)
    prop = model.property_named(entry.property)
    explicit = run_check(model, prop, Budget(entry.max_states, entry.max_depth, entry.keep_going),
                         entry.symmetry, entry.engine)
    ok, why = judge(entry, explicit)
    assert ok, f"explicit engine: {why}"
    if explicit.verdict is Verdict.VIOLATED:
        assert replay(explicit.trace, model).violated_at == len(explicit.trace.steps)

    shortest = len(explicit.trace.steps) if explicit.trace is not None else None
    found = fuzz(model, prop, _profile(entry))
    ok, why = judge_stateful(entry, found, shortest)
    assert ok, f"hypothesis engine: {why}"
    if entry.expect is Verdict.VIOLATED:
        saved = Trace.load(save(found.trace, tmp_path))
        assert (saved.engine, saved.seed) == ("hypothesis", found.stats.extra["seed"])
        assert replay(saved).verdict is Verdict.VIOLATED
        assert len(saved.steps) <= trace_bound(entry, shortest)
