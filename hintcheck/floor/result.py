"""One result type for every engine, and what bounds a run: `Budget`, progress, resource figures.

`Verdict.HOLDS` is only ever reported after the reachable space was
exhausted; a search stopped by a limit reports `BOUNDED` with the limit
named; a random or stateful search that found nothing reports
`NO_VIOLATION_FOUND` with its example count; solver engines report
`PROVED` or `UNKNOWN`.
"""
from __future__ import annotations

import enum
import resource
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


class Verdict(str, enum.Enum):
    HOLDS = "holds"
    BOUNDED = "bounded"
    VIOLATED = "violated"
    NO_VIOLATION_FOUND = "no violation found"
    PROVED = "proved"
    UNKNOWN = "unknown"


# Exit codes scripts can rely on.
EXIT_OK = 0          # holds / proved / as expected
EXIT_VIOLATED = 1    # violated, or a suite entry did not meet its expectation
EXIT_USAGE = 2       # bad input: one line on stderr
EXIT_BOUNDED = 3     # a limit stopped the search before any verdict
EXIT_INTERNAL = 70   # an error in hintcheck itself (sysexits EX_SOFTWARE): please report it
EXIT_OUTPUT = 74     # the output could not be written (sysexits EX_IOERR): a closed pipe, a full device
EXIT_INTERRUPTED = EXIT_BOUNDED  # Ctrl-C: the run stopped before a verdict, like any other limit
INTERRUPTED = "interrupted"      # the limit of a result cut short by Ctrl-C (the runner's figures so far)


def exit_code(verdicts: list[Verdict]) -> int:
    """Worst outcome first: a violation beats a bounded search beats a pass."""
    if Verdict.VIOLATED in verdicts:
        return EXIT_VIOLATED
    if any(v in (Verdict.BOUNDED, Verdict.UNKNOWN, Verdict.NO_VIOLATION_FOUND) for v in verdicts):
        return EXIT_BOUNDED
    return EXIT_OK


@dataclass
class Stats:
    """What a search did: the figures printed beside every verdict."""

    states: int = 0
    transitions: int = 0
    depth: int = 0
    seconds: float = 0.0
    peak_rss: int = 0                                   # bytes
    violating: int = 0                                  # states (or steps) that violate
    fired: dict[str, int] = field(default_factory=dict)  # action -> transitions it produced
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return self.states / self.seconds if self.seconds > 0 else 0.0


@dataclass
class Result:
    """The outcome of one engine run on one (model, policy, property)."""

    verdict: Verdict
    stats: Stats
    trace: Any = None           # hintcheck.trace.format.Trace on a violation
    limit: str | None = None    # the limit that made a search bounded
    engine: str = "explore"

    def describe(self) -> str:
        """The verdict in honest words, with the bound it rests on."""
        st = self.stats
        size = f"{st.states:,} states"
        if self.verdict is Verdict.HOLDS:
            return f"holds: reachable space exhausted, {size}, depth {st.depth}"
        if self.verdict is Verdict.BOUNDED:
            if self.limit == INTERRUPTED:
                return f"interrupted: no violation in the {size} searched (depth {st.depth}): not exhaustive"
            if not st.states:              # a solver engine counts no states
                return f"no violation up to {self.limit}: not exhaustive"
            return f"no violation up to {self.limit} ({size}, depth {st.depth}): not exhaustive"
        if self.verdict is Verdict.VIOLATED:
            n = len(self.trace.steps) if self.trace is not None else "?"
            extra = f", {st.violating:,} violating" if st.violating > 1 else ""
            if not st.states:              # a solver engine counts no states
                return f"violated: counterexample of {n} steps"
            return f"violated: counterexample of {n} steps ({size}{extra})"
        if self.verdict is Verdict.PROVED:
            return f"proved: {st.extra.get('proof', 'inductive')}"
        if self.verdict is Verdict.UNKNOWN:
            return f"unknown: {self.limit}"
        return f"{self.verdict.value} ({size})"


@dataclass(frozen=True)
class Budget:
    """Limits of one search; None means unlimited."""

    max_states: int | None = None
    max_depth: int | None = None
    keep_going: bool = False


# Called by an engine with its running figures (after each level, example or depth).
Progress = Callable[[Stats], None]


def peak_rss() -> int:
    """Peak resident set size of this process, in bytes."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
