"""Vacuity: whether a passing verdict rests on any step that could have falsified the property.

A `holds` is only as strong as the steps the search took. If no action
that can make the property false ever fired, the search never put the
claim to the test: the verdict is *vacuous*. Which actions can make a
property false is read off the model's one lowered graph
(`floor.lower.lowered`), not off names:

- an action instance whose guard is the constant False is disabled by the
  parameters (pseries `cmo_reclaim` with `cmo=0`); an action all of whose
  instances are disabled is never reported as unfired;
- for an invariant, an enabled instance is relevant when its effect
  changes a digit the invariant's node reads (`graph.digits_read`): only
  such a step can turn a state that satisfies it into one that does not;
- for an action property, an enabled instance is relevant when the check
  on its step is not the constant True (`commit_only_quiesced` is
  constant True on every step that is not a commit step). A check that is
  a node over few digits is also tried on every valuation of them
  (`TRY_AT_MOST`): `no_stale_commit` on a step that leaves `rc` alone is
  `Implies(And(rc != SUCCESS, rc == SUCCESS), ...)`, true whatever the
  state although no operator folds it away.

An action is relevant when one of its instances is. The property is
vacuous when none of its relevant actions fired (per `Stats.fired`), and
also when it has no relevant action at all: then nothing but the initial
state is ever checked. Relevance over-approximates (a node that no state
can make false still counts as "not constant True"), so a vacuity claim
errs towards silence, never towards calling a real check vacuous.

No claim is made for a violated verdict (a counterexample exercised the
property), for a proof or an unknown, or when the engine reports no
`fired` figures (the Z3 engines). A model that does not lower gets the
coarse claim only: every action counts as relevant, so the verdict is
vacuous only when no action fired at all.

>>> from hintcheck.model.registry import load_spec
>>> model = load_spec("reference").build("undo", {"pages": 1, "rounds": 1})
>>> prop = model.property_named("no_data_loss")
>>> relevance(model, prop).relevant      # next_round changes nothing no_data_loss reads
('alloc', 'write', 'free', 'start', 'send', 'finish')
>>> fired = {a.name: 0 for a in model.actions} | {"alloc": 3}
>>> judged = vacuity(model, prop, fired, Verdict.HOLDS)
>>> judged.vacuous, judged.why
(False, None)
>>> judged.unfired
('write', 'free', 'start', 'send', 'finish')
>>> vacuity(model, prop, {a.name: 0 for a in model.actions}, Verdict.HOLDS).why
'alloc, write, free, start, send, finish never fired'
"""
from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from hintcheck.floor.graph import NotLowerable, digits_read
from hintcheck.floor.lower import Lowered, lowered
from hintcheck.floor.result import Verdict
from hintcheck.floor.source import Source
from hintcheck.model.core import ContractBreach, Model, Property

# The verdicts that claim "nothing went wrong": the ones a vacuous search can produce.
PASSING = frozenset({Verdict.HOLDS, Verdict.BOUNDED, Verdict.NO_VIOLATION_FOUND})

# Valuations tried, at most, to show a step check true whatever the state (a few ms per model).
TRY_AT_MOST = 4096


@dataclass(frozen=True)
class Relevance:
    """Which of a model's actions can falsify a property, in the model's action order."""

    relevant: tuple[str, ...]         # an instance of it can make the property false
    disabled: tuple[str, ...]         # every instance's guard is the constant False
    lowered: bool                     # False: the model does not lower; every action counts as relevant
    kind: str                         # the property's kind: "invariant", "action" or "liveness"


@dataclass(frozen=True)
class Vacuity:
    """What the actions that fired say about a passing verdict."""

    vacuous: bool
    unfired: tuple[str, ...]          # relevant actions that never fired
    why: str | None                   # the vacuity in words ("commit never fired"), None when not vacuous


def relevance(model: Model, prop: Property) -> Relevance:
    """The actions of `model` whose steps can falsify `prop`, and those the parameters disable.

    Falls back to every action (none disabled) when the model does not lower.
    """
    names = tuple(dict.fromkeys(a.name for a in model.actions))
    try:
        low = lowered(model)
        if prop.kind in ("invariant", "liveness"):        # a liveness property: what its predicates read
            reads = digits_read([low.invariant(p) for p in prop.state_predicates()])
            checks = [any(d in reads for d, _ in step.changes) for step in low.steps]
        else:
            checks = [_can_fail(low, value) for value in low.step_property(prop)]
    except (NotLowerable, ContractBreach):
        return Relevance(names, (), False, prop.kind)
    enabled: set[str] = set()
    relevant: set[str] = set()
    for inst, step, can_falsify in zip(model.instances, low.steps, checks):
        if step.guard is False:
            continue
        enabled.add(inst.action.name)
        if can_falsify:
            relevant.add(inst.action.name)
    return Relevance(tuple(n for n in names if n in relevant), tuple(n for n in names if n not in enabled),
                     True, prop.kind)


def _can_fail(low: Lowered, check: Any) -> bool:
    """Whether a step check may be False in some state (True when it cannot be told).

    Decided by trying every valuation of the digits it reads, when there
    are at most `TRY_AT_MOST`; the domains include unreachable values, so
    a check shown true here is true on every step. The guard is not
    assumed: a check the guard alone makes true (a commit whose guard
    waits for every CPU to stop) still counts, as the property's own test.
    """
    if check is True:
        return False
    reads = sorted(digits_read([check]))
    if not reads or math.prod(low.packer.radix[d] for d in reads) > TRY_AT_MOST:
        return True
    names = ", ".join(f"d{d}" for d in reads)
    fails = eval(f"lambda {names}: not ({Source().of(check)})")  # noqa: S307 -- text of the graph
    try:
        return any(fails(*values) for values in itertools.product(*(range(low.packer.radix[d]) for d in reads)))
    except ArithmeticError:        # a division the model does not guard: say it may fail
        return True


def vacuity(model: Model, prop: Property, fired: Mapping[str, int], verdict: Verdict) -> Vacuity | None:
    """Whether a `verdict` on `prop` with these `fired` counts is vacuous; None when no claim is made.

    Parameters
    ----------
    model, prop
        The configuration the verdict is about.
    fired : Mapping[str, int]
        Action name -> transitions it produced (`Stats.fired`); empty when
        the engine does not count them.
    verdict : Verdict
        Only passing verdicts (holds, bounded, no violation found) get a claim.
    """
    if verdict not in PASSING or not fired or prop.kind == "liveness":
        return None
    rel = relevance(model, prop)
    unfired = tuple(a for a in rel.relevant if fired.get(a, 0) == 0)
    if not rel.relevant:
        why = "no action can change what it reads" if rel.kind == "invariant" else \
            "no enabled action's step can make its check false"
        return Vacuity(True, (), why)
    if len(unfired) < len(rel.relevant):
        return Vacuity(False, unfired, None)
    if not rel.lowered:
        return Vacuity(True, unfired, "no action fired")
    return Vacuity(True, unfired, f"{', '.join(unfired)} never fired")
