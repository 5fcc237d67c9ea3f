"""A step that leaves the model's declared domains is refused by every engine, never judged.

The model below writes 6 into a field declared 0..5. Its property does not
mention that field, so an engine that packed the 6 into a neighbouring
digit, or a proof that assumed every state in its domains, would report
`holds` or `proved` over states that do not exist.
"""
from dataclasses import dataclass, replace

import pytest

from hintcheck.explore import explore
from hintcheck.floor import Verdict
from hintcheck.floor.contract import ContractError
from hintcheck.model.core import ContractBreach, Domain, ModelSpec, Param, action, invariant, scalar
from hintcheck.model.registry import load_spec
from hintcheck.stateful import fuzz
from hintcheck.symbolic.bmc import bmc
from hintcheck.symbolic.induction import k_induction
from hintcheck.vector import explore_vector


@dataclass(frozen=True, slots=True)
class Gauge:
    n: int = scalar(Domain.range(6))          # 0..5
    k: int = scalar(Domain.upto("top"))       # 0..top

    def set(self, **kw):
        return replace(self, **kw)


@action(guard=lambda m, s: s.n < 6)           # one too many: n + 1 reaches 6
def fill(m, s):
    """Raise the gauge."""
    return s.set(n=s.n + 1)


@action(guard=lambda m, s: s.k < m.top)
def tick(m, s):
    """Count."""
    return s.set(k=s.k + 1)


@invariant
def k_in_range(m, s):
    """The counter never passes the top (true of every state in the domains)."""
    return s.k <= m.top


class Plain:
    name = "plain"


GAUGE = ModelSpec(name="gauge", doc="writes outside a domain", state=Gauge,
                  params=(Param("top", 1, 4, 2),), index_sets={}, init=lambda m: Gauge(),
                  actions=(fill, tick), policies={"plain": Plain}, properties=(k_in_range,))

REFUSAL = "model gauge, step fill\\(\\).*field n = 6 outside its domain 0..5"


@pytest.mark.parametrize("engine", ["compiled", "interpreted", "vector", "bmc", "hypothesis"])
def test_every_engine_refuses_the_step_by_field_and_value(engine):
    model = GAUGE.build("plain", {})
    prop = model.property_named("k_in_range")
    run = {"compiled": lambda: explore(model, prop),
           "interpreted": lambda: explore(model, prop, compiled=False),
           "vector": lambda: explore_vector(model, prop),
           "bmc": lambda: bmc(model, prop, 10),
           "hypothesis": lambda: fuzz(model, prop, "ci", use_database=False)}[engine]
    with pytest.raises(ContractError, match=REFUSAL):
        run()


def test_induction_does_not_prove_a_design_that_leaves_its_domains():
    model = GAUGE.build("plain", {})
    result = k_induction(model, model.property_named("k_in_range"), 1)
    assert result.verdict is Verdict.UNKNOWN
    assert "declared domains fails after fill()" in result.limit


def test_a_hook_that_returns_no_state_is_refused_naming_the_step(tmp_path):
    path = tmp_path / "none.py"
    path.write_text("class ReturnsNone:\n    def on_alloc(self, m, s, page):\n        return None\n")
    model = load_spec("reference").build(f"{path}:ReturnsNone", {"pages": 1})
    prop = model.property_named("no_data_loss")
    for run in (lambda: explore(model, prop), lambda: explore(model, prop, compiled=False)):
        with pytest.raises(ContractBreach, match=r"hook on_alloc returned None.* in step alloc\(page=0\)"):
            run()
