"""`states_of(model)` draws any in-domain state, reachable or not, for any model."""
from hypothesis import find, given, settings, strategies as st

from hintcheck.floor import Packer
from hintcheck.model.registry import load_spec, model_names
from hintcheck.stateful import states_of
from hintcheck.trace.format import state_from_json, state_to_json


def _models():
    return [load_spec(name).build() for name in model_names()]


MODELS = _models()


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_every_drawn_state_is_in_domain_for_every_registered_model(data):
    model = data.draw(st.sampled_from(MODELS), label="model")
    state = data.draw(states_of(model), label="state")
    assert isinstance(state, model.spec.state)
    packer = Packer(model)
    key = packer.pack(state)
    # A digit outside its radix would not survive the mixed-radix round trip.
    assert 0 <= key < packer.space and packer.unpack(key) == state
    assert state_from_json(model, state_to_json(model, state), "drawn") == state


def test_unreachable_states_are_drawn_too():
    """Done migrating yet never started a round: no run reaches it, a differential test needs it."""
    model = load_spec("reference").build("undo", {"pages": 2})
    state = find(states_of(model), lambda s: s.phase.name == "DONE" and s.round == 0,
                 settings=settings(database=None))
    assert state.alloc == (0, 0) and state.phase.name == "DONE"
