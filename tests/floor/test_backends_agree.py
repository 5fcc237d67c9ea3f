"""One graph, three translations: Python source, numpy and Z3 give the value the model's own helpers give.

Expressions are drawn as small typed trees (integer and Boolean), built
twice with the model-core helpers: once on plain ints (what explicit
search, replay and Hypothesis compute) and once on graph leaves. Each
backend then evaluates the graph on the same digits; all must equal the
plain value.
"""
import numpy as np
import z3
from hypothesis import given, strategies as st

from hintcheck.floor import Graph
from hintcheck.floor.source import Source, build
from hintcheck.model.core import And, Not, Or, count, ite
from hintcheck.floor.z3graph import Translation
from hintcheck.vector.kernel import Values

RADIX = 4
DIGITS = 3

_CMP = st.sampled_from(["==", "!=", "<", "<=", ">", ">="])


def _bools_over(ints):
    """Boolean trees whose leaves compare integer trees."""
    return st.recursive(st.tuples(st.just("cmp"), _CMP, ints, ints),
                        lambda b: st.one_of(st.tuples(st.just("and"), b, b), st.tuples(st.just("or"), b, b),
                                            st.tuples(st.just("not"), b)), max_leaves=3)


_LEAF = st.one_of(st.tuples(st.just("digit"), st.integers(0, DIGITS - 1)),
                  st.tuples(st.just("const"), st.integers(-3, 5)))
_CONDS = _bools_over(st.one_of(_LEAF, st.tuples(st.just("arith"), st.sampled_from("+-*"), _LEAF, _LEAF)))
_ints = st.recursive(_LEAF, lambda c: st.one_of(
    st.tuples(st.just("ite"), _CONDS, c, c),
    st.tuples(st.just("arith"), st.sampled_from("+-*"), c, c),
    st.tuples(st.just("div"), st.sampled_from(["//", "%"]), c, st.integers(1, 4)),
    st.tuples(st.just("count"), st.lists(_CONDS, min_size=1, max_size=3))), max_leaves=8)
_bools = _bools_over(_ints)

_OPS = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
        "//": lambda a, b: a // b, "%": lambda a, b: a % b,
        "==": lambda a, b: a == b, "!=": lambda a, b: a != b, "<": lambda a, b: a < b,
        "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b}


def _build(tree, leaves):
    """The expression of `tree` over `leaves` (plain ints or graph nodes), through the helpers."""
    tag, *rest = tree
    sub = [(_build(t, leaves) if isinstance(t, tuple) else t) for t in rest]
    if tag == "digit":
        return leaves[rest[0]]
    if tag == "const":
        return rest[0]
    if tag == "ite":
        return ite(*sub)
    if tag in ("arith", "div", "cmp"):
        return _OPS[rest[0]](sub[1], sub[2])
    if tag == "count":
        return count(_build(t, leaves) for t in rest[0])
    if tag == "and":
        return And(*sub)
    if tag == "or":
        return Or(*sub)
    return Not(sub[0])


def _python(node, digits):
    fn = build([f"def f({', '.join(f'd{n}' for n in range(DIGITS))}):",
                f"    return {Source().of(node)}"], "f")
    return fn(*digits)


def _numpy(node, digits):
    value = Values([np.array([d], dtype=np.int8) for d in digits])(node)
    return value[0] if isinstance(value, np.ndarray) else value


def _z3(node, digits):
    e = z3.simplify(Translation([z3.IntVal(d) for d in digits])(node))
    return z3.is_true(e) if z3.is_bool(e) else e.as_long()


@given(tree=st.one_of(_ints, _bools), digits=st.lists(st.integers(0, RADIX - 1),
                                                        min_size=DIGITS, max_size=DIGITS))
def test_every_backend_computes_what_the_helpers_compute(tree, digits):
    graph = Graph()
    node = _build(tree, [graph.digit(n, RADIX) for n in range(DIGITS)])
    expected = int(_build(tree, digits))
    for backend in (_python, _numpy, _z3):
        assert int(backend(node, digits)) == expected, backend.__name__


@given(tree=_ints)
def test_a_node_interval_holds_every_value_it_takes(tree):
    """The numpy backend picks integer widths from these intervals: a value outside would wrap."""
    graph = Graph()
    node = _build(tree, [graph.digit(n, RADIX) for n in range(DIGITS)])
    if isinstance(node, int):
        return
    for d0 in range(RADIX):
        for d1 in range(RADIX):
            for d2 in range(RADIX):
                assert node.lo <= int(_build(tree, [d0, d1, d2])) <= node.hi
