"""User code run behind one boundary: what it raises, returns and writes is checked.

A `Guard` calls one piece of code written outside hintcheck (a policy's
hook or extra action, a user model's guard, effect or property) and turns
anything it raises, `SystemExit` included, into one line of the owner's
error class naming the owner and the piece (engines add the step). A
state-returning piece must return a state of the model's class, and, when
its writes are declared, change nothing else (`ContractBreach`).
"""
from __future__ import annotations

import dataclasses
from typing import Any, Callable, Mapping

from hintcheck.model.core.errors import ContractBreach, HintcheckError, PolicyError
from hintcheck.model.core.expr import Term


def _same(a: Any, b: Any) -> bool:
    """Whether a value is unchanged: the same object, or equal plain ints (never a Term's ==)."""
    if a is b:
        return True
    if isinstance(a, Term) or isinstance(b, Term):
        return False
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return isinstance(a, int) and isinstance(b, int) and int(a) == int(b)


def describe(value: Any) -> str:
    """A value in a few words, for an error line."""
    return "None" if value is None else f"{type(value).__name__} {value!r:.40}"


class Guard:
    """Runs one piece of user code and holds it to the declaration of what it may write."""

    def __init__(self, label: str, what: str, state_cls: type, writes: Mapping[str, str | None] | None,
                 args: tuple[str, ...] = (), owner: str = "policy",
                 error: type[HintcheckError] = PolicyError) -> None:
        self.label, self.what, self.cls, self.writes, self.args = label, what, state_cls, writes, args
        self.owner, self.error = owner, error

    def call(self, fn: Callable[..., Any], *args: Any) -> Any:
        try:
            return fn(*args)
        except (HintcheckError, RecursionError, KeyboardInterrupt):
            raise
        except BaseException as exc:  # noqa: BLE001 -- user code may raise anything, SystemExit too
            raise self.error(f"{self.owner} {self.label}: {self.what} raised {type(exc).__name__}: "
                             f"{exc}") from exc

    def state(self, fn: Callable[..., Any], m: Any, s: Any, *args: Any) -> Any:
        """Call `fn(m, s, *args)`; its result must be a state that changes only the declared fields."""
        after = self.call(fn, m, s, *args)
        if type(after) is not type(s) or not isinstance(after, self.cls):
            raise ContractBreach(f"{self.owner} {self.label}: {self.what} returned {describe(after)}, "
                                 f"not a {self.cls.__name__} (return s.set(...))")
        if self.writes is not None:
            self._check_writes(self.writes, s, after, dict(zip(self.args, args)))
        return after

    def _check_writes(self, writes: Mapping[str, str | None], s: Any, after: Any,
                      bound: Mapping[str, Any]) -> None:
        for f in dataclasses.fields(after):
            old, new = getattr(s, f.name), getattr(after, f.name)
            if f.name not in writes:
                if not _same(old, new):
                    raise ContractBreach(f"{self.owner} {self.label}: {self.what} writes {f.name}, which it may not "
                                         f"change (may write: {', '.join(self._allowed()) or 'nothing'})")
                continue
            arg = writes[f.name]
            index = bound.get(arg) if arg is not None else None
            if index is None or isinstance(index, Term) or not isinstance(old, tuple):
                continue
            if not isinstance(new, tuple) or len(new) != len(old):
                continue            # a wrong length is the domain contract's finding, with the value
            for i, (x, y) in enumerate(zip(old, new)):
                if i != index and not _same(x, y):
                    raise ContractBreach(f"{self.owner} {self.label}: {self.what} writes {f.name}[{i}], but may "
                                         f"change only {f.name}[{arg}] ({arg}={index})")

    def _allowed(self) -> list[str]:
        assert self.writes is not None
        return [n if a is None else f"{n}[{a}]" for n, a in self.writes.items()]


