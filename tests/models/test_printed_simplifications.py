"""Every divergence from the real mechanism that a model keeps is in the list `check` prints.

DECLARED is the project's record of what each model abstracts (from the
fidelity review of the models against Linux, KVM and QEMU); each line must
be covered by one printed simplification. A model without a declaration,
or a declared divergence the printed list no longer names, fails here.
"""
from __future__ import annotations

import re

import pytest

from hintcheck.model.registry import load_spec, model_names

_ALLOCATOR = [
    ("at most two orders; order-1 blocks bypass the per-CPU lists", r"at most two orders"),
    ("one kind of free-time content; no init_on_alloc, __GFP_ZERO, KASAN", r"free_init.*init_on_alloc"),
    ("the free's store, hint and list insertion one step unless late_init", r"one\s+step unless late_init"),
    ("dirty-log chunks", r"chunk"),
]

DECLARED: dict[str, list[tuple[str, str]]] = {
    "reference": [
        ("the skip of unused pages is PowerVM's, not QEMU's", r"PowerVM.*QEMU never skips"),
        ("one-bit dirty log", r"one-bit dirty log"),
        ("hint atomic with free", r"atomic with free"),
    ],
    "pseries": _ALLOCATOR + [
        ("reclaimed and skipped pages read as zeroes", r"read as zeroes"),
        ("partition migration by QEMU's loop", r"PowerVM"),
        ("postcopy: states travel with pages", r"postcopy"),
    ],
    "s390": _ALLOCATOR + [
        ("host discard semantics: KVM or z/VM", r"KVM.*z/VM"),
        ("ESSA_SET_UNUSED in one step with the free unless late_init", r"ESSA_SET_UNUSED in arch_free_page"),
        ("no CMMA migration stream", r"CMMA"),
        ("postcopy: states travel with pages", r"postcopy"),
    ],
    "hpt": [
        ("abstract hashes; the secondary PTEG only with secondary=1", r"secondary=1"),
        ("rehash from an abstract AVPN and old PTEG index, two page-size classes", r"abstract AVPN"),
        ("one entry per mapping; no H_PROTECT / H_BULK_REMOVE", r"H_PROTECT"),
        ("no eviction of a non-bolted entry; primary and secondary tries one step", r"no eviction"),
        ("host-side quiescence during COMMIT off by default", r"host_quiesce=1"),
        ("preemptible bolted insert off by default", r"htab_bolt_mapping\(\).*preempt_bolt=1"),
        ("QEMU's COMMIT onto a failed preparation proceeds", r"QEMU's COMMIT onto a failed preparation"),
    ],
    "hotplug": [
        ("a resize is one step; QEMU's H_RESOURCE limit is never hit", r"H_RESOURCE"),
        ("shrink collisions are free, not derived from the table", r"regardless of the table's contents"),
        ("runs=1: failed resizes recur; LMB adds fail only at run boundaries",
         r"runs=1: a resize that failed fails again"),
        ("a failed LMB add rolls back at once, before its section is mapped", r"rolls the request back at once"),
        ("cost weighs table bytes only", r"cost counts table bytes only"),
    ],
    "balloon": [
        ("single-page hint blocks", r"single pages"),
        ("bounded virtqueue", r"qcap"),
        ("command ids wrap", r"wrap"),
        ("one migration attempt, no postcopy recovery", r"one migration attempt"),
    ],
    "reporting": [
        ("two orders, order-0 allocations", r"order"),
        ("abstract postcopy destination", r"[Pp]ostcopy"),
    ],
}


def test_every_model_declares_what_it_abstracts():
    assert set(DECLARED) == set(model_names())


@pytest.mark.parametrize("name", sorted(DECLARED))
def test_the_printed_list_names_every_declared_divergence(name):
    printed = load_spec(name).simplifications
    missing = [what for what, pattern in DECLARED[name] if not any(re.search(pattern, line) for line in printed)]
    assert not missing, f"{name}: the printed simplifications do not say {missing}"


def test_check_prints_the_model_s_list(run_cli, tmp_path):
    code, out, _ = run_cli("check", "--model", "s390", "--policy", "essa", "--property", "stable_before_use",
                           "-p", "pages=1", "--trace-dir", str(tmp_path))
    assert code == 0
    for line in load_spec("s390").simplifications:
        assert line in " ".join(out.split()), line
