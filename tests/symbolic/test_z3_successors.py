"""The Z3 transition relation, derived from the model's own definitions, agrees
with the explicit successors on arbitrary in-domain states (reachable or not).

Both directions: every explicit successor satisfies the relation with the
indicator of the instance that produced it, and every post-state the solver
can find is an explicit successor.
"""
import pytest
import z3
from hypothesis import given, settings
from hypothesis import strategies as st

from hintcheck.floor import Packer
from hintcheck.floor.interpret import successors
from hintcheck.model.registry import load_spec
from hintcheck.symbolic.encode import decode_state, equals, fresh_state, step_relation

CONFIGS = [(pol, n) for pol in ("rfc", "undo", "lazy") for n in (1, 2, 3)]


def relation(model):
    pre, post = fresh_state(model, "pre"), fresh_state(model, "post")
    return step_relation(model, pre, post, "t"), pre, post


def explicit_successors(model, state):
    return {(idx, nxt) for idx, nxt in successors(model, state)}


@pytest.mark.parametrize("policy,pages", CONFIGS)
@settings(max_examples=15, deadline=None, derandomize=True)
@given(data=st.data())
def test_symbolic_and_explicit_successors_agree(policy, pages, data):
    model = load_spec("reference").build(policy, {"pages": pages})
    packer = Packer(model)
    state = packer.unpack(data.draw(st.integers(0, packer.space - 1), label="packed state"))
    explicit = explicit_successors(model, state)
    rel, pre, post = relation(model)
    # Explicit -> symbolic: each explicit step satisfies the relation under its own indicator.
    for idx, nxt in explicit:
        s = z3.Solver()
        s.add(equals(model, pre, state), rel.formula, rel.fired[idx], equals(model, post, nxt))
        assert s.check() == z3.sat, f"{model.instances[idx].step} from {state}"
    # Symbolic -> explicit: every post-state the solver admits is an explicit successor.
    solver = z3.Solver()
    solver.add(equals(model, pre, state), rel.formula)
    posts = set()
    while solver.check() == z3.sat:
        nxt = decode_state(model, post, solver.model())
        posts.add(nxt)
        solver.add(z3.Not(equals(model, post, nxt)))
    assert posts == {nxt for _, nxt in explicit}


def test_a_disabled_instance_has_no_symbolic_successor():
    """The check above could pass with a relation that ignores guards; this one cannot."""
    model = load_spec("reference").build("undo", {"pages": 2})
    init = model.init()
    rel, pre, post = relation(model)
    send0 = next(i for i, inst in enumerate(model.instances) if str(inst.step) == "send(page=0)")
    s = z3.Solver()
    s.add(equals(model, pre, init), rel.formula, rel.fired[send0])
    assert s.check() == z3.unsat
