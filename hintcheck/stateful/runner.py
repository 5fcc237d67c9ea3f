"""Run the generated machine on one property; a shrunk failure becomes a replay-checked trace.

The verdict is `violated` (with a trace, engine "hypothesis", the seed
recorded) or `no violation found` with the number of examples tried: a
stateful search samples paths and never reports `holds`.
"""
from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from hypothesis import seed as use_seed
from hypothesis.stateful import run_state_machine_as_test

from hintcheck.floor import peak_rss
from hintcheck.model.core import Model, Property
from hintcheck.floor.result import Result, Stats, Verdict
from hintcheck.stateful.machine import Tally, Violation, machine_for
from hintcheck.stateful.minimize import minimize
from hintcheck.stateful.profiles import Profile, profile_named, settings_for
from hintcheck.trace.build import trace_of

ENGINE = "hypothesis"


@dataclass
class StatefulResult(Result):
    """A `Result` whose summary counts examples, the measure of a sampled search."""

    engine: str = ENGINE

    def describe(self) -> str:
        ex = self.stats.extra
        seen = f"{self.stats.states:,} distinct states"
        if self.verdict is Verdict.VIOLATED:
            n = len(self.trace.steps) if self.trace is not None else "?"
            return (f"violated: counterexample of {n} steps (shrunk), found after "
                    f"{ex['found_after']:,} examples ({seen})")
        return (f"no violation found in {ex['examples']:,} examples of up to {ex['steps']} steps "
                f"({seen}): not exhaustive")


def pick_seed(profile: Profile, given: int | None) -> int:
    """The seed of a run: `given`, else 0 for a derandomized profile, else a fresh one.

    Every run has an explicit seed, so the trace it saves can name it.
    """
    if given is not None:
        return given
    return 0 if profile.derandomized else random.SystemRandom().randrange(2**32)


def fuzz(model: Model, prop: Property, profile: Profile | str | None = None, *,
         examples: int | None = None, seed: int | None = None, swarm: bool = False,
         database: str | None = None, use_database: bool = True,
         progress: Callable[[Stats], None] | None = None) -> StatefulResult:
    """Search for a violation of `prop` with the machine generated from `model`.

    Parameters
    ----------
    model, prop : Model, Property
        What to run and what to check.
    profile : Profile or str, optional
        `ci` or `thorough` (default: `HINTCHECK_PROFILE`, else `ci`).
    examples, seed : int, optional
        Override the profile's example count; fix the seed.
    swarm : bool
        Leave a random subset of actions out of each example (off by
        default: on most of the shipped bad designs it finds the violation
        later, since their counterexamples need most of the actions; see
        benchmarks/stateful.py).
    database, use_database
        Example-database folder; False runs without one.
    progress : callable, optional
        Called with the figures so far every few examples.

    Returns
    -------
    StatefulResult
        `violated` with a shrunk, replay-checked trace, or `no violation found`.

    Raises
    ------
    HintcheckError
        Bad settings, or a user policy that raised (one line naming the step).
    """
    prof = profile if isinstance(profile, Profile) else profile_named(profile)
    chosen = pick_seed(prof, seed)
    conf = settings_for(prof, examples, database, use_database)
    tally = Tally(progress=progress)
    machine = use_seed(chosen)(machine_for(model, [prop], swarm=swarm, tally=tally))
    trace = None
    try:
        run_state_machine_as_test(machine, settings=conf)
    except Violation as exc:
        path = minimize(model, exc.prop, exc.path, exc.start)
        meta = {"profile": prof.name, "swarm": swarm, "examples": tally.examples,
                "found_after": tally.found_after, "shrunk_by_hypothesis_to": len(exc.path)}
        trace = trace_of(model, exc.prop, path, ENGINE, seed=chosen, meta=meta, start=exc.start)
    stats = tally.stats()
    stats.violating = int(trace is not None)
    stats.peak_rss = peak_rss()
    stats.fired = {a.name: tally.fired.get(a.name, 0) for a in model.actions}
    stats.extra.update(examples=tally.examples, found_after=tally.found_after,
                       found_seconds=tally.found_seconds, seed=chosen, profile=prof.name,
                       swarm=swarm, swarmed=tally.swarmed, steps=prof.steps)
    verdict = Verdict.VIOLATED if trace is not None else Verdict.NO_VIOLATION_FOUND
    return StatefulResult(verdict, stats, trace=trace)
