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
    walks                             "find" (default) or "rare": random walks are not expected
                                      to reach this violation (the stateful cross-check then
                                      only checks that what it finds is real)
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
from typing import Any

from hintcheck.floor import Budget, Verdict
from hintcheck.model.core import Fair, HintcheckError
from hintcheck.model.core.liveness import parse_fair

_KEYS = {"model", "params", "policy", "property", "expect", "max_trace", "states", "symmetry",
         "continue", "max_states", "max_depth", "why", "cost", "engine", "prove", "lemmas", "depth",
         "fair", "strong_fair", "no_fair", "walks"}


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
    fair: tuple[Fair, ...] = ()      # liveness: assumed beside the model's declared fairness
    no_fair: bool = False            # liveness: drop the model's declared fairness
    walks: str = "find"              # "rare": random walks are not expected to reach the violation

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


SUITE_VERSION = 1
_TYPES: dict[str, tuple[type, ...]] = {
    "model": (str,), "policy": (str,), "property": (str,), "expect": (str,), "params": (dict,),
    "max_trace": (int,), "states": (int,), "symmetry": (bool,), "continue": (bool,), "max_states": (int,),
    "max_depth": (int,), "why": (str,), "cost": (str,), "engine": (str,), "prove": (str,),
    "lemmas": (list,), "depth": (int,), "fair": (list,), "strong_fair": (list,), "no_fair": (bool,),
    "walks": (str,)}
_CHOICES = {"expect": tuple(v.value for v in Verdict), "cost": ("small", "slow"), "walks": ("find", "rare"),
            "prove": ("induction", "unbounded")}


def _resolve(ref: str, folder: Path) -> str:
    """A `file.py:Name` relative to the suite file's folder; a registry name as it is."""
    path, sep, name = ref.rpartition(":")
    if not sep or not path or Path(path).is_absolute():
        return ref
    return f"{folder / path}:{name}"


def _checked(item: Any, where: str) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise SuiteError(f"{where}: an entry must be a table, not {type(item).__name__}")
    unknown = set(item) - _KEYS
    if unknown:
        raise SuiteError(f"{where}: unknown key {sorted(unknown)[0]!r}")
    for key in ("model", "policy", "property", "expect"):
        if key not in item:
            raise SuiteError(f"{where}: missing key {key!r}")
    for key, value in item.items():
        kinds = _TYPES[key]
        if isinstance(value, bool) and bool not in kinds or not isinstance(value, kinds):
            raise SuiteError(f"{where}: {key} must be {' or '.join(k.__name__ for k in kinds)}, "
                             f"not {type(value).__name__}")
        if isinstance(value, str) and key in ("model", "policy", "property") and not value.strip():
            raise SuiteError(f"{where}: {key} is empty")
        if key in _CHOICES and value not in _CHOICES[key]:
            raise SuiteError(f"{where}: {key} = {value!r:.40} is not one of {', '.join(_CHOICES[key])}")
        if isinstance(value, int) and not isinstance(value, bool) and value < 0:
            raise SuiteError(f"{where}: {key} = {value} is negative")
    for name, value in item.get("params", {}).items():
        if isinstance(value, bool) or not isinstance(value, int):
            raise SuiteError(f"{where}: parameter {name} must be an integer, not {type(value).__name__}")
    if not all(isinstance(c, str) and c for c in item.get("lemmas", [])):
        raise SuiteError(f"{where}: lemmas must be a list of property names")
    if item.get("walks") == "rare" and item["expect"] != Verdict.VIOLATED.value:
        raise SuiteError(f"{where}: walks = \"rare\" is for an expected violation (an entry expected to hold "
                         "is always cross-checked by random walks)")
    for key in ("fair", "strong_fair"):
        if not all(isinstance(c, str) and c for c in item.get(key, [])):
            raise SuiteError(f"{where}: {key} must be a list of actions (ACTION or ACTION(arg=N))")
    return item


def _fairness(item: dict[str, Any], where: str) -> tuple[Fair, ...]:
    try:
        return tuple(parse_fair(t, False) for t in item.get("fair", [])) + \
            tuple(parse_fair(t, True) for t in item.get("strong_fair", []))
    except ValueError as exc:
        raise SuiteError(f"{where}: {exc}") from None


def load_entries(path: Path, *, user: bool = False) -> list[Entry]:
    """The entries of one suite file; every problem is one `SuiteError` naming the file and the entry.

    In a user's suite (`user=True`) a `file.py:Name` model or policy is
    resolved against the suite file's folder, and the entry's source is the
    file's path rather than its name.
    """
    label = str(path) if user else path.name
    try:
        raw = tomllib.loads(path.read_bytes().decode("utf-8"))
    except OSError as exc:
        raise SuiteError(f"suite {label}: cannot read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise SuiteError(f"suite {label}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise SuiteError(f"suite {label}: {' '.join(str(exc).split())}") from None
    extra = set(raw) - {"version", "entry"}
    if extra:
        raise SuiteError(f"suite {label}: unknown top-level key {sorted(extra)[0]!r} (expected version, entry)")
    version = raw.get("version", SUITE_VERSION)
    if isinstance(version, bool) or version != SUITE_VERSION:
        raise SuiteError(f"suite {label}: version {version!r:.20} is not supported (this hintcheck reads "
                         f"version {SUITE_VERSION})")
    items = raw.get("entry", [])
    if not isinstance(items, list) or not items:
        raise SuiteError(f"suite {label}: no [[entry]] tables")
    out: list[Entry] = []
    folder = path.parent
    for n, item in enumerate(items, start=1):
        where = f"suite {label} entry {n}"
        item = _checked(item, where)
        model, policy = item["model"], item["policy"]
        if user:
            model, policy = _resolve(model, folder), _resolve(policy, folder)
        out.append(Entry(
            model=model, policy=policy, property=item["property"],
            expect=Verdict(item["expect"]), params=dict(item.get("params", {})),
            max_trace=item.get("max_trace"), states=item.get("states"),
            symmetry=item.get("symmetry", False), keep_going=item.get("continue", False),
            max_states=item.get("max_states") or None, max_depth=item.get("max_depth"),
            why=item.get("why", ""), cost=item.get("cost", "small"),
            engine=item.get("engine", "auto"), source=f"{label} entry {n}",
            prove=item.get("prove"), lemmas=tuple(item.get("lemmas", ())), depth=item.get("depth"),
            fair=_fairness(item, where), no_fair=item.get("no_fair", False),
            walks=item.get("walks", "find")))
    return out


def default_suite(cost: str | None = None) -> list[Entry]:
    """Every entry of every suite file (optionally only those of one cost class)."""
    files = sorted(suite_dir().glob("*.toml"))
    entries = [e for f in files for e in load_entries(f)]
    return [e for e in entries if cost is None or e.cost == cost]

