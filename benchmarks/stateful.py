"""How fast the Hypothesis stateful search finds each expected violation, against BFS.

For every suite entry expected to be violated (slow ones with --slow), runs
the explicit engine once (as `hintcheck check` does: its seconds and the
shortest counterexample's length) and the generated Hypothesis machine with
several seeds, with and without swarm testing, and prints per entry

    bfs s, bfs len     the exhaustive search's time and shortest trace
    found              seeds that found the violation within --max-examples
    ex                 median examples until the first failing one
    s                  median seconds until then (generation only: shrinking is
                       a separate cost and off here unless --shrink)
    len                median length of the reported (minimised) trace

A seed that finds nothing counts as --max-examples examples and its full
time, so a median over such seeds is a lower bound. No database is used:
every run starts cold.

    python benchmarks/stateful.py                  # 5 seeds, default-run entries
    python benchmarks/stateful.py --seeds 9 --slow --max-examples 5000
"""
from __future__ import annotations

import argparse
import statistics
import time
from dataclasses import dataclass

from hintcheck.engines import run_engine
from hintcheck.floor import Budget, Request
from hintcheck.model.registry import load_spec
from hintcheck.floor.result import Verdict
from hintcheck.stateful import PROFILES, fuzz
from hintcheck.stateful.profiles import Profile
from hintcheck.runner import Entry, default_suite


@dataclass
class Runs:
    """One entry under one swarm setting, over every seed."""

    found: int
    examples: float
    seconds: float
    length: float | None


def search(entry: Entry, swarm: bool, seeds: int, profile: Profile) -> Runs:
    model = load_spec(entry.model).build(entry.policy, entry.params)
    prop = model.property_named(entry.property)
    examples, seconds, lengths, found = [], [], [], 0
    for seed in range(seeds):
        started = time.perf_counter()
        r = fuzz(model, prop, profile, seed=seed, swarm=swarm, use_database=False)
        if r.verdict is Verdict.VIOLATED:
            found += 1
            examples.append(r.stats.extra["found_after"])
            seconds.append(r.stats.extra["found_seconds"])
            lengths.append(len(r.trace.steps))
        else:
            examples.append(profile.examples)
            seconds.append(time.perf_counter() - started)
    return Runs(found, statistics.median(examples), statistics.median(seconds),
                statistics.median(lengths) if lengths else None)


def bfs(entry: Entry) -> tuple[float, int]:
    model = load_spec(entry.model).build(entry.policy, entry.params)
    started = time.perf_counter()
    r = run_engine(entry.engine, Request(model, model.property_named(entry.property),
                                         Budget(entry.max_states, entry.max_depth, False),
                                         {"symmetry": entry.symmetry}))
    return time.perf_counter() - started, len(r.trace.steps)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--max-examples", type=int, default=2000)
    ap.add_argument("--slow", action="store_true", help="include entries marked slow")
    ap.add_argument("--shrink", action="store_true", help="let Hypothesis shrink (slower; lengths shorter)")
    args = ap.parse_args()
    ci = PROFILES["ci"]
    profile = Profile("benchmark", args.max_examples, ci.steps, True, "ci steps, larger budget",
                      shrink=args.shrink)
    entries = [e for e in default_suite() if e.expect is Verdict.VIOLATED and e.prove is None
               and (args.slow or e.cost != "slow")]
    print(f"seeds 0..{args.seeds - 1}, {ci.steps} steps per example, at most {args.max_examples} examples")
    head = f"{'entry':<72} {'bfs s':>6} {'len':>3} |"
    sub = f"{'found':>5} {'ex':>6} {'s':>6} {'len':>4}"
    print(f"{head} {'no swarm':^24} | {'swarm':^24}")
    print(f"{'':<72} {'':>6} {'':>3} | {sub} | {sub}")
    for e in entries:
        bfs_s, depth = bfs(e)
        cells = []
        for swarm in (False, True):
            r = search(e, swarm, args.seeds, profile)
            length = f"{r.length:4.0f}" if r.length is not None else "   -"
            cells.append(f"{r.found:>2}/{args.seeds:<2} {r.examples:6.0f} {r.seconds:6.2f} {length}")
        print(f"{e.source + ':' + e.id:<72} {bfs_s:6.2f} {depth:>3} | {cells[0]} | {cells[1]}", flush=True)


if __name__ == "__main__":
    main()
