"""The hotplug model's fidelity options: seed 002's 1,024-LMB instance, failing grows, rollback, cost.

Each option is a 0/1 parameter, off by default (the pinned suite counts are
those of the model without them). The seed's instance is checked with
`runs=1`, where a run of LMBs with one target is one step; the tests below
also hold that compression against the per-LMB steps.
"""
import pytest

from hintcheck.engines import run_engine
from hintcheck.floor import Budget, Request, Verdict
from hintcheck.model.core import PolicyError
from hintcheck.model.hotplug.state import COST_CAP, Kind
from hintcheck.model.registry import load_spec
from hintcheck.runner import worst_case

SPEC = load_spec("hotplug")
POLICIES = sorted(SPEC.policies)

# Seed 002: "hotplugging 256GB on a 129GB guest took 710s without this patch, and 21s after".
# 129 GiB = 516 LMBs of 256 MiB; QEMU boots it at shift 31; 256 GiB = 1,024 LMBs.
SEED = {"boot": 516, "lmbs": 1024, "full": 1, "runs": 1, "batches": 1}


def _worst(policy, params, field="resizes", kind=Kind.ADD):
    row = worst_case(SPEC.build(policy, params), field, [("kind", int(kind))], Budget())
    assert row["verdict"] == "holds"
    return row


def test_seed_002_instance_retries_a_futile_shrink_on_every_one_of_1024_lmbs():
    got = {p: _worst(p, SEED)["worst"] for p in POLICIES}
    assert got == {"per-lmb-hysteresis": 1024, "no-shrink-on-add": 0, "batched": 0, "gibson": 1}


@pytest.mark.slow
def test_seed_002_cost_in_mib():
    """Per futile shrink: zero the 28 (29) table, scan the 31 one: 256 + 2,048 (512 + 2,048) MiB."""
    got = {p: _worst(p, {**SEED, "weigh": 1}, "cost")["worst"] for p in POLICIES}
    assert got == {"per-lmb-hysteresis": 508 * 2304 + 516 * 2560, "no-shrink-on-add": 0, "batched": 0,
                   "gibson": 2560}
    assert max(got.values()) < COST_CAP


@pytest.mark.slow
def test_seed_002_rollback_of_1023_added_lmbs():
    got = {p: _worst(p, {**SEED, "add_fails": 1}, kind=Kind.ROLLBACK)["worst"] for p in POLICIES}
    # mainline: 1,023 futile shrinks going in, 1,023 coming out; batched: the rollback is
    # not under hpt_resize_down_lock, so it shrinks per LMB (twice per LMB below 1,025 LMBs,
    # where its -ENOSPC fallback asks 29 after 28 fails)
    assert got == {"per-lmb-hysteresis": 2046, "no-shrink-on-add": 1023, "batched": 1531, "gibson": 1}


@pytest.mark.parametrize("params", [{}, pytest.param({"add_fails": 1}, marks=pytest.mark.slow),
                                    {"grow_fails": 1}, {"page_shift": 12}],
                         ids=["plain", "add_fails", "grow_fails", "4k"])
@pytest.mark.parametrize("policy", POLICIES)
def test_runs_give_the_per_lmb_worst_resizes(policy, params):
    """With every failure known to recur (the per-LMB model cannot retry with success) the compressed
    runs reach the same worst counts as one LMB at a time, for every batch kind."""
    for kind in (Kind.ADD, Kind.REMOVE) + ((Kind.ROLLBACK,) if params.get("add_fails") else ()):
        per_lmb = _worst(policy, {"batches": 1, **params}, kind=kind)["worst"]
        runs = _worst(policy, {"batches": 1, "runs": 1, **params}, kind=kind)["worst"]
        assert runs == per_lmb, (kind, per_lmb, runs)


CASES = [("grow_fails", {"grow_fails": 1}), ("add_fails", {"add_fails": 1}), ("weigh", {"weigh": 1}),
         ("runs", {"runs": 1, "add_fails": 1, "grow_fails": 1}), ("seed", {**SEED, "lmbs": 64})]


@pytest.mark.parametrize("name,params", CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("policy", POLICIES)
def test_plain_and_vector_engines_agree(policy, name, params):
    model = SPEC.build(policy, params)
    for prop in (p for p in model.properties if p.kind != "liveness"):
        plain, vector = (run_engine(e, Request(model, prop)) for e in ("explore", "vector"))
        assert plain.verdict is vector.verdict, prop.name
        if plain.verdict is Verdict.HOLDS:
            assert plain.stats.states == vector.stats.states, prop.name
        else:
            assert len(plain.trace.steps) == len(vector.trace.steps), prop.name


@pytest.mark.parametrize("policy", POLICIES)
def test_failing_grows_break_hpt_big_enough_but_not_its_honest_form(policy):
    model = SPEC.build(policy, {"grow_fails": 1})
    assert run_engine("explore", Request(model, model.property_named("hpt_big_enough"))).verdict is Verdict.VIOLATED
    kept = run_engine("explore", Request(model, model.property_named("hpt_big_enough_unless_refused")))
    assert kept.verdict is Verdict.HOLDS


def test_a_design_that_never_grows_on_remove_is_caught_even_when_grows_may_fail():
    model = SPEC.build("batched", {"grow_fails": 1, "page_shift": 12})
    prop = model.property_named("hpt_big_enough_unless_refused")
    assert run_engine("explore", Request(model, prop)).verdict is Verdict.VIOLATED


def test_rollback_goes_through_on_lmb(fire):
    model = SPEC.build("per-lmb-hysteresis", {"add_fails": 1, "lmbs": 2, "batches": 1})
    s = fire(model, [("request_add", 1), ("add_lmb",), ("shrink_fails",), ("add_lmb_fails",)])
    assert (s.kind, s.left, s.added, s.resizes) == (Kind.ROLLBACK, 1, 0, 1)
    s = fire(model, [("request_add", 1), ("add_lmb",), ("shrink_fails",), ("add_lmb_fails",), ("remove_lmb",)])
    assert s.want == 24 and s.mem == 2          # the removal asks for the shrink again (hysteresis)


def test_cost_weighs_prepare_and_commit(fire):
    model = SPEC.build("gibson", {"weigh": 1, "batches": 1})
    s = fire(model, [("request_add", 0), ("add_lmb",), ("end_batch",), ("resize_ok",)])
    assert (s.order, s.cost) == (24, 2**(24 - 20) + 2**(26 - 20))       # MiB zeroed + MiB scanned


def test_runs_refuse_a_design_that_does_not_declare_its_hooks_position_free():
    class ReadsLeft:
        def on_lmb(self, m, s, target):
            return s

    model = SPEC.build(ReadsLeft, {"runs": 1})
    with pytest.raises(PolicyError, match="same_per_run"):
        run_engine("explore", Request(model, model.property_named("resizes_per_batch")))
