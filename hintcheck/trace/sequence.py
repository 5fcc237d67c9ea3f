"""A trace as a Mermaid sequence diagram: one participant per lane, hypercalls as arrows.

Each step is a message from its actor to itself (`3. alloc(cpu=0,
page=0)`), with a note of the fields it changed (values by name); a step
with hypercalls adds an arrow to the hypervisor, one that sends pages an
arrow to the destination. The violating step of a finite trace is in a
red `rect` with why the property fails; a lasso's loop is a `loop` block,
and a lasso that ends where no action is enabled ends in a note saying so.

>>> escape("a;b #1 <b>")
'a#59;b #35;1 #60;b#62;'
"""
from __future__ import annotations

from typing import Any, Mapping

from hintcheck.model.core import Step
from hintcheck.trace.format import Trace
from hintcheck.trace.view import DESTINATION, HYPERVISOR, View, lanes

# Characters that end a Mermaid statement or start an entity, as Mermaid's entity codes; `<` and
# `>` too, which Mermaid would otherwise read as HTML tags in a message or a note.
_ENTITIES = {"#": "#35;", ";": "#59;", "<": "#60;", ">": "#62;", "\n": " ", "\r": " "}


def escape(text: str) -> str:
    """Text safe inside a Mermaid message or note."""
    return "".join(_ENTITIES.get(c, c) for c in text)


def _ident(lane: str) -> str:
    """A participant id: letters, digits and underscores only."""
    return "L_" + "".join(c if c.isalnum() else "_" for c in lane)


def _step_lines(view: View, k: int, step: Step, before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    actor = _ident(view.actor(step))
    cost = "".join(f" [{c}+{n}]" for c, n in step.cost.items())
    lines = [f"    {actor}->>{actor}: {escape(f'{k}. {step}{cost}')}"]
    if step.cost.get("hcalls"):
        lines.append(f"    {actor}->>{_ident(HYPERVISOR)}: H_CALL x{step.cost['hcalls']}")
    if step.cost.get("pages_sent"):
        lines.append(f"    {actor}->>{_ident(DESTINATION)}: {step.cost['pages_sent']} page(s)")
    changed = " ".join(f"{name}={value}" for name, value in view.changes(before, after))
    if changed:
        lines.append(f"    Note over {actor}: {escape(changed)}")
    return lines


def mermaid(trace: Trace, view: View = View()) -> str:
    """The trace as Mermaid `sequenceDiagram` text.

    Parameters
    ----------
    trace : Trace
        A saved counterexample, finite (its last state fails) or a lasso.
    view : View
        Value names, actors and why the last state fails (`view_for(trace)`);
        the plain `View()` draws every step on its arguments' lane.

    Returns
    -------
    str
        The diagram, one statement per line, ending in a newline; every
        label and note escaped (`escape`).
    """
    cols = lanes(view, trace.steps)
    out = ["sequenceDiagram", f"    title {escape(f'{trace.model}/{trace.policy} {trace.property}')}"]
    out += [f"    participant {_ident(c)} as {escape(c)}" for c in cols]
    before: Mapping[str, Any] = trace.init
    loop_from = None if trace.loop is None else trace.loop + 1
    for k, (step, state) in enumerate(zip(trace.steps, trace.states), start=1):
        if k == loop_from:
            out.append(f"    loop for ever: {escape(trace.property)} fails along this loop")
        lines = _step_lines(view, k, step, before, state)
        if trace.loop is None and k == len(trace.steps):
            why = f": {view.why}" if view.why else ""
            out += ["    rect rgb(255, 220, 220)", *("  " + line for line in lines),
                    f"      Note over {_ident(view.actor(step))}: {escape(f'{trace.property} fails{why}')}",
                    "    end"]
        else:
            out += ["  " + line for line in lines] if loop_from is not None and k >= loop_from else lines
        before = state
    if loop_from is not None and loop_from <= len(trace.steps):
        out.append("    end")
    elif trace.loop is not None and cols:
        stays = f"no action is enabled: the run stays here for ever; {trace.property} fails"
        out.append(f"    Note over {_ident(cols[0])}: {escape(stays)}")
    return "\n".join(out) + "\n"
