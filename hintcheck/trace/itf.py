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

>>> to_itf_value([1, "DONE"])
[{'#bigint': '1'}, 'DONE']
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hintcheck.trace.format import Trace

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
                  "params": dict(trace.params), "engine": trace.engine},
        "vars": list(trace.init),
        "states": [_state(0, trace.init, None)] + [_state(k, state, str(step)) for k, (step, state)
                                                    in enumerate(zip(trace.steps, trace.states), start=1)],
    }
    if trace.loop is not None:
        out["loop"] = trace.loop
    return out
