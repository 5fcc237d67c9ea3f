"""Renderings of a trace for people: numbered steps with what each one changed, or a DOT graph of them."""
from __future__ import annotations

from typing import Any, Mapping

import pydot

from hintcheck.model.core import Step
from hintcheck.trace.format import Trace
from hintcheck.trace.view import View


def _changes(view: View, before: Mapping[str, Any], after: Mapping[str, Any]) -> str:
    return " ".join(f"{name}={value}" for name, value in view.changes(before, after)) or "(no change)"


def _cost(step: Step) -> str:
    return " [" + ", ".join(f"{c}+{n}" for c, n in step.cost.items()) + "]" if step.cost else ""


def text(trace: Trace, violated_at: int | None = None, view: View = View()) -> str:
    """The trace as numbered lines, like a kernel log: step, actor, event, cost labels, changed fields.

    Values are printed by name where `view` knows the domains; the failing
    step (`violated_at`) is marked and followed by why it fails when `view`
    says.
    """
    lines = [f"# {trace.model}/{trace.policy} {trace.property} "
             f"({', '.join(f'{k}={v}' for k, v in trace.params.items())}), "
             f"{len(trace.steps)} steps, engine {trace.engine}"]
    before = dict(trace.init)
    if trace.loop == 0 and trace.steps:
        lines.append("      -- loop starts here (the initial state) --")
    width = max((len(view.actor(st)) for st in trace.steps), default=0)
    for k, (step, state) in enumerate(zip(trace.steps, trace.states), start=1):
        failing = violated_at == k and trace.loop is None
        mark = "  <- property fails" if failing else ""
        lines.append(f"{k:4d}  {view.actor(step):<{width}}  {str(step) + _cost(step):<28} "
                     f"{_changes(view, before, state)}{mark}")
        if failing and view.why:
            lines.append(f"      {trace.property} fails: {view.why}")
        if trace.loop == k and k < len(trace.steps):
            lines.append(f"      -- loop starts here (after step {k}) --")
        before = dict(state)
    totals: dict[str, int] = {}
    for step in trace.steps:
        for name, n in step.cost.items():
            totals[name] = totals.get(name, 0) + n
    if totals:
        lines.append("      total cost: " + ", ".join(f"{name} {n}" for name, n in totals.items()))
    if trace.loop is not None:
        back = "the initial state" if trace.loop == 0 else f"the state after step {trace.loop}"
        lines.append(f"      -- back to {back}, for ever: the property fails along this loop --"
                     if trace.loop < len(trace.steps) else
                     "      -- no action is enabled: the run stays here for ever; the property fails --")
    return "\n".join(lines)


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def dot(trace: Trace, view: View = View()) -> str:
    """The trace as a DOT digraph: a node per state (what changed), an edge per step.

    The state where the property fails is drawn red; a lasso's last step
    goes back to the state the run repeats from, drawn bold.
    """
    g = pydot.Dot("trace", graph_type="digraph", rankdir="LR")
    states = [dict(trace.init), *(dict(s) for s in trace.states)]
    last = len(states) - 1
    nodes = last if trace.loop is not None and trace.loop < len(trace.steps) else last + 1
    for i in range(nodes):
        label = "initial" if i == 0 else _changes(view, states[i - 1], states[i])
        node = pydot.Node(f"s{i}", label=_quoted(f"{i}: {label}"), shape="box")
        if trace.loop is None and i == last:
            node.set("color", "red")
            node.set("fontcolor", "red")
        g.add_node(node)
    for k, step in enumerate(trace.steps, start=1):
        target = k if k < nodes else trace.loop
        edge = pydot.Edge(f"s{k - 1}", f"s{target}", label=_quoted(f"{k}. {step}"))
        if target != k:
            edge.set("style", "bold")
        g.add_edge(edge)
    return str(g.to_string())
