"""The hotplug model: HPT resize policies during memory hot-add and hot-remove.

Counts HPT resizes per DLPAR batch under each policy for when
`resize_hpt_for_hotplug()` (arch/powerpc/mm/book3s64/hash_utils.c) asks
`pseries_lpar_resize_hpt()` for a new order. The guest boots with the HPT
QEMU sized for 4 KiB pages (`spapr_hpt_shift_for_ramsize()`, 1/128 of RAM),
while a 64 KiB-page guest's own target (`htab_shift_for_mem_size()`) is two
or three orders lower, so the first hot-add asks to shrink. The 710 s vs
21 s of seed 002 is a count here: resizes per batch (`hintcheck worst`).
Seed 002's own instance (256 GiB hot-added to a 129 GiB guest: 1,024 LMBs
of 256 MiB, the guest booted by QEMU at shift 31 while its target is 28,
then 29) is `-p boot=516 -p lmbs=1024 -p full=1 -p runs=1 -p batches=1`.

Variables: memory size in LMBs, the HPT order, the batch (kind, phase, LMBs
left, LMBs added), the resize in flight, the resize count, the highest
failed shrink target and the lowest refused grow target of the batch, and
the table bytes the batch's resizes touched (state.py).

Options, each a 0/1 parameter (actions.py): `add_fails` (an LMB add fails
and the request rolls back the LMBs it added, each through on_lmb),
`grow_fails` (a grow fails: -ENOMEM, -ETIMEDOUT, H_CLOSED), `weigh` (the
`cost` counter: 2^want bytes zeroed by PREPARE plus 2^order scanned by
COMMIT per resize, in MiB (a table below 1 MiB counts one), saturating at 2^24 - 1), `full`
(every request is of exactly `lmbs` LMBs) and `runs` (a run of LMBs with
one target is one step when each asks nothing or repeats a resize known to
fail; a known failure fails again).

Simplifications that could hide a bug:
- a resize is one step with its outcomes (done, a shrink failing with a
  bolted collision, with `grow_fails` a grow refused); its protocol
  (PREPARE polling, stop_machine, COMMIT) is the hpt model's; QEMU's
  H_RESOURCE limit, one order above its default for RAM plus plugged
  memory, is never exceeded (a 64 KiB-page guest's target is below that
  default, a 4 KiB-page guest's is exactly one above it);
- whether a shrink collides is free (any shrink may fail), not derived
  from the bolted entries in the table; with `runs` a failed resize fails
  again for the rest of its batch (true on add, assumed on remove), and an
  LMB add can fail only at the first LMB of a run or at the batch's last;
- at most `batches` DLPAR requests, one at a time; a failed LMB add ends
  the add (the real loop tries the next free LMB first, and rolls back
  only when too few could be added) and fails before its section is mapped;
- `cost` weighs bytes only: zeroing the new table and scanning the old one
  in full (even when the rehash stops at a collision), not the PREPARE
  polls' sleeps, a -ETIMEDOUT's 10 s or stop_machine's stall of every CPU;
- the hysteresis arithmetic is done on ints: `ppc64_pft_size - 1` cannot
  wrap as the unsigned expression could for an order of 0.
"""
from hintcheck.model.core import And, HookSpec, Measure, ModelSpec, Param, Setting
from hintcheck.model.hotplug.actions import ACTIONS
from hintcheck.model.hotplug.policies import POLICIES
from hintcheck.model.hotplug.sizing import MAX_SHIFT
from hintcheck.model.hotplug.state import COST_CAP, MAX_LMBS, HotplugState, Phase, initial, resize_cap, span

SIMPLIFICATIONS = (
    "a resize is one step (PREPARE/stop_machine/COMMIT are the hpt model's); QEMU's H_RESOURCE limit is never hit",
    "any shrink may fail with a bolted collision, regardless of the table's contents",
    "runs=1: a resize that failed fails again for the rest of its batch (assumed on remove), and an LMB add "
    "fails only at a run's first LMB or the batch's last",
    "at most `batches` DLPAR requests, one at a time; a failed LMB add rolls the request back at once "
    "(the real loop first tries other free LMBs) and fails before its section is mapped",
    "cost counts table bytes only (PREPARE zeroing, a full COMMIT scan): not polling sleeps, timeouts "
    "or the stop_machine stall",
)

_WANT = ("want",)
_RESIZE = "resize_hpt_for_hotplug() (arch/powerpc/mm/book3s64/hash_utils.c)"
HOOKS = (
    HookSpec("on_batch_start", ("target",), "request_add / request_remove: a DLPAR request arrived; "
             "target of the final size", "dlpar_memory_{add,remove}_by_count() before the first LMB "
             "(hash_batch_expand_prepare() in the batching series)", _WANT),
    HookSpec("on_lmb", ("target",), "add_lmb / remove_lmb / lmb_run: one LMB's section is (un)mapped; target of "
             "memblock's size at that point",
             f"hash__create_section_mapping() / hash__remove_section_mapping() -> {_RESIZE}", _WANT),
    HookSpec("on_batch_end", ("target",), "end_batch: every LMB is done; target of the final size",
             "dlpar_memory_{add,remove}_by_count() after the last LMB (hash_batch_shrink_end())", _WANT),
    HookSpec("on_shrink_failed", ("tried",), "shrink_fails: a shrink to `tried` failed with -ENOSPC",
             "pseries_lpar_resize_hpt() returning -ENOSPC (H_PTEG_FULL)", _WANT),
    HookSpec("on_grow_failed", ("tried",), "grow_fails: a grow to `tried` failed (grow_fails=1)",
             "pseries_lpar_resize_hpt() returning -ENOMEM / -ETIMEDOUT, or H_CLOSED", _WANT),
)
SETTINGS = (
    Setting("same_per_run", bool, False, "the hooks read neither mem, left, added, resizes nor cost, so every LMB "
            "of a run with one target gets the same answer (needed by runs=1)"),
)

# Resizes (a prepare and a commit each, successful or not) from a batch's request to its end.
MEASURES = (Measure.between("resizes per hotplug batch", ("resizes",), start=("request_add", "request_remove"),
                            end=("settle",), doc="HPT resizes one drmgr batch of LMB adds or removes makes"),)


def _flag(name: str, doc: str) -> Param:
    return Param(name, 0, 1, 0, doc)


SPEC = ModelSpec(
    name="hotplug",
    doc=__doc__.splitlines()[0],
    state=HotplugState,
    params=(Param("lmbs", 1, MAX_LMBS, 8, "largest batch: LMBs added or removed by one request"),
            Param("boot", 1, 4096, 32, "memory at boot, in LMBs (32 of 256 MiB = 8 GiB)"),
            Param("page_shift", 12, 16, 16, "the guest's base page shift (16: 64 KiB pages)"),
            Param("batches", 1, 4, 2, "DLPAR requests in a run (1: the first batch after boot)"),
            Param("lmb_shift", 24, 36, 28, "LMB size, log2 bytes (28: 256 MiB)"),
            _flag("add_fails", "1: an LMB add may fail, and the request rolls back the LMBs it added"),
            _flag("grow_fails", "1: a grow may fail (-ENOMEM, -ETIMEDOUT, H_CLOSED)"),
            _flag("weigh", "1: `cost` counts the table bytes resizes touch (MiB)"),
            _flag("full", "1: every request is of exactly `lmbs` LMBs (drmgr -q lmbs)"),
            _flag("runs", "1: a run of LMBs with one target is one step (failed resizes fail again)"),
            Param.derived("span", span, "largest `mem`: highest - lowest memory size, in LMBs"),
            Param.derived("resize_cap", resize_cap, "largest resize count per batch the state holds"),
            Param.derived("undo_cap", lambda p: p["lmbs"] if p["add_fails"] else 0, "largest `added`"),
            Param.derived("grow_cap", lambda p: MAX_SHIFT if p["grow_fails"] else 0, "largest `refused`"),
            Param.derived("cost_cap", lambda p: COST_CAP if p["weigh"] else 0, "largest `cost` (saturated)")),
    index_sets={"batch": "lmbs"},
    init=initial,
    actions=ACTIONS,
    measures=MEASURES,
    hooks=HOOKS,
    settings=SETTINGS,
    policies=POLICIES,
    simplifications=SIMPLIFICATIONS,
    default_policy="per-lmb-hysteresis",
    terminal=lambda m, s: And(s.phase == Phase.IDLE, s.started == m.batches),   # every request returned
)
