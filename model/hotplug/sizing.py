"""HPT sizing as a function of memory: the guest's target and the host's default.

Mechanisms: Linux `htab_shift_for_mem_size()` (arch/powerpc/mm/book3s64/
hash_utils.c: aim for 2 pages per 128-byte PTEG, at least 2^18 bytes) and
QEMU `spapr_hpt_shift_for_ramsize()` (hw/ppc/spapr.c: 1/128 of RAM,
rounded up, clamped to 18..46), which sizes the table the guest boots with.
The guest computes with its own base page size (64 KiB pages: shift 16),
the host as if pages were 4 KiB, so a 64 KiB-page guest's target is two or
three orders below the table it booted with (seed 002, Bharata B Rao's
8 GiB guest booting at shift 26 and asking for 24 after a 1 GiB hot-add).

Memory is counted in LMBs of 2^lmb_shift bytes (256 MiB, the usual
pseries `ibm,lmb-size`, by default). The target is a monotone step function of the LMB count;
`target_of()` writes it as the lowest value plus one per threshold passed,
so it works on plain values and on engine terms alike.
"""
from __future__ import annotations

from typing import Any

from hintcheck.model.core import ite

LMB_SHIFT = 28                      # 256 MiB logical memory blocks
MIN_SHIFT, MAX_SHIFT = 18, 46       # architected HPT sizes (PAPR; QEMU clamps to these)


def ceil_log2(n: int) -> int:
    return max(0, (n - 1).bit_length())


def htab_shift_for_mem_size(mem_bytes: int, page_shift: int) -> int:
    """Linux `htab_shift_for_mem_size()`: max(ceil_log2(mem) - (pshift + 1) + 7, 18)."""
    return max(ceil_log2(mem_bytes) - (page_shift + 1) + 7, MIN_SHIFT)


def host_default_shift(mem_bytes: int) -> int:
    """QEMU `spapr_hpt_shift_for_ramsize()`: ceil_log2(ram) - 7, clamped to 18..46."""
    return min(max(ceil_log2(mem_bytes) - 7, MIN_SHIFT), MAX_SHIFT)


def guest_target(lmbs: int, page_shift: int, lmb_shift: int = LMB_SHIFT) -> int:
    """The guest's target order for `lmbs` LMBs of memory (at least one LMB)."""
    return htab_shift_for_mem_size(max(lmbs, 1) << lmb_shift, page_shift)


def target_of(mem: Any, base: int, span: int, page_shift: int, lmb_shift: int = LMB_SHIFT) -> Any:
    """`guest_target(base + mem)` for a state value `mem` in 0..span.

    Written as the target at `mem == 0` plus one for every threshold `mem`
    reaches, so no state value is ever used as an index.
    """
    def at(n: int) -> int:
        return guest_target(base + n, page_shift, lmb_shift)
    value: Any = at(0)
    for k in range(1, span + 1):
        if at(k) != at(k - 1):
            value = value + ite(mem >= k, at(k) - at(k - 1), 0)
    return value


def thresholds(base: int, span: int, page_shift: int, lmb_shift: int = LMB_SHIFT) -> list[int]:
    """The values k in 1..span where `guest_target(base + k)` differs from `guest_target(base + k - 1)`."""
    return [k for k in range(1, span + 1)
            if guest_target(base + k, page_shift, lmb_shift) != guest_target(base + k - 1, page_shift, lmb_shift)]


def run_end(x: Any, cuts: list[int], span: int) -> Any:
    """The largest value >= `x` with the same target as `x` (the last LMB of its run)."""
    value: Any = span
    for k in reversed(cuts):
        value = ite(x < k, k - 1, value)
    return value


def run_start(x: Any, cuts: list[int]) -> Any:
    """The smallest value <= `x` with the same target as `x` (the first LMB of its run)."""
    value: Any = 0
    for k in cuts:
        value = ite(x >= k, k, value)
    return value


def table_units(order: Any, unit_shift: int) -> Any:
    """2^(order - unit_shift): a table of `order` in units of 2^unit_shift bytes (0 for order 0).

    An ite chain over the architected orders, so it works on engine terms;
    orders below `unit_shift` count one unit (rounded up).
    """
    value: Any = 0
    for o in range(MIN_SHIFT, MAX_SHIFT + 1):
        value = ite(order == o, 1 << max(0, o - unit_shift), value)
    return value
