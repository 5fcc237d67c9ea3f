"""Symmetry checked before it is used: a declared symmetric index set must really be one.

A model that declares an index set symmetric (`ModelSpec.symmetric`) says
its members are interchangeable: renaming them maps every run to a run.
The symmetric searches (`--symmetry`) then store one state per orbit
(`floor.symmetry` sorts the per-member rows), and the proof for any number
of pages treats pages as an uninterpreted sort. Both give wrong counts and
a wrong `holds` when the claim is false: a member id stored as a value, a
ring where member i talks to member i+1, a policy that treats page 1
specially. `check_symmetry(model, prop)` proves the claim for the instance
about to be searched (its own parameters and policy) before any engine
runs, or refuses in one line naming what breaks it.

What is proved. For each symmetric set X with n >= 2 members, take two
permutations of its members: the swap (0 1) and, for n >= 3, the rotation
(0 1 ... n-1). They generate every permutation of X, so whatever commutes
with both commutes with all, and the canonical form (any sorting of rows)
is sound. For each such permutation p, writing p.s for the state s with
the row of member i moved to member p(i), and p.a for an action instance
with its arguments over X mapped by p:

- every instance a, on every state s inside the declared domains:
  guard of p.a on p.s = guard of a on s, and where the guard holds,
  effect of p.a on p.s = p.(effect of a on s);
- the property is the same on both sides: an invariant I(p.s) = I(s); an
  action property on the step (p.s, p.a) = on (s, a) wherever a is enabled.

Then s -> t is a step exactly when p.s -> p.t is one, so the states
reachable from p.init are the images of those reachable from init: the
orbits reached from the initial state's orbit are the same whichever
member of it the search starts from, each is judged alike, and a
symmetric search is exact. (The initial state itself need not be fixed: a
ring whose token starts at member 0 fails on its steps, not its start.) The states quantified over are *all* states inside the declared
domains, not only the reachable ones: nothing about reachability is
assumed, so the check cannot be fooled by an unexplored corner; a model
symmetric on its reachable states only is refused (a refusal, never a
wrong verdict). The proof runs on the model's one lowering
(`floor.lower`), translated to Z3 (`floor.z3graph`): a model that does not
lower cannot be checked and is refused under symmetry, with the reason.

The check is of this instance: a model symmetric at pages=3 and not at
pages=5 is refused at 5 (each search checks its own). Results are cached
per model and property.
"""
from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import Any

from hintcheck.floor.graph import NotLowerable
from hintcheck.floor.lower import Lowered, lowered
from hintcheck.model.core import FieldSpec, HintcheckError, Model, Property


class SymmetryError(HintcheckError):
    """A declared symmetric index set is not one for this model, policy and parameters."""


@dataclass(frozen=True)
class Permutation:
    """A permutation of the members of one symmetric index set: member i goes to `image[i]`."""

    index: str
    image: tuple[int, ...]

    def __str__(self) -> str:
        n = len(self.image)
        if self.image[:2] == (1, 0):
            return f"{self.index} 0 and 1 swapped"
        return f"{self.index} rotated (0 -> 1 -> ... -> {n - 1} -> 0)"


def generators(model: Model) -> list[Permutation]:
    """The swap and the rotation of each symmetric set with two members or more."""
    out = []
    for ix in sorted(model.symmetric):
        n = model.index_size(ix)
        if n >= 2:
            out.append(Permutation(ix, (1, 0, *range(2, n))))
        if n >= 3:
            out.append(Permutation(ix, (*range(1, n), 0)))
    return out


_DONE: weakref.WeakKeyDictionary[Model, set[str]] = weakref.WeakKeyDictionary()


def check_symmetry(model: Model, prop: Property) -> None:
    """Prove that `model`'s symmetric sets are interchangeable for it and `prop`, or refuse.

    Raises
    ------
    SymmetryError
        naming the action or the property that breaks
        the symmetry, the permutation, and a state where it breaks; or
        saying why it cannot be checked (the model does not lower, or the
        solver gave no answer).
    """
    done = _DONE.setdefault(model, set())
    if prop.name in done:
        return
    if prop.kind == "liveness":                 # its state predicates must be symmetric, each as an invariant
        for predicate in prop.state_predicates():
            check_symmetry(model, predicate)
        done.add(prop.name)
        return
    perms = generators(model)
    if perms:
        try:
            low = lowered(model)
            checks = _Checks(model, low, prop)
        except NotLowerable as exc:
            raise SymmetryError(f"{_who(model)}: symmetry of {', '.join(sorted(model.symmetric))} cannot be "
                                f"checked: {' '.join(str(exc).split())}; run without symmetry") from None
        for perm in perms:
            checks.run(perm)
    done.add(prop.name)


def _who(model: Model) -> str:
    return f"model {model.label}"


class _Checks:
    """The claims of one model and property, proved with Z3 for one permutation at a time."""

    def __init__(self, model: Model, low: Lowered, prop: Property) -> None:
        self.model, self.low, self.prop = model, low, prop
        self.invariant, self.step_checks = low.checks(prop)
        self.by_step = {(inst.action.name, inst.args): n for n, inst in enumerate(model.instances)}
        self.digit_of = {(name, idx): n for n, (name, idx, _) in enumerate(low.packer.digits)}
        self.field_index = {f.name: f.index for f in model.fields}

    def moved(self, perm: Permutation) -> list[int]:
        """Digit n of s is digit moved[n] of p.s."""
        out = []
        for name, idx, _ in self.low.packer.digits:
            if idx is not None and self.field_index[name] == perm.index:
                idx = perm.image[idx]
            out.append(self.digit_of[name, idx])
        return out

    def run(self, perm: Permutation) -> None:
        import z3

        from hintcheck.floor.z3graph import Translation

        model, low = self.model, self.low
        moved = self.moved(perm)
        xs = [z3.Int(f"{name}" if idx is None else f"{name}[{idx}]") for name, idx, _ in low.packer.digits]
        ys: list[Any] = [None] * len(xs)
        for n, m in enumerate(moved):
            ys[m] = xs[n]
        here, there = Translation(xs), Translation(ys)        # s, and p.s
        solver = z3.Solver()
        solver.set("timeout", 60_000)
        solver.add(*[z3.And(0 <= x, x < r) for x, r in zip(xs, low.packer.radix)])

        def refute(claim: Any, what: str) -> None:
            claim = z3.simplify(claim)
            if z3.is_true(claim):
                return
            solver.push()
            solver.add(z3.Not(claim))
            verdict = solver.check()
            witness = solver.model() if verdict == z3.sat else None
            solver.pop()
            if verdict == z3.unsat:
                return
            if witness is None:
                raise SymmetryError(f"{_who(model)}: symmetry of {perm.index} could not be decided for "
                                    f"{what} with {perm} (solver: {solver.reason_unknown()}); "
                                    "run without symmetry")
            state = self._state(witness, xs)
            raise SymmetryError(f"{_who(model)}: {perm.index} are not interchangeable: {what} with {perm}, "
                                f"e.g. in state {state}; run without symmetry")

        if self.prop.kind == "invariant":
            refute(here.boolean(self.invariant) == there.boolean(self.invariant),
                   f"property {self.prop.name} differs")
        for n, (inst, step) in enumerate(zip(model.instances, low.steps)):
            args = tuple(perm.image[a] if ix == perm.index else a
                         for a, ix in zip(inst.args, inst.action.params))
            m = self.by_step[inst.action.name, args]
            image, other = model.instances[m].step, low.steps[m]
            pair = f"{inst.step} on a state and {image} on its image"
            guard = here.boolean(step.guard)
            refute(guard == there.boolean(other.guard), f"{pair} differ in being enabled")
            changes, others = dict(step.changes), dict(other.changes)
            for d, (name, idx, _) in enumerate(low.packer.digits):
                before = here.number(changes.get(d, low.leaves[d]))
                after = there.number(others.get(moved[d], low.leaves[moved[d]]))
                where = name if idx is None else f"{name}[{idx}]"
                refute(z3.Implies(guard, before == after),
                       f"{pair} differ in what they write to {where} (and its image)")
            if self.prop.kind == "action":
                refute(z3.Implies(guard, here.boolean(self.step_checks[n]) == there.boolean(self.step_checks[m])),
                       f"property {self.prop.name} differs on {pair}")

    def _state(self, witness: Any, xs: list[Any]) -> str:
        values = [self.low.packer.value(n, witness.eval(x, model_completion=True).as_long())
                  for n, x in enumerate(xs)]
        parts: dict[str, list[int]] = {}
        scalars: dict[str, int] = {}
        for value, (name, idx, _) in zip(values, self.low.packer.digits):
            if idx is None:
                scalars[name] = value
            else:
                parts.setdefault(name, []).append(value)
        def named(f: FieldSpec) -> str:        # values by their domain's names, as a trace prints them
            if f.name in scalars:
                return f.domain.name_of(scalars[f.name])
            return "[" + ", ".join(f.domain.name_of(v) for v in parts.get(f.name, [])) + "]"
        shown = [f"{f.name}={named(f)}" for f in self.model.fields]
        return " ".join(shown)
