"""`count()` over pages in a proof for any number: abstracted, reported, and never a false proof."""
from dataclasses import dataclass, replace

import z3

from hintcheck.model.core import Domain, ModelSpec, Param, action, count, invariant, per_index, put
from hintcheck.floor.result import Verdict
from hintcheck.symbolic.param import ParamSystem
from hintcheck.symbolic.prove import ProofPlan, prove


@dataclass(frozen=True, slots=True)
class Slots:
    held: tuple = per_index("pages", Domain.range(2))

    def set(self, **kw):
        return replace(self, **kw)


@action(params=("pages",), guard=lambda m, s, page: count(s.held[p] == 1 for p in m.pages) < m.limit)
def take(m, s, page):
    """Hold a page while fewer than `limit` are held."""
    return s.set(held=put(s.held, page, 1))


@action(params=("pages",))
def drop(m, s, page):
    return s.set(held=put(s.held, page, 0))


@invariant
def at_most_one_held(m, s):
    """At most one page is held: true when limit = 1, false for limit = 2 from two pages on."""
    return count(s.held[p] == 1 for p in m.pages) <= 1


class Plain:
    name = "plain"


SLOTS = ModelSpec(
    name="slots", doc="pages held up to a limit", state=Slots,
    params=(Param("pages", 1, 4, 1), Param("limit", 1, 2, 2)), index_sets={"pages": "pages"},
    symmetric=frozenset({"pages"}), init=lambda m: Slots(held=(0,) * len(m.pages)), actions=(take, drop),
    policies={"plain": Plain}, properties=(at_most_one_held,))


def test_a_claim_false_for_two_pages_is_not_proved_from_one():
    """With one page BMC cannot see the violation; the any-number proof must not claim it either."""
    m = SLOTS.build("plain", {"pages": 1, "limit": 2})
    result = prove(m, m.property_named("at_most_one_held"), ProofPlan(depth=6, unbounded=True))
    assert result.verdict is Verdict.UNKNOWN, result.describe()
    assert result.stats.extra["abstracted"] == ["action take", "property at_most_one_held"]
    assert "count() over pages abstracted" in result.describe()


def test_the_abstraction_is_exact_against_zero_and_unconstrained_above():
    system = ParamSystem(SLOTS.build("plain", {"pages": 1}), "pages")
    s = system.state("s")
    held = z3.Const("x", s.held.expr.domain())
    some_held = z3.Exists([held], z3.Select(s.held.expr, held) == 1)
    n = count(s.held[p] == 1 for p in system.view.pages).expr
    solver = z3.Solver()
    solver.add(z3.Not((n == 0) == z3.Not(some_held)))
    assert solver.check() == z3.unsat                # 0 exactly when no page is held
    solver = z3.Solver()
    solver.add(n == 7)
    assert solver.check() == z3.sat                  # above 0 it is any positive number
