"""Explicit-state breadth-first search over packed states."""
from hintcheck.explore.bfs import Budget, explore

__all__ = ["Budget", "explore"]
