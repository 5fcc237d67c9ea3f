"""Actions of the hotplug model: DLPAR batches, per-LMB section mapping, resizes.

A batch is one DLPAR request (`dlpar_memory_add_by_count()` /
`dlpar_memory_remove_by_count()` in arch/powerpc/platforms/pseries/
hotplug-memory.c) of n LMBs. Each LMB goes through `dlpar_add_lmb()` ->
`__add_memory()` -> `arch_add_memory()` -> `hash__create_section_mapping()`
(or the remove path down to `hash__remove_section_mapping()`), where the
mainline kernel calls `resize_hpt_for_hotplug(memblock_phys_mem_size())`.
The policy decides, at its hooks, whether to ask for a resize; a resize
is one `pseries_lpar_resize_hpt()` (PREPARE loop + stop_machine COMMIT,
see the hpt model) and is counted in `resizes`.

On add, memblock already holds the new LMB when the section is mapped
(`add_memory_resource()` calls `memblock_add_node()` before
`arch_add_memory()`); on remove, `try_remove_memory()` calls
`arch_remove_memory()` before `memblock_remove()`, so the per-LMB target on
remove is computed with the LMB still counted.

Options (parameters, all off by default):
- `add_fails`: an LMB add may fail (`add_lmb_fails`); the request then
  removes every LMB it added (kind ROLLBACK), each through
  `dlpar_remove_lmb()` and so through the on_lmb hook, as
  `dlpar_memory_add_by_count()` does when it cannot add them all;
- `grow_fails`: a grow may fail (`grow_fails`: -ENOMEM, -ETIMEDOUT, or
  H_CLOSED after a migration), leaving the HPT undersized;
- `runs`: a run of LMBs that all have the same target and whose hooks
  ask nothing, or ask again for a resize already known to fail, is one
  `lmb_run` step adding the run's length to `resizes` (below);
- `weigh`: `cost` adds, per resize, the bytes its PREPARE zeroes (2^want)
  and its COMMIT's rehash scans (2^order, the old table), in MiB.

With `runs`, a resize known to fail fails again (a shrink to an order at
or below one that failed in the batch, a grow to an order at or above one
that was refused): on add the bolted entries only grow, so the collision
stays; on remove it is assumed. That is what makes a run's LMBs identical,
so the compressed step is exact: `resizes` counts one resize per LMB of
the run, as the per-LMB steps would. It needs a policy whose hooks do not
read mem, left, added, resizes or cost (`same_per_run = True`).
"""
from __future__ import annotations

from typing import Any

from hintcheck.model.core import And, Bool, Not, Or, PolicyError, action, ite
from hintcheck.model.hotplug.sizing import run_end, run_start, table_units, target_of, thresholds
from hintcheck.model.hotplug.state import COST_CAP, COST_UNIT_SHIFT, HotplugState, Kind, Phase, highest, lowest


def target(m: Any, mem: Any) -> Any:
    """The guest's target order for `mem` (LMBs above `lowest(m)`)."""
    return target_of(mem, lowest(m), highest(m) - lowest(m), m.page_shift, m.lmb_shift)


def charge(m: Any, s: HotplugState, units: Any) -> HotplugState:
    """With `weigh`, add `units` to `cost`, saturating at COST_CAP."""
    if not m.weigh:
        return s
    total = s.cost + units
    return s.set(cost=ite(total >= COST_CAP, COST_CAP, total))


def units(order: Any) -> Any:
    return table_units(order, COST_UNIT_SHIFT)


def known_futile(m: Any, s: HotplugState, want: Any) -> Bool:
    """With `runs`: a resize to `want` is one the batch already saw fail (it fails again)."""
    if not m.runs:
        return False
    shrink = And(want < s.order, s.failed != 0, want <= s.failed)
    grow = And(want > s.order, s.refused != 0, want >= s.refused)
    return And(want != 0, Or(shrink, grow))


def _idle(m: Any, s: HotplugState) -> Bool:
    return And(s.phase == Phase.IDLE, s.started < m.batches)


def _start(m: Any, s: HotplugState, kind: Kind, n: int, final: Any) -> HotplugState:
    s = s.set(kind=kind, phase=Phase.RUN, left=n, resizes=0, failed=0, started=s.started + 1)
    s = s.set(added=0, refused=0, cost=0)
    return m.policy.on_batch_start(m, s, target(m, final))


def _size_ok(m: Any, last: int) -> bool:
    """`full`: every request is of exactly `lmbs` LMBs (a static choice of instance)."""
    return not m.full or last == m.lmbs - 1


@action(params=("batch",), guard=lambda m, s, last: _size_ok(m, last) and And(
    _idle(m, s), s.mem + last + 1 <= highest(m) - lowest(m)))
def request_add(m: Any, s: HotplugState, last: int) -> HotplugState:
    """A DLPAR request to add LMBs 0..last (last + 1 of them) arrives.

    (`dlpar_memory_add_by_count()`, from drmgr or QEMU's device_add.) The
    policy's on_batch_start runs with the target of the final size (batching
    designs grow once here: `hash_batch_expand_prepare()`).
    """
    return _start(m, s, Kind.ADD, last + 1, s.mem + last + 1)


@action(params=("batch",), guard=lambda m, s, last: _size_ok(m, last) and And(_idle(m, s), s.mem >= last + 1))
def request_remove(m: Any, s: HotplugState, last: int) -> HotplugState:
    """A DLPAR request to remove LMBs 0..last arrives; on_batch_start sees the final size."""
    return _start(m, s, Kind.REMOVE, last + 1, s.mem - last - 1)


def _removing(m: Any, s: HotplugState) -> Bool:
    if not m.add_fails:                  # no rollback without failing adds
        return s.kind == Kind.REMOVE
    return Or(s.kind == Kind.REMOVE, s.kind == Kind.ROLLBACK)


def _lmb_ready(m: Any, s: HotplugState) -> Bool:
    return And(s.phase == Phase.RUN, s.left > 0, s.want == 0)


RUN_DEPTH = 3          # failure hooks that may ask again (each for a resize known to fail) within one LMB


def lmb_run_view(m: Any, s: HotplugState) -> tuple[Any, Any, Bool, Any, Any]:
    """The run the next LMB starts: (length, first resize asked, whether `lmb_run` may take it,
    resizes per LMB, cost units per LMB).

    The run is the next LMBs whose target equals the next LMB's (on add,
    the last LMB of the batch is kept apart with `add_fails`, so that it
    can still fail). The policy is asked once, with the next LMB's target;
    the run may be one step when the answer is no resize, or a resize
    known to fail after which the failure hook asks nothing more, or asks
    again (up to RUN_DEPTH times) for resizes known to fail.
    """
    cuts = thresholds(lowest(m), highest(m) - lowest(m), m.page_shift, m.lmb_shift)
    adding = s.kind == Kind.ADD
    room_add = run_end(s.mem + 1, cuts, highest(m) - lowest(m)) - s.mem
    room_remove = s.mem - run_start(s.mem, cuts) + 1
    room = ite(adding, room_add, room_remove)
    left = ite(adding, s.left - 1, s.left) if m.add_fails else s.left
    length = ite(room < left, room, left)
    first = m.policy.on_lmb(m, s, ite(adding, target(m, s.mem + 1), target(m, s.mem))).want
    ask, alive, ended, count, weight = first, True, first == 0, 0, 0
    quiet = s.set(want=0)
    for _ in range(RUN_DEPTH):
        fails = And(alive, known_futile(m, s, ask))
        count = count + ite(fails, 1, 0)
        weight = weight + ite(fails, ite(ask < s.order, units(ask) + units(s.order), units(ask)), 0)
        again = ite(ask < s.order, m.policy.on_shrink_failed(m, quiet, ask).want,
                    m.policy.on_grow_failed(m, quiet, ask).want)
        ended, alive, ask = Or(ended, And(fails, again == 0)), fails, again
    return length, first, ended, count, weight


def _run_ready(m: Any, s: HotplugState) -> Bool:
    if not m.runs:
        return False
    if not m.policy.same_per_run:
        raise PolicyError(f"policy {m.policy.name}: runs=1 needs hooks that do not read mem, left, added, "
                          "resizes or cost (declare same_per_run = True)")
    length, _, takes, _, _ = lmb_run_view(m, s)
    return And(_lmb_ready(m, s), length >= 1, takes)


def _next_lmb(m: Any, s: HotplugState, kind: Bool) -> Bool:
    if not m.runs:
        return And(s.phase == Phase.RUN, kind, s.left > 0, s.want == 0)
    return And(_lmb_ready(m, s), kind, Not(_run_ready(m, s)))


@action(guard=lambda m, s: _next_lmb(m, s, s.kind == Kind.ADD))
def add_lmb(m: Any, s: HotplugState) -> HotplugState:
    """One LMB is added: memblock grows, then the section mapping's on_lmb hook runs."""
    s = s.set(mem=s.mem + 1, left=s.left - 1)
    if m.add_fails:
        s = s.set(added=s.added + 1)
    return m.policy.on_lmb(m, s, target(m, s.mem))


@action(guard=lambda m, s: _next_lmb(m, s, _removing(m, s)))
def remove_lmb(m: Any, s: HotplugState) -> HotplugState:
    """One LMB is removed (or, rolling back, one added LMB taken out again: `dlpar_remove_lmb()`).

    on_lmb runs with the LMB still in memblock, then it goes.
    """
    s = m.policy.on_lmb(m, s, target(m, s.mem))
    return s.set(mem=s.mem - 1, left=s.left - 1)


@action(guard=lambda m, s: bool(m.add_fails) and And(_lmb_ready(m, s), s.kind == Kind.ADD))
def add_lmb_fails(m: Any, s: HotplugState) -> HotplugState:
    """`dlpar_add_lmb()` fails for the next LMB and no other LMB can be added.

    `dlpar_memory_add_by_count()` then removes every LMB it added
    ("Memory hot-add failed, removing any added LMBs"), each through
    `dlpar_remove_lmb()`, whose `hash__remove_section_mapping()` calls
    `resize_hpt_for_hotplug()`: the batch continues as a ROLLBACK of
    `added` LMBs. The failure comes before the LMB's section is mapped.
    """
    return s.set(kind=Kind.ROLLBACK, left=s.added, added=0)


def _run_resizes(m: Any, s: HotplugState) -> Any:
    length, _, _, count, _ = lmb_run_view(m, s)
    return length * count


@action(guard=_run_ready, cost={"resizes": _run_resizes})
def lmb_run(m: Any, s: HotplugState) -> HotplugState:
    """With `runs`: every LMB of the run is added or removed, each asking what the first asks.

    Either each asks nothing, or each asks again for a resize the batch
    already saw fail and each fails (`resizes` and `cost` grow by one
    resize per LMB). The per-LMB steps would do exactly this, one LMB at a
    time (module docstring).
    """
    length, _, _, count, weight = lmb_run_view(m, s)
    adding = s.kind == Kind.ADD
    s = s.set(mem=s.mem + ite(adding, length, 0 - length), left=s.left - length,
              resizes=s.resizes + length * count)
    if m.add_fails:
        s = s.set(added=s.added + ite(adding, length, 0))
    return charge(m, s, length * weight)


@action(guard=lambda m, s: And(s.phase == Phase.RUN, s.left == 0, s.want == 0))
def end_batch(m: Any, s: HotplugState) -> HotplugState:
    """Every LMB is done; the policy's on_batch_end may ask for one last resize."""
    return m.policy.on_batch_end(m, s.set(phase=Phase.END), target(m, s.mem))


@action(guard=lambda m, s: And(s.phase == Phase.END, s.want == 0))
def settle(m: Any, s: HotplugState) -> HotplugState:
    """The DLPAR request returns; the next one may start."""
    return s.set(phase=Phase.IDLE)


def _one(m: Any, s: HotplugState) -> int:
    return 1


@action(guard=lambda m, s: And(s.want != 0, Not(known_futile(m, s, s.want))), cost={"resizes": _one},
        actor="hypervisor")
def resize_ok(m: Any, s: HotplugState) -> HotplugState:
    """`pseries_lpar_resize_hpt(want)` succeeds: the HPT now has order `want`.

    With `weigh`, its PREPARE zeroed the new table and its COMMIT rehashed
    the old one (`resize_hpt_rehash()` walks every old HPTE).
    """
    s = charge(m, s, units(s.want) + units(s.order))
    return s.set(order=s.want, want=0, resizes=s.resizes + 1)


@action(guard=lambda m, s: And(s.want != 0, s.want < s.order), cost={"resizes": _one}, actor="hypervisor")
def shrink_fails(m: Any, s: HotplugState) -> HotplugState:
    """A shrink fails: COMMIT found a bolted collision (H_PTEG_FULL -> -ENOSPC).

    The order is unchanged; `failed` keeps the highest target that failed in
    this batch (every order at or below it is then futile, see
    no_retry_after_failed_shrink), and the policy's on_shrink_failed may try
    another target. With `weigh`, the cost counts the whole old table as
    scanned (an upper bound: the rehash stops at the collision).
    """
    tried = s.want
    # `failed` is 0 until a shrink fails and `tried` is never 0 (the guard), so the
    # larger of the two is the highest failed target.
    highest = ite(s.failed > tried, s.failed, tried)
    s = charge(m, s, units(tried) + units(s.order))
    s = s.set(want=0, resizes=s.resizes + 1, failed=highest)
    return m.policy.on_shrink_failed(m, s, tried)


@action(guard=lambda m, s: bool(m.grow_fails) and And(s.want != 0, s.want > s.order), cost={"resizes": _one},
        actor="hypervisor")
def grow_fails(m: Any, s: HotplugState) -> HotplugState:
    """A grow fails: PREPARE returns -ENOMEM (the host cannot allocate the table), the
    guest's 10 s PREPARE loop gives up (-ETIMEDOUT), or after a migration the
    hypervisor answers H_CLOSED.

    The order is unchanged, so the HPT stays smaller than the guest's
    target. `refused` keeps the lowest refused target of the batch. With
    `weigh`, the cost counts the new table as zeroed and no COMMIT (an upper
    bound: -ENOMEM fails before zeroing).
    """
    tried = s.want
    lowest_refused = ite(Or(s.refused == 0, tried < s.refused), tried, s.refused)
    s = charge(m, s, units(tried))
    s = s.set(want=0, resizes=s.resizes + 1, refused=lowest_refused)
    return m.policy.on_grow_failed(m, s, tried)


ACTIONS = (request_add, request_remove, add_lmb, remove_lmb, add_lmb_fails, lmb_run, end_batch, settle,
           resize_ok, shrink_fails, grow_fails)
