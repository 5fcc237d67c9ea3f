"""The model surface: what model code receives and returns, for the type checker.

Guards, effects, cost labels, policy hooks, properties and a model's `init`
are written once and called by every engine with two kinds of value:

- `m`, a `ModelView`: the model with its policy and parameters fixed (a
  `Model`). A parameter is an attribute holding an int (`m.rounds`), an
  index set an attribute holding a range (`m.pages` is `range(pages)`; in a
  proof for any number of pages, a symbolic page set), `m.policy` the policy
  seen through the model's hooks (a `HookTable`), `m.params` every
  parameter by name and `m.index_size("pages")` the size of an index set.
- `s`, a `State`: a frozen dataclass of the fields the model declares with
  `scalar()` and `per_index()`. A field holds an int (an IntEnum member) or
  a tuple of them on a concrete state, and an engine's term (or a tuple of
  terms) on a symbolic one, so model code reads fields as `Any`. A new state
  is always `s.set(field=value, ...)`, which returns the same class.

What each piece of model code receives and returns. `*args` are an action
instance's arguments, one per index set in the action's `params`: concrete
ints (a symbolic page in a proof for any number of pages). `Bool` is a bool
or a `Term`.

- guard `(m, s, *args) -> Bool`: whether the instance may fire in `s`;
- effect `(m, s, *args) -> State`: the state after the step, `s.set(...)`;
- cost label `(m, s, *args)`: the counter's increment, an int (a term on a
  symbolic state);
- policy hook `(s, *args) -> State`, or `(m, s, *args) -> State` where the
  model calls its hooks so: the state after the hook;
- invariant `(m, s) -> Bool`: whether `s` is good;
- action property `(m, before, step, after) -> Bool`, `step` the `Step`
  taken: whether the transition is good;
- the model's `init` `(m) -> State`: the initial state.

Both classes are `typing.Protocol`s for the checker only: nothing tests them
at run time and nothing inherits from them. A state class matches `State` by
having `set`, so model code may annotate `s` with its own class
(`s: RefState`). Where a state is a *parameter* of a callable type (the `s`
of a guard) the aliases of `action`, `property` and `policy` say `Any` or a
type variable bound to `State`: a function taking `RefState` does not accept
every `State`, so plain `State` there would reject the model's annotations.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, Self

if TYPE_CHECKING:
    from hintcheck.model.core.policy import HookTable


class State(Protocol):
    """A model state: a frozen dataclass whose `set` returns an updated copy."""

    # What marks a dataclass to the checker: `dataclasses.fields(s)` accepts a State.
    __dataclass_fields__: ClassVar[dict[str, dataclasses.Field[Any]]]

    def set(self, **changes: Any) -> Self:
        """This state with the named fields replaced (`dataclasses.replace`)."""
        ...


class ModelView(Protocol):
    """The model as model code sees it: parameters and index sets as attributes."""

    @property
    def name(self) -> str:
        """The model's name (`reference`, `pseries`...)."""
        ...

    @property
    def params(self) -> Mapping[str, int]:
        """Every parameter's value, by name."""
        ...

    @property
    def policy(self) -> HookTable:
        """The policy under test: every hook of the model callable, settings as attributes."""
        ...

    def index_size(self, index: str) -> int:
        """Number of members of index set `index`."""
        ...

    def __getattr__(self, name: str) -> Any:
        """A parameter's value (an int) or an index set (a range)."""
        ...
