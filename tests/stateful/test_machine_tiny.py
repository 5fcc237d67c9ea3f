"""The generated machine on tiny hand-made models with known answers."""
import pytest

from hintcheck.model.core import PolicyError
from hintcheck.model.registry import load_spec
from hintcheck.floor.result import Verdict
from hintcheck.stateful import fuzz


def _run(model, prop, **kw):
    kw.setdefault("use_database", False)
    return fuzz(model, model.property_named(prop), "ci", **kw)


def test_invariant_violation_shrinks_to_the_only_shortest_path(tiny):
    r = _run(tiny.counter(top=9, limit=4), "below_limit")
    assert r.verdict is Verdict.VIOLATED and r.engine == "hypothesis"
    assert [s.action for s in r.trace.steps] == ["inc"] * 4
    assert (r.trace.engine, r.trace.seed) == ("hypothesis", 0)


def test_action_property_is_checked_on_the_step_that_breaks_it(tiny):
    r = _run(tiny.counter(top=3), "never_wraps")
    assert [s.action for s in r.trace.steps] == ["inc", "inc", "inc", "wrap"]


def test_initial_state_violation_is_a_zero_step_trace(tiny):
    r = _run(tiny.counter(limit=0), "below_limit")
    assert r.verdict is Verdict.VIOLATED and r.trace.steps == ()


def test_a_property_that_holds_gives_no_violation_found_never_holds(tiny):
    r = _run(tiny.counter(top=5), "below_limit", examples=20)
    assert r.verdict is Verdict.NO_VIOLATION_FOUND and r.trace is None
    assert r.stats.extra["examples"] >= 20
    assert r.describe().startswith(f"no violation found in {r.stats.extra['examples']} examples")
    assert r.stats.fired["inc"] > 0 and r.stats.fired["wrap"] > 0


def test_arguments_are_drawn_only_from_enabled_instances(tiny):
    """Only the instance under the cursor may poke; a poke elsewhere fails the action property."""
    r = _run(tiny.cells(cells=4), "pokes_under_the_cursor", examples=60)
    assert r.verdict is Verdict.NO_VIOLATION_FOUND
    assert r.stats.fired["poke"] > 0 and r.stats.fired["move"] > 0


def test_parameterised_violation_sets_every_cell_once(tiny):
    r = _run(tiny.cells(cells=3), "some_cell_clear")
    pokes = sorted(s.args["cell"] for s in r.trace.steps if s.action == "poke")
    assert r.verdict is Verdict.VIOLATED and pokes == [0, 1, 2]
    # Shortest: poke, move, poke, move, poke. Shrinking may keep a detour of a
    # move or two (it deletes steps, it does not reorder them).
    assert 5 <= len(r.trace.steps) <= 5 + 2


def test_terminal_state_restarts_from_the_initial_state(tiny):
    """Without wrap the counter gets stuck at the top; the run starts again instead of idling."""
    r = _run(tiny.stuck(top=3), "below_limit", examples=20)
    assert r.verdict is Verdict.NO_VIOLATION_FOUND
    # Idling would fire inc at most 3 times per example.
    assert r.stats.fired["inc"] > 3 * r.stats.extra["examples"]


class Raises:
    """A user policy whose hook fails."""

    def on_alloc(self, m, s, page):
        raise KeyError("oops")


def test_a_raising_user_policy_is_one_error_naming_the_step():
    model = load_spec("reference").build(Raises(), {"pages": 1})
    with pytest.raises(PolicyError, match=r"hook on_alloc raised KeyError: 'oops' in step alloc\(page=0\)"):
        _run(model, "no_data_loss", examples=5)
