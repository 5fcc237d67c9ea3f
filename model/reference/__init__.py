"""The reference model: hint on free, undo on alloc, pre-copy migration.

Exactly the transition system of shared/reference-model.md, so that the
checker's counts can be compared state for state with SPIN, Rumur and TLC
running the same system (pinned in shared/reference-counts.md).

Mechanisms abstracted: `arch_free_page()` hinting a freed page unused
(pseries H_PAGE_INIT with H_PAGE_SET_UNUSED, s390 ESSA_SET_UNUSED), the
undo in `arch_alloc_page()` (H_PAGE_SET_ACTIVE / ESSA_SET_STABLE), and a
pre-copy migration that skips pages hinted unused, as PowerVM's partition
migration does (seed 000). Its rounds have the shape of QEMU's
(`ram_save_iterate`, dirty-log sync, stop-and-copy in
`migration_completion`), but QEMU never skips a page by its page state:
the skip is PowerVM's.

Variables: per page `alloc`, `data`, `hint`, `pend`, `dirty`, `tosend`,
`dest`; globally `phase` and `round` (see state.py).

Simplifications that could hide a bug:
- the dirty log is one bit per page; KVM's and QEMU's two layers and lazy
  (manual-protect) clearing are not modelled, so a hint racing a clear of
  the KVM dirty log cannot show up here (see the pseries model);
- `next_round` sends every dirty page at once instead of syncing when the
  remaining count falls below a threshold;
- the hint hypercall is atomic with the free: no CPU observes the page
  between the free and the hint;
- one allocator, no per-CPU lists or buddy merging;
- no host discard: the "unused" view only matters for migration here.

Liveness (`migration_converges`) assumes the migration thread's fairness:
weak fairness of each page's `send`, of `next_round` and of `finish`. It
also needs the bounded-dirtying assumption the specification builds in
(at most R rounds: parameter `dirty_bound`, 1 by default; with 0 a round
may follow a round for ever and migration need not converge). Parameter
`dirty_bound = 1` is exactly the specified transition system.
"""
from hintcheck.model.core import HCALLS, Fair, HookSpec, Measure, ModelSpec, Param
from hintcheck.model.reference.actions import ACTIONS
from hintcheck.model.reference.policies import POLICIES
from hintcheck.model.reference.state import Phase, RefState, initial

SIMPLIFICATIONS = (
    "the skip of pages hinted unused is PowerVM LPM's; QEMU never skips by page state (see pseries, s390)",
    "one-bit dirty log: no KVM/QEMU two-layer log, no lazy clearing",
    "next_round sends every dirty page at once (no remaining-below-threshold sync)",
    "the hint hypercall is atomic with free",
    "no per-CPU lists, no buddy merging, no host discard",
)

HOOKS = (HookSpec("on_alloc", ("page",), "alloc(page): after the page is initialised, before any use",
                  "arch_alloc_page() (H_PAGE_SET_ACTIVE / ESSA_SET_STABLE)", ("hint[page]", "pend[page]")),)

# What the cost labels add up to: the hint and set-stable hypercalls, the pages a migration sends.
MEASURES = (
    Measure.per("hypercalls per allocator operation", ("hcalls",), ("alloc", "free"),
                doc="the hint on free, the policy's set-stable on alloc, deferred set-stables between"),
    Measure.between("pages sent in round 1", ("pages_sent",), start=("start",), end=("next_round", "finish"),
                    include_end=False, doc="pages transmitted with content before the first dirty-log sync"),
    Measure.between("pages sent per migration", ("pages_sent",), start=("start",), end=("finish",),
                    doc="pages transmitted with content by a completed migration"),
    Measure.between("pages skipped per migration", ("pages_skipped",), start=("start",), end=("finish",),
                    role="benefit", doc="pages a completed migration skipped as hinted unused"),
)

SPEC = ModelSpec(
    name="reference",
    doc=__doc__.splitlines()[0],
    state=RefState,
    params=(Param("pages", 1, 8, 2, "number of guest pages (N)"),
            Param("rounds", 1, 6, 2, "maximum pre-copy rounds (R)"),
            Param("dirty_bound", 0, 1, 1, "assumption: dirtying is bounded, at most R rounds (0: rounds may "
                  "follow rounds for ever; not the specified system)")),
    index_sets={"pages": "pages"},
    init=initial,
    actions=ACTIONS,
    hooks=HOOKS,
    settings=(HCALLS,),
    measures=MEASURES,
    policies=POLICIES,
    symmetric=frozenset({"pages"}),
    terminal=lambda m, s: s.phase == Phase.DONE,        # migrated: nothing runs after stop-and-copy
    simplifications=SIMPLIFICATIONS,
    fairness=(Fair("send", each=True), Fair("next_round"), Fair("finish")),
    default_policy="undo",
)
