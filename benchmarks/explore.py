"""Explicit-state search figures for the reference model (R = 2).

Prints, for each configuration: distinct states, seconds, states/s, bytes per
stored state (peak RSS growth over the process's RSS before the search,
divided by the states) and peak RSS. Every run is a fresh process, so peak
RSS belongs to that run alone. In the same run the textbook tuple-of-tuples
BFS (benchmarks/textbook_bfs.py) explores the same model, and the ratio
engine/textbook is printed: the engine must be faster.

    python benchmarks/explore.py              # undo: N = 3, 4 (+ symmetry 3..5), baseline N = 3, 4
    python benchmarks/explore.py --counts     # also every policy's counts at N = 4 and 5 with symmetry
    python benchmarks/explore.py --full       # also N = 4 rfc/lazy without symmetry (tens of GiB-minutes)
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def one(kind: str, policy: str, pages: int, symmetry: bool, interpreted: bool) -> dict:
    """Run one search in this process and return its figures."""
    if kind == "textbook":
        sys.path.insert(0, str(HERE))
        import textbook_bfs
        before, started = _rss(), time.perf_counter()
        states = textbook_bfs.bfs(pages)
        seconds = time.perf_counter() - started
    else:
        from hintcheck.explore import explore
        from hintcheck.floor import Budget
        from hintcheck.model.registry import load_spec
        model = load_spec("reference").build(policy, {"pages": pages, "rounds": 2})
        before = _rss()
        result = explore(model, model.property_named("no_data_loss"), Budget(keep_going=True),
                         symmetry=symmetry, compiled=not interpreted)
        states, seconds = result.stats.states, result.stats.seconds
    peak = _rss()
    return {"states": states, "seconds": seconds, "peak": peak,
            "per_state": (peak - before) / max(states, 1)}


def run(kind: str, policy: str, pages: int, symmetry: bool = False, interpreted: bool = False) -> dict:
    args = [sys.executable, __file__, "--one", json.dumps([kind, policy, pages, symmetry, interpreted])]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    return json.loads(out.splitlines()[-1])


def row(label: str, fig: dict) -> None:
    rate = fig["states"] / fig["seconds"] if fig["seconds"] else 0
    print(f"{label:<34} {fig['states']:>12,} {fig['seconds']:>9.2f} {rate:>12,.0f} "
          f"{fig['per_state']:>9.0f} {fig['peak'] / 2**20:>9.0f}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--one", help=argparse.SUPPRESS)
    ap.add_argument("--counts", action="store_true", help="every policy's counts at N = 4, 5 (symmetry)")
    ap.add_argument("--full", action="store_true", help="also rfc and lazy at N = 4 without symmetry")
    args = ap.parse_args()
    if args.one:
        print(json.dumps(one(*json.loads(args.one))))
        return
    print(f"{'reference, R = 2':<34} {'states':>12} {'seconds':>9} {'states/s':>12} {'B/state':>9} {'peak MiB':>9}")
    for n in (3, 4):
        engine = run("engine", "undo", n)
        row(f"undo N={n} engine", engine)
        base = run("textbook", "undo", n)
        row(f"undo N={n} textbook tuple BFS", base)
        assert base["states"] == engine["states"], "the baseline and the engine disagree"
        print(f"{'':<34} engine/textbook time ratio {engine['seconds'] / base['seconds']:.2f}")
    row("undo N=3 engine, interpreted", run("engine", "undo", 3, interpreted=True))
    for n in (3, 4, 5):
        row(f"undo N={n} engine, symmetry", run("engine", "undo", n, symmetry=True))
    print("undo N=5 without symmetry: about 40x the N=4 space; beyond a dict-based visited set "
          "on this machine (see benchmarks/vector.py)")
    if args.counts or args.full:
        for policy in ("rfc", "lazy"):
            for n in (4, 5):
                row(f"{policy} N={n} engine, symmetry", run("engine", policy, n, symmetry=True))
            if args.full:
                row(f"{policy} N=4 engine", run("engine", policy, 4))


if __name__ == "__main__":
    main()
