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
import pytest

from hintcheck.engines import run_check
from hintcheck.explore import Budget
from hintcheck.model.registry import load_spec
from hintcheck.result import Verdict
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
PROFILE = profile_named()


def _param(entry):
    marks = [pytest.mark.slow] if entry.cost == "slow" else []
    return pytest.param(entry, id=f"{entry.source}:{entry.id}", marks=marks)


def test_suite_is_not_empty():
    assert ENTRIES, "no suite entries: the per-entry tests below would pass vacuously"


@pytest.mark.parametrize("entry", [_param(e) for e in ENTRIES])
def test_entry_meets_its_expectation_with_both_engines(entry, tmp_path):
    model = load_spec(entry.model).build(entry.policy, entry.params)
    prop = model.property_named(entry.property)
    explicit = run_check(model, prop, Budget(entry.max_states, entry.max_depth, entry.keep_going),
                         entry.symmetry, entry.engine)
    ok, why = judge(entry, explicit)
    assert ok, f"explicit engine: {why}"

    shortest = len(explicit.trace.steps) if explicit.trace is not None else None
    cross_check = entry.expect is not Verdict.VIOLATED and PROFILE.derandomized
    found = fuzz(model, prop, PROFILE, examples=CROSS_CHECK_EXAMPLES if cross_check else None)
    ok, why = judge_stateful(entry, found, shortest)
    assert ok, f"hypothesis engine: {why}"
    if entry.expect is Verdict.VIOLATED:
        saved = Trace.load(save(found.trace, tmp_path))
        assert (saved.engine, saved.seed) == ("hypothesis", found.stats.extra["seed"])
        assert replay(saved).verdict is Verdict.VIOLATED
        assert len(saved.steps) <= trace_bound(entry, shortest)
