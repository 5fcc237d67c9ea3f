"""Vectorised breadth-first search: the model's own definitions evaluated on whole levels."""
from hintcheck.vector.search import explore_vector
from hintcheck.vector.terms import NotVectorisable

__all__ = ["NotVectorisable", "explore_vector"]
