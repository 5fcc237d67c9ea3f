"""The plain breadth-first search as a registered engine (`hintcheck.engines`: "explore").

Options: `symmetry` (explore orbits under the model's symmetric index
sets) and `compiled` (False interprets every state: the oracle).
"""
from __future__ import annotations

from hintcheck.explore.bfs import explore
from hintcheck.floor import Engine, Request, Result


def run(request: Request) -> Result:
    """`explore` on the request's model, property and budget."""
    return explore(request.model, request.prop, request.budget, symmetry=bool(request.option("symmetry", False)),
                   progress=request.report, compiled=bool(request.option("compiled", True)))


ENGINE = Engine("explore", "exhaustive", run, options=frozenset({"symmetry", "compiled"}),
                doc="plain breadth-first search over packed states, the oracle")
