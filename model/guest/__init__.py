"""The guest component: page allocator (buddy pool + per-CPU lists), content, page cache.

See allocator.py for the mechanisms and hook points, content.py for the
content token and the page-cache state.
"""
from hintcheck.model.guest.allocator import (ALLOCATOR_MEASURES, BLOCK, BUDDY, FREEING, GUEST_PARAMS, INIT_ON_FREE,
                                             IN_USE, LOC, PCP, POISON, POISONING, GuestAccess, boot_blocks,
                                             guest_actions, guest_hooks, held, hook_cost, init_value, on_pcp,
                                             pcp_count, run_hook)
from hintcheck.model.guest.content import CONTENT, KIND, TOKEN, Kind, clean_hook, next_token, pagecache_actions

__all__ = ["ALLOCATOR_MEASURES", "BLOCK", "BUDDY", "CONTENT", "FREEING", "GUEST_PARAMS", "INIT_ON_FREE", "IN_USE",
           "KIND", "LOC", "PCP", "POISON", "POISONING", "TOKEN", "GuestAccess", "Kind", "boot_blocks", "clean_hook",
           "guest_actions", "guest_hooks", "held", "hook_cost", "init_value", "next_token", "on_pcp",
           "pagecache_actions", "pcp_count", "run_hook"]
