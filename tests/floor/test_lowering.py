"""The model is lowered once, shared by every backend, and says by name what it cannot lower."""
import pytest

from hintcheck.floor.compile import compile_expand
from hintcheck.floor import NotLowerable, Packer, lowered
from hintcheck.floor.interpret import costed, successors
from hintcheck.floor.source import Source, build, unpack_lines
from hintcheck.model.core import PolicyError
from hintcheck.model.registry import load_spec
from hintcheck.vector.kernel import Kernel


def _reachable(model, limit):
    seen, frontier = {Packer(model).pack(model.init()): model.init()}, [model.init()]
    while frontier and len(seen) < limit:
        state = frontier.pop()
        for _, nxt in successors(model, state):
            key = Packer(model).pack(nxt)
            if key not in seen:
                seen[key] = nxt
                frontier.append(nxt)
    return list(seen.values())


def test_one_lowering_per_model_feeds_the_compiled_and_the_array_backends():
    model = load_spec("reference").build("undo", {"pages": 2})
    prop = model.property_named("no_data_loss")
    low = lowered(model)
    assert lowered(model) is low
    compile_expand(low, prop)
    kernel = Kernel(model, prop)
    assert [c.guard for c in kernel.code] == [s.guard for s in low.steps]
    assert kernel.invariant is low.invariant(prop)


@pytest.mark.parametrize("name, policy", [("pseries", "undo"), ("pseries", "lazy-undo"),
                                          ("s390", "volatile"), ("hotplug", "batched")])
def test_traced_cost_labels_equal_the_interpreted_ones(name, policy):
    """Hypercall and resize labels, traced once into the graph, price every step as the interpreter does."""
    model = load_spec(name).build(policy, {})
    low, packer = lowered(model), Packer(model)
    priced = []
    for i, inst in enumerate(model.instances):
        costs = low.costs(i)
        text = Source()
        fns = {c: build(["def f(key):", *unpack_lines(packer), f"    return {text.of(v)}"], "f")
               for c, v in costs.items()}
        priced.append((inst, fns))
    labelled = 0
    for state in _reachable(model, 3000):
        key = packer.pack(state)
        for inst, fns in priced:
            if not inst.action.guard(model, state, *inst.args):
                continue
            traced = {c: int(f(key)) for c, f in fns.items() if int(f(key))}
            assert traced == dict(costed(model, inst, state).cost), f"{inst.step} in {state}"
            labelled += bool(traced)
    assert labelled, "no step carried a cost: the comparison above tested nothing"


def test_a_python_branch_on_state_is_refused_by_name(python_if_policy):
    model = load_spec("reference").build(python_if_policy, {"pages": 2})
    with pytest.raises(NotLowerable, match="model reference, action alloc: .*branching on a symbolic value") as info:
        lowered(model)
    assert isinstance(info.value.cause.__cause__, TypeError)      # through the user hook's guard


def test_a_raising_hook_keeps_its_own_error_as_the_cause(tmp_path):
    path = tmp_path / "raising.py"
    path.write_text("class Raising:\n    def on_alloc(self, m, s, page):\n        raise KeyError('boom')\n")
    model = load_spec("reference").build(f"{path}:Raising", {"pages": 1})
    with pytest.raises(NotLowerable, match="action alloc") as info:
        lowered(model)
    assert isinstance(info.value.cause, PolicyError)
