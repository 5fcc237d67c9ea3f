"""What a liveness verdict costs: the whole graph, then strongly connected components and fairness.

For hpt (default parameters, policies `rehash` and `mirror`, property
`prepare_resolves`) and reference N = 3 and 4 (`undo`, R = 2, property
`migration_converges`), each under the model's declared fairness, it
prints one row of these columns:

    states, edges  the reachable state graph (liveness.graph.build)
    build s, MiB   seconds of that build, and peak RSS after it
    scipy s        scipy's strong components of that whole graph, CSR load included
    networkx s     the same with networkx, DiGraph load included (what the analysis
                   would cost with it), run when the graph has at most a million
                   edges or with --networkx-on-graph; both find the same number
                   of components (asserted)
    verdict        the liveness engine's verdict
    total s        seconds of that engine run (it builds the graph again)
    analysis s     total s minus build s: the engine's SCCs and fairness
                   (liveness.fair, on the states where the property's target is
                   false) and lasso search; a difference of two builds, so it
                   carries their timing noise (seconds at N = 4 on a busy machine)
    MiB            peak RSS after the liveness run
    explore s, vector s   the safety search alone on the same configuration
                   (`prepare_resolves` -> `no_lost_bolted`, `migration_converges`
                   -> `no_data_loss`) with the plain and the vector engine; each
                   must hold and count the graph's states, else it is reported

Peak RSS is the process's high-water mark so far, not the row's own use, so
the configurations run from the smallest graph to the largest. Then it times
networkx and scipy on a random directed graph of 300,000 nodes and 1,000,000
edges (the component counts must agree).

Last, when `spin` and `gcc` are installed, SPIN's acceptance-cycle search
(`pan -a`) of benchmarks/external/reference.pml with -DLIVENESS, whose never
claim accepts the fair runs that violate migration_converges, for each N:
product states stored (system state x claim state, so more than the model's
states), transitions, seconds of `spin -a` and `gcc` (compile s), pan's own
search time (search s), pan's "total actual memory usage" (MiB) and errors.
SPIN's verdict (errors: 0 is holds) must agree with hintcheck's: a line
compares them. Every disagreement is printed at the end and makes the exit
status 1.

    python benchmarks/liveness.py                      # about 6 minutes; ~3 GiB here, ~3 GiB in pan
    python benchmarks/liveness.py --max-pages 3        # hpt and reference N = 3 only: under a minute
    python benchmarks/liveness.py --networkx-on-graph  # also networkx on the N = 4 graph (minutes, ~10 GiB)
    python benchmarks/liveness.py --skip-spin
"""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

import networkx as nx
import numpy as np
from scipy.sparse import csr_array
from scipy.sparse.csgraph import connected_components

from hintcheck.engines import run_engine
from hintcheck.floor import Request, peak_rss
from hintcheck.liveness.graph import build
from hintcheck.model.registry import load_spec

PML = Path(__file__).resolve().parent / "external" / "reference.pml"
PROPERTIES = {"hpt": ("prepare_resolves", "no_lost_bolted"), "reference": ("migration_converges", "no_data_loss")}
NX_EDGES = 1_000_000          # networkx runs on a state graph up to this size unless --networkx-on-graph
MIB = 2**20
PAN_FIGURES = {"stored": r"([\d.e+]+) states, stored", "transitions": r"([\d.e+]+) transitions",
               "seconds": r"pan: elapsed time ([\d.e+]+)", "mib": r"([\d.]+)\s+total actual memory usage",
               "errors": r"errors: (\d+)"}     # pan prints large counts as 4.7692712e+08


def seconds(fn: Callable[..., Any], *args: Any) -> tuple[Any, float]:
    """fn(*args) and its wall seconds."""
    started = time.perf_counter()
    out = fn(*args)
    return out, time.perf_counter() - started


def scipy_sccs(n: int, src: np.ndarray, dst: np.ndarray) -> int:
    matrix = csr_array((np.ones(len(src), dtype=np.int32), (src, dst)), shape=(n, n))
    return connected_components(matrix, directed=True, connection="strong")[0]


def networkx_sccs(n: int, src: np.ndarray, dst: np.ndarray) -> int:
    g = nx.DiGraph()
    g.add_nodes_from(range(n))
    g.add_edges_from(zip(src.tolist(), dst.tolist()))
    return sum(1 for _ in nx.strongly_connected_components(g))


def configuration(label: str, spec: str, policy: str, params: dict, with_networkx: bool,
                  problems: list[str]) -> str:
    """Measure one configuration, print its row and return the liveness verdict."""
    print(f"... {label}: graph build, liveness, safety", file=sys.stderr, flush=True)
    live, safe = PROPERTIES[spec]
    model = load_spec(spec).build(policy, params)
    graph, built = seconds(build, model)
    build_peak = peak_rss()
    scipy_count, scipy_s = seconds(scipy_sccs, graph.size, graph.src, graph.dst)
    networkx = "-"
    if with_networkx or len(graph.src) <= NX_EDGES:
        nx_count, nx_s = seconds(networkx_sccs, graph.size, graph.src, graph.dst)
        assert nx_count == scipy_count, f"{label}: networkx {nx_count:,} SCCs, scipy {scipy_count:,}"
        networkx = f"{nx_s:.2f}"
    states, edges = graph.size, len(graph.src)
    del graph
    verdict, total = seconds(run_engine, "liveness", Request(model, model.property_named(live)))
    live_peak = peak_rss()
    safety = []
    for engine in ("explore", "vector"):
        result, took = seconds(run_engine, engine, Request(model, model.property_named(safe)))
        safety.append(took)
        if result.verdict.value != "holds" or result.stats.states != states:
            problems.append(f"{label} {engine} {safe}: {result.verdict.value}, {result.stats.states:,} states; "
                            f"the graph has {states:,}")
    print(f"{label:<18} {states:>10,} {edges:>11,} {built:>8.2f} {build_peak / MIB:>6.0f} {scipy_s:>7.2f} "
          f"{networkx:>10} {verdict.verdict.value:>8} {total:>8.2f} {total - built:>10.2f} {live_peak / MIB:>6.0f} "
          f"{safety[0]:>9.2f} {safety[1]:>8.2f}", flush=True)
    return verdict.verdict.value


def spin(pages: int) -> dict[str, float] | str:
    """SPIN's acceptance-cycle search of reference.pml -DLIVENESS at N = pages (undo), or why it did not run."""
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(PML, tmp)
        started = time.perf_counter()
        subprocess.run(["spin", "-a", f"-DN={pages}", "-DLIVENESS", "reference.pml"],
                       cwd=tmp, check=True, capture_output=True)
        subprocess.run(["gcc", "-O2", "-DNOREDUCE", "-DMEMLIM=22000", "-o", "pan", "pan.c"],
                       cwd=tmp, check=True, capture_output=True)
        compiled = time.perf_counter() - started
        width = 27 if pages >= 4 else 24
        out = subprocess.run(["./pan", "-a", "-m1000000", f"-w{width}"], cwd=tmp, capture_output=True,
                             text=True).stdout
    row = {"compile": compiled}
    for name, pattern in PAN_FIGURES.items():
        found = re.search(pattern, out)
        if found is None or "max search depth too small" in out:
            return f"pan did not finish cleanly: {out.strip().splitlines()[-1] if out.strip() else 'no output'}"
        row[name] = float(found.group(1))
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--max-pages", type=int, choices=(3, 4), default=4, help="largest reference N")
    parser.add_argument("--networkx-on-graph", action="store_true",
                        help="also networkx on state graphs of more than a million edges (N = 4: minutes, ~10 GiB)")
    parser.add_argument("--skip-spin", action="store_true", help="no SPIN rows")
    args = parser.parse_args()
    pages = range(3, args.max_pages + 1)
    problems: list[str] = []
    print(f"{'configuration':<18} {'states':>10} {'edges':>11} {'build s':>8} {'MiB':>6} {'scipy s':>7} "
          f"{'networkx s':>10} {'verdict':>8} {'total s':>8} {'analysis s':>10} {'MiB':>6} "
          f"{'explore s':>9} {'vector s':>8}")
    for policy in ("rehash", "mirror"):
        configuration(f"hpt {policy}", "hpt", policy, {}, args.networkx_on_graph, problems)
    verdicts = {n: configuration(f"reference undo N={n}", "reference", "undo", {"pages": n, "rounds": 2},
                                 args.networkx_on_graph, problems) for n in pages}

    rng = np.random.default_rng(0)
    n, m = 300_000, 1_000_000
    src, dst = rng.integers(0, n, m), rng.integers(0, n, m)
    nx_count, nx_s = seconds(networkx_sccs, n, src, dst)
    scipy_count, scipy_s = seconds(scipy_sccs, n, src, dst)
    assert nx_count == scipy_count, f"random graph: networkx {nx_count:,} SCCs, scipy {scipy_count:,}"
    print(f"\nrandom graph of {n:,} nodes and {m:,} edges: {nx_count:,} SCCs; "
          f"networkx {nx_s:.2f} s, scipy {scipy_s:.2f} s (graph load included)")

    print()
    if args.skip_spin:
        print("SPIN skipped (--skip-spin)")
    elif not (shutil.which("spin") and shutil.which("gcc")):
        print("SPIN skipped: spin or gcc not installed (apt-get install spin gcc)")
    else:
        print(f"{'SPIN pan -a, undo':<18} {'product states':>14} {'transitions':>13} {'compile s':>9} "
              f"{'search s':>9} {'MiB':>7} {'errors':>6}")
        for n in pages:
            print(f"... SPIN N={n}", file=sys.stderr, flush=True)
            row = spin(n)
            if isinstance(row, str):
                print(f"{f'reference N={n}':<18} {row}")
                continue
            print(f"{f'reference N={n}':<18} {row['stored']:>14,.0f} {row['transitions']:>13,.0f} "
                  f"{row['compile']:>9.2f} {row['seconds']:>9.2f} {row['mib']:>7.0f} {row['errors']:>6.0f}",
                  flush=True)
            theirs = "holds" if row["errors"] == 0 else "violated"
            print(f"{'':<18} migration_converges: hintcheck {verdicts[n]}, SPIN {theirs}"
                  f"{'' if theirs == verdicts[n] else ': DISAGREE'}")
            if theirs != verdicts[n]:
                problems.append(f"reference N={n}: hintcheck {verdicts[n]}, SPIN {theirs}")
    for line in problems:
        print(f"DISAGREEMENT: {line}")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
