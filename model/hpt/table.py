"""Hash-table geometry: groups, slots, lookups and placement, on values and terms alike.

A mapping's group at order k is its hash masked to k bits (`hash &
htab_hash_mask`, primary hash only). A slot index is PTEG * slots + slot;
positions are 1 + slot index (0 = absent). Placement follows H_ENTER
without H_EXACT: the first free slot of the group (`h_enter()` in QEMU
hw/ppc/spapr_softmmu.c, `kvmppc_do_h_enter()` in KVM). A rehash keeps an
entry's slot within its group, as `resize_hpt_rehash_hpte()` (KVM) and
`rehash_hpte()` (QEMU) do, because the guest's Linux PTE records only the
slot within the group (H_PAGE_F_GIX) and recomputes the group.
"""
from __future__ import annotations

from typing import Any

from hintcheck.model.core import And, Bool, Not, every, ite, put, some
from hintcheck.model.hpt.state import HASHES


def group_of(e: int, k: int) -> int:
    """The (primary) PTEG of mapping `e` in a table of order `k` (static)."""
    return HASHES[e] % (1 << k)


def in_group(m: Any, p: Any, g: int) -> Bool:
    """Position `p` lies in PTEG `g`."""
    return And(p >= g * m.slots + 1, p <= g * m.slots + m.slots)


def in_hash_group(m: Any, p: Any, e: int, order: Any) -> Bool:
    """Position `p` lies in mapping `e`'s group at `order`: the entry is findable."""
    return some(And(order == k, in_group(m, p, group_of(e, k))) for k in range(m.params["orders"]))


def nslots(m: Any, order: Any) -> Any:
    """Slots in a table of `order` (ite chain: no state value is ever an exponent)."""
    out: Any = m.slots << (m.params["orders"] - 1)
    for k in reversed(range(m.params["orders"] - 1)):
        out = ite(order == k, m.slots << k, out)
    return out


def first_free(m: Any, table: tuple[Any, ...], g: int, skip: int) -> Any:
    """The first free position of PTEG `g` (mapping `skip`'s own entry counts as free), or 0."""
    out: Any = 0
    for w in reversed(range(m.slots)):
        p = g * m.slots + w + 1
        free = every(table[f] != p for f in m.maps if f != skip)
        out = ite(free, p, out)
    return out


def place(m: Any, table: tuple[Any, ...], e: int, hashed: Any, order: Any) -> Any:
    """Where H_ENTER puts `e`, hashed with order `hashed`, into a table of `order` (0: fails).

    A group beyond the table (hashed with a larger, stale order) is
    H_PARAMETER; a full group is H_PTEG_FULL: both leave the table as it was.
    """
    out: Any = 0
    for k in reversed(range(m.params["orders"])):
        g = group_of(e, k)
        fits = order >= g.bit_length()          # g < 2^order
        out = ite(hashed == k, ite(fits, first_free(m, table, g, e), 0), out)
    return out


def rehashed(m: Any, e: int, p: Any, order: Any) -> Any:
    """The position of `e`, now at position `p`, in a table of `order`: same slot, new group."""
    base: Any = group_of(e, m.params["orders"] - 1) * m.slots
    for k in reversed(range(m.params["orders"] - 1)):
        base = ite(order == k, group_of(e, k) * m.slots, base)
    return base + (p - 1) % m.slots + 1


def collides(m: Any, table: tuple[Any, ...], e: int, p: Any) -> Bool:
    """Another bolted entry already holds position `p` of `table` (H_PTEG_FULL on rehash)."""
    return some(table[f] == p for f in range(m.bolted) if f != e)


def copy_slot_into(m: Any, s: Any) -> tuple[tuple[Any, ...], Bool]:
    """Copy the bolted entries of old slot `s.cursor + 1` into `s.new` at their rehashed positions.

    Returns the new table and whether some entry collided (it is then left
    out: H_PTEG_FULL for host A's rehash, a failed preparation for host B).
    """
    p = s.cursor + 1
    new, clash = s.new, []
    for e in range(m.bolted):
        here = s.cur[e] == p
        t = rehashed(m, e, s.cur[e], s.porder)
        hit = And(here, collides(m, s.new, e, t))
        new = put(new, e, ite(And(here, Not(hit)), t, new[e]))
        clash.append(hit)
    return new, some(clash)
