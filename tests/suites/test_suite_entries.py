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
  found in `CROSS_CHECK_EXAMPLES` examples. An expected violation marked
  `walks = "rare"` (random walks are not expected to reach it: a long
  interleaving of several actors) is not required of the stateful search;
  whatever it finds must still replay to a violation.

A liveness entry has no Hypothesis counterpart (a random walk is finite);
its lasso is saved, loaded and replayed instead, which checks again that
the loop closes, is fair under the recorded fairness, and violates the
property.

Both runs go through the runner (`hintcheck.runner`): the entry's job, run
with its own engine and with `hypothesis`, judged by the runner's judge.
Entries marked `cost = "slow"` carry the `slow` marker (deselected by default).
"""
from dataclasses import replace

import pytest

from hintcheck.floor.result import Verdict
from hintcheck.model.registry import load_spec, model_names
from hintcheck.runner import default_suite, entry_job, run_job, trace_bound
from hintcheck.stateful import profile_named
from hintcheck.trace.format import Trace
from hintcheck.trace.save import save
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
    job = entry_job(entry)
    explicit = run_job(job)
    assert explicit.met, f"explicit engine: {explicit.why}"
    trace = explicit.result.trace
    if explicit.result.verdict is Verdict.VIOLATED:
        assert replay(trace, job.model).violated_at == len(trace.steps)

    if job.prop.kind == "liveness":
        if trace is not None:
            saved = Trace.load(save(trace, tmp_path))
            assert saved.loop is not None and replay(saved).verdict is Verdict.VIOLATED
        return
    if entry.walks == "rare":
        # Random walks are not expected to reach this violation (the entry says so, and only a violated
        # entry may): the explicit counterexample replayed above is the evidence; what the stateful search
        # finds, if anything, must still be a real violation.
        budget = replace(PROFILE, examples=CROSS_CHECK_EXAMPLES) if PROFILE.derandomized else PROFILE
        found = run_job(replace(job, engine="hypothesis", options={"profile": budget})).result
        if found.verdict is Verdict.VIOLATED:
            assert replay(Trace.load(save(found.trace, tmp_path))).verdict is Verdict.VIOLATED
        return
    shortest = len(trace.steps) if trace is not None else None
    fuzzed = run_job(replace(job, engine="hypothesis", options={"profile": _profile(entry)}), shortest=shortest)
    assert fuzzed.met, f"hypothesis engine: {fuzzed.why}"
    found = fuzzed.result
    if entry.expect is Verdict.VIOLATED:
        saved = Trace.load(save(found.trace, tmp_path))
        assert (saved.engine, saved.seed) == ("hypothesis", found.stats.extra["seed"])
        assert replay(saved).verdict is Verdict.VIOLATED
        assert len(saved.steps) <= trace_bound(entry, shortest)
