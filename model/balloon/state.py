"""State of the balloon model: guest pages, migration, the device, its virtqueue and the driver.

Command id values are encoded as Linux and QEMU spell them: 0 is
VIRTIO_BALLOON_CMD_ID_STOP, 1 is VIRTIO_BALLOON_CMD_ID_DONE, and 2.. are the
ids the device hands out (QEMU counts from
VIRTIO_BALLOON_FREE_PAGE_HINT_CMD_ID_MIN = 0x80000000), `ids` of them,
reused modulo `ids`.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from enum import IntEnum
from typing import Any

from hintcheck.model.core import Domain, per_index, scalar
from hintcheck.model.guest import TOKEN
from hintcheck.model.migration import BIT, ROUND
from hintcheck.model.migration.stages import MIG_PHASE, SENT, STAGE, MigPhase, Stage

STOP_ID = 0
DONE_ID = 1
FIRST_ID = 2


class Own(IntEnum):
    FREE = 0           # on the guest's free lists
    USER = 1           # allocated and in use: its content matters
    HELD = 2           # allocated by the driver as a hint block (on free_page_list)


class Status(IntEnum):
    """QEMU's free_page_hint_status."""
    STOP = 0
    REQUESTED = 1
    START = 2
    DONE = 3


class Entry(IntEnum):
    """A free_page_vq element."""
    EMPTY = 0
    CMD = 1            # an out buffer holding a command id (start id or STOP)
    BLOCK = 2          # an in buffer holding a free page block


def id_name(v: int) -> str:
    return ("STOP", "DONE")[v] if v < FIRST_ID else f"id{v - FIRST_ID}"


CMD_ID = Domain.upto("ids", 1).labelled(id_name)     # 0..ids+1: STOP, DONE, id0, id1...
PAGE = Domain.upto("pages", -1)
OWN = Domain.enum_of(Own)
STATUS = Domain.enum_of(Status)
ENTRY = Domain.enum_of(Entry)


@dataclass(frozen=True, slots=True)
class BalloonState:
    # guest memory
    own: tuple[Any, ...] = per_index("pages", OWN)
    data: tuple[Any, ...] = per_index("pages", TOKEN)      # content the guest last wrote
    # migration (model/migration/stages.py)
    kd: tuple[Any, ...] = per_index("pages", BIT)          # KVM dirty log
    fetched: tuple[Any, ...] = per_index("pages", BIT)     # fetched by a sync, KVM bit not yet cleared
    bmap: tuple[Any, ...] = per_index("pages", BIT)        # migration bitmap: still to send
    dest: tuple[Any, ...] = per_index("pages", TOKEN)      # content at the destination
    recv: tuple[Any, ...] = per_index("pages", BIT)        # present at the destination
    want: tuple[Any, ...] = per_index("pages", BIT)        # a vCPU waits for the page (postcopy fault)
    hinted: tuple[Any, ...] = per_index("pages", BIT)      # ghost: a hint dropped the page's bit
    phase: Any = scalar(MIG_PHASE)
    stage: Any = scalar(STAGE)
    round: Any = scalar(ROUND)
    sent: Any = scalar(SENT)                               # with `counters`: pages sent by this migration
    resent: Any = scalar(SENT)                             # ... of which a hint had dropped
    # device (QEMU virtio-balloon)
    st: Any = scalar(STATUS)                               # free_page_hint_status
    cid: Any = scalar(CMD_ID)                              # free_page_hint_cmd_id
    cfg: Any = scalar(BIT)                                 # a config-change interrupt is pending
    # free_page_vq, oldest first
    vq_kind: tuple[Any, ...] = per_index("slots", ENTRY)
    vq_cmd: tuple[Any, ...] = per_index("slots", CMD_ID)
    vq_page: tuple[Any, ...] = per_index("slots", PAGE)
    vq_round: tuple[Any, ...] = per_index("slots", ROUND)  # ghost: the round the block was queued in
    # driver (Linux virtio_balloon.c)
    rd: Any = scalar(BIT)                                  # VIRTIO_BALLOON_CONFIG_READ_CMD_ID
    work: Any = scalar(BIT)                                # report_free_page_work queued
    loop: Any = scalar(BIT)                                # inside send_free_pages(), START sent
    cache: Any = scalar(CMD_ID)                            # cmd_id_received_cache
    active: Any = scalar(CMD_ID)                           # cmd_id_active
    # ghost
    late: Any = scalar(BIT)                                # a hint changed the bitmap outside its window

    def set(self, **changes: Any) -> BalloonState:
        return replace(self, **changes)


def initial(m: Any) -> BalloonState:
    """Every page free and zero; no migration; the device stopped; the driver idle, both ids STOP."""
    zeros, slots = (0,) * len(m.pages), (0,) * m.qcap
    return BalloonState(own=zeros, data=zeros, kd=zeros, fetched=zeros, bmap=zeros, dest=zeros, recv=zeros,
                        want=zeros, hinted=zeros, phase=MigPhase.IDLE, stage=Stage.NONE, round=0, sent=0, resent=0,
                        st=Status.STOP, cid=FIRST_ID, cfg=0, vq_kind=slots, vq_cmd=slots, vq_page=slots, vq_round=slots,
                        rd=0, work=0, loop=0, cache=STOP_ID, active=STOP_ID, late=0)
