"""A Hypothesis `RuleBasedStateMachine` generated from any model: nothing hand-written.

`machine_for(model, properties)` builds a class whose

- `initialize` rule starts from one of the model's initial states (and, with swarm testing,
  draws the actions this example leaves out);
- rules are the model's actions, one rule per action: the precondition is
  "some instance of the action is enabled", and a rule with parameters
  draws an index into the action's fixed instance list and fires the
  first instance from there whose guard holds;
- invariants are the invariant properties, checked by Hypothesis after
  every step; action properties are checked inside each rule, on the step
  `(before, step, after)`;
- `restart` is the one rule of a state where no action is enabled: the
  run starts again from `model.init()`, so a run that reaches a terminal
  state spends its remaining steps on a fresh path instead of idling (or
  being rejected).

Guards, effects and properties go through `hintcheck.floor.interpret`, so an
exception in a user policy is reported the same way as in every engine. A
failed property raises `Violation`, which carries the action instances
fired so far: after shrinking, the runner turns the last one into a trace.
"""
from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from hintcheck.floor.interpret import apply, enabled, holds
from hintcheck.model.core import Action, Instance, Model, Property
from hintcheck.floor.result import Stats
from hintcheck.stateful.strategies import swarm_of


class Violation(AssertionError):
    """A property failed: the property, the initial state the run started from, and the instances fired."""

    def __init__(self, prop: Property, path: Sequence[Instance], start: Any) -> None:
        shown = ", ".join(str(inst.step) for inst in path) or "the initial state"
        super().__init__(f"{prop.name} violated after {len(path)} steps: {shown}")
        self.prop = prop
        self.path = tuple(path)
        self.start = start


@dataclass
class Tally:
    """What one run's examples did, across every machine Hypothesis builds.

    `found_after` and `found_seconds` are fixed at the first violation,
    before shrinking starts: they measure how fast the search finds a bug,
    not how long it takes to make the example small.
    """

    started: float = field(default_factory=time.perf_counter)
    examples: int = 0
    transitions: int = 0
    longest: int = 0
    states: set[Any] = field(default_factory=set)
    fired: dict[str, int] = field(default_factory=dict)
    found_after: int | None = None
    found_seconds: float | None = None
    swarmed: int = 0                  # examples that left at least one action out
    progress: Callable[[Stats], None] | None = None

    def stats(self) -> Stats:
        """The figures so far: distinct states, steps, longest example, seconds."""
        return Stats(states=len(self.states), transitions=self.transitions, depth=self.longest,
                     seconds=time.perf_counter() - self.started)

    def new_example(self) -> None:
        self.examples += 1
        if self.progress is not None and self.examples % 20 == 0:
            self.progress(self.stats())

    def violation(self, prop: Property, path: Sequence[Instance], start: Any) -> Violation:
        if self.found_after is None:
            self.found_after = self.examples
            self.found_seconds = time.perf_counter() - self.started
        return Violation(prop, path, start)


class _EveryRule:
    """Feature flags that enable every rule: swarm testing is this module's, not Hypothesis's."""

    def is_enabled(self, name: str) -> bool:
        return True


class ModelMachine(RuleBasedStateMachine):
    """Base of every generated machine: the model's state and the path that reached it."""

    model: ClassVar[Model]
    tally: ClassVar[Tally]

    def __init__(self) -> None:
        super().__init__()
        # Hypothesis turns rules off per example on its own (by rule name).
        # Swarm testing here is explicit (see `swarm_of`) so that it can be
        # switched off and measured; pin Hypothesis's flags to "all on".
        # LIMITATION: these attributes are Hypothesis internals; if they
        # move, its own rule swarm stays on and tests/stateful says so.
        rules = getattr(self, "_rules_strategy", None)
        if rules is not None and hasattr(rules, "enabled_rules_strategy"):
            rules.enabled_rules_strategy = st.just(_EveryRule())
        self.state: Any = None
        self.start: Any = None            # the initial state this example drew
        self.path: list[Instance] = []
        self.disabled: frozenset[str] = frozenset()
        self._enabled: dict[str, list[Instance]] | None = None
        self.tally.new_example()

    def enabled_now(self) -> dict[str, list[Instance]]:
        """The enabled instances of every action not left out, per action (cached per state)."""
        if self._enabled is None:
            out: dict[str, list[Instance]] = {}
            for inst in self.model.instances:
                name = inst.action.name
                if name not in self.disabled and enabled(self.model, inst, self.state):
                    out.setdefault(name, []).append(inst)
            self._enabled = out
        return self._enabled

    def restart(self) -> None:
        """Back to the example's initial state with an empty path."""
        self.state = self.start
        self.path = []
        self._enabled = None
        self.tally.states.add(self.state)

    def fire(self, inst: Instance, checks: Sequence[Property]) -> None:
        """Take one step and check the action properties on it."""
        before = self.state
        self.state = apply(self.model, inst, before)
        self.path.append(inst)
        self._enabled = None
        tally = self.tally
        tally.transitions += 1
        tally.longest = max(tally.longest, len(self.path))
        tally.states.add(self.state)
        tally.fired[inst.action.name] = tally.fired.get(inst.action.name, 0) + 1
        for prop in checks:
            if not holds(self.model, prop, before, inst.step, self.state):
                raise tally.violation(prop, self.path, self.start)

    def check(self, prop: Property) -> None:
        """Check an invariant on the current state."""
        if self.state is not None and not holds(self.model, prop, None, None, self.state):
            raise self.tally.violation(prop, self.path, self.start)


def machine_for(model: Model, properties: Sequence[Property], swarm: bool = False,
                tally: Tally | None = None) -> type[ModelMachine]:
    """A RuleBasedStateMachine class whose rules are `model`'s actions.

    Parameters
    ----------
    model : Model
        Any built model; its actions, instances and initial state are used as
        they are.
    properties : sequence of Property
        Invariants become Hypothesis invariants; action properties are
        checked on every step.
    swarm : bool
        Whether each example leaves out a random subset of the actions.
    tally : Tally, optional
        Where the machines count examples, steps and states (a fresh one by
        default; read it back as the class's `tally`).

    Returns
    -------
    type
        A fresh class; its name (model, policy, parameters, properties,
        swarm) keys Hypothesis's example database, so different
        configurations never share saved examples.
    """
    action_props = [p for p in properties if p.kind == "action"]
    body: dict[str, Any] = {"model": model, "tally": tally or Tally(),
                            "start": _initialize_rule(model, swarm), "again": _restart_rule()}
    for n, act in enumerate(model.actions):
        body[f"act_{n}_{act.name}"] = _rule_for(act, [i for i in model.instances if i.action is act],
                                                action_props)
    for n, prop in enumerate(p for p in properties if p.kind == "invariant"):
        body[f"inv_{n}_{prop.name}"] = _invariant_for(prop)
    return type(_class_name(model, properties, swarm), (ModelMachine,), body)


def _class_name(model: Model, properties: Sequence[Property], swarm: bool) -> str:
    params = "_".join(f"{k}{v}" for k, v in sorted(model.params.items()))
    props = "_".join(p.name for p in properties)
    raw = f"{model.name}_{model.policy.name}_{params}_{props}{'_swarm' if swarm else ''}"
    return re.sub(r"\W", "_", raw)


def _initialize_rule(model: Model, swarm: bool) -> Callable[..., None]:
    names = [a.name for a in model.actions]
    left_out = swarm_of(names) if swarm and len(names) > 1 else st.just(frozenset())
    inits = model.initial_states
    first = st.sampled_from(range(len(inits))) if len(inits) > 1 else st.just(0)

    def start(self: ModelMachine, disabled: frozenset[str], which: int) -> None:
        """One of the model's initial states; the actions this example leaves out."""
        self.disabled = disabled
        self.tally.swarmed += bool(disabled)
        self.start = inits[which]
        self.restart()
    return initialize(disabled=left_out, which=first)(start)


def _restart_rule() -> Callable[..., None]:
    def restart(self: ModelMachine) -> None:
        """Nothing can happen: start again from the initial state.

        A run that reaches a terminal state (migration done, or every action
        still enabled left out by swarm testing) spends its remaining steps
        on a fresh path instead of idling; a violation's path starts at the last
        restart, so its trace starts from the example's initial state like every trace.
        """
        self.restart()
    return precondition(lambda self: self.state is not None and not self.enabled_now())(rule()(restart))


def _rule_for(act: Action, instances: list[Instance], checks: list[Property]) -> Callable[..., None]:
    def may_fire(self: ModelMachine) -> bool:
        return self.state is not None and act.name in self.enabled_now()

    if len(instances) <= 1:           # no parameters (or an empty index set: never enabled)
        def fire_only(self: ModelMachine) -> None:
            self.fire(instances[0], checks)
        fire_only.__name__ = fire_only.__qualname__ = act.name
        return precondition(may_fire)(rule()(fire_only))

    last = len(instances) - 1

    def fire(self: ModelMachine, pick: int) -> None:
        # `pick` indexes the action's fixed instance list; the instance fired
        # is the first enabled one from there on (cyclically). A pick means
        # the same instance whatever came before it, so shrinking can drop
        # earlier steps without reshuffling the arguments of later ones, and
        # a pick never has to be redrawn because its instance is disabled.
        allowed = self.enabled_now()[act.name]
        chosen = next((inst for inst in instances[pick:] if inst in allowed), allowed[0])
        self.fire(chosen, checks)
    fire.__name__ = fire.__qualname__ = act.name
    return precondition(may_fire)(rule(pick=st.integers(min_value=0, max_value=last))(fire))


def _invariant_for(prop: Property) -> Callable[..., None]:
    def check(self: ModelMachine) -> None:
        self.check(prop)
    check.__name__ = check.__qualname__ = f"check_{prop.name}"
    return invariant()(check)
