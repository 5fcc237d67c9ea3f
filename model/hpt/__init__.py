"""The hpt model: HPT resizing with H_RESIZE_HPT_PREPARE / H_RESIZE_HPT_COMMIT.

Guest CPUs update the hash page table (H_ENTER, H_REMOVE) while a resize
driver on CPU 0 (`pseries_lpar_resize_hpt()`) polls PREPARE until the host
has the new table ready, then calls COMMIT inside stop_machine and updates
its view of the size only on H_SUCCESS. The host (KVM HV
`kvm_vm_ioctl_resize_hpt_prepare/commit()`, QEMU `h_resize_hpt_prepare/
commit()`) prepares in a worker, may forget a preparation at any time, and
commits by rehashing bolted entries (A) or pivots onto a table kept in sync
during PREPARE (B). Seed 001, domain.md §2.

Variables: the current and prospective tables (per mapping: its slot, or
none), the guest's order and its view of which mappings are inserted, the
host's preparation, the driver, and per CPU: parked in stop_machine, and a
fault in flight with the order it hashed with (state.py).

Simplifications that could hide a bug:
- abstract hashes: a mapping's PTEG at order k is a fixed hash masked to k
  bits; primary hash only (no secondary PTEG, no HPTE_V_SECONDARY rehash,
  which resize_hpt_rehash_hpte() once got wrong);
- at most one entry per mapping and table; H_REMOVE is one step that looks
  in the group of the guest's current order (the stale-view race is
  modelled for H_ENTER only); no H_PROTECT, H_BULK_REMOVE, H_READ;
- a full PTEG fails the insert (no eviction of a non-bolted entry, no
  secondary group); a dropped non-bolted entry is not re-faulted;
- the rehash recomputes an entry's PTEG from its true hash, where KVM and
  QEMU derive it from the AVPN and the old PTEG index: identical for a
  well-placed entry, different for one a stale hash put in the wrong PTEG;
- time is counted in PREPARE polls (`timeout`), the worker takes any
  number of polls; requests above boot + 1 (H_RESOURCE) and bad shifts
  (H_PARAMETER) change nothing and are not generated;
- CPU 0 drives every resize; bolted mappings may be inserted or removed
  by any CPU at any time (an over-approximation of hotplug and vmemmap);
- the host releases the preparation after every COMMIT (KVM; QEMU keeps it
  on H_BUSY), and a worker cancelled mid-allocation frees itself (the fixed
  KVM code: no use-after-free is modelled);
- `prepare_resolves` (L-PREP) is liveness under the fairness below;
  `no_leak_on_return` is its bounded form (once the driver returns, no
  preparation holds a table).

Fairness (what liveness verdicts assume): the driver thread and each
stopper thread run when they can infinitely often (SF: their CPU also
takes faults, so they are not continuously enabled), each CPU's hash fault
completes, the host worker allocates, COMMIT and the stop_machine callback
run, and the host's own steps (host A: the rehash and pivot; host B: the
copy) proceed. `forget` and a failing allocation are never assumed to
happen.
"""
from hintcheck.model.core import Fair, HookSpec, Measure, ModelSpec, Param, Setting
from hintcheck.model.hpt.driver import DRIVER
from hintcheck.model.hpt.guest import GUEST
from hintcheck.model.hpt.host import HOST
from hintcheck.model.hpt.mirror import MirrorDuringPrepare
from hintcheck.model.hpt.policies import POLICIES
from hintcheck.model.hpt.rehash import RehashAtCommit
from hintcheck.model.hpt.state import MAX_MAPS, MAX_ORDERS, MAX_SLOTS, HptState, initial

SIMPLIFICATIONS = (
    "abstract hashes, primary PTEG only: no secondary hash (HPTE_V_SECONDARY) in insert or rehash",
    "one entry per mapping and table; H_REMOVE is atomic with its hash; no H_PROTECT/H_BULK_REMOVE",
    "a full PTEG fails the insert (no eviction, no secondary group); dropped entries are not re-faulted",
    "the rehash uses the entry's true hash, not one rebuilt from AVPN and old PTEG index",
    "time in PREPARE polls; H_RESOURCE / H_PARAMETER requests are not generated",
    "CPU 0 drives every resize; bolted mappings change at any time from any CPU",
    "prepare_resolves assumes the scheduler runs the driver and stopper threads (strong fairness)",
    "a failed preparation is released; QEMU keeps it, and its COMMIT does not check the preparation's result",
    "the host does not quiesce updates during COMMIT; KVM (mmu_ready = 0, IPIs) and QEMU (the BQL) do, so "
    "no-stop-machine's lost entry cannot happen on either",
    "htab_bolt_mapping() reads the hash mask and inserts in one step (Linux may be preempted in between)",
)
FAIRNESS = (Fair("poll", strong=True), Fair("give_up", strong=True), Fair("stop", strong=True, each=True),
            Fair("h_enter", each=True), Fair("allocated"), Fair("commit"), Fair("resume"))

_TABLES = ("order", "cur", "new", "prep", "porder", "cursor", "drv", "rc")
HOOKS = (
    HookSpec("after_alloc", (), "allocated: the worker allocated and zeroed the table; sets prep "
             "(READY for A, COPY for B)", "resize_hpt_prepare_work() (KVM HV)", ("prep", "cursor")),
    HookSpec("on_commit", (), "commit: COMMIT found a matching ready preparation (A: start the rehash; "
             "B: pivot)", "kvm_vm_ioctl_resize_hpt_commit() / h_resize_hpt_commit()", _TABLES),
    HookSpec("on_update", ("e", "changed", "target", "clash"), "h_enter / h_remove: an update of bolted mapping e, "
             "after the update of the current table (B mirrors it into the prospective one)",
             "kvmppc_do_h_enter() / h_enter() in hw/ppc/spapr_hcall.c", ("new", "prep")),
    HookSpec("on_timeout", (), "give_up: the guest's PREPARE loop ran out of time (faithful: "
             "PREPARE(0, 0) cancels)", "pseries_lpar_resize_hpt() on -ETIMEDOUT",
             ("prep", "porder", "cursor", "new")),
    HookSpec("on_commit_done", (), "resume: the stop_machine callback after COMMIT returned rc "
             "(faithful: new order only on H_SUCCESS)", "pseries_lpar_resize_hpt_commit()", ("gorder",)),
)
SETTINGS = (
    Setting("host", str, "rehash", "the host implementation: rehash (A: KVM HV, QEMU TCG), mirror "
            "(B: the seed's), own (the policy's own host hooks and actions)",
            choices=("rehash", "mirror", "own"),
            provides={"rehash": RehashAtCommit, "mirror": MirrorDuringPrepare}),
    Setting("quiesce", bool, True, "COMMIT runs inside stop_machine (False: straight from the driver, "
            "other CPUs running)"),
)

# What one resize costs, from the driver's first PREPARE to its return (or giving up).
MEASURES = (
    Measure.between("hypercalls per resize", ("hcalls",), start=("request",), end=("resume", "give_up"),
                    only=("request", "poll", "commit"),
                    doc="H_RESIZE_HPT_PREPARE calls and the COMMIT of one pseries_lpar_resize_hpt() (not "
                        "the H_ENTER / H_REMOVE of faults meanwhile)"),
    Measure.between("stop_machine calls per resize", ("stop_machine",), start=("request",),
                    end=("resume", "give_up"), doc="stop_machine() runs of one resize"),
)

SPEC = ModelSpec(
    name="hpt",
    doc=__doc__.splitlines()[0],
    state=HptState,
    params=(Param("cpus", 1, 3, 2, "guest CPUs (CPU 0 runs the resize driver)"),
            Param("slots", 1, MAX_SLOTS, 2, "slots per PTEG (8 in the real HPT)"),
            Param("orders", 2, MAX_ORDERS, 3, "table orders 0..orders-1 (order k: 2^k PTEGs)"),
            Param("boot", 0, MAX_ORDERS - 1, 1, "the order the guest boots with (2 PTEGs)"),
            Param("maps", 1, MAX_MAPS, 3, "guest mappings (abstract hashes 0, 3, 1, 2)"),
            Param("bolted", 0, MAX_MAPS, 2, "mappings 0..bolted-1 are bolted"),
            Param("timeout", 1, 3, 1, "PREPARE polls before the driver gives up")),
    index_sets={"cpus": "cpus", "maps": "maps", "orders": "orders"},
    init=initial,
    actions=DRIVER + GUEST + HOST,
    measures=MEASURES,
    hooks=HOOKS,
    settings=SETTINGS,
    policies=POLICIES,
    simplifications=SIMPLIFICATIONS,
    fairness=FAIRNESS,
    default_policy="rehash",
)
