"""Shared test fixtures: Hypothesis profiles, tiny hand-made models with known answers,
and the CLI run in-process.

Profiles: `ci` (the default: derandomized) or `thorough`, chosen as the
stateful engine chooses its own: `HINTCHECK_PROFILE=thorough pytest` runs the
tests' `@given` functions with many more examples and the suite entries
(tests/suites) with the thorough stateful search. Hypothesis's own
`--hypothesis-profile` option still overrides it for the `@given` functions.
"""
import dataclasses
import textwrap
from dataclasses import dataclass, replace
from types import SimpleNamespace

import pytest
from click.testing import CliRunner
from hypothesis import settings

from hintcheck.cli import main
from hintcheck.model.core import (Domain, ModelSpec, Param, action, action_property, invariant,
                                  ite, per_index, scalar)
from hintcheck.stateful.profiles import profile_named, register_pytest_profiles

register_pytest_profiles()
settings.load_profile(profile_named().name)


@dataclass(frozen=True, slots=True)
class Counter:
    n: int = scalar(Domain.upto("top"))       # 0..top

    def set(self, **kw):
        return replace(self, **kw)


@action(guard=lambda m, s: s.n < m.top)
def inc(m, s):
    """Count up to the top."""
    return s.set(n=s.n + 1)


@action(guard=lambda m, s: s.n == m.top)
def wrap(m, s):
    """From the top back to zero (only when the model wraps)."""
    return s.set(n=ite(s.n == m.top, 0, s.n))


@invariant
def below_limit(m, s):
    """The counter stays below `limit`."""
    return s.n < m.limit


@action_property
def never_wraps(m, s, step, t):
    """No step resets the counter."""
    return step.action != "wrap"


class Plain:
    name = "plain"


COUNTER = ModelSpec(
    name="counter", doc="a counter", state=Counter,
    params=(Param("top", 1, 120, 5), Param("limit", 0, 130, 130)), index_sets={},
    init=lambda m: Counter(n=0), actions=(inc, wrap), policies={"plain": Plain},
    properties=(below_limit, never_wraps))


@dataclass(frozen=True, slots=True)
class Cells:
    bits: tuple = per_index("cells", Domain.range(2))   # one bit per cell
    cursor: int = scalar(Domain.upto("cells", -1))      # the one cell that may be poked

    def set(self, **kw):
        return replace(self, **kw)


@action(params=("cells",), guard=lambda m, s, cell: s.cursor == cell)
def poke(m, s, cell):
    """Set the cell under the cursor (only that instance is enabled)."""
    return s.set(bits=s.bits[:cell] + (1,) + s.bits[cell + 1:])


@action(params=("cells",))
def move(m, s, cell):
    """Put the cursor on any cell."""
    return s.set(cursor=cell)


@action_property
def pokes_under_the_cursor(m, s, step, t):
    """A poke only ever fires at the cursor: its guard was respected."""
    return step.action != "poke" or step.args["cell"] == s.cursor


@invariant
def some_cell_clear(m, s):
    """Not every cell is set."""
    return sum(s.bits) < len(s.bits)


CELLS = ModelSpec(
    name="cells", doc="cells and a cursor", state=Cells,
    params=(Param("cells", 1, 6, 3),), index_sets={"cells": "cells"},
    init=lambda m: Cells(bits=(0,) * len(m.cells), cursor=0), actions=(poke, move),
    policies={"plain": Plain}, properties=(pokes_under_the_cursor, some_cell_clear))


STUCK = dataclasses.replace(COUNTER, name="stuck", actions=(inc,))   # the top is terminal


@pytest.fixture
def tiny():
    """Builders of the tiny models: `tiny.counter(top=.., limit=..)`, `tiny.cells(cells=..)`, `tiny.stuck(..)`."""
    return SimpleNamespace(counter=lambda **p: COUNTER.build("plain", p),
                           stuck=lambda **p: STUCK.build("plain", p),
                           cells=lambda **p: CELLS.build("plain", p))


def _run(*args):
    """(exit code, stdout, stderr) of `hintcheck args...`."""
    runner = CliRunner()
    with runner.isolation() as (out, err, *_):
        code = main(list(args))
        return code, out.getvalue().decode(), err.getvalue().decode()


@pytest.fixture
def run_cli():
    return _run


def _fire(m, steps):
    """Fire `steps` (action name, args...) from the initial state; each must be enabled."""
    s = m.init()
    for name, *args in steps:
        act = m.action_named(name)
        assert act.guard(m, s, *args), f"{name}{tuple(args)} is not enabled"
        s = act.effect(m, s, *args)
    return s


@pytest.fixture
def fire():
    """`fire(model, [(action, *args), ...])`: the state after those steps, each checked enabled."""
    return _fire


PYTHON_IF = textwrap.dedent('''
    from hintcheck.model.core import put

    class PythonIf:
        def on_alloc(self, m, s, page):
            if s.hint[page] == 1:          # not house style: a Python branch on state
                return s.set(hint=put(s.hint, page, 0))
            return s
''')


@pytest.fixture
def python_if_policy(tmp_path):
    """`file.py:PythonIf`: an `undo` for the reference model that branches on state in Python.

    Concretely it behaves as `undo`; every engine that reads the model other
    than value by value must refuse it by name or fall back.
    """
    path = tmp_path / "python_if.py"
    path.write_text(PYTHON_IF)
    return f"{path}:PythonIf"
