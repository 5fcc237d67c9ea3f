"""Actions: named, parameterised atomic steps with a guard and an effect.

An action's parameters are drawn from index sets (pages, CPUs, slots); its
arguments are named after the effect function's own parameters, so traces
record `{"page": 0}`. Guards and effects are pure functions
`(model, state, *args)` that branch on state only through the helpers of
`expr`. Each instance (action + concrete arguments) is one atomic step.

What a guard, an effect and a cost label receive and return is the model
surface of `protocols`: `Guard`, `Effect` and `Cost` below spell it for the
type checker.
"""
from __future__ import annotations

import inspect
import itertools
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, TypeAlias

from hintcheck.model.core.expr import Bool
from hintcheck.model.core.protocols import ModelView, State

# Each is called as `(m, s, *args)`: a `ModelView`, a state, then the
# instance's arguments (ints; a symbolic page in a proof for any number of
# pages). Only the results are typed: `Concatenate[ModelView, Any, ...]`
# would type `m` too, but then the checker cannot infer any lambda guard.
Guard: TypeAlias = Callable[..., Bool]
Effect: TypeAlias = Callable[..., State]          # `s.set(...)`
Cost: TypeAlias = Callable[..., Any]              # an int, or a term on a symbolic state


@dataclass(frozen=True)
class Step:
    """One step of a trace: an action name and its arguments by name."""

    action: str
    args: Mapping[str, int] = field(default_factory=dict)
    cost: Mapping[str, int] = field(default_factory=dict, compare=False)

    def __str__(self) -> str:
        inner = ", ".join(f"{k}={v}" for k, v in self.args.items())
        return f"{self.action}({inner})"

    def __hash__(self) -> int:
        return hash((self.action, tuple(self.args.items())))


def _always(m: ModelView, s: Any, *args: Any) -> bool:
    return True


@dataclass(frozen=True)
class Action:
    """An action: name, index sets of its parameters, guard, effect, doc.

    `cost` labels the step with counters (for example hypercalls): a mapping
    from counter name to a function `(model, state, *args) -> int` (a term on
    a symbolic state). `actor` names who takes the step in a rendering (a
    lane of a sequence diagram: "migration", "hypervisor", "device"...); an
    action without one is drawn on its CPU's lane when it has a `cpu`
    argument, else on the guest's.
    """

    name: str
    params: tuple[str, ...]
    guard: Guard
    effect: Effect
    doc: str = ""
    cost: Mapping[str, Cost] = field(default_factory=dict)
    actor: str = ""

    @property
    def arg_names(self) -> tuple[str, ...]:
        names = list(inspect.signature(self.effect).parameters)[2:]
        if len(names) != len(self.params):
            raise TypeError(f"action {self.name}: effect takes {names}, params are {self.params}")
        return tuple(names)

    def instances(self, model: ModelView) -> list[tuple[int, ...]]:
        """Every argument tuple, in index order."""
        ranges = [range(model.index_size(ix)) for ix in self.params]
        return list(itertools.product(*ranges))

    def bind(self, args: tuple[int, ...]) -> dict[str, int]:
        return dict(zip(self.arg_names, args))


def action(params: tuple[str, ...] = (), guard: Guard = _always,
           cost: Mapping[str, Cost] | None = None, actor: str = "") -> Callable[[Effect], Action]:
    """Decorator: turn an effect function into an `Action` named after it.

    >>> @action(params=("pages",), guard=lambda m, s, page: s[page] == 0)
    ... def touch(m, s, page):
    ...     "Set one element."
    ...     return s[:page] + (1,) + s[page + 1:]
    >>> touch.name, touch.arg_names
    ('touch', ('page',))
    """
    def wrap(effect: Effect) -> Action:
        act = Action(effect.__name__, tuple(params), guard, effect,
                     inspect.getdoc(effect) or "", dict(cost or {}), actor)
        act.arg_names  # noqa: B018 -- validate the signature at definition time
        return act
    return wrap
