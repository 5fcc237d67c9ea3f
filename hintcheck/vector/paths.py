"""Counterexamples under symmetry: from a path over orbit representatives to concrete steps.

The search records instances that act on representatives. From the
concrete initial state, each step is the first enabled instance whose
successor lies in the next recorded orbit (and, for the last step of an
action-property violation, whose step violates it), as the plain BFS does.
"""
from __future__ import annotations

from hintcheck.explore.packing import Canonicalizer, Packer
from hintcheck.interpret import apply, enabled, holds
from hintcheck.model.core import Instance, Model, Property


def concrete_path(model: Model, prop: Property, path: list[int], last_is_step: bool) -> list[Instance]:
    """Concrete instances following `path` (instance indices on representatives)."""
    pack, canon, insts = Packer(model).pack, Canonicalizer(model), model.instances
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
