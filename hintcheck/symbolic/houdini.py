"""Lemma inference: mine candidate per-page lemmas, then keep the inductive ones (Houdini).

1. Reach every state of a small explicit run (the same policy, two pages).
2. Mine the template clauses true on all of them (`templates.mine`).
3. Houdini, first for a fixed number of pages (quantifier-free, fast): find a
   counterexample to the induction of the surviving conjunction, drop every
   candidate false in its post-state, repeat until none is found. A
   counterexample for N pages is one for "any number" too, so nothing is
   dropped that the general proof would keep.
4. The survivors and the property are then checked for any number of pages
   (`pages.py`); a candidate the general check does not confirm is dropped
   and the check repeats.

The property itself is never dropped: if it does not follow, the result
says so, with the lemmas that did survive.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import z3

from hintcheck.floor.interpret import successors
from hintcheck.model.core import Model, Property
from hintcheck.symbolic.encode import decode_state, domain_constraints, fresh_state, invariant_of, step_relation
from hintcheck.symbolic.templates import as_property, mine


def reachable(model: Model, limit: int = 300_000) -> list[Any]:
    """Every state reachable in `model` (at most `limit`; a sample beyond that)."""
    seen, todo = set(model.initial_states), deque(model.initial_states)
    while todo and len(seen) < limit:
        for _, nxt in successors(model, todo.popleft()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return list(seen)


@dataclass
class Inferred:
    """What inference found: the inductive lemmas and what it took."""

    lemmas: list[Property]
    mined: int
    holds: bool                         # the property follows from the lemmas
    rounds: int = 0
    notes: list[str] = field(default_factory=list)


def candidates(model: Model, index: str, mine_size: int, max_literals: int) -> list[Property]:
    """Template clauses true on every state reached with `mine_size` elements of `index`."""
    param = model.spec.index_sets[index]
    assert isinstance(param, str), "a proof for any number is of an index set sized by a parameter"
    small = model.with_params({param: mine_size})
    clauses = mine(small, index, reachable(small), max_literals)
    return [as_property(c, index, n) for n, c in enumerate(clauses)]


def houdini_fixed(model: Model, prop: Property, cands: list[Property]) -> tuple[list[Property], bool, int]:
    """Houdini for the model's own parameters: (survivors, property follows, rounds)."""
    pre, post = fresh_state(model, "h0"), fresh_state(model, "h1")
    rel = step_relation(model, pre, post, "h")
    before = {c.name: invariant_of(model, c, pre) for c in [prop, *cands]}
    after = {c.name: invariant_of(model, c, post) for c in [prop, *cands]}
    alive = [c for c in cands if all(c.predicate(model, s) for s in model.initial_states)]
    rounds = 0
    while True:
        rounds += 1
        solver = z3.Solver()
        solver.add(domain_constraints(model, pre), rel.formula, before[prop.name],
                   *[before[c.name] for c in alive])
        solver.add(z3.Or(z3.Not(after[prop.name]), *[z3.Not(after[c.name]) for c in alive]))
        if solver.check() != z3.sat:
            return alive, True, rounds
        nxt = decode_state(model, post, solver.model())
        if not prop.predicate(model, nxt):
            return alive, False, rounds
        alive = [c for c in alive if c.predicate(model, nxt)]


def supporting(model: Model, prop: Property, pool: list[Property]) -> list[Property]:
    """A few lemmas of an inductive `pool` that already make `prop` inductive.

    Counterexample-driven: while the property and the lemmas chosen so far
    are not inductive, take the counterexample's pre-state and add the
    smallest pool lemma that excludes it (the pool is ordered by clause
    size). The whole pool is inductive and implies the property, so this
    ends, at worst with the whole pool.
    """
    pre, post = fresh_state(model, "c0"), fresh_state(model, "c1")
    rel = step_relation(model, pre, post, "c")
    before = {c.name: invariant_of(model, c, pre) for c in [prop, *pool]}
    after = {c.name: invariant_of(model, c, post) for c in [prop, *pool]}
    chosen: list[Property] = []
    while True:
        claims = [prop, *chosen]
        solver = z3.Solver()
        solver.add(domain_constraints(model, pre), rel.formula, *[before[c.name] for c in claims],
                   z3.Not(z3.And(*[after[c.name] for c in claims])))
        if solver.check() != z3.sat:
            return chosen
        state = decode_state(model, pre, solver.model())
        blockers = [c for c in pool if c not in chosen and not c.predicate(model, state)]
        if not blockers:
            return pool
        chosen.append(blockers[0])


def _refuted(system: Any, solver: z3.Solver, claim: Property) -> bool:
    """Whether the query may have a model; a solver that gives up counts, and is noted on `system`."""
    answer = solver.check()
    if answer == z3.unknown and claim.name not in system.timed_out:
        system.timed_out.append(claim.name)
    refuted: bool = answer != z3.unsat
    return refuted


def _stays_in_domains(system: Any, base: list[Any], post: Any, timeout_ms: int) -> bool:
    """Whether no step from a state of the inductive set leaves the declared domains.

    The queries above assume the domains of the state before a step only,
    so without this one a design that writes outside a domain could be
    proved. A failure is recorded in `system.leaves_domain`.
    """
    solver = z3.Solver()
    solver.set(timeout=timeout_ms)
    solver.add(*base, z3.Not(system.domain(post)))
    if solver.check() == z3.unsat:
        return True
    system.leaves_domain = True
    return False


def houdini_any(system: Any, prop: Property, cands: Sequence[Property], timeout_ms: int) -> tuple[list[Property], bool]:
    """Houdini over the any-number encoding (`param.ParamSystem`): (survivors, property follows).

    A query the solver gives up on (timeout) drops its claim, as a counterexample would;
    the claim's name is recorded in `system.timed_out` so the verdict can say so.
    """
    pre, post = system.state("a0"), system.state("a1")
    rel, _ = system.step(pre, post, "a")
    init = system.initial(pre)
    alive = []
    for c in [prop, *cands]:
        solver = z3.Solver()
        solver.set(timeout=timeout_ms)
        solver.add(init, z3.Not(system.holds(c, pre)))
        if _refuted(system, solver, c):
            if c is prop:
                return [], False
            continue
        if c is not prop:
            alive.append(c)
    while True:
        base = [system.domain(pre), rel, system.holds(prop, pre), *[system.holds(c, pre) for c in alive]]
        dropped = []
        for c in [prop, *alive]:
            solver = z3.Solver()
            solver.set(timeout=timeout_ms)
            solver.add(*base, z3.Not(system.holds(c, post)))
            if _refuted(system, solver, c):
                if c is prop:
                    return alive, False
                dropped.append(c)
        if not dropped:
            return alive, _stays_in_domains(system, base, post, timeout_ms)
        alive = [c for c in alive if c not in dropped]
