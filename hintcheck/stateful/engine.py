"""The Hypothesis stateful search as a registered engine (`hintcheck.engines`: "hypothesis").

Options: `profile` (a name, or a `Profile`; default `HINTCHECK_PROFILE`,
else `ci`), `examples`, `seed`, `swarm`, `database`, `use_database`, as
`fuzz` takes them. Bad settings (an unknown profile, a database for a
derandomized profile) are refused by `ENGINE.check(options)` before any run.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hintcheck.floor import Engine, Request, Result
from hintcheck.stateful.profiles import PROFILES, Profile, profile_named, settings_for
from hintcheck.stateful.runner import fuzz


def _profile(given: Profile | str | None) -> Profile:
    return given if isinstance(given, Profile) else profile_named(given)


def validate(options: Mapping[str, Any]) -> None:
    """Refuse settings that no run could use (one line, as `settings_for` words it)."""
    settings_for(_profile(options.get("profile")), options.get("examples"), options.get("database"))


def run(request: Request) -> Result:
    """`fuzz` on the request's model and property (the budget does not apply to a sampled search)."""
    return fuzz(request.model, request.prop, _profile(request.option("profile")),
                examples=request.option("examples"), seed=request.option("seed"),
                swarm=bool(request.option("swarm", False)), database=request.option("database"),
                use_database=bool(request.option("use_database", True)), progress=request.report)


ENGINE = Engine("hypothesis", "sampled", run,
                options=frozenset({"profile", "examples", "seed", "swarm", "database", "use_database"}),
                doc="a Hypothesis state machine generated from the model; shrunk counterexamples",
                choices={"profile": tuple(sorted(PROFILES))}, validate=validate)
