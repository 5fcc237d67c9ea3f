"""Hypothesis strategies derived from a model's declared state fields.

`states_of(model)` draws any in-domain state, reachable or not: the input of
differential tests (explicit against symbolic successors, compiled against
interpreted) and of property tests on single states. `swarm_of(names)`
draws the set of actions a swarm-tested example leaves out. Both come from
declarations the model already makes; nothing here names a model.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hypothesis import strategies as st

from hintcheck.model.core import FieldSpec, Model


def values_of(model: Model, spec: FieldSpec) -> st.SearchStrategy[Any]:
    """One value of a field's domain: an enum member for enum domains, else an int.

    Values shrink towards the domain's lowest value (0 unless `Domain.between`).
    """
    lo = spec.domain.lo
    ints = st.integers(min_value=lo, max_value=lo + model.domain_size(spec) - 1)
    enum = spec.domain.enum
    return ints.map(enum) if enum is not None else ints


def field_of(model: Model, spec: FieldSpec) -> st.SearchStrategy[Any]:
    """A scalar field's value, or a tuple with one value per member of its index set."""
    one = values_of(model, spec)
    if spec.index is None:
        return one
    return st.tuples(*[one] * model.index_size(spec.index)).map(lambda items: model.array(spec, items))


def states_of(model: Model) -> st.SearchStrategy[Any]:
    """Any in-domain state of `model`, reachable or not.

    Parameters
    ----------
    model : Model
        A built model; its parameters fix the index-set sizes and the
        parameter-sized domains.

    Returns
    -------
    SearchStrategy
        States of the model's own state class, built field by field from
        the declared domains, so every drawn state packs, serialises and
        can be handed to guards, effects and properties.

    Examples
    --------
    >>> from dataclasses import dataclass
    >>> from hintcheck.model.core import Domain, ModelSpec, Param, per_index, scalar
    >>> @dataclass(frozen=True)
    ... class S:
    ...     bits: tuple = per_index("cells", Domain.range(2))
    ...     top: int = scalar(Domain.upto("cells"))
    >>> spec = ModelSpec("tiny", "", S, (Param("cells", 1, 4, 3),), {"cells": "cells"},
    ...                  lambda m: S((0, 0, 0), 0), actions=(), policies={"plain": object})
    >>> from hypothesis import find, settings
    >>> find(states_of(spec.build("plain")), lambda s: s.top == 3 and sum(s.bits) == 2,
    ...      settings=settings(database=None))
    S(bits=(0, 1, 1), top=3)
    """
    fields = {spec.name: field_of(model, spec) for spec in model.fields}
    return st.fixed_dictionaries(fields).map(lambda values: model.spec.state(**values))


def swarm_of(names: Sequence[str]) -> st.SearchStrategy[frozenset[str]]:
    """A random set of action names to leave out of one example (swarm testing).

    As in Hypothesis's own feature flags, a disabling rate is drawn first and
    then one score per action, so an example may keep every action or only a
    few. Every draw shrinks towards "nothing disabled": a shrunk
    counterexample then needs no swarm setting to be read, and shrinking may
    re-enable an action to find a shorter path. When every action would be
    left out, none is: an example that can only idle tests nothing.
    """
    @st.composite
    def disabled(draw: st.DrawFn) -> frozenset[str]:
        rate = draw(st.integers(min_value=0, max_value=254))
        # A score of 0 (the shrink target) always keeps the action; the rate
        # is the chance in 255 that an action is left out.
        off = frozenset(n for n in names
                        if draw(st.integers(min_value=0, max_value=254)) >= 255 - rate)
        return frozenset() if len(off) == len(names) else off
    return disabled()
