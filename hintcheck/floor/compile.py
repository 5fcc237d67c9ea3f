"""The successor function as straight-line Python over packed keys, written from the lowered graph.

`lowered(model)` (hintcheck.floor.lower) gives each action instance as a
guard node and the digits its effect changes. Here each instance becomes
an `if guard:` line and a key delta: the new key is the old key plus, for
every changed digit, (new digit - old digit) * weight. The generated
`expand(key)` unpacks the digits once and returns every enabled instance
with its successor key, without building a state object. The node texts
come from `hintcheck.floor.source`, the graph's Python translation.

A model the tracer cannot lower (a Python `if` on a state value, indexing
with a state value) raises `NotLowerable`; the search then interprets the
model state by state instead. The plain search (hintcheck.explore) and
the liveness engine's graph build both use it.
"""
from __future__ import annotations

from typing import Any, Callable

from hintcheck.floor.contract import refuse_step
from hintcheck.floor.lower import Lowered
from hintcheck.floor.source import Source, build, unpack_lines
from hintcheck.model.core import Property


def _delta(lowered: Lowered, changes: list[tuple[int, Any]], text: Source) -> str:
    """Key difference of an instance's changed digits, as an expression."""
    weight = lowered.packer.weight
    terms = [f"({text.of(new)} - d{n}) * {weight[n]}" for n, new in sorted(changes, reverse=True)]
    return " + ".join(terms) or "0"


def compile_expand(lowered: Lowered, prop: Property | None) -> Callable[[int], list[tuple[int, int, bool]]]:
    """`expand(key)` -> [(instance index, successor key, step property holds)].

    The third element is the action property on that step (always True for
    an invariant, which the caller checks on new states with
    `compile_invariant`, and with no property at all).
    """
    text = Source()
    oks = lowered.checks(prop)[1] if prop is not None else [True] * len(lowered.steps)
    body = ["def expand(key):", *unpack_lines(lowered.packer), "    out = []"]
    for i, (step, ok) in enumerate(zip(lowered.steps, oks)):
        if step.guard is False:
            continue
        cond = "True" if step.guard is True else text.of(step.guard)
        body.append(f"    if {cond}:")
        if step.well_formed is not True:
            body.append(f"        if not {text.of(step.well_formed)}: broken({i}, key)")
        body.append(f"        out.append(({i}, key + {_delta(lowered, step.changes, text)}, {text.of(ok)}))")
    body.append("    return out")
    fn: Callable[[int], list[tuple[int, int, bool]]] = build(body, "expand", {"broken": _broken(lowered)})
    return fn


def _broken(lowered: Lowered) -> Callable[[int, int], None]:
    """Report a step whose state leaves the declaration, by re-running it through the interpreter."""
    def broken(i: int, key: int) -> None:
        refuse_step(lowered.model, i, lowered.packer.unpack(key))
    return broken


def compile_invariant(lowered: Lowered, prop: Property) -> Callable[[int], bool]:
    """`holds(key)` for an invariant, on the packed state."""
    value = lowered.invariant(prop)
    fn: Callable[[int], bool] = build(["def holds(key):", *unpack_lines(lowered.packer),
                                       f"    return {Source().of(value)}"], "holds")
    return fn
