"""free_page_vq: a FIFO of fixed slots, oldest first, shared by the driver (adds) and the iothread (pops).

`push` writes the first empty slot (the slots stay packed, so it is the
one after the last entry); `pop` shifts every entry one slot down. No
index is a state value, so every engine reads the same code.
"""
from __future__ import annotations

from typing import Any

from hintcheck.model.core import And, ite
from hintcheck.model.balloon.state import Entry


def has_room(m: Any, s: Any) -> Any:
    """virtqueue_add_*() can add: the last slot is empty (the model's bound on in-flight buffers)."""
    return s.vq_kind[m.qcap - 1] == Entry.EMPTY


def push(m: Any, s: Any, kind: Entry, cmd: Any = 0, page: Any = 0, rnd: Any = 0) -> Any:
    """Add one entry behind the last one (the caller checked `has_room`)."""
    slots = range(m.qcap)
    first = [And(s.vq_kind[i] == Entry.EMPTY, True if i == 0 else s.vq_kind[i - 1] != Entry.EMPTY) for i in slots]
    return s.set(vq_kind=tuple(ite(first[i], kind, s.vq_kind[i]) for i in slots),
                 vq_cmd=tuple(ite(first[i], cmd, s.vq_cmd[i]) for i in slots),
                 vq_page=tuple(ite(first[i], page, s.vq_page[i]) for i in slots),
                 vq_round=tuple(ite(first[i], rnd, s.vq_round[i]) for i in slots))


def pop(m: Any, s: Any) -> Any:
    """virtqueue_pop(): drop the oldest entry."""
    def shifted(field: tuple[Any, ...]) -> tuple[Any, ...]:
        return tuple(field[1:]) + (0,)
    return s.set(vq_kind=shifted(s.vq_kind), vq_cmd=shifted(s.vq_cmd), vq_page=shifted(s.vq_page),
                 vq_round=shifted(s.vq_round))
