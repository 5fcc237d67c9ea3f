"""The default suite's wall time with one search per configuration against one search per property.

Both runs in this process, alternating (`--repeat` times each), on the
same jobs (`hintcheck check` with no arguments); it prints the number of
searches each way, the median seconds and their ratio, and checks that
both runs judge every entry the same.

    python benchmarks/one_search.py
    python benchmarks/one_search.py --repeat 3
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from contextlib import AbstractContextManager, nullcontext

from hintcheck.runner import Job, run_jobs, suite_jobs


def timed(combine: bool) -> tuple[float, list[bool | None], int]:
    """Seconds, each entry's judgement, and the number of searches run."""
    jobs = suite_jobs()
    searches = 0

    def count(job: Job) -> AbstractContextManager[None]:
        nonlocal searches
        searches += 1
        return nullcontext(None)

    with tempfile.TemporaryDirectory() as scratch:
        started = time.perf_counter()
        outcomes = run_jobs(jobs, trace_dir=scratch, combine=combine, reporter=count)
        return time.perf_counter() - started, [o.met for o in outcomes], searches


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    times: dict[bool, list[float]] = {False: [], True: []}
    judged: dict[bool, list[bool | None]] = {}
    searches: dict[bool, int] = {}
    for _ in range(args.repeat):
        for combine in (False, True):
            seconds, judged[combine], searches[combine] = timed(combine)
            times[combine].append(seconds)
    assert judged[False] == judged[True], "the two runs judged the suite differently"
    print(f"default suite: {len(judged[True])} entries, every one judged the same both ways")
    for combine, label in ((False, "one search per property"), (True, "one search per configuration")):
        print(f"  {label:<30} {searches[combine]:>4} searches  {statistics.median(times[combine]):7.1f} s")
    print(f"  ratio {statistics.median(times[True]) / statistics.median(times[False]):.2f}")


if __name__ == "__main__":
    main()
