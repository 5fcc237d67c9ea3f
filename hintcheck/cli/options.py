"""Options and helpers shared by the subcommands."""
from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Sequence
from typing import Any

import click

from hintcheck.model.core import HintcheckError


def parse_params(pairs: tuple[str, ...]) -> dict[str, int]:
    """`-p pages=3 -p rounds=2` -> {"pages": 3, "rounds": 2}."""
    out: dict[str, int] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip()
        if not sep or not name.isidentifier():
            raise HintcheckError(f"parameter {pair!r:.60}: expected NAME=VALUE")
        if not re.fullmatch(r"[+-]?[0-9]+", value.strip(), re.ASCII):      # not "1_0", not other scripts' digits
            raise HintcheckError(f"parameter {name}: {value!r:.40} is not an integer")
        number = int(value.strip(), 10)
        if name in out and out[name] != number:
            raise HintcheckError(f"parameter {name} given twice: {out[name]} and {number}")
        out[name] = number
    return out


def nonempty(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """Click callback: an option given as an empty string is an error, not its default."""
    if isinstance(value, str) and not value.strip():
        raise click.BadParameter("must not be empty", ctx=ctx, param=param)
    return value


# Counterexamples of a user's run land here, not in the project's regression corpus (traces/).
DEFAULT_TRACE_DIR = "hintcheck-traces"


def trace_dir_option(fn: Any) -> Any:
    return click.option("--trace-dir", type=click.Path(file_okay=False), default=DEFAULT_TRACE_DIR,
                        show_default=True, callback=nonempty,
                        help="Where counterexamples are saved (never overwritten), relative to the "
                             "current folder.")(fn)


def params_option(fn: Any) -> Any:
    return click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
                        help="Model parameter (repeatable), e.g. -p pages=3.")(fn)


def json_option(fn: Any) -> Any:
    return click.option("--json", "as_json", is_flag=True,
                        help="One JSON object per line on stdout; no progress, no tables.")(fn)


def emit_json(obj: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(obj, sort_keys=False) + "\n")
    sys.stdout.flush()


def interactive(as_json: bool) -> bool:
    """Progress and colour only for a person at a terminal."""
    return not as_json and sys.stderr.isatty()


class LazyChoice(click.Choice[str]):
    """A choice whose values are looked up when first needed: for the help text or an unknown value.

    `accepts` answers for one value without looking up the others (the
    values may live in engines that are imported only when asked for).
    """

    def __init__(self, values: Callable[[], Sequence[str]], accepts: Callable[[str], bool] | None = None) -> None:
        self._values = values
        self._accepts = accepts
        self._loaded: tuple[str, ...] | None = None
        self.case_sensitive = True

    @property
    def choices(self) -> tuple[str, ...]:
        if self._loaded is None:
            self._loaded = tuple(self._values())
        return self._loaded

    @choices.setter
    def choices(self, values: Sequence[str]) -> None:
        self._loaded = tuple(values)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        if self._accepts is not None and isinstance(value, str) and self._accepts(value):
            return value
        return super().convert(value, param, ctx)
