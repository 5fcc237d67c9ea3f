"""What a rendering of a trace knows beyond the trace itself: value names, actors, why the last step fails.

A trace holds numbers and enum names. With the model at hand (`view_of`)
every value is printed by its domain's name (a page's location `PCP0`, a
hash slot `slot2`), each step is drawn on the lane of the actor that takes
it (the action's declared `actor`, else its CPU's lane when it has a `cpu`
argument, else the guest's), and the failing step says why the property
fails (`hintcheck.floor.why`). Without the model (`View()`), values are
printed as recorded and steps are placed by their arguments only.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from hintcheck.floor.why import why
from hintcheck.model.core import Domain, HintcheckError, Model, Property, Step
from hintcheck.model.registry import load_spec
from hintcheck.trace.format import Trace, TraceError, state_from_json

# Lanes in the order a sequence diagram draws them; any other actor comes after these.
LANE_ORDER = ("guest", "allocator", "device", "hypervisor", "migration", "destination")
HYPERVISOR = "hypervisor"      # where a step's hypercalls (cost `hcalls`) go
DESTINATION = "destination"    # where a step's sent pages (cost `pages_sent`) go


@dataclass(frozen=True)
class View:
    """Value names per field, the declared actor per action, and the failing step's reason."""

    domains: Mapping[str, Domain] = field(default_factory=dict)     # field -> its domain
    actors: Mapping[str, str] = field(default_factory=dict)         # action -> declared actor
    why: str | None = None                                          # why the last state fails

    def value(self, name: str, value: Any) -> str:
        """A field's recorded value as text: names where its domain has them, lists in brackets."""
        domain = self.domains.get(name)
        one = domain.name_of if domain is not None else str
        if isinstance(value, list):
            return "[" + ", ".join(one(v) for v in value) + "]"
        return one(value)

    def changes(self, before: Mapping[str, Any], after: Mapping[str, Any]) -> list[tuple[str, str]]:
        """(field, new value as text) for each field the step changed, in field order."""
        return [(name, self.value(name, v)) for name, v in after.items() if before.get(name) != v]

    def actor(self, step: Step) -> str:
        """The lane a step is drawn on."""
        declared = self.actors.get(step.action)
        if declared:
            return declared
        if "cpu" in step.args:
            return f"cpu{step.args['cpu']}"
        return "guest"

    def with_why(self, why: str | None) -> View:
        return View(self.domains, self.actors, why)


def view_of(model: Model, why: str | None = None) -> View:
    """The view of a built model: its fields' domains and its actions' actors."""
    return View({f.name: f.domain for f in model.fields},
                {inst.action.name: inst.action.actor for inst in model.instances if inst.action.actor},
                why)


def lanes(view: View, steps: tuple[Step, ...]) -> list[str]:
    """Every lane the steps use (with the hypervisor and destination when a step's cost reaches them)."""
    used = {view.actor(st) for st in steps}
    if any(st.cost.get("hcalls") for st in steps):
        used.add(HYPERVISOR)
    if any(st.cost.get("pages_sent") for st in steps):
        used.add(DESTINATION)

    def rank(lane: str) -> tuple[int, int, str]:
        if lane.startswith("cpu") and lane[3:].isdigit():
            return (0, int(lane[3:]), lane)
        return (1, LANE_ORDER.index(lane) if lane in LANE_ORDER else len(LANE_ORDER), lane)
    return sorted(used, key=rank)


def explained(model: Model, prop: Property, trace: Trace) -> View:
    """The view of `model`, with why `prop` fails in the trace's last state (a finite trace's)."""
    reason = None
    if trace.loop is None and trace.steps:
        try:
            last = state_from_json(model, trace.states[-1], "trace")
        except TraceError:
            last = None
        reason = why(model, prop, last) if last is not None else None
    return view_of(model, reason)


def view_for(trace: Trace) -> View:
    """The view of a saved trace of a built-in model: names, actors and why, from the registry.

    Showing a trace never runs a file's code (replay does, after checking
    its digest): a trace of a model file gets the plain view, and one of a
    policy file on a built-in model gets the model's names and actors
    (which no policy changes) without the reason, which is judged under
    the trace's own policy.
    """
    if ":" in trace.model:
        return View()
    own = ":" not in trace.policy
    try:
        model = load_spec(trace.model).build(trace.policy if own else None, dict(trace.params))
        prop = model.property_named(trace.property)
    except HintcheckError:
        return View()
    return explained(model, prop, trace) if own else view_of(model)
