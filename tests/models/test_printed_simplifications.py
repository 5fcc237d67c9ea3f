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
    ("per-CPU path only (rmqueue_buddy, free to buddy)", r"per-CPU list.*rmqueue_buddy"),
    ("at most two orders; order-1 blocks bypass the per-CPU lists", r"at most two orders"),
    ("allocation overwrites the page; no poison, no init_on_free", r"poison.*init_on_free"),
    ("dirty-log chunks", r"chunk"),
]

DECLARED: dict[str, list[tuple[str, str]]] = {
    "reference": [
        ("the skip of unused pages is PowerVM's, not QEMU's", r"PowerVM.*QEMU never skips"),
        ("one-bit dirty log", r"one-bit dirty log"),
        ("hint atomic with free", r"atomic with free"),
    ],
    "pseries": _ALLOCATOR + [
        ("hint atomic with the free", r"atomic with the free"),
        ("partition migration by QEMU's loop", r"PowerVM"),
        ("postcopy: states travel with pages", r"postcopy"),
    ],
    "s390": _ALLOCATOR + [
        ("host discard semantics: KVM or z/VM", r"KVM.*z/VM"),
        ("ESSA_SET_UNUSED atomic with the free (2019 fix)", r"arch_free_page"),
        ("no CMMA migration stream", r"CMMA"),
        ("postcopy: states travel with pages", r"postcopy"),
    ],
    "hpt": [
        ("no secondary hash", r"secondary hash"),
        ("rehash from the true hash, not AVPN and old PTEG index", r"AVPN"),
        ("QEMU's sticky failed preparation and unchecked COMMIT", r"QEMU keeps it"),
        ("host-side quiescence during COMMIT", r"quiesce"),
        ("preemptible bolted insert", r"htab_bolt_mapping\(\).*one step"),
    ],
    "hotplug": [
        ("grows never fail", r"grows never fail"),
        ("LMB count capped below seed 002's instance", r"1,024 LMBs"),
        ("no rollback of a failed batch", r"rolled back"),
        ("every resize weighs the same", r"every resize costs the same"),
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
