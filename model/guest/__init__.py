"""The guest component: page allocator (buddy pool + per-CPU lists), content, page cache.

See allocator.py for the mechanisms and hook points, content.py for the
content token and the page-cache state.
"""
from hintcheck.model.guest.allocator import (ALLOCATOR_MEASURES, BUDDY, GUEST_PARAMS, IN_USE, LOC, PCP, GuestAccess, guest_actions,
                                             guest_hooks,                                              hook_cost, on_pcp, pcp_count, run_hook)
from hintcheck.model.guest.content import KIND, TOKEN, Kind, clean_hook, next_token, pagecache_actions

__all__ = ["ALLOCATOR_MEASURES", "BUDDY", "GUEST_PARAMS", "IN_USE", "KIND", "LOC", "PCP", "TOKEN", "GuestAccess", "Kind", "clean_hook", "guest_actions",
           "guest_hooks",            "hook_cost", "next_token", "on_pcp", "pagecache_actions", "pcp_count", "run_hook"]
