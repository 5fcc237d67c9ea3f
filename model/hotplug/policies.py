"""Policies of the hotplug model: when `resize_hpt_for_hotplug()` asks for a resize.

Every hook receives the model, the state and the guest's target order for the memory
size that hook sees (`htab_shift_for_mem_size()`), and may set `want` (a
resize to that order). The hooks are:

- on_batch_start(m, s, target): the DLPAR request arrived; target of the final size;
- on_lmb(m, s, target): one LMB is (un)mapped; target of memblock's size then;
- on_batch_end(m, s, target): every LMB is done; target of the final size;
- on_shrink_failed(m, s, tried): a shrink to `tried` failed with -ENOSPC;
- on_grow_failed(m, s, tried): a grow to `tried` failed (`grow_fails`: -ENOMEM,
  -ETIMEDOUT, H_CLOSED). Every shipped design ignores it, as the kernel
  does (`hash__create_section_mapping()` drops the result; the batching
  series retries only on -ENOSPC): the next per-LMB call asks again.

A ROLLBACK batch is a hot-add taking out the LMBs it added
(`add_fails`): its per-LMB calls come through `hash__remove_section_mapping()`,
as a remove's do. Every shipped design sets `same_per_run = True`: its
hooks read only kind, order, want, failed, refused and the target, so
with `runs` a run of LMBs with one target is one step.
"""
from __future__ import annotations

from typing import Any

from hintcheck.model.core import Or, ite
from hintcheck.model.hotplug.state import HotplugState, Kind


def hysteresis(s: HotplugState, t: Any) -> Any:
    """Mainline `resize_hpt_for_hotplug()`: grow if t > order, shrink if t < order - 1."""
    return ite(Or(t > s.order, t < s.order - 1), t, 0)


def grow_only(s: HotplugState, t: Any) -> Any:
    return ite(t > s.order, t, 0)


def shrink_only(s: HotplugState, t: Any) -> Any:
    return ite(t < s.order - 1, t, 0)


class PerLmbHysteresis:
    """Mainline: on every LMB, grow if target > current, shrink if target < current - 1.

    `resize_hpt_for_hotplug()` called from `hash__create_section_mapping()` /
    `hash__remove_section_mapping()` (earlier kernels: `arch_add_memory()`),
    once per LMB. Expected to violate resizes_per_batch, no_shrink_on_add and
    no_retry_after_failed_shrink: a guest booted with an HPT sized for 4 KiB
    pages shrinks on hot-add, and a shrink that fails is retried on every LMB
    (seed 002: 710 s to hot-add 256 GiB).
    """

    name = "per-lmb-hysteresis"
    same_per_run = True

    def on_lmb(self, m: Any, s: HotplugState, target: Any) -> HotplugState:
        return s.set(want=hysteresis(s, target))


class NoShrinkOnAdd:
    """Leonardo Bras v2 1/3: `resize_hpt_for_hotplug(size, shrinking)`, per LMB.

    Hot-add only grows; hot-remove keeps the per-LMB hysteresis shrink.
    Expected to hold no_shrink_on_add but violate resizes_per_batch and
    no_retry_after_failed_shrink on a remove batch (seed 002 3/3: 621 s to
    hot-unplug 256 GiB before the batching patch).
    """

    name = "no-shrink-on-add"
    same_per_run = True

    def on_lmb(self, m: Any, s: HotplugState, target: Any) -> HotplugState:
        return s.set(want=ite(s.kind == Kind.ADD, grow_only(s, target), shrink_only(s, target)))


class Batched:
    """Leonardo Bras v2 1/3 + 2/3 + 3/3: grow once before an add, shrink once after a remove.

    `hash_batch_expand_prepare()` grows to the final size before the add
    batch; per-LMB calls only grow (a no-op once grown); during a remove
    batch `hpt_resize_down_lock` makes per-LMB shrinks return early, and
    `hash_batch_shrink_end()` shrinks once at the end, doubling the size it
    asks for after each -ENOSPC until it reaches the starting order. The
    lock is taken only by the remove path (`hash_batch_shrink_begin()` in
    `dlpar_memory_remove_by_*`), so the rollback of a failed hot-add
    shrinks per LMB, as mainline does (a reading of the series as domain.md
    §3 summarises it; its rollback path itself was not read). Expected to
    hold every property at the default parameters.
    """

    name = "batched"
    same_per_run = True

    def on_batch_start(self, m: Any, s: HotplugState, target: Any) -> HotplugState:
        return s.set(want=ite(s.kind == Kind.ADD, grow_only(s, target), 0))

    def on_lmb(self, m: Any, s: HotplugState, target: Any) -> HotplugState:
        rollback = ite(s.kind == Kind.ROLLBACK, shrink_only(s, target), 0)
        return s.set(want=ite(s.kind == Kind.ADD, grow_only(s, target), rollback))

    def on_batch_end(self, m: Any, s: HotplugState, target: Any) -> HotplugState:
        return s.set(want=ite(s.kind == Kind.REMOVE, shrink_only(s, target), 0))

    def on_shrink_failed(self, m: Any, s: HotplugState, tried: Any) -> HotplugState:
        # newsize *= 2 raises the target by one; stop below the starting order.
        return s.set(want=shrink_only(s, tried + 1))


class Gibson:
    """David Gibson's rule (seed 002), in `dlpar_memory_{add,remove}_by_*`.

    new = target(final size); if new > current: resize(new); add or remove
    every LMB; if new < current - 1: resize(new). No per-LMB resize. At most
    one grow and one shrink per batch, a failed shrink is not retried; but a
    hot-add to a guest whose HPT is oversized ends with one shrink, so it is
    expected to violate no_shrink_on_add (by design: one resize, not one per LMB).
    After a rollback the closing shrink is for the size actually reached
    (the rule does not say whether `new` is computed again).
    """

    name = "gibson"
    same_per_run = True

    def on_batch_start(self, m: Any, s: HotplugState, target: Any) -> HotplugState:
        return s.set(want=grow_only(s, target))

    def on_batch_end(self, m: Any, s: HotplugState, target: Any) -> HotplugState:
        return s.set(want=shrink_only(s, target))


POLICIES = {p.name: p for p in (PerLmbHysteresis, NoShrinkOnAdd, Batched, Gibson)}
