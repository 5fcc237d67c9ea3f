"""Why a state breaks an invariant, in the property's own terms.

The invariant, as the floor traced it (`lower.py`), is a tree of `and`
and `or` over parts: one per page for `every(... for p in m.pages)`, one
per clause of an `And`. `why` follows the tree on the failing state (the
first false conjunct of an `and`, every disjunct of a false `or`) and
names what it ends on by the state elements read there, grouped by
index: `page 0: alloc=1, data=2, dest=0; phase=DONE`. Nothing is
model-specific: the parts and the elements they read come from the one
traced graph every engine uses.

>>> from hintcheck.model.registry import load_spec
>>> m = load_spec("reference").build("rfc", {"pages": 1})
>>> prop = m.property_named("no_data_loss")
>>> s = m.init().set(phase=2, alloc=(1,), data=(2,), dest=(0,))
>>> why(m, prop, s)
'page 0: alloc=1, data=2, dest=0; phase=DONE'
"""
from __future__ import annotations

from typing import Any

from hintcheck.floor.graph import Node, NotLowerable, digits_read
from hintcheck.floor.lower import lowered
from hintcheck.floor.source import Source
from hintcheck.model.core import HintcheckError, Model, Property

# At most this many parts are named; a part reading more elements than this is summarised.
_MAX_READS = 8


def _singular(index: str) -> str:
    return index[:-1] if index.endswith("s") and len(index) > 1 else index


def _true(node: Any, env: dict[str, int]) -> bool:
    return bool(eval(Source().of(node), {}, env))  # noqa: S307 -- text generated from the traced graph


def _culprits(node: Any, env: dict[str, int]) -> list[Any]:
    """The smallest parts of a false `node` that make it false: the first false conjunct of an
    `and`, every disjunct of an `or`, followed down; any other node is its own culprit."""
    if isinstance(node, Node) and node.op == "and":
        first = next(part for part in node.args if not _true(part, env))
        return _culprits(first, env)
    if isinstance(node, Node) and node.op == "or":
        return [c for part in node.args for c in _culprits(part, env)]
    return [node]


def why(model: Model, prop: Property, state: Any) -> str | None:
    """The elements of `state` the first false part of invariant `prop` reads, by name; None if unknown.

    None when the property is not an invariant, cannot be traced, or holds
    on `state`.
    """
    if prop.kind != "invariant":
        return None
    try:
        low = lowered(model)
        node = low.invariant(prop)
        digits = low.packer.digits_of(state)
    except (NotLowerable, HintcheckError):
        return None
    env = {f"d{n}": d for n, d in enumerate(digits)}
    if node is False:
        return "the property is false in every state"
    if node is True or _true(node, env):
        return None
    fields = {f.name: f for f in model.fields}
    # A field with one possible value under these parameters tells the reader nothing.
    reads = sorted(n for n in digits_read(_culprits(node, env))
                   if fields[low.packer.digits[n][0]].domain.size(model.params) > 1)
    groups: dict[str, list[str]] = {}
    for n in reads[:_MAX_READS]:
        name, idx, _ = low.packer.digits[n]
        spec = fields[name]
        value = spec.domain.name_of(low.packer.value(n, digits[n]))
        if idx is None:
            where = ""
        elif isinstance(spec.index, str):
            where = f"{_singular(spec.index)} {idx}"
        elif spec.index is not None:
            cols = model.index_size(spec.index[1])
            where = f"{_singular(spec.index[0])} {idx // cols}, {_singular(spec.index[1])} {idx % cols}"
        groups.setdefault(where, []).append(f"{name}={value}")
    more = f" (and {len(reads) - _MAX_READS} more)" if len(reads) > _MAX_READS else ""
    ordered = sorted(groups.items(), key=lambda kv: kv[0] == "")        # indexed elements first
    text = "; ".join(f"{where}: {', '.join(vals)}" if where else ", ".join(vals) for where, vals in ordered)
    return text + more
