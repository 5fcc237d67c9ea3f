"""What the numpy backend adds to the graph: integer widths, and its one refusal.

Each node of the lowered graph (hintcheck.floor.graph) carries an interval
of the values it can take; here a node's values over a level are held in
the smallest signed integer type that covers that interval, so a level of
millions of states costs bytes, not words, per intermediate. An interval
beyond 64 bits has no array form and raises `NotVectorisable`, as does a
model the tracer cannot lower at all.
"""
from __future__ import annotations

import numpy as np

from hintcheck.floor import NotLowerable


class NotVectorisable(NotLowerable):
    """The model uses a construct the vector engine cannot evaluate on arrays."""


def dtype_for(lo: int, hi: int) -> np.dtype:
    """The smallest signed integer type holding lo..hi."""
    for dt in (np.int8, np.int16, np.int32, np.int64):
        info = np.iinfo(dt)
        if info.min <= lo and hi <= info.max:
            return np.dtype(dt)
    raise NotVectorisable(f"an intermediate value needs more than 64 bits ({lo}..{hi})")
