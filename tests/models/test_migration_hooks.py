"""Migration event hooks: a design may act at setup, around each sync, at completion and cleanup."""
from __future__ import annotations

import json
from pathlib import Path

from hintcheck.model.registry import load_spec

DESIGNS = Path(__file__).resolve().parent / "designs" / "migration_flush.py"


def _row(run_cli, tmp_path, cls, *params):
    code, out, err = run_cli("check", "--model", "pseries", "--policy", f"{DESIGNS}:{cls}", *params,
                             "--property", "no_data_loss_stable", "--trace-dir", str(tmp_path), "--json")
    assert code in (0, 1), err
    return json.loads(out)


def test_every_model_on_the_migration_component_offers_the_event_hooks():
    for name in ("pseries", "s390"):
        hooks = {h.name for h in load_spec(name).hooks}
        assert {"on_migration_setup", "on_before_sync", "on_after_sync", "on_complete", "on_cleanup"} <= hooks


def test_flushing_queued_undos_at_setup_and_before_every_sync_makes_lazy_undo_hold(run_cli, tmp_path):
    for params in ((), ("-p", "cpus=2")):
        row = _row(run_cli, tmp_path, "FlushAtSetupAndSync", *params)
        assert (row["verdict"], row["vacuous"]) == ("holds", None), params
    assert _row(run_cli, tmp_path, "FlushAtSetupAndSync")["states"] == 9588


def test_flushing_at_one_event_only_still_loses_data(run_cli, tmp_path):
    # before each sync only: a page allocated before setup is skipped in round 1 and never dirtied again
    row = _row(run_cli, tmp_path, "FlushAtSync")
    assert (row["verdict"], row["trace_length"]) == ("violated", 7)
    # at setup only: a page allocated while migrating is skipped, and the final sync finds it undone too late
    assert _row(run_cli, tmp_path / "b", "FlushAtSetup")["verdict"] == "violated"


def test_lazy_clearing_defeats_the_flushes(run_cli, tmp_path):
    # a store after the sync fetched the page's KVM bit leaves no new record; the page's send, still
    # unused, is skipped and clears the bit: the flush at completion comes after the last chance
    row = _row(run_cli, tmp_path, "FlushAtSetupAndSync", "-p", "lazy_clear=1")
    assert (row["verdict"], row["trace_length"]) == ("violated", 9)
