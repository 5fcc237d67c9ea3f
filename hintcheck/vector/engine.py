"""The level-at-a-time numpy search as a registered engine (`hintcheck.engines`: "vector").

Option: `symmetry`. A model that does not vectorise is refused with one
line naming the model and the action (`CannotVectorise`, which the
registry's "auto" engine turns into a fallback to the plain search).
"""
from __future__ import annotations

from hintcheck.floor import Engine, Request, Result
from hintcheck.model.core import HintcheckError
from hintcheck.vector.search import explore_vector
from hintcheck.vector.terms import NotVectorisable


class CannotVectorise(HintcheckError):
    """The vector engine cannot run this model; `reason` says why, in one line."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"engine vector: cannot vectorise {reason}")
        self.reason = reason


def run(request: Request) -> Result:
    """`explore_vector` on the request's model, property and budget."""
    try:
        return explore_vector(request.model, request.prop, request.budget,
                              symmetry=bool(request.option("symmetry", False)), progress=request.report)
    except NotVectorisable as exc:
        raise CannotVectorise(" ".join(str(exc).split())) from None    # one line, whatever the model printed


ENGINE = Engine("vector", "exhaustive", run, options=frozenset({"symmetry"}),
                doc="breadth-first search a whole level of packed states at a time, on numpy arrays")
