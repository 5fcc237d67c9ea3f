"""Properties: what must hold. They read states and never mutate them.

- an *invariant* is a predicate `(model, state) -> Bool` on every reachable state;
- an *action property* is a predicate `(model, before, step, after) -> Bool`
  on every transition, for claims whose natural form is about a step
  ("a COMMIT fires only while every other CPU is stopped").

Both return plain bools on concrete states and terms on symbolic ones, so
every engine checks the same definition.
"""
from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Any, Callable, Literal

Kind = Literal["invariant", "action"]


@dataclass(frozen=True)
class Property:
    """A named claim with its kind, predicate and the guarantee in words."""

    name: str
    kind: Kind
    predicate: Callable[..., Any]
    doc: str = ""

    @property
    def summary(self) -> str:
        return self.doc.splitlines()[0] if self.doc else self.name


def invariant(fn: Callable[..., Any]) -> Property:
    """Decorator: a state invariant `(model, state) -> Bool`."""
    return Property(fn.__name__, "invariant", fn, inspect.getdoc(fn) or "")


def action_property(fn: Callable[..., Any]) -> Property:
    """Decorator: a step property `(model, before, step, after) -> Bool`."""
    return Property(fn.__name__, "action", fn, inspect.getdoc(fn) or "")
