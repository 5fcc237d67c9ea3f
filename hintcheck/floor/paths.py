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

from hintcheck.floor.interpret import apply, enabled, holds
from hintcheck.floor.packing import Packer
from hintcheck.floor.symmetry import Symmetry
from hintcheck.model.core import Instance, Model, Property


def concrete_path(model: Model, prop: Property, path: list[int], last_is_step: bool,
                  symmetric: bool) -> list[Instance]:
    """Concrete instances following `path` (instance indices, on representatives when `symmetric`)."""
    insts = model.instances
    if not symmetric:
        return [insts[i] for i in path]
    pack, canon = Packer(model).pack, Symmetry(model)
    chosen: list[Instance] = []
    state = model.init()
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
