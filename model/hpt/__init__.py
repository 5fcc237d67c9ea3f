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
none, and its H bit), the guest's order and its view of which mappings are
inserted, the host's preparation, the driver, and per CPU: parked in
stop_machine, and a fault in flight with the order it hashed with
(state.py).

Mechanisms from the fidelity review (a parameter or setting switches all
but the AVPN rehash on; the defaults keep the earlier state counts):
- `secondary=1`: a full primary PTEG sends the insert to the secondary one
  (`htab_bolt_mapping()` since 2019, the hash fault path always); the entry
  keeps the H bit the guest passed, the MMU finds it only where its H bit
  says, and the rehash complements the hash of H entries
  (`resize_hpt_rehash_hpte()`, `rehash_hpte()`). Mainline's bolted
  secondary try passes no HPTE_V_SECONDARY (`bolt_hbit=0`): the entry is
  never found (suite: rehash with secondary=1, slots=1, bolted=3).
- the rehash rebuilds every entry's PTEG from what the host has: the
  AVPN, the old PTEG index, the H bit and the base page size decoded from
  the HPTE (table.rehashed); mappings 0..large-1 are large pages. The
  `rehash-wrong-pshift` host decodes large pages with the base size, the
  bug ded13fc11b71 fixed (KVM used the host's page-size table, wrong for
  an HPT guest on a radix host); the secondary-hash rehash itself was not
  what that commit fixed.
- `host = "qemu"`: QEMU TCG's bookkeeping (a sticky failed preparation, a
  COMMIT that checks only that the preparation is complete).
- `host_quiesce=1`: the host refuses H_ENTER / H_REMOVE while COMMIT runs.
  Both real hosts do: KVM sets `kvm->arch.mmu_ready = 0` and IPIs every
  vCPU out of the guest (`resize_hpt_boot_vcpu`), QEMU runs hypercalls and
  COMMIT under the BQL. It removes the loss during the rehash; it cannot
  help a CPU that hashed with the old order before COMMIT.
- `preempt_bolt=1`: `htab_bolt_mapping()` can be preempted between reading
  `htab_hash_mask` and `hpte_insert()`, so stop_machine can resize in
  between (memory hot-add serialises the two under the hotplug lock; the
  debugfs `hpt_order` resize takes only cpus_read_lock()).

Simplifications that could hide a bug:
- abstract hashes: a mapping's PTEG at order k is a fixed hash masked to k
  bits; the secondary PTEG only with `secondary=1` (off by default: the
  pre-2019 guest; at two slots per PTEG no primary PTEG ever fills);
- the rehash works on an abstract AVPN (every hash bit the model's orders
  use) and the old PTEG index, ORed as the C code does, not on real VPN,
  VSID and segment bits; page sizes are two classes, base and large;
- at most one entry per mapping and table; H_REMOVE is one step that looks
  in the groups of the guest's current order (the stale-view race is
  modelled for H_ENTER only); no H_PROTECT, H_BULK_REMOVE, H_READ;
- a full PTEG (pair) fails the insert: no eviction of a non-bolted entry
  (`htab_bolt_mapping()`'s `hpte_remove()`, the fault path's random
  eviction), so the secondary fallback also happens where Linux would evict;
  the primary and secondary tries are one step; a dropped non-bolted entry
  is not re-faulted;
- time is counted in PREPARE polls (`timeout`), the worker takes any
  number of polls; requests above boot + 1 (H_RESOURCE) and bad shifts
  (H_PARAMETER) change nothing and are not generated;
- CPU 0 drives every resize; bolted mappings may be inserted or removed
  by any CPU at any time (an over-approximation of hotplug and vmemmap:
  no lock serialises them with the resize);
- by default the host lets guest updates run during COMMIT and
  `htab_bolt_mapping()` hashes and inserts without preemption
  (`host_quiesce=0`, `preempt_bolt=0`);
- KVM releases the preparation after every COMMIT; QEMU's COMMIT onto a
  failed preparation (a NULL table: QEMU would crash) proceeds as a commit;
  a worker cancelled mid-allocation frees itself (the fixed KVM code: no
  use-after-free is modelled);
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
    "abstract hashes; the secondary PTEG (HPTE_V_SECONDARY) only with secondary=1, off by default",
    "the rehash uses an abstract AVPN and the old PTEG index, not VPN/VSID bits; two page-size classes",
    "one entry per mapping and table; H_REMOVE is atomic with its hash; no H_PROTECT/H_BULK_REMOVE",
    "a full PTEG fails the insert (no eviction of a non-bolted entry); primary and secondary tries are "
    "one step; dropped entries are not re-faulted",
    "time in PREPARE polls; H_RESOURCE / H_PARAMETER requests are not generated",
    "CPU 0 drives every resize; bolted mappings change at any time from any CPU",
    "prepare_resolves assumes the scheduler runs the driver and stopper threads (strong fairness)",
    "the host quiesces guest updates during COMMIT only with host_quiesce=1 (KVM: mmu_ready = 0 and "
    "IPIs; QEMU: the BQL); the default does not",
    "htab_bolt_mapping() may be preempted between hashing and H_ENTER only with preempt_bolt=1",
    "QEMU's COMMIT onto a failed preparation (a NULL table, a crash in QEMU) proceeds as a commit",
)
FAIRNESS = (Fair("poll", strong=True), Fair("give_up", strong=True), Fair("stop", strong=True, each=True),
            Fair("h_enter", each=True), Fair("allocated"), Fair("commit"), Fair("resume"))

_TABLES = ("order", "cur", "new", "prep", "porder", "cursor", "drv", "rc", "hcur", "hnew")
HOOKS = (
    HookSpec("after_alloc", (), "allocated: the worker allocated and zeroed the table; sets prep "
             "(READY for A, COPY for B)", "resize_hpt_prepare_work() (KVM HV)", ("prep", "cursor")),
    HookSpec("on_commit", (), "commit: COMMIT found a matching ready preparation (A: start the rehash; "
             "B: pivot)", "kvm_vm_ioctl_resize_hpt_commit() / h_resize_hpt_commit()", _TABLES),
    HookSpec("on_update", ("e", "changed", "target", "clash"), "h_enter / h_remove: an update of bolted mapping e, "
             "after the update of the current table (B mirrors it into the prospective one)",
             "kvmppc_do_h_enter() / h_enter() in hw/ppc/spapr_hcall.c", ("new", "prep", "hnew")),
    HookSpec("on_timeout", (), "give_up: the guest's PREPARE loop ran out of time (faithful: "
             "PREPARE(0, 0) cancels)", "pseries_lpar_resize_hpt() on -ETIMEDOUT",
             ("prep", "porder", "cursor", "new", "hnew")),
    HookSpec("on_commit_done", (), "resume: the stop_machine callback after COMMIT returned rc "
             "(faithful: new order only on H_SUCCESS)", "pseries_lpar_resize_hpt_commit()", ("gorder",)),
)
SETTINGS = (
    Setting("host", str, "rehash", "the host implementation: rehash (A: KVM HV), qemu (A with QEMU "
            "TCG's bookkeeping: a sticky failed preparation, a COMMIT that does not check its result), "
            "mirror (B: the seed's), own (the policy's own host hooks and actions)",
            choices=("rehash", "qemu", "mirror", "own"),
            provides={"rehash": RehashAtCommit, "qemu": RehashAtCommit, "mirror": MirrorDuringPrepare}),
    Setting("wrong_pshift", bool, False, "the rehash decodes every HPTE with the base page size, so a "
            "large page's rebuilt PTEG is wrong (the bug ded13fc11b71 fixed for HPT guests on radix hosts)"),
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
            Param("timeout", 1, 3, 1, "PREPARE polls before the driver gives up"),
            Param("secondary", 0, 1, 0, "1: a full primary PTEG sends the insert to the secondary PTEG "
                  "(mainline since 2019); 0: primary only (older Linux; the default keeps states small)"),
            Param("bolt_hbit", 0, 1, 0, "with secondary=1: 1 = htab_bolt_mapping() passes HPTE_V_SECONDARY "
                  "on its secondary try (a fix); 0 = it does not, as mainline"),
            Param("large", 0, MAX_MAPS, 2, "mappings 0..large-1 are large pages (the bolted linear mapping's "
                  "16M), the rest base pages"),
            Param("host_quiesce", 0, 1, 0, "1: the host refuses H_ENTER / H_REMOVE while a COMMIT runs "
                  "(KVM: mmu_ready = 0 and IPIs; QEMU: the BQL); 0: only what PAPR requires"),
            Param("preempt_bolt", 0, 1, 0, "1: htab_bolt_mapping() can be preempted (by stop_machine's "
                  "stopper) between hashing and H_ENTER; 0: the two are one non-preemptible section")),
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
