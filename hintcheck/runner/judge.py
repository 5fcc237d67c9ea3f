"""Whether a result met its suite entry's expectation: one judge for every verdict family.

The family is the engine's (`hintcheck.engines`):

- ``exhaustive``: the verdict must be the expected one, a counterexample
  at most `max_trace` steps, and a pinned state count exact (for `holds`,
  or for `violated` with `continue`);
- ``sampled``: a sampled search can only confirm a violation. An entry
  expected `violated` is met when the violation is found and its shrunk
  trace is at most `SHRINK_SLACK` steps longer than the shortest one (the
  breadth-first length when known, else the entry's `max_trace`); any
  other entry is met when no violation is found within the budget. `no
  violation found` never stands for `holds`;
- ``proof``: a design expected to hold must be `proved`; one expected to
  fail must be `violated` within its bound.
"""
from __future__ import annotations

from hintcheck.floor import Family, Result, Verdict
from hintcheck.runner.suite import Entry

# Hypothesis shrinks by deleting and simplifying steps, not by search, so a
# shrunk trace may keep a step or two that a shortest path avoids.
SHRINK_SLACK = 2

Judgement = tuple[bool, str]


def judge(entry: Entry, result: Result, family: Family = "exhaustive", shortest: int | None = None) -> Judgement:
    """(met, why) for `result` against `entry`, by the verdict family of the engine that gave it.

    `shortest` is the breadth-first shortest counterexample length, when it
    was computed (the sampled family's bound; the others ignore it).
    """
    if family == "sampled":
        return _sampled(entry, result, shortest)
    if family == "proof":
        return _proof(entry, result)
    return _exhaustive(entry, result)


def _too_long(entry: Entry, result: Result) -> str | None:
    if entry.max_trace is not None and result.trace is not None and len(result.trace.steps) > entry.max_trace:
        return f"counterexample of {len(result.trace.steps)} steps exceeds {entry.max_trace}"
    return None


def _exhaustive(entry: Entry, result: Result) -> Judgement:
    if result.verdict is not entry.expect:
        return False, f"expected {entry.expect.value}, got {result.verdict.value}"
    if (why := _too_long(entry, result)) is not None:
        return False, why
    if entry.states is not None and result.verdict in (Verdict.HOLDS, Verdict.VIOLATED):
        if entry.keep_going or result.verdict is Verdict.HOLDS:
            if result.stats.states != entry.states:
                return False, f"expected {entry.states:,} states, got {result.stats.states:,}"
    return True, "as expected"


def trace_bound(entry: Entry, shortest: int | None = None) -> int | None:
    """The longest shrunk trace accepted for an expected violation."""
    base = shortest if shortest is not None else entry.max_trace
    return None if base is None else base + SHRINK_SLACK


def _sampled(entry: Entry, result: Result, shortest: int | None) -> Judgement:
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


def _proof(entry: Entry, result: Result) -> Judgement:
    want = Verdict.PROVED if entry.expect is Verdict.HOLDS else entry.expect
    if result.verdict is not want:
        return False, f"expected {want.value}, got {result.verdict.value}"
    if (why := _too_long(entry, result)) is not None:
        return False, why
    return True, "as expected"
