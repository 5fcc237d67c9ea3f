"""The state graph of one configuration as a networkx graph: for `hintcheck graph` and for scripts.

Nodes are state ids (0 is the first initial state) with the state as a
label; edges carry the step that fires (`alloc(page=0)`). The quotient by
strongly connected components (`networkx.condensation`) has one node per
component, labelled with its size. Building stops past `max_states`: a
graph that large is refused in one line rather than written half.
"""
from __future__ import annotations

import json
from typing import Any

import networkx as nx

from hintcheck.floor import Budget
from hintcheck.liveness.graph import build
from hintcheck.model.core import HintcheckError, Model
from hintcheck.trace.format import state_to_json

# The default size guard of `hintcheck graph`: DOT and GraphML of more states are rarely readable.
GRAPH_LIMIT = 20_000


def state_graph(model: Model, max_states: int = GRAPH_LIMIT) -> nx.DiGraph:
    """Every reachable state and transition of `model`; a HintcheckError past `max_states` states."""
    graph = build(model, Budget(max_states=max_states + 1))
    if graph.limit is not None or graph.size > max_states:
        raise HintcheckError(f"model {model.label}: the state graph has more than {max_states:,} states; "
                             "raise --max-states or choose smaller parameters")
    g = nx.DiGraph()
    for sid, state in enumerate(graph.states()):
        g.add_node(sid, label=json.dumps(state_to_json(model, state), separators=(",", ":")),
                   initial=sid in graph.inits)
    steps = [str(inst.step) for inst in model.instances]
    for s, t, i in zip(graph.src.tolist(), graph.dst.tolist(), graph.inst.tolist()):
        if g.has_edge(s, t):                     # two instances with the same effect: one edge, both names
            g.edges[s, t]["label"] += f" | {steps[i]}"
        else:
            g.add_edge(s, t, label=steps[i])
    return g


def scc_quotient(g: nx.DiGraph) -> nx.DiGraph:
    """One node per strongly connected component, labelled with its size (and whether it holds an initial state)."""
    q = nx.condensation(g)
    q.graph.clear()                              # the member mapping: not a GraphML value
    for c, data in q.nodes(data=True):
        members = data["members"]
        data["label"] = f"{len(members)} state{'' if len(members) == 1 else 's'}"
        data["initial"] = any(g.nodes[s]["initial"] for s in members)
        del data["members"]
    return q


def render(g: nx.DiGraph, fmt: str) -> str:
    """The graph as DOT (through pydot) or GraphML text."""
    if fmt == "graphml":
        return "\n".join(nx.generate_graphml(g)) + "\n"
    dot = nx.nx_pydot.to_pydot(_quoted(g))
    text: str = dot.to_string()
    return text


def _quoted(g: nx.DiGraph) -> nx.DiGraph:
    """Labels quoted for DOT (pydot writes attribute values as they are)."""
    out = nx.DiGraph()
    for n, data in g.nodes(data=True):
        out.add_node(n, **{k: json.dumps(str(v)) for k, v in data.items()})
    for s, t, data in g.edges(data=True):
        out.add_edge(s, t, **{k: json.dumps(str(v)) for k, v in data.items()})
    return out


def describe(g: Any) -> str:
    """`N states, M edges` for a summary line."""
    return f"{g.number_of_nodes():,} nodes, {g.number_of_edges():,} edges"
