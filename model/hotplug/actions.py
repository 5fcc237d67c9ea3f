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
"""
from __future__ import annotations

from typing import Any

from hintcheck.model.core import And, Bool, action, ite
from hintcheck.model.hotplug.sizing import target_of
from hintcheck.model.hotplug.state import HotplugState, Kind, Phase, highest, lowest


def target(m: Any, mem: Any) -> Any:
    """The guest's target order for `mem` (LMBs above `lowest(m)`)."""
    return target_of(mem, lowest(m), highest(m) - lowest(m), m.page_shift, m.lmb_shift)


def _idle(m: Any, s: HotplugState) -> Bool:
    return And(s.phase == Phase.IDLE, s.started < m.batches)


def _start(m: Any, s: HotplugState, kind: Kind, n: int, final: Any) -> HotplugState:
    s = s.set(kind=kind, phase=Phase.RUN, left=n, resizes=0, failed=0, started=s.started + 1)
    return m.policy.on_batch_start(m, s, target(m, final))


@action(params=("batch",), guard=lambda m, s, last: And(_idle(m, s), s.mem + last + 1 <= highest(m) - lowest(m)))
def request_add(m: Any, s: HotplugState, last: int) -> HotplugState:
    """A DLPAR request to add LMBs 0..last (last + 1 of them) arrives.

    (`dlpar_memory_add_by_count()`, from drmgr or QEMU's device_add.) The
    policy's on_batch_start runs with the target of the final size (batching
    designs grow once here: `hash_batch_expand_prepare()`).
    """
    return _start(m, s, Kind.ADD, last + 1, s.mem + last + 1)


@action(params=("batch",), guard=lambda m, s, last: And(_idle(m, s), s.mem >= last + 1))
def request_remove(m: Any, s: HotplugState, last: int) -> HotplugState:
    """A DLPAR request to remove LMBs 0..last arrives; on_batch_start sees the final size."""
    return _start(m, s, Kind.REMOVE, last + 1, s.mem - last - 1)


def _next_lmb(kind: Kind) -> Any:
    return lambda m, s: And(s.phase == Phase.RUN, s.kind == kind, s.left > 0, s.want == 0)


@action(guard=_next_lmb(Kind.ADD))
def add_lmb(m: Any, s: HotplugState) -> HotplugState:
    """One LMB is added: memblock grows, then the section mapping's on_lmb hook runs."""
    s = s.set(mem=s.mem + 1, left=s.left - 1)
    return m.policy.on_lmb(m, s, target(m, s.mem))


@action(guard=_next_lmb(Kind.REMOVE))
def remove_lmb(m: Any, s: HotplugState) -> HotplugState:
    """One LMB is removed: on_lmb runs with the LMB still in memblock, then it goes."""
    s = m.policy.on_lmb(m, s, target(m, s.mem))
    return s.set(mem=s.mem - 1, left=s.left - 1)


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


@action(guard=lambda m, s: s.want != 0, cost={"resizes": _one}, actor="hypervisor")
def resize_ok(m: Any, s: HotplugState) -> HotplugState:
    """`pseries_lpar_resize_hpt(want)` succeeds: the HPT now has order `want`."""
    return s.set(order=s.want, want=0, resizes=s.resizes + 1)


@action(guard=lambda m, s: And(s.want != 0, s.want < s.order), cost={"resizes": _one}, actor="hypervisor")
def shrink_fails(m: Any, s: HotplugState) -> HotplugState:
    """A shrink fails: COMMIT found a bolted collision (H_PTEG_FULL -> -ENOSPC).

    The order is unchanged; `failed` keeps the highest target that failed in
    this batch (every order at or below it is then futile, see
    no_retry_after_failed_shrink), and the policy's on_shrink_failed may try
    another target.
    """
    tried = s.want
    # `failed` is 0 until a shrink fails and `tried` is never 0 (the guard), so the
    # larger of the two is the highest failed target.
    highest = ite(s.failed > tried, s.failed, tried)
    s = s.set(want=0, resizes=s.resizes + 1, failed=highest)
    return m.policy.on_shrink_failed(m, s, tried)


ACTIONS = (request_add, request_remove, add_lmb, remove_lmb, end_batch, settle,
           resize_ok, shrink_fails)
