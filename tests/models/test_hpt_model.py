"""The hpt model: compiled successors, reachability of every return code, table geometry."""
import pytest

from hintcheck.explore import explore

from hintcheck.floor import Budget
from hintcheck.floor.interpret import apply, enabled, find_instance
from hintcheck.model.core import Not, Property, Step
from hintcheck.model.hpt.state import Drv, Prep, Rc
from hintcheck.model.hpt.table import group_of, place, rehashed
from hintcheck.model.registry import load_spec

SPEC = load_spec("hpt")


@pytest.mark.parametrize("policy", sorted(SPEC.policies))
def test_every_policy_compiles_to_straight_line_successors(policy):
    model = SPEC.build(policy)
    for prop in (p for p in model.properties if p.kind != "liveness"):
        result = explore(model, prop, Budget(max_states=3000))
        assert result.stats.extra["successors"] == "compiled", result.stats.extra


@pytest.mark.parametrize("policy,length", [("mirror-no-stop-machine", 10), ("assume-committed", 9)])
def test_the_deep_bolted_losses_are_found_at_their_shortest_length(policy, length):
    """These two suite entries are marked slow for the stateful engine; the BFS finds them at once."""
    model = SPEC.build(policy)
    result = explore(model, model.property_named("no_lost_bolted"))
    assert result.verdict.value == "violated" and len(result.trace.steps) == length


def test_compiled_and_interpreted_search_agree_on_a_small_table():
    model = SPEC.build("mirror", {"orders": 2, "boot": 0, "maps": 2, "bolted": 1})
    prop = model.property_named("no_lost_bolted")
    fast = explore(model, prop, Budget(keep_going=True))
    slow = explore(model, prop, Budget(keep_going=True), compiled=False)
    assert slow.stats.extra["successors"] == "interpreted"
    assert (fast.stats.states, fast.stats.transitions, fast.stats.fired) == \
           (slow.stats.states, slow.stats.transitions, slow.stats.fired)


def _reachable(model, name, pred):
    """A shortest path to a state meeting `pred`, or None when none is reachable."""
    prop = Property(name, "invariant", lambda m, s: Not(pred(s)))
    model.properties = model.properties + (prop,)      # a trace's replay looks its property up
    result = explore(model, prop)
    return None if result.trace is None else [str(st) for st in result.trace.steps]


@pytest.mark.parametrize("rc", [Rc.SUCCESS, Rc.CLOSED, Rc.PTEG_FULL])
def test_the_faithful_protocol_reaches_every_commit_outcome(rc):
    """Otherwise `holds` could be vacuous: a commit that never fails proves nothing about failures."""
    model = SPEC.build("rehash")
    assert _reachable(model, f"rc_{rc.name}", lambda s: s.rc == rc) is not None


def test_a_shrink_collision_on_host_b_fails_the_preparation():
    model = SPEC.build("mirror")
    steps = ["fault(cpu=1, e=1)", "h_enter(cpu=1)", "fault(cpu=1, e=0)", "h_enter(cpu=1)",
             "request(k=0)", "allocated()", "copy_slot()", "copy_slot()", "copy_slot()"]
    s = _run(model, steps)
    assert s.prep == Prep.FAILED and s.new == (1, 0, 0)
    s = _run(model, ["poll()"], s)
    assert (s.drv, s.prep, s.order, s.gorder) == (Drv.IDLE, Prep.NONE, 1, 1)


def test_a_successful_shrink_keeps_both_bolted_entries_findable():
    """e2 takes slot 0 of PTEG 1, so e1 lands in slot 1 and cannot collide with e0 when merged."""
    model = SPEC.build("rehash")
    steps = ["fault(cpu=1, e=2)", "h_enter(cpu=1)", "fault(cpu=1, e=1)", "h_enter(cpu=1)",
             "fault(cpu=1, e=0)", "h_enter(cpu=1)",
             "request(k=0)", "allocated()", "poll()", "stop(cpu=1)", "commit()"]
    s = _run(model, steps)
    assert s.cur == (1, 4, 3) and s.drv == Drv.COMMIT
    s = _run(model, ["rehash_slot()"] * 4 + ["pivot_tables()", "resume()"], s)
    assert (s.order, s.gorder, s.cur, s.gmap) == (0, 0, (1, 2, 0), (1, 1, 1))
    assert all(p.predicate(model, s) for p in model.properties if p.kind == "invariant")


def test_a_shrink_onto_a_bolted_collision_fails_and_keeps_the_old_table():
    model = SPEC.build("rehash")
    steps = ["fault(cpu=1, e=1)", "h_enter(cpu=1)", "fault(cpu=1, e=0)", "h_enter(cpu=1)",
             "request(k=0)", "allocated()", "poll()", "stop(cpu=1)", "commit()",
             "rehash_slot()", "rehash_slot()", "rehash_slot()"]
    s = _run(model, steps)
    assert (s.rc, s.prep, s.order, s.cur) == (Rc.PTEG_FULL, Prep.NONE, 1, (1, 3, 0))
    s = _run(model, ["resume()"], s)
    assert s.gorder == 1 and s.drv == Drv.IDLE


def _run(model, steps, state=None):
    state = model.init() if state is None else state
    for text in steps:
        name, _, rest = text.partition("(")
        args = dict(kv.split("=") for kv in rest.rstrip(")").split(", ") if kv)
        inst = find_instance(model, Step(name, {k: int(v) for k, v in args.items()}))
        assert inst is not None and enabled(model, inst, state), text
        state = apply(model, inst, state)
    return state


def test_geometry_masks_the_hash_and_keeps_the_slot():
    model = SPEC.build("rehash")
    assert [group_of(1, k) for k in range(3)] == [0, 1, 3]
    assert rehashed(model, 1, 4, 0, 1, 2) == 3 * 2 + 1 + 1  # slot 1 of PTEG 1 (order 1) -> slot 1 of PTEG 3
    full = (1, 2, 0)                                        # PTEG 0 holds e0 and e1
    assert place(model, full, 2, 0, 1) == 0                 # e2 hashed at order 0: PTEG 0 is full
    assert place(model, full, 2, 1, 1) == 3                 # at order 1: PTEG 1, slot 0
    assert place(model, (0, 0, 0), 1, 2, 1) == 0            # hashed at order 2: PTEG 3 is off a 2-PTEG table


@pytest.mark.parametrize("params", [{"orders": 2, "boot": 2}, {"maps": 2, "bolted": 3}])
def test_parameters_that_contradict_each_other_are_one_line_and_exit_2(params):
    from click.testing import CliRunner
    from hintcheck.cli import main
    args = ["check", "--model", "hpt", "--policy", "rehash"]
    for k, v in params.items():
        args += ["-p", f"{k}={v}"]
    with CliRunner().isolation() as (out, err, *_):
        code = main(args)
        text = err.getvalue().decode()
    assert code == 2 and len(text.strip().splitlines()) == 1 and "need boot < orders" in text
