"""Hash-table geometry: groups, slots, lookups, placement and the rehash, on values and terms alike.

A mapping's primary PTEG at order k is its hash masked to k bits (`hash &
htab_hash_mask`), its secondary PTEG the complement masked likewise (`~hash
& htab_hash_mask`). A slot index is PTEG * slots + slot; positions are 1 +
slot index (0 = absent). Placement follows H_ENTER without H_EXACT: the
first free slot of the group the guest names (`h_enter()` in QEMU
hw/ppc/spapr_softmmu.c, `kvmppc_do_h_enter()` in KVM). With `secondary=1`
the guest names the secondary group when the primary is full, as
`htab_bolt_mapping()` (since 2019) and the hash fault path do, and the entry
records the H bit the guest passed (HPTE_V_SECONDARY, see `insert`).

A rehash keeps an entry's slot within its group, as
`resize_hpt_rehash_hpte()` (KVM) and `rehash_hpte()` (QEMU) do, because the
guest's Linux PTE records only the slot within the group (H_PAGE_F_GIX). The
new group is rebuilt from what the host has (`rehashed`): the AVPN, the old
PTEG index, the H bit and the page size decoded from the HPTE.
"""
from __future__ import annotations

from typing import Any

from hintcheck.model.core import And, Bool, Not, Or, every, ite, put, some
from hintcheck.model.hpt.state import HASHES, SEGMENT_OFFSETS


def group_of(e: int, k: int) -> int:
    """The primary PTEG of mapping `e` in a table of order `k` (static)."""
    return HASHES[e] % (1 << k)


def secondary_of(e: int, k: int) -> int:
    """The secondary PTEG of mapping `e` at order `k`: the complement hash, masked (static)."""
    return ~HASHES[e] % (1 << k)


def in_group(m: Any, p: Any, g: int) -> Bool:
    """Position `p` lies in PTEG `g`."""
    return And(p >= g * m.slots + 1, p <= g * m.slots + m.slots)


def in_hash_group(m: Any, p: Any, e: int, order: Any) -> Bool:
    """Position `p` lies in a group where the guest looks for mapping `e` at `order` (H_REMOVE).

    `pSeries_lpar_hpte_find()` searches the primary, then the secondary
    PTEG, comparing the AVPN only (HPTE_V_COMPARE ignores the H bit).
    """
    orders = range(m.params["orders"])
    if not m.secondary:
        return some(And(order == k, in_group(m, p, group_of(e, k))) for k in orders)
    return some(And(order == k, Or(in_group(m, p, group_of(e, k)), in_group(m, p, secondary_of(e, k))))
                for k in orders)


def findable(m: Any, p: Any, h: Any, e: int, order: Any) -> Bool:
    """The MMU finds mapping `e`'s entry at position `p` with H bit `h` in a table of `order`.

    The hardware (and KVM's `kvmppc_hv_find_lock_hpte()`, QEMU's
    `ppc_hash64_pteg_search()`) matches H = 0 in the primary PTEG and H = 1
    in the secondary: an entry in the secondary PTEG without
    HPTE_V_SECONDARY is never found.
    """
    if not m.secondary:
        return in_hash_group(m, p, e, order)
    return some(And(order == k, Or(And(h == 0, in_group(m, p, group_of(e, k))),
                                   And(h == 1, in_group(m, p, secondary_of(e, k)))))
                for k in range(m.params["orders"]))


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


def insert(m: Any, table: tuple[Any, ...], e: int, hashed: Any, order: Any) -> tuple[Any, Any]:
    """Where the guest's insert of `e` (hashed with order `hashed`) lands, and its H bit: (0, 0) if it fails.

    The primary PTEG first; with `secondary=1` the secondary when the
    primary is full. The H bit is what the guest passes: the hash fault path
    (`__hash_page_4K()` and friends) passes HPTE_V_SECONDARY, but
    `htab_bolt_mapping()` passes HPTE_V_BOLTED only on its secondary try
    (mainline since the 2019 fallback), so a bolted entry gets H = 1 only
    with `bolt_hbit=1`.
    """
    primary = place(m, table, e, hashed, order)
    if not m.secondary:
        return primary, 0
    other: Any = 0
    for k in reversed(range(m.params["orders"])):
        g = secondary_of(e, k)
        other = ite(hashed == k, ite(order >= g.bit_length(), first_free(m, table, g, e), 0), other)
    hbit = 1 if e >= m.bolted or m.bolt_hbit else 0
    return ite(primary != 0, primary, other), ite(primary != 0, 0, ite(other != 0, hbit, 0))


def rebuilt_group(m: Any, e: int, g: int, hbit: int, old: int, new: int) -> int:
    """The PTEG the host computes for `e` found in PTEG `g` of an order-`old` table, at order `new` (static).

    `resize_hpt_rehash_hpte()` / `rehash_hpte()` do not know the hash: they
    rebuild it from the AVPN and the old PTEG index (complemented when H is
    set), by the base page size decoded from the HPTE. A base page's AVPN
    and its old PTEG index both give the hash bits the model's orders use
    (the smallest real HPT has 2^11 PTEGs, more bits than the AVPN drops), and
    the C code ORs them; a large page's AVPN holds them all and the PTEG
    index is not used (pshift >= 23). For a correctly placed entry both give
    the true hash. A host that decodes a large page with the base shift
    (`wrong_pshift`, ded13fc11b71's bug on radix hosts) reads the AVPN's
    segment-offset bits into the hash (SEGMENT_OFFSETS) and ORs in the index.
    """
    index = (~g if hbit else g) % (1 << old)
    true = HASHES[e]
    if e < m.large:
        hashed = (true ^ SEGMENT_OFFSETS[e]) | index if m.policy.wrong_pshift else true
    else:
        hashed = true | index
    return (~hashed if hbit else hashed) % (1 << new)


def rehashed(m: Any, e: int, p: Any, h: Any, old: Any, order: Any) -> Any:
    """The position of `e`, now at `p` (H bit `h`) of an order-`old` table, in a table of `order`.

    Same slot, the group `rebuilt_group` gives; an ite chain over the static
    (old order, old group, H, new order) cases, since the model's terms
    have no bitwise operators.
    """
    orders = range(m.params["orders"])
    hbits = (0, 1) if m.secondary else (0,)
    group: Any = 0
    for new in orders:
        for old_k in orders:
            for g in range(1 << old_k):
                for hb in hbits:
                    where = And(order == new, old == old_k, in_group(m, p, g), h == hb)
                    group = ite(where, rebuilt_group(m, e, g, hb, old_k, new), group)
    return group * m.slots + (p - 1) % m.slots + 1


def collides(m: Any, table: tuple[Any, ...], e: int, p: Any) -> Bool:
    """Another bolted entry already holds position `p` of `table` (H_PTEG_FULL on rehash)."""
    return some(table[f] == p for f in range(m.bolted) if f != e)


def copy_slot_into(m: Any, s: Any) -> tuple[tuple[Any, ...], tuple[Any, ...], Bool]:
    """Copy the bolted entries of old slot `s.cursor + 1` into `s.new` at their rehashed positions.

    Returns the new table, its H bits (copied with the entry: the HPTE is
    moved as it is), and whether some entry collided (it is then left out:
    H_PTEG_FULL for host A's rehash, a failed preparation for host B).
    """
    p = s.cursor + 1
    new, hnew, clash = s.new, s.hnew, []
    for e in range(m.bolted):
        here = s.cur[e] == p
        t = rehashed(m, e, s.cur[e], s.hcur[e], s.order, s.porder)
        hit = And(here, collides(m, s.new, e, t))
        moved = And(here, Not(hit))
        new = put(new, e, ite(moved, t, new[e]))
        if m.secondary:
            hnew = put(hnew, e, ite(moved, s.hcur[e], hnew[e]))
        clash.append(hit)
    return new, hnew, some(clash)
