"""Z3 figures for the reference model (R = 2) and the pseries proofs.

1. BMC solve time for `undo` (no violation: every depth is a full unsat
   check) at depths 5, 10, 15, 20, for N = 2..4: cumulative seconds on one
   incremental solver, so the column at depth 20 is the whole run.
2. Time to the first violation for `rfc` and `lazy`, BMC against BFS, N = 2..4.
3. The proofs of `undo` (reference, and pseries with default parameters and
   with CMO and manual-protect clearing): k-induction with the written
   lemmas (fixed N), and for every number of pages with the written and
   with inferred lemmas.

    python benchmarks/symbolic.py            # all three tables
    python benchmarks/symbolic.py --max-n 3  # smaller
"""
from __future__ import annotations

import argparse
import time

import z3

from hintcheck.explore import explore
from hintcheck.model.registry import load_spec
from hintcheck.symbolic.bmc import Unrolling, bmc
from hintcheck.symbolic.encode import fresh_state, initial
from hintcheck.symbolic.induction import k_induction
from hintcheck.symbolic.prove import ProofPlan, prove

DEPTHS = (5, 10, 15, 20)


def bmc_depth_times(pages: int, budget_s: float) -> list[str]:
    """Cumulative seconds to show 'no violation up to depth d' for undo, per d in DEPTHS."""
    model = load_spec("reference").build("undo", {"pages": pages})
    run = Unrolling(model, model.property_named("no_data_loss"))
    run.states.append(fresh_state(model, "s0"))
    run.solver.add(initial(model, run.states[0]))
    started, out = time.perf_counter(), []
    for k in range(max(DEPTHS) + 1):
        if k:
            run.extend()
        run.solver.push()
        run.solver.add(run.bad_at(k))
        assert run.solver.check() == z3.unsat
        run.solver.pop()
        elapsed = time.perf_counter() - started
        if k in DEPTHS:
            out.append(f"{elapsed:.2f}")
        if elapsed > budget_s:
            break
    return out + ["-"] * (len(DEPTHS) - len(out))


def first_violation(policy: str, pages: int) -> tuple[int, float, int, float]:
    model = load_spec("reference").build(policy, {"pages": pages})
    prop = model.property_named("no_data_loss")
    found = bmc(model, prop, pages + 6)
    bfs = explore(model, prop)
    return len(found.trace.steps), found.stats.seconds, len(bfs.trace.steps), bfs.stats.seconds


PROOFS = (("reference", "no_data_loss", {}), ("pseries", "no_data_loss_stable", {}),
          ("pseries", "no_data_loss_stable", {"cmo": 1, "lazy_clear": 1}))


def proofs(name: str, prop_name: str, params: dict[str, int], pages: int = 2) -> list[tuple[str, str, float]]:
    model = load_spec(name).build("undo", {"pages": pages, **params})
    prop = model.property_named(prop_name)
    rows = []
    started = time.perf_counter()
    r = k_induction(model, prop, 1, model.lemmas)
    rows.append((f"1-induction, written lemmas, N={pages}", r.verdict.value, time.perf_counter() - started))
    for label, lemmas in (("written lemmas", model.lemmas), ("inferred lemmas", ())):
        started = time.perf_counter()
        r = prove(model, prop, ProofPlan(depth=0, unbounded=True, lemmas=tuple(lemmas)))
        rows.append((f"every N, {label}", f"{r.verdict.value} ({len(r.stats.extra.get('lemmas', []))} lemmas)",
                     time.perf_counter() - started))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--max-n", type=int, default=4)
    ap.add_argument("--budget", type=float, default=300.0, help="stop deepening a BMC run after this many s")
    args = ap.parse_args()
    ns = range(2, args.max_n + 1)
    print("BMC, undo (unsat at every depth): cumulative seconds")
    print(f"{'N':>3} " + " ".join(f"{'d=' + str(d):>8}" for d in DEPTHS))
    for n in ns:
        print(f"{n:>3} " + " ".join(f"{c:>8}" for c in bmc_depth_times(n, args.budget)), flush=True)
    print("\nTime to the first violation: BMC against BFS")
    print(f"{'policy':<6} {'N':>3} {'BMC len':>8} {'BMC s':>8} {'BFS len':>8} {'BFS s':>8}")
    for policy in ("rfc", "lazy"):
        for n in ns:
            bl, bs, fl, fs = first_violation(policy, n)
            print(f"{policy:<6} {n:>3} {bl:>8} {bs:>8.2f} {fl:>8} {fs:>8.2f}", flush=True)
    for name, prop_name, params in PROOFS:
        shown = " ".join(f"{k}={v}" for k, v in params.items())
        print(f"\nProofs of {name} undo {prop_name} {shown}".rstrip())
        for label, verdict, seconds in proofs(name, prop_name, params):
            print(f"{label:<40} {verdict:<24} {seconds:>7.2f} s", flush=True)


if __name__ == "__main__":
    main()
