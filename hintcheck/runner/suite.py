"""Property suites: model configurations, policies, properties and expected verdicts.

A suite is data (`properties/suites/*.toml`); the default suite is every
file there, in name order. Each `[[entry]]` names

    model, params, policy, property   what to check
    expect                            "holds" or "violated" (a known-bad design is expected to fail)
    max_trace                         bound on the counterexample length (violated entries)
    states                            pinned reachable-state count (optional)
    symmetry, continue                search options (optional)
    max_states, max_depth             budget (optional)
    why                               the reason for the expectation, in words
    engine                            the engine `check` runs it with (default "auto")
    cost                              "small" (default, runs under pytest) or "slow"
    prove, lemmas, depth              `hintcheck prove`: "induction" or "unbounded", the
                                      lemmas it may assume, the BMC depth before it

`hintcheck check` with no arguments and pytest (tests/suites) run the same entries,
through the runner (`hintcheck.runner`): jobs.py turns entries into jobs, judge.py
judges each result against its entry.
"""
from __future__ import annotations

import builtins
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from hintcheck.floor import Budget, Verdict
from hintcheck.model.core import HintcheckError

_KEYS = {"model", "params", "policy", "property", "expect", "max_trace", "states", "symmetry",
         "continue", "max_states", "max_depth", "why", "cost", "engine", "prove", "lemmas", "depth"}


class SuiteError(HintcheckError):
    """A suite file that cannot be read or names unknown keys."""


@dataclass(frozen=True)
class Entry:
    model: str
    policy: str
    property: str
    expect: Verdict
    params: dict[str, int] = field(default_factory=dict)
    max_trace: int | None = None
    states: int | None = None
    symmetry: bool = False
    keep_going: bool = False
    max_states: int | None = None
    max_depth: int | None = None
    why: str = ""
    cost: str = "small"
    engine: str = "auto"
    source: str = ""
    prove: str | None = None
    lemmas: tuple[str, ...] = ()
    depth: int | None = None

    @builtins.property             # `property` is a field here
    def id(self) -> str:
        params = ",".join(f"{k}={v}" for k, v in sorted(self.params.items()))
        sym = ",sym" if self.symmetry else ""
        return f"{self.model}/{self.policy}/{self.property}[{params}{sym}]"

    @builtins.property
    def budget(self) -> Budget:
        """The search limits the entry names (unlimited where it names none)."""
        return Budget(self.max_states, self.max_depth, self.keep_going)


def suite_dir() -> Path:
    """`properties/suites`, wherever the mapped package was installed."""
    from hintcheck import properties
    return Path(properties.__file__).parent / "suites"


def load_entries(path: Path) -> list[Entry]:
    try:
        raw = tomllib.loads(path.read_text())
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SuiteError(f"suite {path.name}: {exc}") from None
    out: list[Entry] = []
    for n, item in enumerate(raw.get("entry", []), start=1):
        unknown = set(item) - _KEYS
        if unknown:
            raise SuiteError(f"suite {path.name} entry {n}: unknown key {sorted(unknown)[0]!r}")
        try:
            if item.get("prove") not in (None, "induction", "unbounded"):
                raise ValueError(f"prove must be 'induction' or 'unbounded', not {item['prove']!r}")
            out.append(Entry(
                model=item["model"], policy=item["policy"], property=item["property"],
                expect=Verdict(item["expect"]), params=dict(item.get("params", {})),
                max_trace=item.get("max_trace"), states=item.get("states"),
                symmetry=bool(item.get("symmetry", False)), keep_going=bool(item.get("continue", False)),
                max_states=item.get("max_states"), max_depth=item.get("max_depth"),
                why=item.get("why", ""), cost=item.get("cost", "small"),
                engine=item.get("engine", "auto"), source=path.name,
                prove=item.get("prove"), lemmas=tuple(item.get("lemmas", ())), depth=item.get("depth")))
        except (KeyError, ValueError) as exc:
            raise SuiteError(f"suite {path.name} entry {n}: {exc}") from None
    return out


def default_suite(cost: str | None = None) -> list[Entry]:
    """Every entry of every suite file (optionally only those of one cost class)."""
    files = sorted(suite_dir().glob("*.toml"))
    entries = [e for f in files for e in load_entries(f)]
    return [e for e in entries if cost is None or e.cost == cost]

