"""Renderings of a trace for people: numbered steps with what each one changed."""
from __future__ import annotations

from typing import Any

from hintcheck.trace.format import Trace


def _changes(before: dict[str, Any], after: dict[str, Any]) -> str:
    parts = []
    for name, value in after.items():
        if before.get(name) != value:
            shown = "[" + ", ".join(map(str, value)) + "]" if isinstance(value, list) else str(value)
            parts.append(f"{name}={shown}")
    return " ".join(parts) or "(no change)"


def text(trace: Trace, violated_at: int | None = None) -> str:
    """The trace as numbered lines, like a log: step, cost labels, changed fields."""
    lines = [f"# {trace.model}/{trace.policy} {trace.property} "
             f"({', '.join(f'{k}={v}' for k, v in trace.params.items())}), "
             f"{len(trace.steps)} steps, engine {trace.engine}"]
    before = dict(trace.init)
    if trace.loop == 0 and trace.steps:
        lines.append("      -- loop starts here (the initial state) --")
    for k, (step, state) in enumerate(zip(trace.steps, trace.states), start=1):
        cost = " [" + ", ".join(f"{c}+{n}" for c, n in step.cost.items()) + "]" if step.cost else ""
        mark = "  <- property fails" if violated_at == k and trace.loop is None else ""
        lines.append(f"{k:4d}  {str(step) + cost:<28} {_changes(before, dict(state))}{mark}")
        if trace.loop == k and k < len(trace.steps):
            lines.append(f"      -- loop starts here (after step {k}) --")
        before = dict(state)
    if trace.loop is not None:
        back = "the initial state" if trace.loop == 0 else f"the state after step {trace.loop}"
        lines.append(f"      -- back to {back}, for ever: the property fails along this loop --"
                     if trace.loop < len(trace.steps) else
                     "      -- no action is enabled: the run stays here for ever; the property fails --")
    return "\n".join(lines)
