"""The engine interface: what an engine receives and what it returns.

An engine is a function from a `Request` (the model with its policy and
parameters fixed, one property, a budget, the engine's own options and a
progress reporter) to a `Result`, registered under a name with the family
of verdicts it gives. The registry (`hintcheck.engines`) maps names to
engines; the suite runner (`hintcheck.runner`) calls engines only through it,
and judges each result by its family:

- ``exhaustive``: HOLDS only when the reachable space was exhausted,
  BOUNDED with the limit named, VIOLATED with a shortest trace;
- ``sampled``: VIOLATED with a trace, or NO_VIOLATION_FOUND (never HOLDS);
- ``proof``: PROVED, VIOLATED (bounded model checking found a trace),
  UNKNOWN or BOUNDED.

Adding an engine is one module that defines `ENGINE = Engine(...)` plus one
line in the registry (docs/engines.md). An engine whose options take a
fixed set of values names them in `choices`; one that can refuse bad
option values before any run (rather than at its first) does so in
`validate`, which `Engine.check` calls.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from hintcheck.floor.result import Budget, Progress, Result
from hintcheck.model.core import HintcheckError, Model, Property

Family = Literal["exhaustive", "sampled", "proof"]
FAMILIES: tuple[Family, ...] = ("exhaustive", "sampled", "proof")


@dataclass(frozen=True)
class Request:
    """What an engine receives."""

    model: Model
    prop: Property
    budget: Budget = Budget()
    options: Mapping[str, Any] = field(default_factory=dict)
    report: Progress | None = None

    def option(self, name: str, default: Any = None) -> Any:
        """An engine option, or `default` when the request does not set it."""
        value = self.options.get(name)
        return default if value is None else value


@dataclass(frozen=True)
class Engine:
    """A named engine: its verdict family, the options it reads, and its entry point."""

    name: str
    family: Family
    run: Callable[[Request], Result]
    options: frozenset[str] = frozenset()
    doc: str = ""
    choices: Mapping[str, tuple[str, ...]] = field(default_factory=dict)   # option -> the values it takes
    validate: Callable[[Mapping[str, Any]], None] | None = None          # raises on bad option values
    symmetric: bool = False        # always treats the model's symmetric index sets as interchangeable

    def check(self, options: Mapping[str, Any]) -> None:
        """Refuse, in one line, an option this engine does not declare or a value it cannot use."""
        unknown = sorted(set(options) - self.options)
        if unknown:
            known = ", ".join(sorted(self.options)) or "none"
            raise HintcheckError(f"engine {self.name}: unknown option {unknown[0]!r}; known: {known}")
        if self.validate is not None:
            self.validate(options)

    def __call__(self, request: Request) -> Result:
        self.check(request.options)
        return self.run(request)
