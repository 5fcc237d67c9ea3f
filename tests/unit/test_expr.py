"""The expression helpers compute on plain values and refuse to branch on terms."""
import pytest

from hintcheck.model.core import And, Not, Or, Term, count, every, ite, put, some


class Flag(Term):
    """A minimal engine term: records which helper built it."""

    def __init__(self, label):
        self.label = label

    @classmethod
    def all_of(cls, items):
        return Flag(("and", len(items)))

    @classmethod
    def any_of(cls, items):
        return Flag(("or", len(items)))

    def negate(self):
        return Flag(("not", self.label))

    def choose(self, then, else_):
        return Flag(("ite", then, else_))


def test_helpers_compute_on_plain_values():
    assert And(True, 1 == 1) is True
    assert And(True, False) is False
    assert Or(False, 2 > 1) is True
    assert Not(False) is True
    assert ite(False, "a", "b") == "b"
    assert every(x > 0 for x in (1, 2)) is True
    assert some(x > 1 for x in (0, 1)) is False
    assert count([True, False, True]) == 2


def test_helpers_build_terms_when_any_operand_is_a_term():
    t = Flag("c")
    assert And(True, t).label == ("and", 2)
    assert Or(t, False, True).label == ("or", 3)
    assert Not(t).label == ("not", "c")
    assert ite(t, 1, 2).label == ("ite", 1, 2)


def test_term_refuses_to_be_a_python_truth_value():
    with pytest.raises(TypeError, match="use ite"):
        if Flag("c"):
            pass


def test_put_replaces_one_element_and_needs_a_concrete_index():
    assert put((1, 2, 3), 0, 9) == (9, 2, 3)
    with pytest.raises(TypeError, match="concrete int"):
        put((1, 2), Flag("i"), 0)
