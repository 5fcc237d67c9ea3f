"""The guest component: page allocator (buddy pool + per-CPU lists), content, page cache.

See allocator.py for the mechanisms and hook points, content.py for the
content token and the page-cache state.
"""
from hintcheck.model.guest.allocator import (ALLOCATOR_MEASURES, BUDDY, FREEING, GUEST_PARAMS, IN_USE, INIT_ON_FREE,
                                             LOC, PCP, POISON, POISONING, GuestAccess, guest_actions, guest_hooks, held,
                                             hook_cost, init_value, on_pcp, pcp_count, run_hook)
from hintcheck.model.guest.content import CONTENT, KIND, TOKEN, Kind, clean_hook, next_token, pagecache_actions

__all__ = ["ALLOCATOR_MEASURES", "BUDDY", "CONTENT", "FREEING", "GUEST_PARAMS", "IN_USE", "INIT_ON_FREE", "KIND", "LOC",
           "PCP", "POISON", "POISONING", "TOKEN", "GuestAccess", "Kind", "clean_hook", "guest_actions", "guest_hooks",
           "held", "hook_cost", "init_value", "next_token", "on_pcp", "pagecache_actions", "pcp_count", "run_hook"]
