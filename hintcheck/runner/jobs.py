"""What a run checks: jobs built from suite entries, or from one model's policies and properties.

A `Job` is one (model, property) with the engine that runs it, the budget,
the engine's options and, when the configuration is a suite entry, the
entry it is judged against. `check`, `fuzz` and `prove` (and the tests)
build their jobs here, so all read the same suites and accept the same
`--model/--policy/--property/-p` selection.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hintcheck.floor import Budget
from hintcheck.model.core import Fair, HintcheckError, Model, Property
from hintcheck.model.core.deadlock import NAME as DEADLOCK
from hintcheck.model.registry import load_spec
from hintcheck.runner.suite import Entry, SuiteError, default_suite, load_entries


@dataclass(frozen=True)
class Job:
    """One model and property, the engine to run them with, and the entry to judge against."""

    model: Model
    prop: Property
    engine: str
    budget: Budget = Budget()
    options: Mapping[str, Any] = field(default_factory=dict)
    entry: Entry | None = None

    @property
    def symmetry(self) -> bool:
        """Whether the configuration is explored up to symmetry: the option, else the entry's."""
        default = self.entry.symmetry if self.entry is not None else False
        return bool(self.options.get("symmetry", default))


def build_model(name: str, policy: str | None, params: Mapping[str, int]) -> Model:
    """The named model with `policy` (None: its default policy) and `params` fixed."""
    return load_spec(name).build(policy, dict(params))


def _bind(model: Model, options: Mapping[str, Any]) -> dict[str, Any]:
    """`options` with lemma names resolved on `model` (an unknown name fails before any run)."""
    out = dict(options)
    if "lemmas" in out:
        out["lemmas"] = tuple(model.property_named(c) if isinstance(c, str) else c for c in out["lemmas"])
    return out


def entry_job(entry: Entry, engine: str | None = None, options: Mapping[str, Any] | None = None) -> Job:
    """The job of one suite entry: its engine and symmetry, or `engine` with `options`.

    A name the entry gets wrong is one `SuiteError` naming the file and the entry.
    """
    try:
        model = build_model(entry.model, entry.policy, entry.params)
        opts: dict[str, Any] = {"symmetry": entry.symmetry} if engine is None else _bind(model, options or {})
        prop = model.property_named(entry.property)
        if prop.kind == "liveness" and (entry.fair or entry.no_fair):
            opts["fairness"] = (() if entry.no_fair else model.fairness) + entry.fair
    except SuiteError:
        raise
    except HintcheckError as exc:
        raise SuiteError(f"suite {entry.source}: {exc}") from None
    return Job(model, prop, engine or entry.engine, entry.budget, opts, entry)


def _proof_job(entry: Entry, defaults: Mapping[str, Any]) -> Job:
    """A `prove` entry as a z3-any-n ("unbounded") or z3-induction job, with its lemmas and depth."""
    opts = {"depth": entry.depth or defaults.get("depth", 10), "lemmas": entry.lemmas}
    if entry.prove == "unbounded":
        opts |= {k: defaults[k] for k in ("timeout_s",) if k in defaults}
        return entry_job(entry, "z3-any-n", opts)
    opts |= {k: defaults[k] for k in ("k",) if k in defaults}
    return entry_job(entry, "z3-induction", opts)


def suite_entries(files: Sequence[str | Path] = ()) -> list[Entry]:
    """The entries of the user's suite files, in order, or the default suite when none is given."""
    if not files:
        return default_suite()
    return [e for f in files for e in load_entries(Path(f), user=True)]


def suite_jobs(include_slow: bool = False, *, engine: str | None = None,
               options: Mapping[str, Any] | None = None, proofs: bool = False,
               files: Sequence[str | Path] = ()) -> list[Job]:
    """One job per default-suite entry.

    Parameters
    ----------
    include_slow : bool
        Also the entries marked `cost = "slow"` (proof entries always run).
    engine, options : optional
        Run every entry with this engine and these options instead of the
        entry's own engine and symmetry.
    files : suite files
        Run their entries instead of the default suite's.
    proofs : bool
        The entries with a `prove` key instead of the others, as z3-induction
        or z3-any-n jobs with the entry's lemmas and depth; `options` then
        gives the defaults: `depth`, `k` (0: bounded model checking only) and
        `timeout_s`.
    """
    if proofs:
        jobs = [_proof_job(e, options or {}) for e in suite_entries(files) if e.prove is not None]
        if not jobs:
            raise HintcheckError("no suite entry asks for a proof (key `prove`)")
        return jobs
    entries = [e for e in suite_entries(files) if (include_slow or e.cost != "slow") and e.prove is None]
    return [entry_job(e, engine, options) for e in entries]


def matching_entry(model: Model, prop: Property, symmetry: bool, keep_going: bool) -> Entry | None:
    """The suite entry for this configuration, if there is one: its expectation is shown."""
    for e in default_suite():
        if (e.model, e.policy, e.property, e.symmetry, e.keep_going) == \
                (model.name, model.policy.name, prop.name, symmetry, keep_going) \
                and model.spec.resolve_params(e.params) == model.params:
            return e
    return None


def direct_jobs(name: str, policy: str | None, prop_name: str | None, params: Mapping[str, int], *,
                engine: str, budget: Budget = Budget(), options: Mapping[str, Any] | None = None,
                match: bool = True, deadlock: bool = True, fairness: tuple[Fair, ...] | None = None,
                extra_fair: bool = True, liveness: bool = True) -> list[Job]:
    """Every (policy, property) of one model, or the ones named.

    With `match`, a configuration that is a suite entry is judged against it
    (`matching_entry`); without, no job has an entry. Without `deadlock`,
    "every property" leaves out `no_deadlock` (a property named is kept).
    A liveness property's job assumes the model's declared fairness plus
    `fairness` (`extra_fair`), or `fairness` alone (not `extra_fair`:
    `--no-fair`); the option is given to liveness jobs only. Without
    `liveness` (sampling and proofs), "every property" leaves liveness
    properties out.
    """
    opts = dict(options or {})
    first = build_model(name, policy, params)
    policies = [policy] if policy else list(first.spec.policies)
    jobs = []
    for pol in policies:
        model = first if pol == policy else build_model(name, pol, params)
        props = [model.property_named(prop_name)] if prop_name else \
            [p for p in model.properties if (deadlock or p.name != DEADLOCK) and (liveness or p.kind != "liveness")]
        for p in props:
            entry = matching_entry(model, p, bool(opts.get("symmetry", False)), budget.keep_going) \
                if match else None
            own = opts
            if p.kind == "liveness" and fairness is not None:
                assumed = (model.fairness if extra_fair else ()) + fairness
                own = {**opts, "fairness": assumed}
            jobs.append(Job(model, p, engine, budget, _bind(model, own), entry))
    return jobs
