"""Run jobs: each with its engine through the registry, judged, its counterexample saved.

The runner prints nothing. Progress is the caller's: `run_jobs` takes a
`reporter` that gives, for each job, a context yielding the callback the
engine reports its running figures to (the CLI's shows them on a
terminal); `on_outcome` sees each outcome as soon as it is known.
"""
from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from hintcheck.engines import engine_named, run_engine
from hintcheck.floor import EXIT_OK, EXIT_VIOLATED, Progress, Request, Result, Stats, Verdict, exit_code
from hintcheck.floor.result import EXIT_INTERRUPTED, INTERRUPTED
from hintcheck.model.core import Property
from hintcheck.runner.combined import group_key, run_together
from hintcheck.runner.jobs import Job
from hintcheck.runner.judge import judge
from hintcheck.trace.format import TraceSaveError
from hintcheck.trace.save import save

Reporter = Callable[[Job], AbstractContextManager[Progress | None]]


@dataclass(frozen=True)
class Outcome:
    """One job's result; for a suite entry, whether it met the expectation and why (not)."""

    job: Job
    result: Result
    met: bool | None = None
    why: str | None = None
    trace_path: Path | None = None
    save_error: str | None = None          # the counterexample could not be saved (one line)


def run_job(job: Job, report: Progress | None = None, *, shortest: int | None = None) -> Outcome:
    """Run `job` with its engine and judge the result against its entry, if it has one.

    `shortest` (the breadth-first shortest counterexample length, when
    known) bounds the trace a sampled search may report.
    """
    result = run_engine(job.engine, Request(job.model, job.prop, job.budget, job.options, report))
    return judged(job, result, shortest)


def judged(job: Job, result: Result, shortest: int | None = None) -> Outcome:
    """The outcome of `job` given its result: judged against its entry, if it has one."""
    if job.entry is None:
        return Outcome(job, result)
    met, why = judge(job.entry, result, engine_named(job.engine).family, shortest)
    return Outcome(job, result, met, why)


@contextlib.contextmanager
def _silent(job: Job) -> Iterator[Progress | None]:
    yield None


def run_jobs(jobs: Iterable[Job], *, trace_dir: str | Path, on_outcome: Callable[[Outcome], None] | None = None,
             reporter: Reporter | None = None, combine: bool = True) -> list[Outcome]:
    """Run every job in order, saving each counterexample under `trace_dir` (never overwritten).

    With `combine`, jobs that differ only in their property are searched
    together (`runner.combined`): when the first of them comes, all of
    them run, and each outcome is reported in its own turn.

    A save that fails does not stop the run: the outcome keeps its verdict
    and carries the error line in `save_error` (the CLI prints it and keeps
    the verdict's exit status).
    """
    jobs = list(jobs)
    report_to = reporter or _silent
    groups: dict[tuple[Any, ...], list[int]] = {}
    for n, job in enumerate(jobs):
        key = group_key(job) if combine else None
        if key is not None:
            groups.setdefault(key, []).append(n)
    known: dict[int, Result] = {}
    group_of: dict[int, list[int]] = {}
    for members in groups.values():
        for n in members:
            group_of[n] = members
    outcomes = []
    for n, job in enumerate(jobs):
        members = group_of.get(n, [n])
        seen = _Seen()
        try:
            if len(members) > 1 and n not in known:
                def search(member: Job, prop: Property) -> Result:
                    with report_to(replace(member, prop=prop)) as report:
                        return run_engine(member.engine, Request(member.model, prop, member.budget,
                                                                 member.options, seen.wrap(report)))
                known.update(zip(members, run_together([jobs[m] for m in members], search)))
            if n in known:
                outcome = judged(job, known.pop(n))
            else:
                with report_to(job) as report:
                    outcome = run_job(job, seen.wrap(report))
        except KeyboardInterrupt:         # the figures so far, as a bounded row; the run stops here
            result = Result(Verdict.BOUNDED, seen.stats or Stats(), limit=INTERRUPTED, engine=job.engine)
            outcome = Outcome(job, result, False if job.entry is not None else None, INTERRUPTED)
            outcomes.append(outcome)
            if on_outcome is not None:
                on_outcome(outcome)
            break
        if outcome.result.trace is not None:
            try:
                path: Path | None = save(outcome.result.trace, trace_dir)
                error = None
            except TraceSaveError as exc:      # the verdict stands; the run reports the lost trace
                path, error = None, str(exc)
            outcome = Outcome(outcome.job, outcome.result, outcome.met, outcome.why, path, error)
        outcomes.append(outcome)
        if on_outcome is not None:
            on_outcome(outcome)
    return outcomes


class _Seen:
    """The last running figures an engine reported, kept for an interrupted run's row."""

    def __init__(self) -> None:
        self.stats: Stats | None = None

    def wrap(self, report: Progress | None) -> Progress:
        def keep(stats: Stats) -> None:
            self.stats = stats
            if report is not None:
                report(stats)
        return keep


def suite_status(outcomes: Iterable[Outcome]) -> int:
    """0 when every outcome met its entry's expectation, else 1."""
    return EXIT_OK if all(o.met for o in outcomes) else EXIT_VIOLATED


def exit_status(outcomes: Iterable[Outcome], *, suite: bool) -> int:
    """The exit status of a run: `suite_status` in suite mode, else the worst verdict's (0, 1 or 3)."""
    outcomes = list(outcomes)
    if any(o.result.limit == INTERRUPTED for o in outcomes):
        return EXIT_INTERRUPTED
    return suite_status(outcomes) if suite else exit_code([o.result.verdict for o in outcomes])
