"""Properties: what must hold. They read states and never mutate them.

- an *invariant* is a predicate `(model, state) -> Bool` on every reachable state;
- an *action property* is a predicate `(model, before, step, after) -> Bool`
  on every transition, for claims whose natural form is about a step
  ("a COMMIT fires only while every other CPU is stopped").

Both return plain bools on concrete states and terms on symbolic ones, so
every engine checks the same definition. `m` is a `ModelView`, `step` the
`Step` taken and the states are the model's (see `protocols`).
"""
from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Any, Callable, Literal, TypeAlias, TypeVar

from hintcheck.model.core.action import Step
from hintcheck.model.core.expr import Bool
from hintcheck.model.core.protocols import ModelView, State

Kind = Literal["invariant", "action", "liveness"]
# The temporal forms of a liveness property (model.core.liveness).
Form = Literal["", "eventually", "leads_to", "always_eventually", "eventually_always"]
Predicate: TypeAlias = Callable[..., Bool]       # an Invariant or an ActionPredicate, by kind

# The model's own state class, whatever it is (a predicate may annotate `s`
# with it); `Any` where the predicate leaves its states unannotated.
StateT = TypeVar("StateT", bound=State)
Invariant: TypeAlias = Callable[[ModelView, StateT], Bool]
ActionPredicate: TypeAlias = Callable[[ModelView, StateT, Step, StateT], Bool]


@dataclass(frozen=True)
class Property:
    """A named claim with its kind, predicate and the guarantee in words."""

    name: str
    kind: Kind
    predicate: Predicate
    doc: str = ""
    form: Form = ""                       # a liveness property's temporal form
    then: Invariant[Any] | None = None    # leads_to(P, Q): Q (`predicate` is P)

    @property
    def summary(self) -> str:
        return self.doc.splitlines()[0] if self.doc else self.name

    def state_predicates(self) -> tuple[Property, ...]:
        """A liveness property's state predicates (P, and Q of leads_to) as invariants; an invariant itself."""
        if self.kind != "liveness":
            return (self,)
        named = ((self.name, self.predicate), (f"{self.name} (its target)", self.then))
        return tuple(Property(name, "invariant", fn) for name, fn in named if fn is not None)


def invariant(fn: Invariant[StateT]) -> Property:
    """Decorator: a state invariant `(model, state) -> Bool`."""
    return Property(fn.__name__, "invariant", fn, inspect.getdoc(fn) or "")


def action_property(fn: ActionPredicate[StateT]) -> Property:
    """Decorator: a step property `(model, before, step, after) -> Bool`."""
    return Property(fn.__name__, "action", fn, inspect.getdoc(fn) or "")
