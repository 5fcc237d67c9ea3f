"""The array interpretation of the expression helpers, and the vectorised canonical form."""
import numpy as np
import pytest

from hintcheck.floor import Graph, NotLowerable, Packer, Symmetry
from hintcheck.model.core import And, Not, Or, count, every, ite, some
from hintcheck.model.registry import load_spec
from hintcheck.vector.kernel import Kernel, Values
from hintcheck.vector.symmetry import Symmetry as ArraySymmetry


@pytest.fixture
def xy():
    g = Graph()
    digits = [np.array([0, 1, 2, 3], dtype=np.int8), np.array([3, 1, 0, 2], dtype=np.int8)]
    return g.digit(0, 4), g.digit(1, 4), Values(digits)


def test_helpers_evaluate_elementwise(xy):
    x, y, val = xy
    assert val(ite(x == y, 7, x + y)).tolist() == [3, 7, 2, 5]
    assert val(And(x > 0, y < 3)).tolist() == [False, True, True, True]
    assert val(Or(Not(x > 0), y == 2)).tolist() == [True, False, False, True]
    assert val(every(v > 0 for v in (x, y))).tolist() == [False, True, False, True]
    assert val(some(v == 0 for v in (x, y))).tolist() == [True, False, True, False]
    assert val(count(v >= 1 for v in (x, y))).tolist() == [1, 2, 1, 2]
    assert val(10 - x * 3).tolist() == [10, 7, 4, 1]


def test_equal_expressions_share_one_node(xy):
    x, y, _ = xy
    assert (x != 2) is (x != 2)
    assert And(x == 1, y == 2) is And(y == 2, x == 1)


def test_arithmetic_widens_instead_of_overflowing(xy):
    x, _, val = xy
    big = x * 100 + 300
    assert (big.lo, big.hi) == (300, 600)
    assert val(big).tolist() == [300, 400, 500, 600]


def test_a_python_branch_and_a_state_index_are_refused(xy):
    x, _, _ = xy
    with pytest.raises(TypeError):
        bool(x == 1)
    with pytest.raises(NotLowerable, match="index"):
        (1, 2, 3, 4)[x]


@pytest.mark.parametrize("pages", [2, 3, 4])
def test_array_and_key_canonical_forms_equal_the_state_form(pages):
    model = load_spec("reference").build("lazy", {"pages": pages})
    packer = Packer(model)
    canon = ArraySymmetry(Symmetry(model, packer))
    keys = np.random.default_rng(pages).integers(0, packer.space, 2000, dtype=np.uint64)
    expected = [packer.pack(Symmetry(model)(packer.unpack(int(k)))) for k in keys]
    assert canon(keys).tolist() == expected
    definition = Symmetry(model)
    assert [definition.key(int(k)) for k in keys] == expected      # the generated-code form


def test_kernel_digits_unpack_like_the_packer():
    model = load_spec("reference").build("rfc", {"pages": 3})
    kernel = Kernel(model, model.property_named("no_data_loss"))
    key = kernel.packer.pack(model.init().set(phase=2, round=1, data=(2, 0, 1)))
    digits = [int(d[0]) for d in kernel.digits(np.array([key], dtype=np.uint64))]
    state = kernel.packer.unpack(key)
    assert digits == [getattr(state, n) if i is None else getattr(state, n)[i]
                      for n, i, _ in kernel.packer.digits]
