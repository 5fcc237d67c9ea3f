"""The model's transition system over a symbolic page set (see pages.py).

`ParamSystem` runs the model's own `init`, guards, effects and properties
on a `ParamView`: per-page fields are Z3 arrays over the uninterpreted
`Page` sort, every other field stays as in `encode.py`. An action with a
page parameter has one symbolic instance per step, its page a fresh
constant; parameters over other (concrete) index sets are enumerated.
"""
from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import z3

from hintcheck.model.core import Action, Model, Property
from hintcheck.symbolic.encode import NotEncodable
from hintcheck.symbolic.pages import PAGE, NotParametric, PageArray, PageRef, ParamView, as_array
from hintcheck.symbolic.terms import as_z3


@dataclass(frozen=True)
class ParamInstance:
    action: Action
    args: tuple[Any, ...]

    @property
    def label(self) -> str:
        shown = ["page" if isinstance(a, PageRef) else str(a) for a in self.args]
        return f"{self.action.name}({', '.join(shown)})"


class ParamSystem:
    """Init, transition relation and properties of `model` for any number of `index`."""

    def __init__(self, model: Model, index: str) -> None:
        if index not in model.symmetric:
            raise NotParametric(f"model {model.name} does not declare {index} interchangeable: "
                                "no proof for any number of them")
        over = [f.name for f in model.fields if isinstance(f.index, tuple) and index in f.index]
        if over:
            raise NotParametric(f"model {model.name}: field {over[0]} is over two index sets with {index}: "
                                "no proof for any number of them")
        self.model, self.index = model, index
        self.view = ParamView(model, index)
        self.timed_out: list[str] = []        # claims whose query the solver gave up on (houdini.py)
        self.leaves_domain = False            # a step from the inductive set may leave the domains

    @property
    def abstracted(self) -> list[str]:
        """Where a `count()` over pages was abstracted (pages.py), sorted."""
        return sorted(self.view.page_set.abstracted)

    def _run(self, what: str, fn: Any) -> Any:
        self.view.page_set.context = what
        try:
            return fn()
        except (NotParametric, NotEncodable) as exc:
            raise NotParametric(f"model {self.model.name}, {what}: {exc}") from None
        except TypeError as exc:
            raise NotParametric(f"model {self.model.name}, {what}: cannot be encoded ({exc})") from None

    def state(self, tag: str) -> Any:
        """A symbolic state: arrays for per-page fields, integers elsewhere."""
        values: dict[str, Any] = {}
        for f in self.model.fields:
            if f.index == self.index:
                values[f.name] = PageArray(z3.Array(f"{tag}.{f.name}", PAGE, z3.IntSort()), self.view.term)
            elif f.index is None:
                values[f.name] = self.view.term(z3.Int(f"{tag}.{f.name}"))
            else:
                size = self.model.index_size(f.index)
                values[f.name] = self.model.array(f, (self.view.term(z3.Int(f"{tag}.{f.name}[{i}]"))
                                                      for i in range(size)))
        return self.model.spec.state(**values)

    def domain(self, s: Any) -> z3.BoolRef:
        """Every element of `s` lies in its declared domain."""
        out = []
        x = z3.Const("dom!p", PAGE)
        for f in self.model.fields:
            lo, size = f.domain.lo, self.model.domain_size(f)      # values here, not digits
            value = getattr(s, f.name)
            if f.index == self.index:
                cell = z3.Select(value.expr, x)
                out.append(z3.ForAll([x], z3.And(lo <= cell, cell < lo + size)))
            else:
                for v in (value,) if f.index is None else value:
                    out.append(z3.And(lo <= v.expr, v.expr < lo + size))
        return z3.And(*out)

    def equals(self, post: Any, value: Any) -> z3.BoolRef:
        """`post` (a symbolic state) equals `value` (an effect's result), field by field."""
        out = []
        for f in self.model.fields:
            a, b = getattr(post, f.name), getattr(value, f.name)
            if f.index == self.index:
                out.append(a.expr == self._run(f"field {f.name}", lambda: as_array(b, self.view.page_set)))
            elif f.index is None:
                out.append(a.expr == as_z3(b))
            else:
                out.extend(x.expr == as_z3(y) for x, y in zip(a, b))
        return z3.And(*out)

    def initial(self, s: Any) -> z3.BoolRef:
        init = self.model.spec.init
        if init is None or len(self.model.initial_states) != 1:
            raise NotParametric(f"model {self.model.name} has several initial states: no proof for any number")
        return self.equals(s, self._run("init", lambda: init(self.view)))

    def holds(self, prop: Property, s: Any) -> z3.BoolRef:
        if prop.kind != "invariant":
            raise NotParametric(f"property {prop.name}: only invariants are proved for any number")
        return as_z3(self._run(f"property {prop.name}", lambda: prop.predicate(self.view, s)))

    def instances(self, tag: str) -> list[ParamInstance]:
        out: list[ParamInstance] = []
        for act in self.model.actions:
            choices: list[Sequence[PageRef | int]] = []
            for ix, name in zip(act.params, act.arg_names):
                if ix == self.index:
                    choices.append([PageRef(z3.Const(f"{tag}:{act.name}.{name}", PAGE), self.view.term)])
                else:
                    choices.append(list(range(self.model.index_size(ix))))
            out.extend(ParamInstance(act, args) for args in itertools.product(*choices))
        return out

    def step(self, pre: Any, post: Any, tag: str) -> tuple[z3.BoolRef, dict[z3.BoolRef, ParamInstance]]:
        """T(pre, post) with one indicator per symbolic instance."""
        fired: dict[z3.BoolRef, ParamInstance] = {}
        clauses = []
        for inst in self.instances(tag):
            where = f"action {inst.action.name}"
            guard = as_z3(self._run(where, lambda: inst.action.guard(self.view, pre, *inst.args)))
            after = self._run(where, lambda: inst.action.effect(self.view, pre, *inst.args))
            chosen = z3.Bool(f"{tag}:{inst.label}")
            fired[chosen] = inst
            clauses.append(z3.Implies(chosen, z3.And(guard, self.equals(post, after))))
        return z3.And(*clauses, z3.Or(*fired)), fired
