"""Liveness: properties about infinite runs, and the fairness they assume.

The forms, with P and Q state predicates written with the expression
helpers (like an invariant's body):

- `eventually(P)`: every run reaches a state where P holds (<>P);
- `leads_to(P, Q)`: from every state where P holds, every run reaches Q (P ~> Q);
- `always_eventually(P)`: P holds infinitely often ([]<>P);
- `eventually_always(P)`: from some point on, P holds for ever (<>[]P).

A run is an infinite sequence of steps, or a finite one that ends in a
state where no action is enabled (the run then stays there; the model may
declare such a state terminal, see `deadlock`). Unlike TLA+, runs do not
stutter anywhere else: a liveness verdict is about the actions the model
has. Fairness says which runs count: `Fair("send")` (weak: an action
enabled from some point on for ever is taken infinitely often) or
`Fair("send", strong=True)` (strong: an action enabled infinitely often is
taken infinitely often), optionally of one instance (`args={"page": 0}`), or
of each instance on its own (`each=True`: one assumption per instance, so
that one CPU's steps cannot starve another's). A model declares its
fairness in `ModelSpec(fairness=...)`, a policy in its `fairness`
attribute (a tuple of Fair, or of "ACTION" strings for weak fairness), a
run with `--fair ACTION` / `--strong-fair ACTION` (`ACTION(*)`: each
instance), and `--no-fair` drops the declared ones; every verdict prints
what it assumed, one assumption per instance.

>>> from hintcheck.model.core import Domain, scalar
>>> p = leads_to(lambda m, s: s.x == 1, lambda m, s: s.x == 2, name="one_then_two")
>>> p.kind, p.form, p.name
('liveness', 'leads_to', 'one_then_two')
"""
from __future__ import annotations

import inspect
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Callable

from hintcheck.model.core.property import Form, Property

StatePredicate = Callable[..., Any]          # (m, s) -> Bool


@dataclass(frozen=True)
class Fair:
    """Fairness of an action (any instance, the one with `args`, or `each` instance): weak unless `strong`."""

    action: str
    strong: bool = False
    args: Mapping[str, int] = field(default_factory=dict)
    each: bool = False

    def covers(self, action: str, args: Mapping[str, int]) -> bool:
        """Whether the instance of `action` with `args` is one this assumption is about."""
        return action == self.action and all(args.get(k) == v for k, v in self.args.items())

    def to_json(self) -> dict[str, Any]:
        """The form a trace records it in (`meta["fairness"]`)."""
        return {"action": self.action, "strong": self.strong, "args": dict(self.args)} \
            | ({"each": True} if self.each else {})

    @classmethod
    def from_json(cls, raw: Any) -> Fair:
        """The inverse of `to_json`; ValueError when `raw` is not of that form."""
        if not (isinstance(raw, dict) and isinstance(raw.get("action"), str)
                and isinstance(raw.get("strong", False), bool) and isinstance(raw.get("args", {}), dict)
                and isinstance(raw.get("each", False), bool)
                and all(isinstance(k, str) and isinstance(v, int) for k, v in raw.get("args", {}).items())):
            raise ValueError(f"fairness {raw!r:.60} is not an action with strong and args")
        return cls(raw["action"], raw.get("strong", False), dict(raw.get("args", {})), raw.get("each", False))

    def __str__(self) -> str:
        inner = ", ".join([f"{k}={v}" for k, v in self.args.items()] + (["*"] if self.each else []))
        target = f"{self.action}({inner})" if inner else self.action
        return f"{'SF' if self.strong else 'WF'}({target})"


def parse_fair(text: str, strong: bool = False) -> Fair:
    """`send`, `send(page=0)` or `send(*)` (each instance) -> Fair; ValueError naming what is wrong.

    >>> str(parse_fair("send(page=0)", strong=True)), str(parse_fair("stop(*)"))
    ('SF(send(page=0))', 'WF(stop(*))')
    """
    m = re.fullmatch(r"\s*([A-Za-z_]\w*)\s*(?:\((.*)\))?\s*", text)
    if m is None:
        raise ValueError(f"fairness {text!r:.60}: expected ACTION, ACTION(arg=N, ...) or ACTION(*)")
    args: dict[str, int] = {}
    each = False
    for part in filter(None, (p.strip() for p in (m.group(2) or "").split(","))):
        if part == "*" and not each:
            each = True
            continue
        key, sep, value = part.partition("=")
        if not sep or not key.strip().isidentifier() or not re.fullmatch(r"[0-9]+", value.strip(), re.ASCII):
            raise ValueError(f"fairness {text!r:.60}: argument {part!r:.30} is not NAME=N")
        args[key.strip()] = int(value.strip())
    return Fair(m.group(1), strong, args, each)


def declared_fairness(items: Any, owner: str) -> tuple[Fair, ...]:
    """A model's or policy's `fairness` as Fair objects: each item a Fair, or "ACTION" text (weak).

    ValueError, naming `owner` and the item, for anything else.
    """
    if isinstance(items, (str, Fair)) or not isinstance(items, (tuple, list)):
        raise ValueError(f"{owner}: fairness must be a tuple of Fair or action names, got {items!r:.60}")
    out = []
    for item in items:
        if isinstance(item, Fair):
            out.append(item)
        elif isinstance(item, str):
            out.append(parse_fair(item))
        else:
            raise ValueError(f"{owner}: fairness holds {item!r:.60}, not a Fair or an action name")
    return tuple(out)


def expand_fairness(instances: Any, fairness: Any, label: str) -> tuple[Fair, ...]:
    """Each assumption as the engines use it: `each` split into one per matching instance, repeats dropped.

    `instances` are a model's action instances (`Model.instances`); an
    assumption that covers none of them is a ValueError naming the actions
    the model has, so a misspelt name is never an assumption of nothing.
    """
    out: list[Fair] = []
    for fair in fairness:
        matching = [dict(inst.step.args) for inst in instances if fair.covers(inst.action.name, inst.step.args)]
        if not matching:
            known = ", ".join(dict.fromkeys(inst.action.name for inst in instances))
            raise ValueError(f"fairness {fair}: model {label} has no such action instance; actions: {known}")
        out += [Fair(fair.action, fair.strong, args) for args in matching] if fair.each else [fair]
    return tuple({str(f): f for f in out}.values())


def _named(form: Form, p: StatePredicate, q: StatePredicate | None, name: str | None, doc: str | None) -> Property:
    label = name or getattr(p, "__name__", "") or form
    if label == "<lambda>":
        raise TypeError(f"{form}(): a property of lambdas needs name=")
    text = doc if doc is not None else (inspect.getdoc(p) or "")
    return Property(label, "liveness", p, text, form, q)


def eventually(p: StatePredicate, *, name: str | None = None, doc: str | None = None) -> Property:
    """<>P: every run reaches a state where `p(m, s)` holds."""
    return _named("eventually", p, None, name, doc)


def leads_to(p: StatePredicate, q: StatePredicate, *, name: str | None = None, doc: str | None = None) -> Property:
    """P ~> Q: from every state where `p` holds, every run reaches a state where `q` holds."""
    return _named("leads_to", p, q, name, doc)


def always_eventually(p: StatePredicate, *, name: str | None = None, doc: str | None = None) -> Property:
    """[]<>P: `p` holds infinitely often on every run."""
    return _named("always_eventually", p, None, name, doc)


def eventually_always(p: StatePredicate, *, name: str | None = None, doc: str | None = None) -> Property:
    """<>[]P: on every run, `p` holds for ever from some point on."""
    return _named("eventually_always", p, None, name, doc)
