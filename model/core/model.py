"""The model interface every engine consumes.

A `ModelSpec` is a model family as written once: its state class (with
declared domains), parameters, index sets, initial state, actions, hook
names, named policies, properties, symmetric index sets and the
simplifications it admits to. `spec.build(policy, params)` validates
everything and returns a `Model`: an immutable value that engines explore,
sample, encode or replay. Engines import this module, never a specific model.
"""
from __future__ import annotations

import dataclasses
import itertools
import math
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Callable, Iterable, Iterator, Mapping

from hintcheck.model.core.action import Action, Step
from hintcheck.model.core.deadlock import no_deadlock
from hintcheck.model.core.domains import FieldSpec, state_fields
from hintcheck.model.core.errors import ModelError, PolicyError
from hintcheck.model.core.grid import Grid
from hintcheck.model.core.hooks import HookSpec, Setting
from hintcheck.model.core.liveness import Fair, declared_fairness, expand_fairness
from hintcheck.model.core.measure import Measure
from hintcheck.model.core.policy import HookTable, load_policy_file
from hintcheck.model.core.property import Property
from hintcheck.model.core.protocols import ModelView, State


# `init_where` enumerates the in-domain states; beyond this many it is refused.
MAX_INIT_CANDIDATES = 1_000_000


@dataclass(frozen=True)
class Param:
    """A model parameter: integer range, default, meaning; or one derived from the others.

    A derived parameter (`Param.derived`) is computed from the parameters
    declared before it, `derive(params) -> int`, and must fall inside
    lo..hi; it is never set from the command line (given, it must equal the
    derived value, so a trace that records it replays).
    """

    name: str
    lo: int
    hi: int
    default: int
    doc: str = ""
    derive: Callable[[Mapping[str, int]], int] | None = None

    @classmethod
    def derived(cls, name: str, derive: Callable[[Mapping[str, int]], int], doc: str = "",
                lo: int = 0, hi: int = 2**62) -> Param:
        """A parameter computed from the others: `Param.derived("inits", lambda p: 4 ** p["n"] * p["n"])`."""
        return cls(name, lo, hi, lo, doc, derive)


@dataclass(frozen=True)
class ModelSpec:
    """A model family, written once."""

    name: str
    doc: str
    state: type
    params: tuple[Param, ...]
    index_sets: Mapping[str, str | int]           # index set -> the parameter giving its size, or a fixed size
    init: Callable[[ModelView], Any] | None      # the initial state, or a sequence of them (None: init_where)
    actions: tuple[Action, ...]
    policies: Mapping[str, type]                  # registry name -> policy class
    hooks: tuple[HookSpec, ...] = ()              # every hook point, called as hook(m, s, *args)
    settings: tuple[Setting, ...] = ()            # the policy attributes the model reads
    symmetric: frozenset[str] = frozenset()
    simplifications: tuple[str, ...] = ()
    properties: tuple[Property, ...] = ()
    default_policy: str | None = None
    lemmas: tuple[Property, ...] = ()             # invariants that strengthen proofs, not claims
    source: str = ""                              # `file.py:Name` for a model loaded from a file
    terminal: Callable[..., Any] | None = None     # (m, s) -> Bool: a state where the run may stop
    init_where: Callable[..., Any] | None = None   # (m, s) -> bool: the in-domain states where it holds are initial
    fairness: tuple[Fair | str, ...] = ()         # what liveness verdicts assume (model.core.liveness)
    deadlock: bool = True                         # check `no_deadlock` (model.core.deadlock)
    measures: tuple[Measure, ...] = ()            # cost figures over paths (model.core.measure)

    def checked_properties(self) -> tuple[Property, ...]:
        """The model's properties, and `no_deadlock` unless the model turns deadlock checking off."""
        return self.properties + ((no_deadlock(self.terminal),) if self.deadlock else ())

    def with_properties(self, props: tuple[Property, ...], lemmas: tuple[Property, ...] = ()) -> ModelSpec:
        return dataclasses.replace(self, properties=props, lemmas=lemmas)

    def resolve_params(self, given: Mapping[str, int] | None) -> dict[str, int]:
        """Defaults overlaid with `given`, then the derived parameters; unknown or out-of-range values raise."""
        known = {p.name: p for p in self.params}
        out = {p.name: p.default for p in self.params if p.derive is None}
        for key, value in (given or {}).items():
            if key not in known:
                raise ModelError(f"model {self.name}: unknown parameter {key!r}; known: {', '.join(known)}")
            p = known[key]
            if isinstance(value, bool) or not isinstance(value, int) or not p.lo <= value <= p.hi:
                raise ModelError(f"model {self.name}: parameter {key}={value} outside {p.lo}..{p.hi}")
            if p.derive is None:
                out[key] = value
        for p in self.params:
            if p.derive is None:
                continue
            value = p.derive(dict(out))
            if isinstance(value, bool) or not isinstance(value, int) or not p.lo <= value <= p.hi:
                raise ModelError(f"model {self.name}: derived parameter {p.name} = {value!r}, outside {p.lo}..{p.hi}")
            if given and p.name in given and given[p.name] != value:
                raise ModelError(f"model {self.name}: parameter {p.name} is derived ({value} here) and cannot be set")
            out[p.name] = value
        return {p.name: out[p.name] for p in self.params}

    def make_policy(self, policy: str | Any) -> HookTable:
        """A registry name, a `file.py:Class` reference, or a policy class (or instance of one)."""
        if isinstance(policy, str) and policy in self.policies:
            return self.policy_table(self.policies[policy], policy)
        if isinstance(policy, str) and ":" in policy:
            cls, label = load_policy_file(policy)
            return self.policy_table(cls, label)
        if isinstance(policy, str):
            raise PolicyError(f"model {self.name}: unknown policy {policy!r}; known: {', '.join(self.policies)}")
        label = getattr(policy, "name", None) or getattr(policy, "__name__", None) or type(policy).__name__
        return self.policy_table(policy, str(label))

    def policy_table(self, policy: Any, label: str) -> HookTable:
        try:
            return HookTable(policy, label, self.hooks, self.settings, self.state)
        except (PolicyError, KeyboardInterrupt):
            raise
        except BaseException as exc:  # noqa: BLE001 -- reading a user class runs its code (properties)
            raise PolicyError(f"policy {label}: reading the class raised {type(exc).__name__}: {exc}") from exc

    def hook_named(self, name: str) -> HookSpec:
        for h in self.hooks:
            if h.name == name:
                return h
        raise ModelError(f"model {self.name}: no hook {name!r}; known: {', '.join(h.name for h in self.hooks)}")

    def build(self, policy: str | Any | None = None, params: Mapping[str, int] | None = None) -> Model:
        chosen = policy if policy is not None else (self.default_policy or next(iter(self.policies)))
        return Model(self, self.make_policy(chosen), self.resolve_params(params))


@dataclass(frozen=True, eq=False)
class Instance:
    """One action instance: the action, concrete arguments, and its step label."""

    action: Action
    args: tuple[int, ...]
    step: Step = field(compare=False)


class Model:
    """A model family with a policy and parameters fixed: what engines run."""

    def __init__(self, spec: ModelSpec, policy: HookTable, params: Mapping[str, int]) -> None:
        self.spec = spec
        self.name = spec.name
        self.policy = policy
        self.params = dict(params)
        self.properties = spec.checked_properties()
        self.lemmas = spec.lemmas
        self.symmetric = spec.symmetric
        self.actions: tuple[Action, ...] = spec.actions + policy.actions
        self.fields: tuple[FieldSpec, ...] = state_fields(spec.state)
        # `m.<name>` reads a parameter or index set only where Model has no attribute of that name.
        shadowing = sorted(n for n in (*self.params, *spec.index_sets) if hasattr(Model, n) or n in self.__dict__)
        if shadowing:
            raise ModelError(f"model {self.name}: parameter or index set {shadowing[0]!r} has the name of a Model "
                             f"attribute, so m.{shadowing[0]} would not read it; rename it")
        names = [a.name for a in self.actions]
        if len(set(names)) != len(names):
            raise PolicyError(f"policy {policy.name}: an extra action reuses a name of model {self.name}")

    def __getattr__(self, attr: str) -> Any:
        # `m.pages` is the index set as a range, `m.rounds` a parameter value.
        spec = self.__dict__.get("spec")
        if spec is not None and attr in spec.index_sets:
            return range(self.index_size(attr))
        params = self.__dict__.get("params")
        if params is not None and attr in params:
            return params[attr]
        raise AttributeError(attr)

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v}" for k, v in self.params.items())
        return f"<{self.name} policy={self.policy.name} {args}>"

    @property
    def label(self) -> str:
        return f"{self.name}/{self.policy.name}"

    def index_size(self, index: str | tuple[str, ...]) -> int:
        """Members of an index set; for a pair (a `Grid` field), elements: the product."""
        if isinstance(index, tuple):
            return math.prod(self.index_size(ix) for ix in index)
        size = self.spec.index_sets[index]
        return size if isinstance(size, int) else self.params[size]

    def array(self, f: FieldSpec, items: Iterable[Any]) -> tuple[Any, ...]:
        """The value of per-index field `f` with these elements: a tuple, or a `Grid` for two index sets."""
        if isinstance(f.index, tuple):
            return Grid(items, self.index_size(f.index[1]))
        return tuple(items)

    def with_params(self, params: Mapping[str, int]) -> Model:
        """The same policy (already checked) under other parameters."""
        return Model(self.spec, self.policy, self.spec.resolve_params({**self.params, **params}))

    def init(self) -> State:
        """The first initial state (the only one, for most models)."""
        return self.initial_states[0]

    @cached_property
    def initial_states(self) -> tuple[State, ...]:
        """Every initial state, in order, each once.

        `spec.init(m)` gives one state or a sequence of states; with
        `spec.init_where`, the initial states are the in-domain states where
        it holds, in the order of their fields' values (at most
        `MAX_INIT_CANDIDATES` are tried).
        """
        if self.spec.init_where is not None:
            found = [s for s in self._domain_states() if self.spec.init_where(self, s)]
        else:
            if self.spec.init is None:
                raise ModelError(f"model {self.name}: neither init nor init_where is given")
            made = self.spec.init(self)
            found = list(made) if isinstance(made, (list, tuple)) and not isinstance(made, self.spec.state) \
                else [made]
        states = tuple(dict.fromkeys(found))
        if not states:
            raise ModelError(f"model {self.name}: no initial state")
        return states

    def _domain_states(self) -> Iterator[State]:
        """Every state inside the declared domains."""
        choices = []
        for f in self.fields:
            values = f.domain.values(self.params)
            choices.append(values if f.index is None else
                           [self.array(f, c) for c in itertools.product(values, repeat=self.index_size(f.index))])
        total = math.prod(len(c) for c in choices)
        if total > MAX_INIT_CANDIDATES:
            raise ModelError(f"model {self.name}: init_where would try {total:,} states (at most "
                             f"{MAX_INIT_CANDIDATES:,}); give init the initial states instead")
        names = [f.name for f in self.fields]
        for combo in itertools.product(*choices):
            yield self.spec.state(**dict(zip(names, combo)))

    @cached_property
    def instances(self) -> tuple[Instance, ...]:
        """Every action instance, actions in declaration order, arguments in index order."""
        return tuple(Instance(a, args, Step(a.name, a.bind(args)))
                     for a in self.actions for args in a.instances(self))

    @cached_property
    def fairness(self) -> tuple[Fair, ...]:
        """What this model's liveness verdicts assume: the model's declared fairness, then the policy's."""
        try:
            own = declared_fairness(self.spec.fairness, f"model {self.name}")
        except ValueError as exc:
            raise ModelError(str(exc)) from None
        return own + self.policy.fairness

    def expand_fairness(self, fairness: Iterable[Fair]) -> tuple[Fair, ...]:
        """`fairness` as the engines use it (`each` split per instance); an assumption of nothing raises."""
        try:
            return expand_fairness(self.instances, tuple(fairness), self.label)
        except ValueError as exc:
            raise ModelError(str(exc)) from None

    def action_named(self, name: str) -> Action:
        for a in self.actions:
            if a.name == name:
                return a
        raise ModelError(f"model {self.name}: no action {name!r}")

    def property_named(self, name: str) -> Property:
        """A property (or a lemma) by name."""
        for p in self.properties + self.lemmas:
            if p.name == name:
                return p
        known = ", ".join(p.name for p in self.properties + self.lemmas)
        raise ModelError(f"model {self.name}: unknown property {name!r}; known: {known}")

    def domain_size(self, spec: FieldSpec) -> int:
        return spec.domain.size(self.params)
