"""Every state a step produces is checked against the model's declared domains.

A design may be refused; it must never be judged on states outside its own
declaration. After every action (hooks and policy actions included) the
state must be an instance of the model's state class, every per-index field
a tuple of the index set's size, and every element an int inside the
field's domain. A step that breaks this is one `ContractError` line naming
the model, the step, the field and the value, never a verdict: a value
outside a domain would otherwise be packed into a neighbouring digit and
searched as some other state.

The concrete engines check each state here (`floor.interpret.apply`); the
backends of the lowered graph check only what the graph cannot rule out
(a new value whose interval exceeds its digit's domain) and, when a check
fails, re-run that one step through the interpreter for the exact line.
"""
from __future__ import annotations

import weakref
from typing import Any, Callable

from hintcheck.floor.graph import NotLowerable
from hintcheck.floor.lower import lowered
from hintcheck.floor.packing import Packer
from hintcheck.model.core import Grid, HintcheckError, Model


class ContractError(HintcheckError):
    """A step produced a state outside the model's declaration (one line: model, step, field, value)."""


def _fast_check(model: Model, packer: Packer) -> Callable[[Any], bool]:
    """Generated code: whether a state is well formed (the common case costs one call)."""
    parts = []
    for f in model.fields:
        if isinstance(f.index, tuple):
            cols = model.index_size(f.index[1])
            parts.append(f"type(s.{f.name}) is Grid and s.{f.name}.cols == {cols} "
                         f"and len(s.{f.name}) == {model.index_size(f.index)}")
        elif f.index is not None:
            parts.append(f"type(s.{f.name}) is tuple and len(s.{f.name}) == {model.index_size(f.index)}")
    for (name, idx, radix), lo in zip(packer.digits, packer.offset):
        ref = f"s.{name}" if idx is None else f"s.{name}[{idx}]"
        parts.append(f"isinstance({ref}, int) and {lo} <= {ref} < {lo + radix}")
    body = " and ".join(parts) or "True"
    fn: Callable[[Any], bool] = eval(f"lambda s: {body}", {"Grid": Grid})  # noqa: S307 -- declared field names only
    return fn


class Contract:
    """The well-formedness check of one model's states."""

    def __init__(self, model: Model) -> None:
        self.model = model
        self.packer = Packer(model)
        self.cls = model.spec.state
        self.fast = _fast_check(model, self.packer)

    def problem(self, state: Any) -> str | None:
        """What is wrong with `state`, or None when it is well formed."""
        if not isinstance(state, self.cls):
            return f"produced {type(state).__name__} {state!r:.60}, not a {self.cls.__name__}"
        try:
            if self.fast(state):
                return None
        except Exception:         # noqa: BLE001 -- a field of the wrong type: found below
            pass
        for f in self.model.fields:
            value = getattr(state, f.name, None)
            lo, size = f.domain.lo, self.model.domain_size(f)
            if f.index is None:
                items: list[tuple[str, Any]] = [(f.name, value)]
            else:
                want = self.model.index_size(f.index)
                if not isinstance(value, tuple) or len(value) != want:
                    shown = f"{len(value)} elements" if isinstance(value, tuple) else type(value).__name__
                    return f"field {f.name} is {shown}, not a tuple of {want} ({f.index})"
                if isinstance(f.index, tuple):
                    cols = self.model.index_size(f.index[1])
                    if not isinstance(value, Grid) or value.cols != cols:
                        return (f"field {f.name} is a {type(value).__name__}, not a Grid of {want // max(cols, 1)} "
                                f"x {cols} ({', '.join(f.index)}): build it with grid() and put()")
                    items = [(f"{f.name}[{k // cols}, {k % cols}]", v) for k, v in enumerate(value)]
                else:
                    items = [(f"{f.name}[{i}]", v) for i, v in enumerate(value)]
            for label, v in items:
                if not isinstance(v, int) or not lo <= v < lo + size:
                    return f"field {label} = {v!r} outside its domain {lo}..{lo + size - 1}"
        return None


_CACHE: weakref.WeakKeyDictionary[Model, Contract] = weakref.WeakKeyDictionary()


def contract_of(model: Model) -> Contract:
    """The model's contract, built once per model."""
    found = _CACHE.get(model)
    if found is None:
        found = _CACHE[model] = Contract(model)
    return found


def static_check(model: Model) -> None:
    """Check every initial state against the declaration (`ContractError` naming the field), then trace
    the model once, so that a hook or policy action that writes what it may not is refused before any
    engine runs, whatever the states it reaches (`ContractBreach`). A model that does not lower is left
    to the concrete checks of each step."""
    contract = contract_of(model)
    inits = model.initial_states
    for n, state in enumerate(inits):
        problem = contract.problem(state)
        if problem is not None:
            which = "initial state" if len(inits) == 1 else f"initial state {n + 1} of {len(inits)}"
            raise ContractError(f"model {model.name}, {which}: {problem}")
    try:
        lowered(model)
    except NotLowerable:
        pass


def refuse_step(model: Model, index: int, state: Any) -> None:
    """Raise the `ContractError` of instance `index` fired in `state` (a check of the lowered graph failed)."""
    from hintcheck.floor.interpret import apply
    inst = model.instances[index]
    apply(model, inst, state)
    raise RuntimeError(f"internal error: the lowered {inst.step} leaves its declared domains "
                       "but the interpreter's step does not; please report it")
