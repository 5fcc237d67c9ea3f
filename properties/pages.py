"""Properties shared by the page-hinting models (pseries, s390).

Each is built from a model's `readable(m, s, page)`: whether the guest gets
its last-written content back when it next reads the page at the source.
"""
from __future__ import annotations

from typing import Any, Callable

from hintcheck.model.core import And, Bool, Not, Or, Property, every, invariant
from hintcheck.model.guest import IN_USE, held, init_value
from hintcheck.model.migration import Phase


def data_properties(readable: Callable[..., Any], migrated_ok: Callable[..., Any]) -> tuple[Property, ...]:
    """no_data_loss_stable and its migration-only form no_data_loss_at_finish."""

    @invariant
    def no_data_loss_stable(m: Any, s: Any) -> Bool:
        """Every page the guest holds has its last-written content where the guest reads it next.

        Before completion that is source memory after any host discard (a
        discarded clean volatile page refaults from storage: not a loss);
        after completion it is the destination (domain.md P-DATA); in
        postcopy a page that arrived must be current there (one still to
        arrive is judged when it does, or at completion).
        """
        return every(Or(Not(held(s, p)),
                        And(Or(s.phase == Phase.DONE, readable(m, s, p)),
                            Or(s.phase != Phase.DONE, migrated_ok(m, s, p)),
                            Or(s.pc == 0, s.recv[p] == 0, migrated_ok(m, s, p))))
                     for p in m.pages)

    @invariant
    def no_data_loss_at_finish(m: Any, s: Any) -> Bool:
        """After migration, every page the guest holds has its content at the destination."""
        return Or(s.phase != Phase.DONE,
                  every(Or(Not(held(s, p)), migrated_ok(m, s, p)) for p in m.pages))

    return no_data_loss_stable, no_data_loss_at_finish


def free_content_properties(readable: Callable[..., Any], migrated_ok: Callable[..., Any],
                            hinted: Callable[..., Any],
                            reads_zero: Callable[..., Any] = lambda m, s, page: False) -> tuple[Property, ...]:
    """The contracts of the content a free leaves (allocator `free_init`, `late_init`).

    `hinted(m, s, page)`: the host holds the page as not needed (it may drop
    it); `reads_zero(m, s, page)`: a page whose content is gone reads as
    zeroes (KVM's zap), which is what init_on_free promised anyway.
    """

    @invariant
    def free_content_kept(m: Any, s: Any) -> Bool:
        """A free page still holds what the free left in it where the next allocation reads it.

        init_on_free: post_alloc_hook() does not zero the page again
        (free_pages_prezeroed()), so a caller asking for __GFP_ZERO trusts
        it; page poisoning: check_poison_mem() reports "pagealloc: memory
        corruption" for a page that lost the pattern. Before completion the
        page is read at the source, after it at the destination. Holds
        trivially without `free_init`.
        """
        if m.free_init == 0:
            return True

        def kept(p: int) -> Any:
            at_source = Or(readable(m, s, p), And(init_value(m) == 0, reads_zero(m, s, p)))
            return And(s.data[p] == init_value(m),
                       Or(s.phase == Phase.DONE, at_source),
                       Or(s.phase != Phase.DONE, migrated_ok(m, s, p)),
                       Or(s.pc == 0, s.recv[p] == 0, migrated_ok(m, s, p)))

        return every(Or(s.loc[p] == IN_USE, kept(p)) for p in m.pages)

    @invariant
    def no_access_after_free_hint(m: Any, s: Any) -> Bool:
        """No page still to be poisoned or zeroed by its free is hinted to the host.

        free_pages_prepare(): "arch_free_page() can make the page's contents
        inaccessible. s390 does this. So nothing which can access the
        page's contents should happen after this." Before 2019 the poisoning
        and init_on_free stores came after it (`late_init`).
        """
        return every(Not(And(s.freeing[p] == 1, m.free_init != 0, hinted(m, s, p))) for p in m.pages)

    return free_content_kept, no_access_after_free_hint
