"""Fair cycles: strongly connected components in which every fairness assumption can be met.

A run that stays for ever inside a set of states C and visits all of it
is fair when, for each assumption:

- weak fairness of A: A is taken on some edge inside C, or A is disabled
  at some state of C (a run that is not always able to take A need not);
- strong fairness of A: if A is enabled at some state of C, it is taken on
  some edge inside C. Where it is not, the states where A is enabled are
  removed and the rest is decomposed again (the refinement of the
  classical algorithm), since a fair run can avoid them.

A component is a cycle when it has two states or more, or one state with
an edge to itself; a state with no enabled action at all is one too (a run
that ends there stays there, and every fairness assumption holds). The
components come from SciPy's strongly connected components on the CSR
matrix of the allowed subgraph (`scipy.sparse.csgraph`, C code over the
arrays the graph already holds). networkx gives the same components
(tests/liveness check it) but needs a Python object per node and edge:
4.9 s for a random graph of a million edges where SciPy takes well under
one (benchmarks/liveness.py), and gigabytes at the size of reference N = 4.
networkx stays for what it does well here: `hintcheck graph` exports.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components

from hintcheck.liveness.graph import StateGraph
from hintcheck.model.core import Fair, Model


@dataclass(frozen=True)
class Rule:
    """One fairness assumption over the graph: the instances it covers, and where one of them is enabled."""

    fair: Fair
    instances: frozenset[int]
    enabled: np.ndarray             # state id -> some covered instance is enabled there


def rules(model: Model, graph: StateGraph, fairness: tuple[Fair, ...]) -> list[Rule]:
    """The graph's view of each assumption (as `Model.expand_fairness` gives them: none covers nothing)."""
    out = []
    for fair in model.expand_fairness(fairness):
        covered = frozenset(n for n, inst in enumerate(model.instances)
                            if fair.covers(inst.action.name, inst.step.args))
        enabled = np.zeros(graph.size, dtype=bool)
        mask = np.isin(graph.inst, np.fromiter(covered, dtype=np.int64))
        enabled[graph.src[mask]] = True
        out.append(Rule(fair, covered, enabled))
    return out


def components(graph: StateGraph, allowed: np.ndarray) -> tuple[np.ndarray, int]:
    """(state id -> its strongly connected component among the `allowed` states, or -1; how many)."""
    keep = allowed[graph.src] & allowed[graph.dst]
    n = graph.size
    matrix = csr_matrix((np.ones(int(keep.sum()), dtype=np.int8), (graph.src[keep], graph.dst[keep])), shape=(n, n))
    _, raw = connected_components(matrix, directed=True, connection="strong")
    label = np.full(n, -1, dtype=np.int64)
    if allowed.any():               # renumber the components of allowed states 0..count-1
        _, label[allowed] = np.unique(raw[allowed], return_inverse=True)
    return label, int(label.max()) + 1


def _per_component(label: np.ndarray, where: np.ndarray, count: int) -> np.ndarray:
    """component id -> whether some state of it is in `where`."""
    out = np.zeros(count, dtype=bool)
    out[label[where & (label >= 0)]] = True
    return out


def fair_components(graph: StateGraph, allowed: np.ndarray, fair_rules: list[Rule]) -> np.ndarray:
    """State id -> the id of the fair cycle inside `allowed` it belongs to, or -1.

    Vectorised over components: one networkx decomposition per round, then
    every test is an array operation on component labels. A round's
    components whose strong fairness fails lose the states where the
    offending action is enabled and are decomposed again in the next round.
    """
    n = graph.size
    dead = graph.indptr[1:] == graph.indptr[:-1]
    fair = np.full(n, -1, dtype=np.int64)
    next_id = 0
    region = allowed.copy()
    while region.any():
        label, count = components(graph, region)
        inside = (label[graph.src] >= 0) & (label[graph.src] == label[graph.dst])
        size = np.bincount(label[label >= 0], minlength=count)
        loops = np.zeros(count, dtype=bool)
        loops[label[graph.src[inside & (graph.src == graph.dst)]]] = True
        ok = (size > 1) | loops | (_per_component(label, dead, count) & (size == 1))
        refine = np.zeros(n, dtype=bool)            # states to decompose again, without the offending ones
        drop = np.zeros(n, dtype=bool)
        for r in fair_rules:
            edges = inside & np.isin(graph.inst, np.fromiter(r.instances, dtype=np.int64))
            taken = np.zeros(count, dtype=bool)
            taken[label[graph.src[edges]]] = True
            if r.fair.strong:
                bad = ok & _per_component(label, r.enabled, count) & ~taken
                refine |= (label >= 0) & bad[np.maximum(label, 0)]
                drop |= r.enabled & (label >= 0) & bad[np.maximum(label, 0)]
                ok &= ~bad
            else:
                ok &= taken | _per_component(label, ~r.enabled, count)
        good = (label >= 0) & ok[np.maximum(label, 0)]
        fair[good] = label[good] + next_id
        next_id += count
        region = refine & ~drop
    return fair
