"""no_retry_after_failed_shrink (C3) catches a retry of every target that failed in the batch.

Each design below shrinks at the start of a remove batch, reacts to -ENOSPC,
and asks again at the batch's last LMB. At the default parameters the guest
boots with order 26, so shrinks to 23, 24 and 25 are all possible and any
of them may fail.
"""
from __future__ import annotations

import json
import textwrap

import pytest

from hintcheck.engines import run_engine
from hintcheck.explore import explore
from hintcheck.floor import Budget, Request, Verdict
from hintcheck.model.core import And, ite
from hintcheck.model.hotplug.state import Kind
from hintcheck.model.registry import load_spec

SPEC = load_spec("hotplug")
PROPERTY = "no_retry_after_failed_shrink"
SHRINK_STEPS = ("resize_ok", "shrink_fails")

# Every engine that accepts the hotplug model, with options that find a violation
# reliably (the Hypothesis search is sampled: a fixed seed and enough examples).
ENGINES = {
    "explore": {},
    "vector": {},
    "hypothesis": {"examples": 200, "seed": 0, "use_database": False},
    "z3-bmc": {"depth": 8},
}


def _shrink_to(order: int, s, cond=True):
    return ite(And(cond, order < s.order), order, 0)


class RetryFirst:
    """Shrink to 24; after -ENOSPC ask 25 instead; at the last LMB ask 24 again."""

    name = "retry-first"

    def on_batch_start(self, m, s, target):
        return s.set(want=_shrink_to(24, s, s.kind == Kind.REMOVE))

    def on_shrink_failed(self, m, s, tried):
        return s.set(want=_shrink_to(25, s, tried == 24))

    def on_lmb(self, m, s, target):
        return s.set(want=_shrink_to(24, s, And(s.kind == Kind.REMOVE, s.left == 1)))


class RetryHigher:
    """Shrink to 23; after -ENOSPC ask 24; at the last LMB ask 24 again.

    A record of only the lowest failed target (23) lets the second 24 through.
    """

    name = "retry-higher"

    def on_batch_start(self, m, s, target):
        return s.set(want=_shrink_to(23, s, s.kind == Kind.REMOVE))

    def on_shrink_failed(self, m, s, tried):
        return s.set(want=_shrink_to(24, s, tried == 23))

    def on_lmb(self, m, s, target):
        return s.set(want=_shrink_to(24, s, And(s.kind == Kind.REMOVE, s.left == 1)))


class RetryAfterLower:
    """Shrink to 24; after -ENOSPC ask 23; after -ENOSPC again stop; at the last LMB ask 24."""

    name = "retry-after-lower"

    def on_batch_start(self, m, s, target):
        return s.set(want=_shrink_to(24, s, s.kind == Kind.REMOVE))

    def on_shrink_failed(self, m, s, tried):
        return s.set(want=_shrink_to(23, s, tried == 24))

    def on_lmb(self, m, s, target):
        return s.set(want=_shrink_to(24, s, And(s.kind == Kind.REMOVE, s.left == 1)))


def _check(policy, engine: str):
    model = SPEC.build(policy, {})
    return run_engine(engine, Request(model, model.property_named(PROPERTY), options=ENGINES[engine]))


def _last_shrink(trace) -> tuple[int, list[int]]:
    """The target of the trace's final (violating) shrink, and the targets that failed before it in its batch."""
    befores = [trace.init, *trace.states[:-1]]
    steps = list(zip(trace.steps, befores))
    last, before = steps[-1]
    assert last.action in SHRINK_STEPS and before["want"] < before["order"], last
    start = max(i for i, (st, _) in enumerate(steps) if st.action.startswith("request_"))
    failed = [b["want"] for st, b in steps[start:-1] if st.action == "shrink_fails"]
    return before["want"], failed


@pytest.mark.parametrize("engine", list(ENGINES))
def test_asking_again_for_a_failed_target_later_in_the_batch_is_violated_on_every_engine(engine):
    result = _check(RetryFirst, engine)
    assert result.verdict is Verdict.VIOLATED, result.describe()
    target, failed = _last_shrink(result.trace)
    assert target == 24 and 24 in failed


@pytest.mark.parametrize("engine", list(ENGINES))
def test_retrying_a_failed_target_above_the_lowest_failed_one_is_violated_on_every_engine(engine):
    """The retry a lowest-failed-target record missed: 23 fails, 24 fails, 24 is asked again."""
    result = _check(RetryHigher, engine)
    assert result.verdict is Verdict.VIOLATED, result.describe()
    target, failed = _last_shrink(result.trace)
    assert target in failed and target > min(failed), (target, failed)
    if engine != "hypothesis":                 # the sampled search shrinks, but promises no minimum
        assert len(result.trace.steps) == 5


def test_a_failed_shrink_then_a_lower_failed_shrink_then_the_first_again_is_caught(fire):
    """24 fails, 23 fails, 24 is asked again: the shrink to 23 is already below a failed target.

    The shortest counterexample stops there; the later request for 24 is a
    violation too, because the batch still records 24 as failed.
    """
    model = SPEC.build(RetryAfterLower, {})
    prop = model.property_named(PROPERTY)
    result = explore(model, prop, Budget())
    assert result.verdict is Verdict.VIOLATED
    assert [str(st) for st in result.trace.steps[:2]] == ["request_remove(last=0)", "shrink_fails()"]
    assert _last_shrink(result.trace) == (23, [24])

    before = fire(model, [("request_remove", 0), ("shrink_fails",), ("shrink_fails",), ("remove_lmb",)])
    assert (before.order, before.want, before.failed) == (26, 24, 24)
    step = next(i.step for i in model.instances if i.action.name == "shrink_fails")
    after = model.action_named("shrink_fails").effect(model, before)
    assert prop.predicate(model, before, step, after) is False


def test_shrink_fails_records_the_highest_failed_target_and_a_new_batch_clears_it(fire):
    model = SPEC.build(RetryAfterLower, {"lmbs": 2})
    s = fire(model, [("request_remove", 1), ("shrink_fails",)])
    assert (s.failed, s.want) == (24, 23)
    s = fire(model, [("request_remove", 1), ("shrink_fails",), ("shrink_fails",)])
    assert (s.failed, s.want) == (24, 0)
    s = fire(model, [("request_remove", 0), ("shrink_fails",), ("shrink_fails",), ("remove_lmb",),
                     ("shrink_fails",), ("resize_ok",), ("end_batch",), ("settle",), ("request_remove", 0)])
    assert (s.order, s.failed, s.started) == (23, 0, 2)


@pytest.mark.parametrize("engine", ["explore", "vector"])
def test_batched_still_holds_no_retry_after_failed_shrink(engine):
    """hash_batch_shrink_end() asks for one order more after each -ENOSPC: never a failed target."""
    model = SPEC.build("batched", {})
    result = run_engine(engine, Request(model, model.property_named(PROPERTY)))
    assert (result.verdict, result.stats.states) == (Verdict.HOLDS, 938)


def test_batched_has_no_retry_within_twelve_steps_for_bmc():
    model = SPEC.build("batched", {})
    result = run_engine("z3-bmc", Request(model, model.property_named(PROPERTY), options={"depth": 12}))
    assert result.verdict is Verdict.BOUNDED


DESIGN = textwrap.dedent('''
    from hintcheck.model.core import And, ite
    from hintcheck.model.hotplug.state import Kind


    class P:
        """Shrink to 23; after -ENOSPC ask 24; at the last LMB ask 24 again."""

        def on_batch_start(self, m, s, target):
            return s.set(want=ite(And(s.kind == Kind.REMOVE, 23 < s.order), 23, 0))

        def on_shrink_failed(self, m, s, tried):
            return s.set(want=ite(And(tried == 23, 24 < s.order), 24, 0))

        def on_lmb(self, m, s, target):
            return s.set(want=ite(And(s.kind == Kind.REMOVE, s.left == 1, 24 < s.order), 24, 0))
''')


def test_a_design_file_that_retries_a_failed_target_is_violated_from_the_cli(run_cli, tmp_path):
    design = tmp_path / "design.py"
    design.write_text(DESIGN)
    traces = tmp_path / "traces"
    code, out, err = run_cli("check", "--model", "hotplug", "--policy", f"{design}:P", "--property", PROPERTY,
                             "--trace-dir", str(traces))
    assert code == 1, (out, err)
    assert "violated: counterexample of 5 steps" in out
    (saved,) = traces.iterdir()
    steps = [st["action"] for st in json.loads(saved.read_text())["steps"]]
    assert steps == ["request_remove", "shrink_fails", "shrink_fails", "remove_lmb", "resize_ok"]
    code, out, err = run_cli("replay", str(saved))
    assert code == 1, (out, err)
