"""Symbolic page sets: the model's definitions read for *any* number of pages.

For a model that declares an index set interchangeable (pages in
`reference`), the set becomes an uninterpreted Z3 sort, each per-page
field an array over it, and the model's own code is run on that view:

- `m.pages` is a `PageSet`: iterating it yields one bound page variable,
  and `len()` is 1, so `(0,) * len(m.pages)` is "0 on every page";
- `every(...)` / `some(...)` over it become `ForAll` / `Exists` over the
  bound variable (the core helpers dispatch to `Z3Term.every_of/some_of`);
- `s.f[page]` with a page (an action argument or a bound variable) is a
  `Select`, `put(s.f, page, v)` a `Store`, and a tuple built over the page
  set (`tuple(... for p in m.pages)`) a `Lambda`;
- an action whose parameter ranges over the set has one symbolic instance,
  its argument a fresh page constant per step.

This is the fragment Ivy relies on (arrays over an uninterpreted sort with
universally quantified invariants). What it cannot express -- a concrete
page number, iterating a per-page field, `len()` of one -- raises
`NotParametric` naming the construct, never a silent approximation.

`count()` over pages (a cardinality: a per-CPU list's length, the pages
still to send) is outside the fragment too. It is *abstracted*, and the
abstraction is reported (`PageSet.abstracted`, shown with the verdict):
each occurrence becomes 0 when no page satisfies the condition and an
unconstrained positive integer otherwise. That is exact for comparisons
with 0 and 1 (`count(...) < 1`, `count(...) <= 0`: a list of capacity 1, a
threshold of 0) and an over-approximation beyond: every concrete run is a
run of the abstraction, so a proof stays sound, but a property that needs
the exact count ends `unknown`, never `proved`.

Soundness: the sort may be interpreted by any non-empty set, so a formula
valid here holds for every number of pages N >= 1.
"""
from __future__ import annotations

import itertools
from typing import Any, Iterator

import z3

from hintcheck.model.core import HintcheckError, Model
from hintcheck.symbolic.terms import Z3Term, as_z3

PAGE = z3.DeclareSort("Page")
_BINDER_PREFIX = "page!"


class NotParametric(HintcheckError):
    """A construct the any-number-of-pages encoding cannot express."""


class PageRef:
    """A page: an action's page argument or the bound variable of an iteration."""

    __slots__ = ("expr", "term")

    def __init__(self, expr: z3.ExprRef, term: type[Z3Term]) -> None:
        self.expr, self.term = expr, term

    def _other(self, other: Any) -> z3.ExprRef:
        if not isinstance(other, PageRef):
            raise NotParametric("a page compared with a concrete page number")
        return other.expr

    def __eq__(self, other: Any) -> Any:
        return self.term(self.expr == self._other(other))

    def __ne__(self, other: Any) -> Any:
        return self.term(self.expr != self._other(other))

    def __index__(self) -> int:
        raise NotParametric("a page used as a concrete tuple index")

    __hash__ = None  # type: ignore[assignment]


class PageSet:
    """The page index set, of unknown size.

    Iterating it yields a fresh bound variable; when the consumer asks for a
    second item the iteration has finished, and the variable is recorded as
    such. Whoever consumes the items next (`every`, `some`, `count`, a tuple
    stored into a per-page field) binds the newest *finished* variable that
    occurs free in them. A variable of an iteration still in progress (an
    `every` over CPUs inside an `every` over pages) is left for its own.
    """

    def __init__(self) -> None:
        self.counter = itertools.count()
        self.finished: set[str] = set()
        self.term: type[Z3Term] = Z3Term          # set by ParamView
        self.context = "?"                        # what is being encoded (set by ParamSystem)
        self.abstracted: set[str] = set()         # where a count() over pages was abstracted

    def __len__(self) -> int:
        return 1          # one representative element: `(v,) * len(m.pages)` is "v everywhere"

    def __iter__(self) -> Iterator[PageRef]:
        var = z3.Const(f"{_BINDER_PREFIX}{next(self.counter)}", PAGE)
        yield PageRef(var, self.term)
        self.finished.add(str(var))

    def take(self, items: list[Any]) -> z3.ExprRef | None:
        """The bound variable of the finished iteration that produced `items`, if it occurs in them."""
        free: dict[str, z3.ExprRef] = {}
        for item in items:
            _free_binders(as_z3(item), free)
        done = [v for name, v in free.items() if name in self.finished]
        if not done:
            return None
        return max(done, key=lambda v: int(str(v)[len(_BINDER_PREFIX):]))

    def abstract_count(self, var: z3.ExprRef, items: list[Any]) -> z3.ExprRef:
        """`count()` over pages: 0 if no page satisfies it, else some positive integer (see module doc)."""
        self.abstracted.add(self.context)
        fresh = z3.Int(f"count!{next(self.counter)}")
        some = z3.Exists([var], z3.Or(*[as_z3(i) for i in items]))
        return z3.If(some, 1 + z3.If(fresh >= 0, fresh, -fresh), 0)


def _free_binders(expr: z3.ExprRef, out: dict[str, z3.ExprRef]) -> None:
    """Collect the binder constants occurring (unbound) in `expr`."""
    todo, seen = [expr], set()
    while todo:
        e = todo.pop()
        if e.get_id() in seen:
            continue
        seen.add(e.get_id())
        if z3.is_const(e) and str(e).startswith(_BINDER_PREFIX):
            out[str(e)] = e
        elif z3.is_quantifier(e):
            todo.append(e.body())
        elif z3.is_app(e):
            todo.extend(e.children())


class PageArray:
    """A per-page field: a Z3 array from pages to values."""

    __slots__ = ("expr", "term")

    def __init__(self, expr: z3.ArrayRef, term: type[Z3Term]) -> None:
        self.expr, self.term = expr, term

    def __getitem__(self, page: Any) -> Z3Term:
        if not isinstance(page, PageRef):
            raise NotParametric(f"per-page field indexed with {page!r}, not a page")
        return self.term(z3.Select(self.expr, page.expr))

    def put(self, page: Any, value: Any) -> PageArray:
        if not isinstance(page, PageRef):
            raise NotParametric(f"put() on a per-page field with {page!r}, not a page")
        return PageArray(z3.Store(self.expr, page.expr, as_z3(value)), self.term)

    def __iter__(self) -> Iterator[Any]:
        raise NotParametric("iterating a per-page field (iterate the page set instead)")

    def __len__(self) -> int:
        raise NotParametric("len() of a per-page field")


class QuantTerm(Z3Term):
    """A Z3 term whose `every`/`some` over the page set quantify.

    Each `ParamView` derives its own subclass bound to its page set, so two
    encodings never share binder bookkeeping.
    """

    __slots__ = ()
    pages: PageSet

    @classmethod
    def every_of(cls, items: list[Any]) -> Any:
        var = cls.pages.take(items)
        body = z3.And(*[as_z3(i) for i in items])
        return cls(z3.ForAll([var], body)) if var is not None else cls.all_of(items)

    @classmethod
    def some_of(cls, items: list[Any]) -> Any:
        var = cls.pages.take(items)
        body = z3.Or(*[as_z3(i) for i in items])
        return cls(z3.Exists([var], body)) if var is not None else cls.any_of(items)

    @classmethod
    def count_of(cls, items: list[Any]) -> Any:
        var = cls.pages.take(items)
        if var is None:
            return super().count_of(items)
        return cls(cls.pages.abstract_count(var, items))


def as_array(value: Any, pages: PageSet) -> z3.ArrayRef:
    """A per-page field value (array, or a tuple built over the page set) as a Z3 array."""
    if isinstance(value, PageArray):
        return value.expr
    if isinstance(value, tuple) and len(value) == 1:
        var = pages.take(list(value))
        var = z3.Const(f"{_BINDER_PREFIX}k", PAGE) if var is None else var
        return z3.Lambda([var], as_z3(value[0]))
    raise NotParametric(f"a per-page field set to {value!r}")


class ParamView:
    """`model` seen with its index set `index` symbolic: what guards and effects get as `m`."""

    def __init__(self, model: Model, index: str) -> None:
        self._model, self.index = model, index
        self.page_set = PageSet()
        self.term: type[QuantTerm] = type("PageTerm", (QuantTerm,), {"pages": self.page_set})
        self.page_set.term = self.term

    def __getattr__(self, attr: str) -> Any:
        if attr == self.index:
            return self.page_set
        return getattr(self._model, attr)

    def index_size(self, index: str) -> int:
        if index == self.index:
            raise NotParametric(f"the size of {index} (unknown in a proof for any number)")
        return self._model.index_size(index)
