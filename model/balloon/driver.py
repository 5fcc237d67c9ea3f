"""The guest side: Linux's virtio-balloon driver (`drivers/virtio/virtio_balloon.c`, verified) and guest memory.

Driver mechanism (model actions):
- `config_irq`: `virtballoon_changed()`: if CONFIG_READ_CMD_ID was clear it
  is set and `report_free_page_work` is queued (`test_and_set_bit`);
- `work_run`: `report_free_page_func()` reads the id
  (`virtio_balloon_cmd_id_received()`: the config is re-read only if
  CONFIG_READ_CMD_ID was set, else the cached value is used); DONE returns
  every held block (`return_free_pages_to_mm(vb, ULONG_MAX)`); an id other
  than STOP and the active one starts hinting: `send_cmd_id_start()` adds
  the start id and makes it active;
- `hint_block(page)`: one turn of `send_free_pages()`: the id is re-read and
  still the active one, a free block is allocated
  (`get_free_page_and_send()`: `alloc_pages(..., HINT_BLOCK_ORDER)`), added
  to the queue and, by the design's `on_block_queued`, kept on
  `free_page_list` (HELD);
- `hint_stop`: the loop ends (the id changed, or no block could be
  allocated, which may happen at any time): `send_cmd_id_stop()`;
- `shrink(page)` (parameter `shrinker`): `virtio_balloon_shrinker_scan()`
  returns a held block to the allocator at any time, even while its hint is
  still queued.

Guest memory: `alloc`, `write`, `free` of single pages (the guest's own
use); a store lands as migration says (`store_lands`), an access at the
destination to a page not yet there faults first (`fault`).
"""
from __future__ import annotations

from typing import Any

from hintcheck.model.core import And, action, count, ite, put
from hintcheck.model.balloon.device import config_view
from hintcheck.model.balloon.queue import has_room, push
from hintcheck.model.balloon.state import DONE_ID, STOP_ID, Entry, Own
from hintcheck.model.guest import next_token
from hintcheck.model.migration.stages import can_touch, store_lands


def _received(m: Any, s: Any) -> Any:
    """virtio_balloon_cmd_id_received(): the id as the driver sees it now."""
    return ite(s.rd == 1, config_view(m, s), s.cache)


def _read(m: Any, s: Any) -> Any:
    """The same, with its side effect: CONFIG_READ_CMD_ID cleared, the cache updated."""
    return s.set(rd=0, cache=_received(m, s))


@action(guard=lambda m, s: s.cfg == 1, actor="driver")
def config_irq(m: Any, s: Any) -> Any:
    """virtballoon_changed(): the work is queued if CONFIG_READ_CMD_ID was clear."""
    return s.set(cfg=0, rd=1, work=ite(s.rd == 0, 1, s.work))


@action(guard=lambda m, s: And(s.work == 1, s.loop == 0, has_room(m, s)), actor="driver")
def work_run(m: Any, s: Any) -> Any:
    """report_free_page_func(): DONE returns every held block; a new id starts a hinting loop."""
    s = _read(m, s.set(work=0))
    done, start = s.cache == DONE_ID, And(s.cache != STOP_ID, s.cache != DONE_ID, s.cache != s.active)
    own = tuple(ite(And(done, s.own[p] == Own.HELD), Own.FREE, s.own[p]) for p in m.pages)
    started = push(m, s, Entry.CMD, cmd=s.cache)
    return s.set(own=own, active=ite(start, s.cache, s.active), loop=ite(start, 1, 0),
                 vq_kind=tuple(ite(start, started.vq_kind[i], s.vq_kind[i]) for i in range(m.qcap)),
                 vq_cmd=tuple(ite(start, started.vq_cmd[i], s.vq_cmd[i]) for i in range(m.qcap)))


def _held(m: Any, s: Any) -> Any:
    return count(s.own[p] == Own.HELD for p in m.pages)


@action(params=("pages",), actor="driver",
        guard=lambda m, s, page: And(s.loop == 1, has_room(m, s), _received(m, s) == s.active,
                                     s.own[page] == Own.FREE, _held(m, s) < m.blocks))
def hint_block(m: Any, s: Any, page: int) -> Any:
    """get_free_page_and_send(): the id unchanged, a free block is queued as a hint."""
    s = push(m, _read(m, s), Entry.BLOCK, page=page, rnd=s.round)
    return m.policy.on_block_queued(m, s, page)


@action(guard=lambda m, s: And(s.loop == 1, has_room(m, s)), actor="driver")
def hint_stop(m: Any, s: Any) -> Any:
    """send_free_pages() ends (the id changed, or no block): send_cmd_id_stop()."""
    return push(m, _read(m, s), Entry.CMD, cmd=STOP_ID).set(loop=0)


@action(params=("pages",), actor="guest", guard=lambda m, s, page: And(m.shrinker == 1, s.own[page] == Own.HELD))
def shrink(m: Any, s: Any, page: int) -> Any:
    """virtio_balloon_shrinker_scan(): a held block goes back to the allocator."""
    return s.set(own=put(s.own, page, Own.FREE))


DRIVER_ACTIONS = (config_irq, work_run, hint_block, hint_stop, shrink)


def _store(m: Any, s: Any, page: int) -> Any:
    return store_lands(m, s.set(data=put(s.data, page, next_token(s.data[page]))), page)


@action(params=("pages",), actor="guest",
        guard=lambda m, s, page: And(s.own[page] == Own.FREE, can_touch(m, s, page)))
def alloc(m: Any, s: Any, page: int) -> Any:
    """The guest allocates a page and initialises it."""
    return _store(m, s.set(own=put(s.own, page, Own.USER)), page)


@action(params=("pages",), actor="guest",
        guard=lambda m, s, page: And(s.own[page] == Own.USER, can_touch(m, s, page)))
def write(m: Any, s: Any, page: int) -> Any:
    """The guest stores to a page it holds."""
    return _store(m, s, page)


@action(params=("pages",), actor="guest", guard=lambda m, s, page: s.own[page] == Own.USER)
def free(m: Any, s: Any, page: int) -> Any:
    """The guest frees a page (its content no longer matters)."""
    return s.set(own=put(s.own, page, Own.FREE))


GUEST_ACTIONS = (alloc, write, free)


class LinuxDriver:
    """Linux as merged: a queued block stays allocated on free_page_list until DONE (or the shrinker)."""

    def on_block_queued(self, m: Any, s: Any, page: int) -> Any:
        return s.set(own=put(s.own, page, Own.HELD))


__all__ = ["DRIVER_ACTIONS", "GUEST_ACTIONS", "LinuxDriver"]
