"""Candidate per-page lemmas from templates over a model's declared fields.

A candidate is a clause `for every page p: l1 or l2 or ...` whose literals
compare one per-page field of p with a constant (`dest[p] == 0`,
`alloc[p] != 1`), two per-page fields of p with each other (`dest[p] ==
data[p]`), or a scalar with a constant (`phase != 1`). The clauses kept are
those true on every (scalars, page row) pair of the states reached by a
small explicit run, and minimal: no kept clause contains a smaller one.

Each kept clause becomes an ordinary invariant `Property`, written with
the core helpers, so every engine (explicit, Z3 for fixed N, Z3 for any N)
evaluates the same definition.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any, Iterable

from hintcheck.model.core import Domain, Model, Or, Property, every


@dataclass(frozen=True)
class Literal:
    """`left == right` (or `!=`), `left` a field, `right` a constant or another field."""

    left: str
    right: str | int
    equal: bool
    per_page: bool          # whether `left` (and a field `right`) are per-page
    domain: Domain | None = field(default=None, compare=False)    # `left`'s, to name constants

    def text(self) -> str:
        lhs = f"{self.left}[p]" if self.per_page else self.left
        if isinstance(self.right, str):
            rhs = f"{self.right}[p]"
        else:
            rhs = str(self.domain.to_json(self.right) if self.domain is not None else self.right)
        return f"{lhs} {'==' if self.equal else '!='} {rhs}"

    def value(self, m: Any, s: Any, p: Any) -> Any:
        """The literal as a Bool (plain or term) on state `s`, page `p`."""
        lhs = getattr(s, self.left)[p] if self.per_page else getattr(s, self.left)
        rhs = getattr(s, self.right)[p] if isinstance(self.right, str) else self.right
        return lhs == rhs if self.equal else lhs != rhs

    def on_row(self, row: dict[str, int]) -> bool:
        lhs = row[self.left]
        rhs = row[self.right] if isinstance(self.right, str) else self.right
        return (lhs == rhs) == self.equal


def literals(model: Model, index: str) -> list[Literal]:
    """Every literal of the template language over `model`'s fields."""
    page_fields = [f for f in model.fields if f.index == index]
    scalars = [f for f in model.fields if f.index is None]
    out = []
    for group, per_page in ((page_fields, True), (scalars, False)):
        for f in group:
            size = model.domain_size(f)
            for v in f.domain.values(model.params):
                out.append(Literal(f.name, v, True, per_page, f.domain))
                if size > 2:
                    out.append(Literal(f.name, v, False, per_page, f.domain))
    for f, g in itertools.combinations(page_fields, 2):
        # Field-to-field literals only between fields of one domain (content with content,
        # never a location with a content token), and where constants cannot say it in a
        # few literals.
        if f.domain == g.domain and model.domain_size(f) > 2:
            out += [Literal(f.name, g.name, True, True), Literal(f.name, g.name, False, True)]
    return out


def rows(model: Model, index: str, states: Iterable[Any]) -> set[tuple[tuple[str, int], ...]]:
    """The distinct (scalars, one page's fields) rows of `states`."""
    out = set()
    for s in states:
        scal = tuple((f.name, int(getattr(s, f.name))) for f in model.fields if f.index is None)
        for p in range(model.index_size(index)):
            out.add(scal + tuple((f.name, int(getattr(s, f.name)[p]))
                                 for f in model.fields if f.index == index))
    return out


def mine(model: Model, index: str, states: Iterable[Any], max_literals: int = 5) -> list[tuple[Literal, ...]]:
    """Minimal clauses of at most `max_literals` literals true on every row of `states`.

    At most one scalar literal per clause (a guard such as `phase != 1`);
    validity is monotone in the literal set, so a valid clause is minimal
    exactly when none of its one-smaller subsets is valid.
    """
    table = [dict(r) for r in rows(model, index, states)]
    full = (1 << len(table)) - 1
    lits = literals(model, index)
    masks = [sum(1 << i for i, row in enumerate(table) if lit.on_row(row)) for lit in lits]
    domains = {f.name: f.domain.values(model.params) for f in model.fields}
    valid: set[frozenset[int]] = set()
    kept: list[tuple[int, ...]] = []
    for size in range(1, max_literals + 1):
        for combo in itertools.combinations(range(len(lits)), size):
            acc = 0
            for i in combo:
                acc |= masks[i]
            if acc != full or sum(not lits[i].per_page for i in combo) > 1:
                continue
            as_set = frozenset(combo)
            if size > 1 and any(as_set - {i} in valid for i in combo):
                valid.add(as_set)
                continue
            valid.add(as_set)
            if not _tautology([lits[i] for i in combo], domains):
                kept.append(combo)
    return [tuple(lits[i] for i in combo) for combo in kept if any(lits[i].per_page for i in combo)]


def _tautology(clause: list[Literal], domains: dict[str, range]) -> bool:
    """A clause that holds whatever the values (`x == 0 or x == 1` on a bit): says nothing."""
    if any(a.left == b.left and a.right == b.right and a.equal != b.equal
           for a, b in itertools.combinations(clause, 2)):
        return True                          # x == y or x != y
    covered: dict[str, set[int]] = {}
    for lit in clause:
        if isinstance(lit.right, int):
            values = {v for v in domains[lit.left] if (v == lit.right) == lit.equal}
            covered.setdefault(lit.left, set()).update(values)
    return any(len(vals) == len(domains[name]) for name, vals in covered.items())


def as_property(clause: tuple[Literal, ...], index: str, n: int) -> Property:
    """The clause as an invariant every engine can evaluate."""
    text = " or ".join(lit.text() for lit in clause)

    def predicate(m: Any, s: Any) -> Any:
        return every(Or(*[lit.value(m, s, p) for lit in clause]) for p in getattr(m, index))

    return Property(f"lemma{n}", "invariant", predicate, f"for every page p: {text}")
