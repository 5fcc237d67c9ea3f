"""The explicit interpreter: guards, effects and properties on concrete states.

Every engine that runs concrete states (explore, replay, stateful, the
vectorised engine's trace check) goes through these few functions, so an
exception raised inside a user policy's hook, or a state outside the
model's declared domains (floor.contract), is reported the same way
everywhere: one line naming the hook or field and the step.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hintcheck.floor.contract import ContractError, contract_of
from hintcheck.model.core import HintcheckError, Instance, Model, Property, Step


def _at(inst: Instance, where: str) -> str:
    return f" in step {inst.step}{where}"


def enabled(model: Model, inst: Instance, state: Any, where: str = "") -> bool:
    """Whether `inst`'s guard holds in `state`."""
    try:
        return bool(inst.action.guard(model, state, *inst.args))
    except HintcheckError as exc:
        raise type(exc)(f"{exc}{_at(inst, where)}") from None


def apply(model: Model, inst: Instance, state: Any, where: str = "") -> Any:
    """The state after firing `inst` (its guard is assumed to hold), checked against the declaration.

    Raises
    ------
    ContractError
        when the step produces a state outside the model's declared domains
        (floor.contract), naming the step, the field and the value.
    """
    try:
        after = inst.action.effect(model, state, *inst.args)
    except HintcheckError as exc:
        raise type(exc)(f"{exc}{_at(inst, where)}") from None
    problem = contract_of(model).problem(after)
    if problem is not None:
        raise ContractError(f"model {model.name}, step {inst.step}{where}: {problem}")
    return after


def successors(model: Model, state: Any, where: str = "") -> Iterator[tuple[int, Any]]:
    """(instance index, next state) for every enabled action instance."""
    for idx, inst in enumerate(model.instances):
        if enabled(model, inst, state, where):
            yield idx, apply(model, inst, state, where)


def holds(model: Model, prop: Property, before: Any, step: Step | None, after: Any) -> bool:
    """Evaluate an invariant on `after`, or an action property on the step."""
    if prop.kind == "invariant":
        return bool(prop.predicate(model, after))
    if step is None:          # the initial state has no incoming step
        return True
    return bool(prop.predicate(model, before, step, after))


def costed(model: Model, inst: Instance, state: Any) -> Step:
    """`inst`'s step labelled with its cost counters (hypercalls...) in `state`."""
    if not inst.action.cost:
        return inst.step
    try:
        cost = {name: int(fn(model, state, *inst.args)) for name, fn in inst.action.cost.items()}
    except HintcheckError as exc:
        raise type(exc)(f"{exc}{_at(inst, '')}") from None
    return Step(inst.step.action, inst.step.args, {k: v for k, v in cost.items() if v})


def find_instance(model: Model, step: Step) -> Instance | None:
    """The instance a recorded step names, or None when no instance matches."""
    for inst in model.instances:
        if inst.step.action == step.action and dict(inst.step.args) == dict(step.args):
            return inst
    return None
