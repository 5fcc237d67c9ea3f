"""What a model offers a policy, declared as data: its hooks and its settings.

Every model calls every hook the same way, `hook(m, s, *args)`, and
declares each one as a `HookSpec`: its name, the arguments after `(m, s)`,
the step it runs in, the kernel, QEMU or KVM function it stands for, and
the fields it may write. `hintcheck list` prints the declarations and
docs/hooks.md is generated from them (`hintcheck.cli.hookdoc`), so the
three cannot drift apart.

A write is a field name (`want`: the whole field) or a field with one of
the hook's own arguments as index (`hs[page]`: only the element of that
page). Anything else a hook changes is refused, in every engine
(`policy.HookTable`).

A `Setting` is a class attribute a policy may set (`quiesce = False`),
with its type and default. A setting whose values name implementations
(`host = "mirror"` in hpt) maps each value to a class whose hooks and
actions the policy starts from; the policy's own hooks override them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Mapping

_WRITE = re.compile(r"^([A-Za-z_]\w*)(?:\[([A-Za-z_]\w*)\])?$")


@dataclass(frozen=True)
class HookSpec:
    """One hook point of a model."""

    name: str
    args: tuple[str, ...]            # the arguments after (m, s)
    step: str                        # the action(s) it runs in, and where in them
    counterpart: str                 # the real function it stands for
    writes: tuple[str, ...]          # "field" or "field[arg]"
    doc: str = ""

    def __post_init__(self) -> None:
        for w in self.writes:
            found = _WRITE.match(w)
            if found is None or (found.group(2) is not None and found.group(2) not in self.args):
                raise ValueError(f"hook {self.name}: write {w!r} is not 'field' or 'field[arg]' of {self.args}")

    @property
    def signature(self) -> str:
        return f"{self.name}({', '.join(('m', 's') + self.args)})"

    def write_map(self) -> dict[str, str | None]:
        """Field -> the argument indexing the one element it may write (None: the whole field)."""
        out: dict[str, str | None] = {}
        for w in self.writes:
            found = _WRITE.match(w)
            assert found is not None
            name, arg = found.group(1), found.group(2)
            out[name] = None if name in out and out[name] != arg else arg
        return out

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "args": list(self.args), "step": self.step,
                "counterpart": self.counterpart, "writes": list(self.writes), "doc": self.doc}


@dataclass(frozen=True)
class Setting:
    """A policy attribute the model reads, with its type and default.

    `kind` is bool, int, str or dict. `choices`, when given, are the values
    a str setting takes; `provides` maps a choice to a class whose hooks and
    `actions` the policy inherits unless it defines its own.
    """

    name: str
    kind: type
    default: Any
    doc: str = ""
    choices: tuple[str, ...] = ()
    provides: Mapping[str, type] = field(default_factory=dict)

    def problem(self, value: Any) -> str | None:
        """Why `value` is not a value of this setting, or None."""
        if self.kind is bool and not isinstance(value, bool):
            return f"expected True or False, got {value!r:.40}"
        if self.kind is int and (isinstance(value, bool) or not isinstance(value, int)):
            return f"expected an int, got {value!r:.40}"
        if self.kind is str and not isinstance(value, str):
            return f"expected a string, got {value!r:.40}"
        if self.kind is dict and not isinstance(value, Mapping):
            return f"expected a mapping, got {value!r:.40}"
        if self.choices and value not in self.choices:
            return f"{value!r:.40} is not one of {', '.join(self.choices)}"
        return None

    def to_json(self) -> dict[str, Any]:
        default = self.default if isinstance(self.default, (bool, int, str)) else repr(self.default)
        return {"name": self.name, "type": self.kind.__name__, "default": default,
                "choices": list(self.choices), "doc": self.doc}


# What a hook-cost setting holds: hook name -> an int or a function (m, s, *args).
HCALLS = Setting("hcalls", dict, {}, "hypercalls per hook: {hook: int or (m, s, *args) -> int}, "
                 "counted on each step that runs the hook")
