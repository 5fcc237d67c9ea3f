"""What a liveness verdict costs: the whole graph, then strongly connected components and fairness.

For reference N = 2 and 3 (`undo`, R = 2) and the property "migration
completes" (`eventually(phase == DONE)`) under weak fairness of the
migration's actions (start, send, next_round, finish), it prints states,
edges, the seconds and peak RSS of the graph build, of the SCC and
fairness analysis, and of the safety search of `no_data_loss` on the
same configuration (the plain engine, which interprets like the graph
build does), and how fast networkx decomposes a random graph of a million
edges (the part that would dominate at scale).

    python benchmarks/liveness.py
    python benchmarks/liveness.py --max-pages 2
"""
from __future__ import annotations

import argparse
import time

import networkx as nx
import numpy as np

from hintcheck.engines import run_engine
from hintcheck.floor import Request, peak_rss
from hintcheck.liveness.fair import fair_components, rules
from hintcheck.liveness.graph import build
from hintcheck.model.core import Fair, eventually
from hintcheck.model.registry import load_spec
from hintcheck.model.reference.state import Phase

FAIR = tuple(Fair(a) for a in ("start", "send", "next_round", "finish"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-pages", type=int, default=3)
    args = parser.parse_args()
    done = eventually(lambda m, s: s.phase == Phase.DONE, name="migration_completes")
    print(f"{'pages':>5} {'states':>9} {'edges':>10} {'build s':>8} {'scc s':>7} {'verdict':>9} "
          f"{'safety s':>9} {'rss MiB':>8}")
    for pages in range(2, args.max_pages + 1):
        model = load_spec("reference").build("undo", {"pages": pages})
        started = time.perf_counter()
        graph = build(model)
        built = time.perf_counter() - started
        started = time.perf_counter()
        phase = np.fromiter((s.phase == Phase.DONE for s in graph.states()), dtype=bool, count=graph.size)
        found = bool((fair_components(graph, ~phase, rules(model, graph, FAIR)) >= 0).any())
        analysed = time.perf_counter() - started
        started = time.perf_counter()
        run_engine("explore", Request(model, model.property_named("no_data_loss"), options={"compiled": False}))
        safety = time.perf_counter() - started
        print(f"{pages:>5} {graph.size:>9,} {len(graph.src):>10,} {built:>8.2f} {analysed:>7.2f} "
              f"{'violated' if found else 'holds':>9} {safety:>9.2f} {peak_rss() / 2**20:>8.0f}")
    rng = np.random.default_rng(0)
    n, m = 300_000, 1_000_000
    g = nx.DiGraph()
    g.add_edges_from(zip(rng.integers(0, n, m).tolist(), rng.integers(0, n, m).tolist()))
    started = time.perf_counter()
    comps = sum(1 for _ in nx.strongly_connected_components(g))
    print(f"networkx: {comps:,} SCCs of a random graph of {n:,} nodes and {m:,} edges in "
          f"{time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main()
