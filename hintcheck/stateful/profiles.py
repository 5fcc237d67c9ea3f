"""Settings profiles of the stateful engine: `ci` (fast, deterministic) and `thorough`.

A profile is chosen by name: the `--profile` option, else the
`HINTCHECK_PROFILE` environment variable, else `ci`. The example database
(where Hypothesis keeps failing examples so the next run tries them first)
lives in `.hypothesis/examples` under the current directory, the project's
own ignored folder, unless `HINTCHECK_EXAMPLE_DB` or `--database` names
another. `ci` is derandomized and so keeps no database: Hypothesis ties
the two together (a replayed database entry would make a run depend on
the runs before it).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, Phase, Verbosity, settings
from hypothesis.database import DirectoryBasedExampleDatabase

from hintcheck.model.core import HintcheckError

PROFILE_ENV = "HINTCHECK_PROFILE"
DATABASE_ENV = "HINTCHECK_EXAMPLE_DB"
DEFAULT_DATABASE = Path(".hypothesis") / "examples"


@dataclass(frozen=True)
class Profile:
    """How hard one stateful search tries.

    `steps` is the most steps one example takes; the deepest counterexample
    it can find is that long. A `derandomized` profile runs the same
    examples every time (seed 0 unless one is given) and keeps no database.
    """

    name: str
    examples: int
    steps: int
    derandomized: bool
    doc: str
    shrink: bool = True


PROFILES = {
    "ci": Profile("ci", examples=500, steps=30, derandomized=True,
                  doc="fast and deterministic: the same examples on every run"),
    "thorough": Profile("thorough", examples=5000, steps=100, derandomized=False,
                        doc="many longer examples, a fresh seed each run, failures remembered"),
}


def profile_named(name: str | None = None) -> Profile:
    """The named profile, else the one `HINTCHECK_PROFILE` names, else `ci`."""
    chosen = name or os.environ.get(PROFILE_ENV) or "ci"
    if chosen not in PROFILES:
        raise HintcheckError(f"unknown profile {chosen!r}; known: {', '.join(PROFILES)}")
    return PROFILES[chosen]


def database_dir(given: str | None = None) -> Path:
    """Where failing examples are kept: `given`, else `HINTCHECK_EXAMPLE_DB`, else `.hypothesis/examples`."""
    return Path(given or os.environ.get(DATABASE_ENV) or DEFAULT_DATABASE)


def settings_for(profile: Profile, examples: int | None = None, database: str | None = None,
                 use_database: bool = True) -> settings:
    """Hypothesis settings for one run of the stateful engine.

    Parameters
    ----------
    profile : Profile
        Example count, steps per example and determinism.
    examples : int, optional
        Overrides the profile's example count.
    database : str, optional
        Example-database folder (thorough profile only).
    use_database : bool
        False runs without any database (benchmarks, tests that count examples).

    Raises
    ------
    HintcheckError
        A database folder given to a derandomized profile.
    """
    if profile.derandomized and database:
        raise HintcheckError(f"profile {profile.name} is derandomized and keeps no example database; "
                             "use --profile thorough")
    store = None
    if use_database and not profile.derandomized:
        store = DirectoryBasedExampleDatabase(str(database_dir(database)))
    return settings(
        max_examples=examples or profile.examples,
        stateful_step_count=profile.steps,
        derandomize=profile.derandomized,
        database=store,
        deadline=None,                       # models and user policies may be slow; no flaky timing
        # The explain phase only annotates a failure; the trace is the report.
        phases=(Phase.explicit, Phase.reuse, Phase.generate, Phase.target)
        + ((Phase.shrink,) if profile.shrink else ()),
        report_multiple_bugs=False,          # one property per run: one counterexample
        suppress_health_check=list(HealthCheck),   # a slow model is not a broken test
        verbosity=Verbosity.quiet,           # the trace is printed, not Hypothesis's program
        print_blob=False,
    )


def register_pytest_profiles() -> None:
    """Register `ci` and `thorough` with Hypothesis, for the tests' own `@given` functions.

    Same names and determinism as the engine's profiles; `ci` keeps
    Hypothesis's default 100 examples per test, `thorough` ten times that.
    """
    for p in PROFILES.values():
        store = None if p.derandomized else DirectoryBasedExampleDatabase(str(database_dir()))
        settings.register_profile(p.name, max_examples=100 if p.derandomized else 1000,
                                  derandomize=p.derandomized, database=store, deadline=None)
