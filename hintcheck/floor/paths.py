"""Counterexample paths: from what a search recorded to concrete action instances.

A search records, per state, the instance that first reached it. Under
symmetry those instances act on orbit representatives; from the concrete
initial state, each step is the first enabled instance whose successor lies
in the next recorded orbit (and, for the last step of an action-property
violation, whose step violates it), as the plain breadth-first search
would have taken it. Every engine that searches orbits rebuilds its trace
here.
"""
from __future__ import annotations

from typing import Any

from hintcheck.floor.interpret import apply, enabled, holds
from hintcheck.floor.packing import Packer
from hintcheck.floor.symmetry import Symmetry
from hintcheck.model.core import Instance, Model, Property


def initial_for(model: Model, key: int, symmetric: bool) -> Any:
    """The first initial state whose packed key (of its representative, when `symmetric`) is `key`."""
    pack = Packer(model).pack
    canon = Symmetry(model) if symmetric else None
    for state in model.initial_states:
        if pack(canon(state) if canon else state) == key:
            return state
    raise AssertionError(f"key {key} is the key of no initial state")


def concrete_path(model: Model, prop: Property, path: list[int], last_is_step: bool,
                  symmetric: bool, start: Any = None) -> list[Instance]:
    """Concrete instances following `path` from `start` (instance indices, on representatives when `symmetric`).

    `start` is the concrete initial state the path begins at (default: the
    first); under symmetry the recorded path begins at its representative.
    """
    insts = model.instances
    if not symmetric:
        return [insts[i] for i in path]
    pack, canon = Packer(model).pack, Symmetry(model)
    chosen: list[Instance] = []
    state = model.init() if start is None else start
    rep = canon(state)
    for pos, idx in enumerate(path):
        final_step = last_is_step and pos == len(path) - 1
        nxt_rep = apply(model, insts[idx], rep)
        target, rep = pack(canon(nxt_rep)), canon(nxt_rep)
        for inst in insts:
            if not enabled(model, inst, state):
                continue
            nxt = apply(model, inst, state)
            if pack(canon(nxt)) == target and (
                    not final_step or not holds(model, prop, state, inst.step, nxt)):
                chosen.append(inst)
                state = nxt
                break
    return chosen
