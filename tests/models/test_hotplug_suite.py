"""The hotplug suite entries (properties/suites/hotplug.toml) meet their expectations.

The same entries run under `hintcheck check`; here each is one test, and a
violated entry's counterexample must also replay to its violation. Entries
marked `cost = "slow"` carry the `slow` marker.
"""
from pathlib import Path

import pytest

from hintcheck.engines import run_check
from hintcheck.explore import Budget
from hintcheck.model.registry import load_spec
from hintcheck.result import Verdict
from hintcheck.suite import judge, load_entries, suite_dir
from hintcheck.trace.replay import replay

ENTRIES = load_entries(Path(suite_dir()) / "hotplug.toml")


def test_every_hotplug_policy_has_a_suite_entry():
    assert ENTRIES
    policies = {e.policy for e in ENTRIES}
    assert policies == set(load_spec("hotplug").policies)


def _param(entry):
    marks = [pytest.mark.slow] if entry.cost == "slow" else []
    return pytest.param(entry, id=entry.id, marks=marks)


@pytest.mark.parametrize("entry", [_param(e) for e in ENTRIES])
def test_hotplug_entry_meets_its_expectation(entry):
    model = load_spec(entry.model).build(entry.policy, entry.params)
    prop = model.property_named(entry.property)
    result = run_check(model, prop, Budget(entry.max_states, entry.max_depth, entry.keep_going),
                       entry.symmetry)
    ok, why = judge(entry, result)
    assert ok, why
    if result.verdict is Verdict.VIOLATED:
        assert replay(result.trace, model).violated_at == len(result.trace.steps)
