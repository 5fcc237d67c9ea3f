"""Policies of the hpt model: a host implementation (A or B) with a guest driver variant.

A policy names its host with the setting `host` ("rehash": rehash.py on
KVM's bookkeeping, "qemu": rehash.py on QEMU TCG's, "mirror": mirror.py,
"own": the policy's own host hooks and actions) and may set `wrong_pshift`
(the rehash decodes page sizes wrongly); the
host's hooks (after_alloc, on_commit, on_update) and actions come with it
unless the policy overrides them. Guest hooks: on_timeout (the PREPARE loop
ran out of time), on_commit_done (the stop_machine callback sees COMMIT's
return code), and the setting `quiesce` (COMMIT inside stop_machine, or
straight from the driver).
"""
from __future__ import annotations

from typing import Any

from hintcheck.model.core import ite
from hintcheck.model.hpt.host import release
from hintcheck.model.hpt.state import HptState, Rc


class FaithfulDriver:
    """`pseries_lpar_resize_hpt()` as merged: cancel on timeout, commit in stop_machine,
    update `ppc64_pft_size` / `htab_hash_mask` only on H_SUCCESS."""

    quiesce = True

    def on_timeout(self, m: Any, s: HptState) -> HptState:
        return release(s)                  # PREPARE(0, 0): the host drops the preparation

    def on_commit_done(self, m: Any, s: HptState) -> HptState:
        return s.set(gorder=ite(s.rc == Rc.SUCCESS, s.dorder, s.gorder))


class Rehash(FaithfulDriver):
    """The faithful driver on host A (KVM HV). Expected to hold every property."""

    name = "rehash"
    host = "rehash"


class Qemu(FaithfulDriver):
    """The faithful driver on QEMU TCG (`softmmu_resize_hpt_prepare/commit()`).

    A failed allocation stays pending: every PREPARE of that order answers
    H_NO_MEM again (the driver returns -EIO without cancelling) until a
    PREPARE of another order, or the timeout's PREPARE(0, 0), replaces it;
    COMMIT does not check the preparation's result. Expected to hold every
    property: the driver commits only after PREPARE said H_SUCCESS, and a
    failed preparation holds no table.
    """

    name = "qemu"
    host = "qemu"


class RehashWrongPshift(Rehash):
    """Host A whose rehash decodes every HPTE's base page size as the base size.

    KVM before ded13fc11b71 used the host's page-size table on radix hosts
    (`hpte_base_page_size()`), which is wrong for an HPT guest: a large page
    is rebuilt with the base shift and lands in the wrong PTEG. Expected to
    violate no_lost_bolted: a bolted large page is unfindable after a grow.
    """

    name = "rehash-wrong-pshift"
    wrong_pshift = True


class Mirror(FaithfulDriver):
    """The faithful driver on host B (the seed's mirrored design). Expected to hold every property."""

    name = "mirror"
    host = "mirror"


class NoStopMachine(Rehash):
    """COMMIT called straight from the driver, other CPUs running (no stop_machine).

    Expected to violate commit_only_quiesced at once, and no_lost_bolted: a
    bolted H_ENTER lands in the old table after its slot was rehashed, or a
    CPU hashed with the old order and inserts into the new table. A host
    that quiesces updates during COMMIT (`host_quiesce=1`, as KVM and QEMU
    do) removes the first; the second remains (the CPU hashed before COMMIT).
    """

    name = "no-stop-machine"
    quiesce = False


class MirrorNoStopMachine(Mirror):
    """Host B without stop_machine: the host's pivot is atomic and updates are mirrored,
    but a CPU that hashed with the old order still inserts into the wrong PTEG.
    Expected to violate commit_only_quiesced and no_lost_bolted."""

    name = "mirror-no-stop-machine"
    quiesce = False


class AssumeCommitted(Rehash):
    """The callback sets the new size whatever COMMIT returned (H_CLOSED, H_PTEG_FULL...).

    Expected to violate size_view_consistent: the guest hashes with an order
    the table in use does not have.
    """

    name = "assume-committed"

    def on_commit_done(self, m: Any, s: HptState) -> HptState:
        return s.set(gorder=s.dorder)


class NoCancel(Rehash):
    """On timeout the driver returns -ETIMEDOUT without PREPARE(0, 0).

    Expected to violate no_leak_on_return and prepare_resolves: the host
    keeps a preparation (and a table of 2^shift bytes) that nobody will
    commit or cancel.
    """

    name = "no-cancel"

    def on_timeout(self, m: Any, s: HptState) -> HptState:
        return s


POLICIES = {p.name: p for p in (Rehash, Qemu, RehashWrongPshift, Mirror, NoStopMachine, MirrorNoStopMachine,
                                 AssumeCommitted, NoCancel)}
