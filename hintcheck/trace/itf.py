"""A trace in the Informal Trace Format (ITF, Apalache ADR-015), the trace format of Apalache and Quint.

The shape Quint writes: a top-level `#meta`, `vars` (the model's state
fields in declaration order), `states` (k + 1 for k steps, each with
`"#meta": {"index": i}`), and for a lasso `loop`, the index of the state
the run returns to. Every integer is `{"#bigint": "n"}`, a per-index
field is a list, and an enum value is its name as a string: Quint would
write a variant (`{"tag": ..., "value": {"#tup": []}}`), which itf-py 0.5
cannot parse, while a string is valid ITF that both read. Each state's
`#meta` also names the step that led to it (`"action": "alloc(page=0)"`),
which ITF allows and readers ignore.

`from_itf` reads an ITF trace (ours, or Quint's) back as a trace of a
model whose state fields are the ITF `vars`: each step is the action
instance that leads from one state to the next (the first, in the model's
instance order, when several do), so replay can judge it. A Quint enum
variant `{"tag": "DONE", "value": {"#tup": []}}` reads as the name "DONE".

>>> to_itf_value([1, "DONE"])
[{'#bigint': '1'}, 'DONE']
>>> from_itf_value([{"#bigint": "1"}, {"tag": "DONE", "value": {"#tup": []}}], "x")
[1, 'DONE']
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hintcheck.floor.interpret import apply, costed, enabled
from hintcheck.floor.result import Verdict
from hintcheck.model.core import Model
from hintcheck.trace.build import model_identity, model_ref, policy_identity, policy_ref
from hintcheck.trace.format import Trace, TraceError, state_from_json, state_to_json

ITF_DESCRIPTION = "https://apalache-mc.org/docs/adr/015adr-trace.html"


def to_itf_value(value: Any) -> Any:
    """A trace's JSON value in ITF: integers as #bigint, lists as arrays, names as strings."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return {"#bigint": str(value)}
    if isinstance(value, list):
        return [to_itf_value(v) for v in value]
    return value


def _state(index: int, state: Mapping[str, Any], action: str | None) -> dict[str, Any]:
    meta: dict[str, Any] = {"index": index} | ({"action": action} if action is not None else {})
    return {"#meta": meta, **{name: to_itf_value(v) for name, v in state.items()}}


def to_itf(trace: Trace) -> dict[str, Any]:
    """The ITF object of `trace` (see the module docstring)."""
    out: dict[str, Any] = {
        "#meta": {"format": "ITF", "format-description": ITF_DESCRIPTION, "source": "hintcheck",
                  "description": f"{trace.model}/{trace.policy} {trace.property}: {trace.verdict.value}",
                  "model": trace.model, "policy": trace.policy, "property": trace.property,
                  "params": dict(trace.params), "engine": trace.engine,
                  **({"fairness": trace.meta["fairness"]} if "fairness" in trace.meta else {})},
        "vars": list(trace.init),
        "states": [_state(0, trace.init, None)] + [_state(k, state, str(step)) for k, (step, state)
                                                    in enumerate(zip(trace.steps, trace.states), start=1)],
    }
    if trace.loop is not None:
        out["loop"] = trace.loop
    return out


def from_itf_value(value: Any, where: str) -> Any:
    """An ITF value as a trace's JSON value: #bigint to int, arrays to lists, a unit variant to its tag."""
    if isinstance(value, list):
        return [from_itf_value(v, where) for v in value]
    if isinstance(value, dict) and set(value) == {"#bigint"} and isinstance(value["#bigint"], str):
        try:
            return int(value["#bigint"])
        except ValueError:
            raise TraceError(f"{where}: #bigint {value['#bigint']!r:.30} is not an integer") from None
    if isinstance(value, dict) and set(value) == {"tag", "value"} and value["value"] == {"#tup": []} \
            and isinstance(value["tag"], str):
        return value["tag"]
    if isinstance(value, (str, bool)) or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    raise TraceError(f"{where}: ITF value {json_kind(value)} has no counterpart in a hintcheck state")


def json_kind(value: Any) -> str:
    return "an object with " + ", ".join(sorted(value))[:40] if isinstance(value, dict) else type(value).__name__


def from_itf(raw: Any, model: Model, prop: str, where: str = "ITF trace", fairness: Any = None) -> Trace:
    """The ITF trace `raw` (as json.loads gives it) as a violation trace of `model` and property `prop`.

    A lasso (`loop`) is judged under `fairness` (`Fair.to_json` items, as
    our export records them in #meta), else under the model's declared
    fairness.

    Raises TraceError (one line) when it is not ITF, its vars are not the
    model's fields (a field with one possible value may be left out), a
    state is not a state of the model, or no action leads
    from a state to the next.
    """
    if not (isinstance(raw, dict) and isinstance(raw.get("vars"), list) and isinstance(raw.get("states"), list)
            and raw["states"] and all(isinstance(s, dict) for s in raw["states"])):
        raise TraceError(f"{where}: not an ITF trace (an object with vars and a non-empty list of states)")
    fields = [f.name for f in model.fields]
    given = [name for name in fields if name in set(map(str, raw["vars"]))]
    implied = {f.name for f in model.fields if len(f.domain.values(model.params)) == 1}
    if set(map(str, raw["vars"])) - set(fields) or set(fields) - set(given) - implied:
        raise TraceError(f"{where}: vars {raw['vars']!r:.80} are not the fields of {model.label}: {fields}")
    states = []
    for i, state in enumerate(raw["states"]):
        at = f"{where}: state {i}"
        recorded = {name: from_itf_value(state.get(name), f"{at}, {name}") for name in given}
        states.append(state_from_json(model, recorded, at))
    steps = []
    for i, (before, after) in enumerate(zip(states, states[1:]), start=1):
        inst = next((x for x in model.instances if enabled(model, x, before) and apply(model, x, before) == after),
                    None)
        if inst is None:
            raise TraceError(f"{where}: no action of {model.label} leads from state {i - 1} to state {i}")
        steps.append(costed(model, inst, before))
    loop = raw.get("loop")
    if loop is not None and not (isinstance(loop, int) and not isinstance(loop, bool) and 0 <= loop < len(states)):
        raise TraceError(f"{where}: loop {loop!r:.20} is not the index of a state")
    meta: dict[str, Any] = {}
    if loop is not None:
        meta["fairness"] = fairness if fairness is not None else \
            [f.to_json() for f in model.expand_fairness(model.fairness)]
    return Trace(model=model_ref(model), params=dict(model.params), policy=policy_ref(model), property=prop,
                 engine="itf", seed=None, verdict=Verdict.VIOLATED, init=state_to_json(model, states[0]),
                 steps=tuple(steps), states=tuple(state_to_json(model, s) for s in states[1:]), meta=meta,
                 policy_sha256=policy_identity(model), model_sha256=model_identity(model), loop=loop)
