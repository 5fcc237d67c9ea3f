"""The hotplug model: HPT resize policies during memory hot-add and hot-remove.

Counts HPT resizes per DLPAR batch under each policy for when
`resize_hpt_for_hotplug()` (arch/powerpc/mm/book3s64/hash_utils.c) asks
`pseries_lpar_resize_hpt()` for a new order. The guest boots with the HPT
QEMU sized for 4 KiB pages (`spapr_hpt_shift_for_ramsize()`, 1/128 of RAM),
while a 64 KiB-page guest's own target (`htab_shift_for_mem_size()`) is two
or three orders lower, so the first hot-add asks to shrink. The 710 s vs
21 s of seed 002 is a count here: resizes per batch (`hintcheck worst`).

Variables: memory size in LMBs, the HPT order, the batch (kind, phase, LMBs
left), the resize in flight, the resize count and the highest failed shrink
target of the batch (state.py; every order at or below it is futile).

Simplifications that could hide a bug:
- a resize is one step with two outcomes (done, or a shrink failing with a
  bolted collision); its protocol (PREPARE polling, stop_machine, COMMIT)
  is the hpt model's, and a grow never fails (no -ENOMEM, no -ETIMEDOUT;
  QEMU's H_RESOURCE limit, one order above its default for RAM plus
  plugged memory, is never exceeded: a 64 KiB-page guest's target is below
  that default, a 4 KiB-page guest's is exactly one above it);
- whether a shrink collides is free (any shrink may fail), not derived
  from the bolted entries in the table;
- at most `batches` DLPAR requests, one at a time; every LMB of a batch
  succeeds (no partial batch and no rollback of added LMBs);
- the hysteresis arithmetic is done on ints: `ppc64_pft_size - 1` cannot
  wrap as the unsigned expression could for an order of 0.
"""
from hintcheck.model.core import And, HookSpec, Measure, ModelSpec, Param
from hintcheck.model.hotplug.actions import ACTIONS
from hintcheck.model.hotplug.policies import POLICIES
from hintcheck.model.hotplug.state import MAX_LMBS, HotplugState, Phase, initial

SIMPLIFICATIONS = (
    "a resize is one step (PREPARE/stop_machine/COMMIT are the hpt model's); grows never fail",
    "any shrink may fail with a bolted collision, regardless of the table's contents",
    "at most `batches` DLPAR requests, one at a time; every LMB of a batch succeeds",
    "at most 128 LMBs: seed 002's instance (about 1,024 LMBs, each retrying a futile shrink) is not expressible",
    "a failed batch is not rolled back (dlpar_memory_add_by_count() removes the LMBs it added, each resizing)",
    "every resize costs the same: a PREPARE zeroes 2^shift bytes and a COMMIT scans the old table",
)

_WANT = ("want",)
_RESIZE = "resize_hpt_for_hotplug() (arch/powerpc/mm/book3s64/hash_utils.c)"
HOOKS = (
    HookSpec("on_batch_start", ("target",), "request_add / request_remove: a DLPAR request arrived; "
             "target of the final size", "dlpar_memory_{add,remove}_by_count() before the first LMB "
             "(hash_batch_expand_prepare() in the batching series)", _WANT),
    HookSpec("on_lmb", ("target",), "add_lmb / remove_lmb: one LMB's section is (un)mapped; target of "
             "memblock's size at that point", f"hash__create_section_mapping() / hash__remove_section_mapping() -> {_RESIZE}", _WANT),
    HookSpec("on_batch_end", ("target",), "end_batch: every LMB is done; target of the final size",
             "dlpar_memory_{add,remove}_by_count() after the last LMB (hash_batch_shrink_end())", _WANT),
    HookSpec("on_shrink_failed", ("tried",), "shrink_fails: a shrink to `tried` failed with -ENOSPC",
             "pseries_lpar_resize_hpt() returning -ENOSPC (H_PTEG_FULL)", _WANT),
)

# Resizes (a prepare and a commit each, successful or not) from a batch's request to its end.
MEASURES = (Measure.between("resizes per hotplug batch", ("resizes",), start=("request_add", "request_remove"),
                            end=("settle",), doc="HPT resizes one drmgr batch of LMB adds or removes makes"),)

SPEC = ModelSpec(
    name="hotplug",
    doc=__doc__.splitlines()[0],
    state=HotplugState,
    params=(Param("lmbs", 1, MAX_LMBS, 8, "largest batch: LMBs added or removed by one request"),
            Param("boot", 1, 1024, 32, "memory at boot, in LMBs (32 of 256 MiB = 8 GiB)"),
            Param("page_shift", 12, 16, 16, "the guest's base page shift (16: 64 KiB pages)"),
            Param("batches", 1, 4, 2, "DLPAR requests in a run (1: the first batch after boot)"),
            Param("lmb_shift", 24, 36, 28, "LMB size, log2 bytes (28: 256 MiB)")),
    index_sets={"batch": "lmbs"},
    init=initial,
    actions=ACTIONS,
    measures=MEASURES,
    hooks=HOOKS,
    policies=POLICIES,
    simplifications=SIMPLIFICATIONS,
    default_policy="per-lmb-hysteresis",
    terminal=lambda m, s: And(s.phase == Phase.IDLE, s.started == m.batches),   # every request returned
)
