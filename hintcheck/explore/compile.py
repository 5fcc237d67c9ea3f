"""Compile a model's successor function to straight-line Python over packed keys.

The guards and effects are evaluated once on `Src` terms (a `Term` whose
value is a Python expression over the digits of the packed state), which
turns each action instance into a guard expression and a key delta: the
new key is the old key plus, for every digit the effect changes,
(new digit - old digit) * weight. The generated `expand(key)` unpacks the
digits once and returns every enabled instance with its successor key,
without building a state object. This is the model's own definition
evaluated a third way (besides values and solver terms), not a second copy.

A construct that does not compile (a Python `if` on a state value, indexing
with a state value) raises `NotCompilable`; the search then interprets the
model state by state instead.
"""
from __future__ import annotations

from typing import Any, Callable

from hintcheck.explore.packing import Packer
from hintcheck.model.core import Model, Property, Term


class NotCompilable(Exception):
    """The model uses a construct the compiler cannot express."""


def lit(value: Any) -> str:
    if isinstance(value, Src):
        return value.code
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, int):
        return str(int(value))
    raise NotCompilable(f"unsupported value {value!r}")


def _binary(op: str, reflected: bool = False) -> Callable[[Src, Any], Src]:
    def method(self: Src, other: Any) -> Src:
        a, b = (lit(other), self.code) if reflected else (self.code, lit(other))
        return Src(f"({a} {op} {b})")
    return method


class Src(Term):
    """A Python expression over the digits `d0, d1, ...` of the packed state."""

    __slots__ = ("code",)

    def __init__(self, code: str) -> None:
        self.code = code

    @classmethod
    def all_of(cls, items: list[Any]) -> Any:
        parts = []
        for item in items:
            if not isinstance(item, Src):
                if not item:
                    return False
                continue
            parts.append(item.code)
        return Src("(" + " and ".join(parts) + ")") if parts else True

    @classmethod
    def any_of(cls, items: list[Any]) -> Any:
        parts = []
        for item in items:
            if not isinstance(item, Src):
                if item:
                    return True
                continue
            parts.append(item.code)
        return Src("(" + " or ".join(parts) + ")") if parts else False

    def negate(self) -> Src:
        return Src(f"(not {self.code})")

    def choose(self, then: Any, else_: Any) -> Any:
        if isinstance(then, tuple) or isinstance(else_, tuple):
            raise NotCompilable("ite() over tuples")
        return Src(f"({lit(then)} if {self.code} else {lit(else_)})")

    def __index__(self) -> int:
        raise NotCompilable("a state value used as an index")

    __eq__ = _binary("==")          # type: ignore[assignment]
    __ne__ = _binary("!=")          # type: ignore[assignment]
    __lt__ = _binary("<")
    __le__ = _binary("<=")
    __gt__ = _binary(">")
    __ge__ = _binary(">=")
    __add__ = _binary("+")
    __sub__ = _binary("-")
    __mul__ = _binary("*")
    __floordiv__ = _binary("//")
    __mod__ = _binary("%")
    __radd__ = _binary("+", True)
    __rsub__ = _binary("-", True)
    __rmul__ = _binary("*", True)
    __hash__ = None  # type: ignore[assignment]


def _symbolic_state(model: Model, packer: Packer) -> Any:
    fields: dict[str, Any] = {}
    for n, (name, idx, _) in enumerate(packer.digits):
        if idx is None:
            fields[name] = Src(f"d{n}")
        else:
            fields[name] = fields.get(name, ()) + (Src(f"d{n}"),)
    return model.spec.state(**fields)


def _unpack_lines(packer: Packer) -> list[str]:
    lines = ["    k = key"]
    for n in range(len(packer.digits) - 1, 0, -1):
        lines.append(f"    k, d{n} = divmod(k, {packer.digits[n][2]})")
    lines.append("    d0 = k")
    return lines


def _delta(packer: Packer, before: Any, after: Any) -> str:
    """Key difference between `after` and `before`, as an expression."""
    terms, weight = [], 1
    for n in range(len(packer.digits) - 1, -1, -1):
        name, idx, radix = packer.digits[n]
        old = getattr(before, name) if idx is None else getattr(before, name)[idx]
        new = getattr(after, name) if idx is None else getattr(after, name)[idx]
        if new is not old:
            terms.append(f"({lit(new)} - d{n}) * {weight}")
        weight *= radix
    return " + ".join(terms) or "0"


def _try(what: str, fn: Callable[[], Any]) -> Any:
    try:
        return fn()
    except NotCompilable:
        raise
    except Exception as exc:   # TypeError from Term.__bool__, tuple indexing, a raising hook...
        raise NotCompilable(f"{what}: {type(exc).__name__}: {exc}") from None


def compile_expand(model: Model, prop: Property) -> Callable[[int], list[tuple[int, int, bool]]]:
    """`expand(key)` -> [(instance index, successor key, step property holds)].

    The third element is the action property on that step (always True for
    an invariant, which the caller checks on new states with `compile_invariant`).
    """
    packer = Packer(model)
    s = _symbolic_state(model, packer)
    body = ["def expand(key):", *_unpack_lines(packer), "    out = []"]
    for i, inst in enumerate(model.instances):
        where = f"model {model.name}, action {inst.action.name}"
        guard = _try(where, lambda: inst.action.guard(model, s, *inst.args))
        if guard is False:
            continue
        after = _try(where, lambda: inst.action.effect(model, s, *inst.args))
        ok = "True"
        if prop.kind == "action":
            ok = lit(_try(f"property {prop.name}", lambda: prop.predicate(model, s, inst.step, after)))
        cond = "True" if guard is True else lit(guard)
        body += [f"    if {cond}:", f"        out.append(({i}, key + {_delta(packer, s, after)}, {ok}))"]
    body.append("    return out")
    return _build(body, "expand")


def compile_invariant(model: Model, prop: Property) -> Callable[[int], bool]:
    """`holds(key)` for an invariant, on the packed state."""
    packer = Packer(model)
    s = _symbolic_state(model, packer)
    value = _try(f"property {prop.name}", lambda: prop.predicate(model, s))
    return _build(["def holds(key):", *_unpack_lines(packer), f"    return {lit(value)}"], "holds")


def compile_canon(model: Model) -> Callable[[int], int]:
    """`canon(key)`: the key of the orbit representative (sorted per-index rows)."""
    packer = Packer(model)
    body = ["def canon(key):", *_unpack_lines(packer)]
    digit_of = {(name, idx): n for n, (name, idx, _) in enumerate(packer.digits)}
    value_of = {n: f"d{n}" for n in range(len(packer.digits))}
    for g, ix in enumerate(sorted(model.symmetric)):
        names = [f.name for f in model.fields if f.index == ix]
        size = model.index_size(ix)
        rows = ", ".join("(" + ", ".join(f"d{digit_of[nm, i]}" for nm in names) + ",)" for i in range(size))
        body.append(f"    r{g} = sorted(({rows},))")
        for c, nm in enumerate(names):
            for i in range(size):
                value_of[digit_of[nm, i]] = f"r{g}[{i}][{c}]"
    expr = "0"
    for n, (_, _, radix) in enumerate(packer.digits):
        expr = f"({expr}) * {radix} + {value_of[n]}"
    body.append(f"    return {expr}")
    return _build(body, "canon")


def _build(lines: list[str], name: str) -> Any:
    namespace: dict[str, Any] = {}
    exec(compile("\n".join(lines), f"<hintcheck compiled {name}>", "exec"), namespace)  # noqa: S102
    return namespace[name]
