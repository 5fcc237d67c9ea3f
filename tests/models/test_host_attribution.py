"""Which host a verdict rests on is said where the user reads it: the printed simplifications."""
from __future__ import annotations

from hintcheck.model.registry import load_spec


def test_reference_says_the_skip_of_unused_pages_is_powervm_not_qemu(run_cli, tmp_path):
    printed = load_spec("reference").simplifications
    assert any("PowerVM" in line and "QEMU never skips" in line for line in printed)
    code, out, _ = run_cli("check", "--model", "reference", "--policy", "undo", "--property", "no_data_loss",
                           "-p", "pages=1", "--trace-dir", str(tmp_path))
    assert code == 0 and "QEMU never skips by page state" in out


def test_s390_names_both_hosts_and_defaults_to_kvm():
    spec = load_spec("s390")
    host = next(p for p in spec.params if p.name == "host")
    assert (host.lo, host.hi, host.default) == (0, 1, 0) and "KVM" in host.doc and "z/VM" in host.doc
    assert any("KVM" in line and "z/VM" in line for line in spec.simplifications)
