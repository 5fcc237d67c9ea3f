"""Whether a stateful run met a suite entry's expectation.

A sampled search can only confirm a violation, so the expectations read:
an entry expected `violated` is met when Hypothesis finds the violation
and its shrunk trace is at most `SHRINK_SLACK` steps longer than the
shortest one (the breadth-first length when known, else the entry's
`max_trace`); any other entry is met when no violation is found within
the budget. `no violation found` never stands for `holds`.
"""
from __future__ import annotations

from hintcheck.floor.result import Result, Verdict
from hintcheck.suite import Entry

# Hypothesis shrinks by deleting and simplifying steps, not by search, so a
# shrunk trace may keep a step or two that a shortest path avoids.
SHRINK_SLACK = 2


def trace_bound(entry: Entry, shortest: int | None = None) -> int | None:
    """The longest shrunk trace accepted for an expected violation."""
    base = shortest if shortest is not None else entry.max_trace
    return None if base is None else base + SHRINK_SLACK


def judge_stateful(entry: Entry, result: Result, shortest: int | None = None) -> tuple[bool, str]:
    """(met, why) for a stateful result against `entry`.

    Parameters
    ----------
    entry : Entry
        The suite entry with its expected verdict and trace bound.
    result : Result
        A stateful run's result (`violated` or `no violation found`).
    shortest : int, optional
        The breadth-first shortest counterexample length, when it was computed.
    """
    found = result.verdict is Verdict.VIOLATED
    if entry.expect is not Verdict.VIOLATED:
        if found:
            n = len(result.trace.steps) if result.trace is not None else "?"
            return False, f"expected {entry.expect.value}, Hypothesis found a counterexample of {n} steps"
        return True, "as expected: no violation found"
    if not found:
        return False, f"expected violated, {result.describe()}"
    bound = trace_bound(entry, shortest)
    length = len(result.trace.steps)
    if bound is not None and length > bound:
        return False, f"shrunk counterexample of {length} steps exceeds {bound}"
    return True, "as expected"
