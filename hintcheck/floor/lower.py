"""The model traced once: every action instance, property and cost label as nodes of one graph.

`lowered(model)` calls each action instance's guard and effect (hooks
included: they run inside effects) once on a state of `Node` leaves, one
leaf per digit of the packed state. An instance becomes a guard node and
the digits its effect changes, each with its new digit (the value less the
domain's lowest value, for a domain `lo..hi`); a property becomes
one node per state (an invariant) or one per instance (an action property,
evaluated on that instance's step). Frames come free: a digit the effect
does not set keeps its leaf, so only changed digits are listed.

The result is cached per model, and every backend reads the same object:
`hintcheck.floor.compile` writes Python source from it,
`hintcheck.vector.kernel` evaluates it on numpy arrays and
`hintcheck.symbolic.encode` translates it to Z3.
"""
from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from typing import Any, Callable

from hintcheck.floor.graph import Graph, Node, NotLowerable
from hintcheck.floor.packing import Packer
from hintcheck.model.core import And, ContractBreach, Model, Property


@dataclass
class LoweredStep:
    """One action instance in the graph: its guard, the digits its effect changes, the state after."""

    guard: Any                                  # Node or a plain truth value
    changes: list[tuple[int, Any]]              # (digit, new value: Node or int)
    after: Any = None                           # the traced state after the step (None: guard is False)
    costs: dict[str, Any] = field(default_factory=dict)
    well_formed: Any = True                     # holds when the step's state is inside the declaration


def _traced(what: str, fn: Callable[[], Any], step: Any = None) -> Any:
    try:
        return fn()
    except ContractBreach as exc:   # definite: a hook wrote what it may not, whatever the state
        raise ContractBreach(f"{exc} in step {step}" if step is not None else str(exc)) from None
    except NotLowerable as exc:
        raise NotLowerable(f"{what}: {exc}", exc.cause) from None
    except Exception as exc:   # TypeError from Term.__bool__, a raising hook, tuple misuse...
        raise NotLowerable(f"{what}: {type(exc).__name__}: {exc}", exc) from None


def check_value(value: Any, where: str) -> None:
    """A traced value must be a node or a plain int (bools are ints)."""
    if not isinstance(value, (Node, int)):
        raise NotLowerable(f"{where}: produces {type(value).__name__} {value!r}, not a value")


def traced_state(model: Model, packer: Packer, leaves: list[Any]) -> Any:
    """A state of the model's own class whose elements are `leaves`, in digit order."""
    fields: dict[str, Any] = {}
    for n, (name, idx, _) in enumerate(packer.digits):
        if idx is None:
            fields[name] = leaves[n]
        else:
            fields[name] = fields.get(name, ()) + (leaves[n],)
    for f in model.fields:
        if f.index is not None:
            fields[f.name] = model.array(f, fields.get(f.name, ()))     # () for an index set of size 0
    return model.spec.state(**fields)


class Lowered:
    """A model as one expression graph: per-instance guards and changes, properties on demand."""

    def __init__(self, model: Model) -> None:
        self.model = model
        self.packer = Packer(model)
        self.graph = Graph()
        self.leaves = [self.graph.digit(n, r) for n, (_, _, r) in enumerate(self.packer.digits)]
        # the value each digit stands for: the leaf itself, or leaf + lo for a domain lo..hi
        self.values = [leaf + lo if lo else leaf for leaf, lo in zip(self.leaves, self.packer.offset)]
        self.state = traced_state(model, self.packer, self.values)
        self.steps = [self._lower(i) for i in range(len(model.instances))]
        self._invariants: dict[Property, Any] = {}
        self._step_props: dict[Property, list[Any]] = {}

    def _where(self, what: str) -> str:
        return f"model {self.model.name}, {what}"

    def _lower(self, i: int) -> LoweredStep:
        model, inst, s = self.model, self.model.instances[i], self.state
        where = self._where(f"action {inst.action.name}")
        guard = _traced(where, lambda: inst.action.guard(model, s, *inst.args), inst.step)
        check_value(guard, where)
        if guard is False:
            return LoweredStep(False, [])
        after = _traced(where, lambda: inst.action.effect(model, s, *inst.args), inst.step)
        changes = self._changes(after, where)
        return LoweredStep(guard, changes, after, well_formed=self._well_formed(after, changes))

    def _well_formed(self, after: Any, changes: list[tuple[int, Any]]) -> Any:
        """What must hold for the step's state to lie inside the declaration (floor.contract).

        Only what the graph cannot rule out is left to check at run time: a
        new value whose interval exceeds its digit's domain. A tuple of the
        wrong length or a constant outside the domain makes it False.
        """
        if not isinstance(after, self.model.spec.state):
            return False
        for f in self.model.fields:
            value = getattr(after, f.name)
            if f.index is not None and (not isinstance(value, tuple)
                                        or len(value) != self.model.index_size(f.index)):
                return False
        checks: list[Any] = []
        for n, new in changes:
            radix = self.packer.radix[n]
            lo, hi = (new.lo, new.hi) if isinstance(new, Node) else (int(new), int(new))
            if 0 <= lo and hi < radix:
                continue
            if not isinstance(new, Node):
                return False
            checks += ([new >= 0] if lo < 0 else []) + ([new < radix] if hi >= radix else [])
        return And(*checks)

    def _changes(self, after: Any, where: str) -> list[tuple[int, Any]]:
        out = []
        for n, (name, idx, _) in enumerate(self.packer.digits):
            try:
                new = getattr(after, name) if idx is None else getattr(after, name)[idx]
            except (AttributeError, IndexError, TypeError) as exc:
                raise NotLowerable(f"{where}: field {name}: {exc}") from None
            check_value(new, where)
            if new is not self.values[n]:
                lo = self.packer.offset[n]
                out.append((n, new - lo if lo else new))
        return out

    def invariant(self, prop: Property) -> Any:
        """The invariant's node (or plain truth value) on the traced state."""
        if prop not in self._invariants:
            where = self._where(f"property {prop.name}")
            value = _traced(where, lambda: prop.predicate(self.model, self.state))
            check_value(value, where)
            self._invariants[prop] = value
        return self._invariants[prop]

    def step_property(self, prop: Property) -> list[Any]:
        """An action property on each instance's step (True where the guard is False)."""
        if prop not in self._step_props:
            where = self._where(f"property {prop.name}")
            out: list[Any] = []
            for inst, step in zip(self.model.instances, self.steps):
                if step.guard is False:
                    out.append(True)
                    continue
                value = _traced(where, lambda: prop.predicate(self.model, self.state, inst.step, step.after))
                check_value(value, where)
                out.append(value)
            self._step_props[prop] = out
        return self._step_props[prop]

    def checks(self, prop: Property) -> tuple[Any, list[Any]]:
        """(invariant on states, property on each instance's step): True for the form `prop` is not."""
        if prop.kind == "invariant":
            return self.invariant(prop), [True] * len(self.steps)
        return True, self.step_property(prop)

    def costs(self, i: int) -> dict[str, Any]:
        """Instance `i`'s cost labels (hypercalls...) as nodes, traced on first use."""
        step, inst = self.steps[i], self.model.instances[i]
        if inst.action.cost and not step.costs:
            where = self._where(f"cost of action {inst.action.name}")
            for name, fn in inst.action.cost.items():
                value = _traced(where, lambda: fn(self.model, self.state, *inst.args))
                check_value(value, where)
                step.costs[name] = value
        return step.costs


_CACHE: weakref.WeakKeyDictionary[Model, Lowered] = weakref.WeakKeyDictionary()


def lowered(model: Model) -> Lowered:
    """The model's one lowering (built on first use, then shared by every backend).

    Raises
    ------
    NotLowerable
        naming the model and the action or property that cannot be traced.
    """
    found = _CACHE.get(model)
    if found is None:
        found = _CACHE[model] = Lowered(model)
    return found
