"""Explicit-state breadth-first search over packed states: the oracle."""
from hintcheck.explore.bfs import explore

__all__ = ["explore"]
