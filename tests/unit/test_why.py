"""Why a state breaks an invariant: the first false part, by the elements it reads, by name."""
from __future__ import annotations

from hintcheck.floor.why import why
from hintcheck.model.core import Property
from hintcheck.model.registry import load_spec


def _pseries():
    return load_spec("pseries").build("rfc", {"pages": 2})


def test_the_page_that_fails_is_named_with_its_values_by_name():
    m = _pseries()
    prop = m.property_named("stable_before_use")
    s = m.init().set(phase=1, loc=(1, 0), hs=(0, 1))      # page 1 in use and hinted unused, migrating
    assert why(m, prop, s) == "page 1: loc=IN_USE, hs=UNUSED; phase=MIGRATING"


def test_a_state_where_the_property_holds_has_no_reason():
    m = _pseries()
    assert why(m, m.property_named("stable_before_use"), m.init()) is None


def test_a_property_that_cannot_be_traced_has_no_reason_rather_than_a_wrong_one():
    m = _pseries()

    def opaque(m, s):
        if s.phase == 1:           # branches on a traced value: the floor cannot lower it
            return False
        return True
    assert why(m, Property("opaque", "invariant", opaque, ""), m.init().set(phase=1)) is None


def test_an_invariant_false_everywhere_says_so():
    m = _pseries()
    assert why(m, Property("never", "invariant", lambda m, s: False, ""), m.init()) == \
        "the property is false in every state"
