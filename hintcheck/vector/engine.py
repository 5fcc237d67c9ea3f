"""The level-at-a-time numpy search as a registered engine (`hintcheck.engines`: "vector").

Option: `symmetry`. A model that does not vectorise is refused with one
line naming the model and the action (`NotVectorisable`, the floor's
`NotLowerable`; the registry's "auto" engine falls back to the plain
search on it, with the reason it chains).
"""
from __future__ import annotations

from hintcheck.floor import Engine, Request, Result
from hintcheck.vector.search import explore_vector
from hintcheck.vector.terms import NotVectorisable


def run(request: Request) -> Result:
    """`explore_vector` on the request's model, property and budget."""
    try:
        return explore_vector(request.model, request.prop, request.budget,
                              symmetry=bool(request.option("symmetry", False)), progress=request.report)
    except NotVectorisable as exc:
        reason = " ".join(str(exc).split())          # one line, whatever the model printed
        raise NotVectorisable(f"engine vector: cannot vectorise {reason}", exc.cause) from exc


ENGINE = Engine("vector", "exhaustive", run, options=frozenset({"symmetry"}),
                doc="breadth-first search a whole level of packed states at a time, on numpy arrays")
