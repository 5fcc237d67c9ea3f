"""What proving symmetry costs before a symmetric search (floor.symcheck), against the search itself.

For every shipped model that declares a symmetric set, its heaviest
policies at growing numbers of pages: the seconds `check_symmetry` takes
on a fresh model (the lowering included, since a search would build it
anyway), beside the seconds of the symmetric vector search it guards.

    python benchmarks/symcheck.py
    python benchmarks/symcheck.py --max-pages 4
"""
from __future__ import annotations

import argparse
import time

from hintcheck.engines import run_engine
from hintcheck.floor import Request
from hintcheck.floor.symcheck import check_symmetry
from hintcheck.model.registry import load_spec

# (model, policy, most pages): s390 volatile-lazy at 4 pages is 72.9 million orbits, 675 s of search.
CASES = (("reference", "undo", 5), ("pseries", "undo", 4), ("pseries", "cmo", 4), ("s390", "volatile-lazy", 3))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-pages", type=int, default=5)
    args = parser.parse_args()
    print(f"{'model':<10} {'policy':<14} {'pages':>5} {'check s':>8} {'search s':>9} {'orbits':>10}")
    for name, policy, most in CASES:
        for pages in range(2, min(most, args.max_pages) + 1):
            model = load_spec(name).build(policy, {"pages": pages})
            prop = model.properties[0]
            started = time.perf_counter()
            check_symmetry(model, prop)
            checked = time.perf_counter() - started
            started = time.perf_counter()
            result = run_engine("vector", Request(model, prop, options={"symmetry": True}))
            searched = time.perf_counter() - started
            print(f"{name:<10} {policy:<14} {pages:>5} {checked:>8.2f} {searched:>9.2f} {result.stats.states:>10,}")


if __name__ == "__main__":
    main()
