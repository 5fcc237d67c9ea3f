"""The hpt model against the real mechanisms: the secondary PTEG and its H bit, the rehash rebuilt
from AVPN and old PTEG index, QEMU's bookkeeping, host quiescence and a preemptible bolted insert."""
import pytest

from hintcheck.explore import explore
from hintcheck.model.core import And, Not, Property, every
from hintcheck.model.hpt.host import commit
from hintcheck.model.hpt.state import HASHES, Drv, Prep, Rc
from hintcheck.model.hpt.table import findable, group_of, insert, rebuilt_group, secondary_of
from hintcheck.model.registry import load_spec
from tests.models.test_hpt_model import _run

SPEC = load_spec("hpt")
# One slot per PTEG stands for a PTEG whose every slot is bolted; all three mappings bolted.
FULL = {"secondary": 1, "slots": 1, "bolted": 3}
GROW = ["request(k=2)", "allocated()", "poll()", "stop(cpu=1)", "commit()"]


def _bolted_ok(model, state):
    return model.property_named("no_lost_bolted").predicate(model, state)


def test_secondary_group_is_the_complement_hash_masked():
    assert [secondary_of(1, k) for k in range(3)] == [0, 0, 0]          # hash 3: ~3 = ...100
    assert [secondary_of(2, k) for k in range(3)] == [0, 0, 2]          # hash 1: ~1 = ...110


@pytest.mark.parametrize("policy", ["rehash", "rehash-wrong-pshift"])
def test_rebuilt_group_is_the_true_group_for_base_pages_and_a_correct_host(policy):
    """For a correctly placed entry (primary with H = 0, secondary with H = 1) the PTEG rebuilt from
    AVPN and old PTEG index is the true one at every new order, except a large page on the wrong host."""
    model = SPEC.build(policy, {"secondary": 1})
    for e, h in enumerate(HASHES):
        for old in range(3):
            for new in range(3):
                for hbit in (0, 1):
                    g = (~h if hbit else h) % (1 << old)
                    want = (~h if hbit else h) % (1 << new)
                    got = rebuilt_group(model, e, g, hbit, old, new)
                    assert got == want or (policy != "rehash" and e < model.large), (e, old, new, hbit)


def test_the_rehash_complements_the_hash_of_an_entry_with_the_h_bit():
    """Found in PTEG 0 of an order-1 table, mapping 2 (hash 1) goes to its secondary PTEG 2 of order 2 with
    H; without H the host takes it for a primary entry and rebuilds hash | index = 1, its primary PTEG."""
    model = SPEC.build("rehash", FULL)
    assert rebuilt_group(model, 2, 0, 1, 1, 2) == secondary_of(2, 2) == 2
    assert rebuilt_group(model, 2, 0, 0, 1, 2) == group_of(2, 2) == 1
    assert rebuilt_group(model, 1, 0, 0, 1, 2) == 3 == group_of(1, 2)     # hash 3 | index 0


def test_a_fault_falls_back_to_the_secondary_group_with_the_h_bit_and_a_bolted_insert_without():
    model = SPEC.build("rehash", {"secondary": 1, "slots": 1, "bolted": 1})
    full = (0, 2, 0)                                        # mapping 1 holds PTEG 1 of the order-1 table
    assert insert(model, full, 2, 1, 1) == (1, 1)           # mapping 2 (not bolted): PTEG 0, H set
    bolted = SPEC.build("rehash", FULL)
    assert insert(bolted, full, 2, 1, 1) == (1, 0)          # htab_bolt_mapping(): PTEG 0, no H bit


def test_mainline_bolted_secondary_insert_is_unfindable_and_the_h_bit_fixes_it():
    """htab_bolt_mapping()'s secondary try passes HPTE_V_BOLTED only: the MMU looks for H = 1 there."""
    steps = ["fault(cpu=1, e=1)", "h_enter(cpu=1)", "fault(cpu=1, e=2)", "h_enter(cpu=1)"]
    mainline = SPEC.build("rehash", FULL)
    s = _run(mainline, steps)
    assert (s.cur, s.hcur) == ((0, 2, 1), (0, 0, 0)) and not _bolted_ok(mainline, s)
    fixed = SPEC.build("rehash", FULL | {"bolt_hbit": 1})
    s = _run(fixed, steps)
    assert (s.cur, s.hcur) == ((0, 2, 1), (0, 0, 1)) and _bolted_ok(fixed, s)
    s = _run(fixed, GROW + ["rehash_slot()", "rehash_slot()", "pivot_tables()", "resume()"], s)
    assert (s.order, s.cur, s.hcur) == (2, (0, 4, 3), (0, 0, 1))       # mapping 2: PTEG 2 = ~1 & 3, H kept
    assert findable(fixed, s.cur[2], s.hcur[2], 2, 2) and _bolted_ok(fixed, s)


def test_a_host_decoding_the_wrong_page_size_loses_the_large_bolted_page_on_a_grow():
    model = SPEC.build("rehash-wrong-pshift")
    result = explore(model, model.property_named("no_lost_bolted"))
    assert result.verdict.value == "violated" and len(result.trace.steps) == 12
    assert result.trace.steps[-1].action == "pivot_tables"
    base = SPEC.build("rehash-wrong-pshift", {"large": 0})            # every mapping a base page: no loss
    assert explore(base, base.property_named("no_lost_bolted")).verdict.value == "holds"


def test_qemu_keeps_a_failed_preparation_until_another_order_replaces_it():
    model = SPEC.build("qemu")
    s = _run(model, ["request(k=2)", "alloc_fails()", "poll()"])
    assert (s.drv, s.prep, s.porder) == (Drv.IDLE, Prep.FAILED, 2)     # H_NO_MEM, and still pending
    s = _run(model, ["request(k=2)"], s)
    assert (s.drv, s.prep) == (Drv.IDLE, Prep.FAILED)                  # the same answer, no new allocation
    s = _run(model, ["request(k=0)"], s)
    assert (s.drv, s.prep, s.porder) == (Drv.POLL, Prep.ALLOC, 0)
    kvm = _run(SPEC.build("rehash"), ["request(k=2)", "alloc_fails()", "poll()"])
    assert (kvm.drv, kvm.prep) == (Drv.IDLE, Prep.NONE)                # KVM releases it on report


def test_qemu_commit_does_not_check_the_result_but_the_faithful_driver_never_reaches_it():
    qemu = SPEC.build("qemu")
    s = _run(qemu, ["request(k=2)", "alloc_fails()"]).set(drv=Drv.SYNC)
    assert commit(qemu, s).drv == Drv.COMMIT                           # it goes on to rehash
    kvm = SPEC.build("rehash")
    assert (commit(kvm, s).rc, commit(kvm, s).prep) == (Rc.BUSY, Prep.NONE)
    never = Property("no_commit_on_failed", "invariant",
                     lambda m, st: Not(And(st.drv == Drv.COMMIT, st.prep == Prep.FAILED)))
    qemu.properties = qemu.properties + (never,)        # a trace's replay looks its property up
    assert explore(qemu, never).verdict.value == "holds"


def test_host_quiescence_closes_the_rehash_window_but_not_the_stale_hash():
    """With host_quiesce no update lands between COMMIT and the pivot; the loss that remains is an
    H_ENTER hashed with the old order before COMMIT and made after the pivot."""
    model = SPEC.build("no-stop-machine", {"host_quiesce": 1})
    result = explore(model, model.property_named("no_lost_bolted"))
    names = [st.action for st in result.trace.steps]
    assert result.verdict.value == "violated" and names[-1] == "h_enter"
    window = names[names.index("commit"):names.index("pivot_tables")]
    assert "h_enter" not in window and "h_remove" not in window
    one = SPEC.build("no-stop-machine", {"host_quiesce": 1, "maps": 1, "bolted": 1})
    assert explore(one, one.property_named("no_lost_bolted")).verdict.value == "holds"
    bare = SPEC.build("no-stop-machine", {"maps": 1, "bolted": 1})
    trace = explore(bare, bare.property_named("no_lost_bolted")).trace
    names = [st.action for st in trace.steps]
    assert "h_enter" in names[names.index("commit"):names.index("pivot_tables")]


def test_a_preempted_bolted_insert_crosses_a_resize_with_the_old_hash_mask():
    model = SPEC.build("rehash", {"preempt_bolt": 1})
    result = explore(model, model.property_named("no_lost_bolted"))
    names = [str(st) for st in result.trace.steps]
    assert result.verdict.value == "violated" and len(names) == 13
    assert names.index("fault(cpu=1, e=1)") < names.index("stop(cpu=1)") < names.index("h_enter(cpu=1)")
    assert names.index("resume()") < names.index("h_enter(cpu=1)")


def test_z3_proves_quiescence_and_finds_the_h_bit_loss_at_the_breadth_first_length():
    """The symbolic engine takes the new mechanisms too: every option on, and the mainline H-bit trace."""
    import hintcheck
    every_option = {"secondary": 1, "host_quiesce": 1, "preempt_bolt": 1}
    lemmas = ["commit_window_quiesced", "copy_cursor_in_table", "no_copy_during_commit"]
    proved = hintcheck.prove("hpt", "qemu", "commit_only_quiesced", every_option, lemmas=lemmas)
    assert proved.verdict.value == "proved"
    found = hintcheck.prove("hpt", "rehash", "no_lost_bolted", FULL, method="bmc", depth=4)
    assert found.verdict.value == "violated" and len(found.trace.steps) == 4


@pytest.mark.parametrize("policy", ["qemu", "no-stop-machine"])
def test_engines_agree_with_every_new_mechanism_on(policy):
    """Compiled, vector and (on a budget) interpreted searches count the same space, H bits included."""
    from hintcheck.floor import Budget
    from hintcheck.vector import explore_vector
    params = FULL | {"bolt_hbit": 1, "host_quiesce": 1, "preempt_bolt": 1, "orders": 2}
    model = SPEC.build(policy, params)
    prop = model.property_named("no_lost_bolted")
    fast = explore(model, prop, Budget(keep_going=True))
    arrays = explore_vector(model, prop, Budget(keep_going=True))
    assert fast.stats.states == arrays.stats.states > 5000
    cut = Budget(max_states=1500, keep_going=True)
    assert explore(model, prop, cut).stats.states == explore(model, prop, cut, compiled=False).stats.states
    secondary = Property("no_h_bit", "invariant", lambda m, st: every(h == 0 for h in st.hcur))
    model.properties = model.properties + (secondary,)
    assert explore(model, secondary).verdict.value == "violated"       # the H bit is really exercised
