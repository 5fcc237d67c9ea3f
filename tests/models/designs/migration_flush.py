"""pseries designs that act on migration events: lazy-undo with its queued SET_ACTIVE calls flushed
by a migration hook (the guest's counterpart: a migration notifier)."""
from hintcheck.model.core import ite
from hintcheck.model.hypervisor.papr import PState
from hintcheck.model.pseries.policies import LazyUndo


def _flush(m, s):
    hs = tuple(ite(s.pend[p] == 1, PState.ACTIVE, s.hs[p]) for p in m.pages)
    return s.set(hs=hs, pend=(0,) * len(m.pages))


class FlushAtSync(LazyUndo):
    """lazy-undo, and the queued SET_ACTIVE calls flushed before every bitmap sync and the final one."""
    name = "flush-at-sync"

    def on_before_sync(self, m, s):
        return _flush(m, s)


class FlushAtSetup(LazyUndo):
    """lazy-undo, flushed once when migration starts."""
    name = "flush-at-setup"

    def on_migration_setup(self, m, s):
        return _flush(m, s)


class FlushAtSetupAndSync(LazyUndo):
    """lazy-undo, flushed when migration starts and before every bitmap sync."""
    name = "flush-at-setup-and-sync"

    def on_migration_setup(self, m, s):
        return _flush(m, s)

    def on_before_sync(self, m, s):
        return _flush(m, s)
