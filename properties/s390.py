"""Properties of the s390 model (domain.md §8 P-DATA, §4.4 G1)."""
from __future__ import annotations

from typing import Any

from hintcheck.model.core import And, Bool, Not, Or, every, invariant
from hintcheck.model.guest import Kind, held
from hintcheck.model.hypervisor.essa import KVM, EState, essa_readable
from hintcheck.properties.migration import migration_converges
from hintcheck.properties.pages import data_properties, free_content_properties


def _migrated(m: Any, s: Any, page: int) -> Bool:
    """The destination has the content, or the page is clean and volatile (it refaults there)."""
    return Or(s.dest[page] == s.data[page],
              And(s.hs[page] == EState.VOLATILE, s.kind[page] == Kind.CLEAN))


no_data_loss_stable, no_data_loss_at_finish = data_properties(essa_readable, _migrated)
# A dropped free page reads as zeroes once arch_alloc_page() makes it stable: on KVM always (the zap),
# on z/VM when it was unused (ESSA_SET_STABLE on a discarded unused page gives a zero page; a discarded
# volatile one is a discard fault).
free_content_kept, no_access_after_free_hint = free_content_properties(
    essa_readable, _migrated, lambda m, s, page: s.hs[page] != EState.STABLE,
    lambda m, s, page: And(s.gone[page] == 1, Or(m.host == KVM, s.hs[page] == EState.UNUSED)))


@invariant
def stable_before_use(m: Any, s: Any) -> Bool:
    """G1 / P-UNDO: no page in use is held unused by the host, which may discard it at any time.

    A volatile page in use is allowed only while it is clean page cache.
    """
    return every(Or(Not(held(s, p)),
                    s.hs[p] == EState.STABLE,
                    And(s.hs[p] == EState.VOLATILE, s.kind[p] == Kind.CLEAN))
                 for p in m.pages)


PROPERTIES = (no_data_loss_stable, stable_before_use, no_data_loss_at_finish, migration_converges,
              free_content_kept, no_access_after_free_hint)
