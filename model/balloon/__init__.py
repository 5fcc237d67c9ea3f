"""The balloon model: virtio-balloon free page hinting (VIRTIO_BALLOON_F_FREE_PAGE_HINT) during live migration.

Composed from the guest driver and guest memory (driver.py), QEMU's device
and its iothread (device.py, queue.py) and live migration at the grain of
its notifiers, with postcopy, cancel and failure (model/migration/stages.py).
A policy is a guest driver design with a host device design (the setting
`device`); the shipped ones are in policies.py.

Assumption parameters (each a real configuration, none an unverified
claim): `lazy_clear` (manual-protect dirty-log clearing), `chunks`,
`postcopy` (capability on), `abort` (cancel and failure possible),
`shrinker` (the driver's shrinker may return held blocks), `ids` (command
ids reused modulo `ids`: QEMU's counter wraps after 2^31 windows, so a
violation that needs a wrapped id is a bound artefact), `qcap` (the
virtqueue's in-flight bound), `blocks` (hint blocks the driver may hold).

Pages are not declared interchangeable (with chunks=2 they are not).

Simplifications that could hide a bug:
- a hint block is one page and the guest's own allocations are single
  pages: no orders, no buddy merging (HINT_BLOCK_ORDER is MAX_PAGE_ORDER);
- the virtqueue holds at most `qcap` elements and a driver add waits for
  room (Linux gets -ENOSPC from virtqueue_add_*() and ends the loop);
- the guest driver reads the config synchronously and a config interrupt is
  delivered where the guest runs, after migration too (how QEMU carries a
  pending interrupt across migration was not traced);
- a block popped at the destination after the postcopy switch does nothing
  (the destination does not migrate out);
- and those of model/migration/stages.py: one migration attempt per run, cancel and failure only between syncs, no
  postcopy recovery, complete is one step.
"""
from hintcheck.model.core import Fair, HookSpec, ModelSpec, Param, Setting
from hintcheck.model.balloon.device import DEVICE_ACTIONS, DEVICES
from hintcheck.model.balloon.driver import DRIVER_ACTIONS, GUEST_ACTIONS
from hintcheck.model.balloon.policies import POLICIES
from hintcheck.model.balloon.state import BalloonState, initial
from hintcheck.model.migration import MIGRATION_PARAMS, migration_hooks
from hintcheck.model.migration.stages import STAGED_FAIRNESS, STAGED_MEASURES, STAGED_PARAMS, staged_actions

SIMPLIFICATIONS = (
    "hint blocks and guest allocations are single pages: no orders, no buddy merging",
    "the virtqueue holds at most qcap elements; a driver add waits for room instead of failing",
    "config reads are synchronous; a pending config interrupt reaches the guest where it runs, after "
    "migration too",
    "a block popped at the destination after the postcopy switch does nothing",
    "one migration attempt per run; cancel and failure only between syncs; no postcopy recovery",
    "completion is one step (guest and iothread stopped); postcopy sends are in any order",
    "command ids wrap modulo `ids` (QEMU: after 2^31 windows)",
)

_DEVICE_WRITES = ("st", "cid", "cfg")
HOOKS = migration_hooks(_DEVICE_WRITES) + (
    HookSpec("on_cmd_id", ("cmd",), "pop_cmd(cmd): the iothread popped a command id (a start id or STOP)",
             "get_free_page_hints(): elem->out_num", ("st",)),
    HookSpec("on_free_page_hint", ("page",), "pop_block(page): the iothread popped a hinted free block",
             "get_free_page_hints(): elem->in_num -> qemu_guest_free_page_hint()", ("bmap", "kd", "fetched")),
    HookSpec("on_block_queued", ("page",), "hint_block(page): after the block was added to free_page_vq",
             "get_free_page_and_send(): list_add(&page->lru, &vb->free_page_list)", ("own[page]",)),
)

SETTINGS = (
    Setting("device", str, "qemu", "the host device design: qemu (as merged), a variant of it named for "
            "what it omits, none (no hinting), or own (the policy's own device hooks)",
            choices=tuple(DEVICES) + ("own",), provides=DEVICES),
)

SPEC = ModelSpec(
    name="balloon",
    doc=__doc__.splitlines()[0],
    state=BalloonState,
    params=(Param("pages", 1, 3, 2, "guest pages"),) + MIGRATION_PARAMS + STAGED_PARAMS + (
        Param("ids", 2, 3, 3, "command ids the device hands out before reusing one"),
        Param("qcap", 2, 4, 3, "free_page_vq elements in flight"),
        Param("blocks", 1, 2, 1, "hint blocks the driver may hold"),
        Param("shrinker", 0, 1, 1, "1: the driver's shrinker may return held blocks at any time"),
        Param.derived("cmds", lambda p: p["ids"] + 2, "command id values: STOP, DONE and the ids", lo=4, hi=5)),
    index_sets={"pages": "pages", "slots": "qcap", "cmds": "cmds"},
    init=initial,
    actions=GUEST_ACTIONS + DRIVER_ACTIONS + DEVICE_ACTIONS + staged_actions(),
    hooks=HOOKS,
    settings=SETTINGS,
    policies=POLICIES,
    simplifications=SIMPLIFICATIONS,
    fairness=STAGED_FAIRNESS + (Fair("pop_cmd"), Fair("pop_block"), Fair("config_irq"), Fair("work_run"),
                                Fair("hint_stop")),
    measures=STAGED_MEASURES,
    default_policy="faithful",
)
