"""`hintcheck graph`: the state graph or its SCC quotient, as DOT or GraphML, with a size guard."""
from __future__ import annotations

import io

import networkx as nx


def test_graphml_has_every_state_and_transition(run_cli):
    code, out, _ = run_cli("graph", "--model", "reference", "--policy", "undo", "-p", "pages=1", "--format", "graphml")
    g = nx.read_graphml(io.BytesIO(out.encode()))
    assert code == 0 and g.number_of_nodes() == 90 and g.number_of_edges() == 205
    assert sum(1 for _, d in g.nodes(data=True) if d["initial"]) == 1


def test_the_scc_quotient_is_a_dag_of_components(run_cli):
    code, out, _ = run_cli("graph", "--model", "reference", "--policy", "undo", "-p", "pages=1", "--scc",
                           "--format", "graphml")
    q = nx.read_graphml(io.BytesIO(out.encode()))
    assert code == 0 and nx.is_directed_acyclic_graph(q)
    assert sum(int(d["label"].split()[0]) for _, d in q.nodes(data=True)) == 90


def test_dot_output_and_a_file_never_replaced(run_cli, tmp_path):
    code, out, _ = run_cli("graph", "--model", "reference", "-p", "pages=1")
    assert code == 0 and out.startswith("strict digraph {") and '"alloc(page=0)"' in out
    target = tmp_path / "g.dot"
    assert run_cli("graph", "--model", "reference", "-p", "pages=1", "-o", str(target))[0] == 0
    kept = target.read_text()
    code, _, err = run_cli("graph", "--model", "reference", "-p", "pages=1", "-o", str(target))
    assert code == 2 and "exists; not replaced" in err and target.read_text() == kept


def test_a_graph_over_the_limit_is_refused_in_one_line(run_cli):
    code, out, err = run_cli("graph", "--model", "reference", "--max-states", "100")
    assert code == 2 and out == "" and "more than 100 states" in err and len(err.splitlines()) == 1
