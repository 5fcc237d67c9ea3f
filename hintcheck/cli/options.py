"""Options and helpers shared by the subcommands."""
from __future__ import annotations

import itertools
import json
import math
import re
import sys
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

from hintcheck.model.core import Fair, HintcheckError
from hintcheck.model.core.liveness import parse_fair as parse_fair_one

T = TypeVar("T")

# A sweep larger than this is refused: it is almost always a typo (pages=1..80 for 1..8).
MAX_POINTS = 1000


def _values(name: str, text: str) -> list[int]:
    """`3`, `1,2`, `1..4` or `1..3,8` -> the integers, in order, each once."""
    out: list[int] = []
    for item in text.split(","):
        lo, dots, hi = item.strip().partition("..")
        for part in (lo, hi) if dots else (lo,):
            if not re.fullmatch(r"[+-]?[0-9]+", part.strip(), re.ASCII):      # not "1_0", no other scripts' digits
                raise HintcheckError(f"parameter {name}: {text!r:.40} is not an integer, a list a,b or a range lo..hi")
        first, last = int(lo.strip(), 10), int(hi.strip(), 10) if dots else int(lo.strip(), 10)
        if last < first:
            raise HintcheckError(f"parameter {name}: empty range {item.strip()!r}")
        if last - first >= MAX_POINTS:
            raise HintcheckError(f"parameter {name}: range {item.strip()!r} has more than {MAX_POINTS:,} values")
        out += [v for v in range(first, last + 1) if v not in out]
    return out


def parse_points(pairs: tuple[str, ...]) -> list[dict[str, int]]:
    """`-p cpus=1,2 -p cmo=0..1 -p pages=3` -> every combination, the first parameter varying slowest.

    A parameter given twice must give the same values.
    """
    swept: dict[str, list[int]] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip()
        if not sep or not name.isidentifier():
            raise HintcheckError(f"parameter {pair!r:.60}: expected NAME=VALUE")
        values = _values(name, value)
        if name in swept and swept[name] != values:
            shown = ",".join(map(str, swept[name]))
            raise HintcheckError(f"parameter {name} given twice: {shown} and {','.join(map(str, values))}")
        swept[name] = values
    if math.prod(len(v) for v in swept.values()) > MAX_POINTS:
        raise HintcheckError(f"the parameters sweep more than {MAX_POINTS:,} points")
    return [dict(zip(swept, combo)) for combo in itertools.product(*swept.values())]


def parse_params(pairs: tuple[str, ...]) -> dict[str, int]:
    """`-p pages=3 -p rounds=2` -> {"pages": 3, "rounds": 2}: one value each (no sweep)."""
    points = parse_points(pairs)
    if len(points) != 1:
        raise HintcheckError("this command takes one value per parameter, not a sweep")
    return points[0]


def over_points(pairs: tuple[str, ...], jobs_at: Callable[[dict[str, int]], list[T]]) -> list[T]:
    """`jobs_at(point)` for every point of the sweep the `-p` options give, in order."""
    return [job for point in parse_points(pairs) for job in jobs_at(point)]


def nonempty(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """Click callback: an option given as an empty string is an error, not its default."""
    values = value if isinstance(value, tuple) else (value,)
    if any(isinstance(v, str) and not v.strip() for v in values):
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
                        help="Model parameter (repeatable), e.g. -p pages=3; a sweep runs every combination: "
                             "-p cpus=1,2 -p pages=2..4.")(fn)


def single_params_option(fn: Any) -> Any:
    return click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
                        help="Model parameter (repeatable), e.g. -p pages=3.")(fn)


def parse_fair(texts: tuple[str, ...], strong: bool) -> list[Fair]:
    """`--fair send --fair 'send(page=0)'` -> Fair assumptions; a malformed one is one error."""
    try:
        return [parse_fair_one(text, strong) for text in texts]
    except ValueError as exc:
        raise HintcheckError(str(exc)) from None


def fairness_options(fn: Any) -> Any:
    fn = click.option("--no-fair", "no_fair", is_flag=True,
                      help="Liveness: assume no fairness (drop the model's declared assumptions).")(fn)
    fn = click.option("--strong-fair", "strong_fair", multiple=True, metavar="ACTION",
                      help="Liveness: assume strong fairness of ACTION or ACTION(arg=N) (repeatable).")(fn)
    return click.option("--fair", "weak_fair", multiple=True, metavar="ACTION",
                        help="Liveness: assume weak fairness of ACTION or ACTION(arg=N) (repeatable), "
                             "beside the model's declared assumptions.")(fn)


def fairness_from(weak: tuple[str, ...], strong: tuple[str, ...], none: bool) -> tuple[Fair, ...] | None:
    """The fairness a run asks for: None keeps the model's declared assumptions (with nothing added)."""
    extra = parse_fair(weak, False) + parse_fair(strong, True)
    if none and extra:
        raise HintcheckError("--no-fair with --fair or --strong-fair: say which one is meant")
    if none:
        return ()
    return tuple(extra) if extra else None


def deadlock_option(fn: Any) -> Any:
    return click.option("--deadlock/--no-deadlock", default=True, show_default=True,
                        help="With --model and no --property: also check no_deadlock (a reachable state "
                             "with no action enabled that the model does not declare terminal).")(fn)


def trace_option(fn: Any) -> Any:
    return click.option("--trace/--no-trace", "show_traces", default=True, show_default=True,
                        help="Print each counterexample under its verdict (its saved file is named either way).")(fn)


def format_option(fn: Any) -> Any:
    return click.option("--format", "fmt", type=click.Choice(("plain", "table", "markdown")), default="plain",
                        show_default=True, help="Text output: one line per result (plain), with a table "
                        "before them (table), or with a Markdown table (markdown).")(fn)


def json_option(fn: Any) -> Any:
    return click.option("--json", "as_json", is_flag=True,
                        help="One JSON object per line on stdout; no progress, no tables.")(fn)


# The version of docs/json.md's field lists every --json object carries as `schema`.
JSON_SCHEMA = 1


def emit_json(obj: dict[str, Any]) -> None:
    """One object on its own line, led by the schema version and the command that wrote it."""
    ctx = click.get_current_context(silent=True)
    head = {"schema": JSON_SCHEMA, "command": ctx.info_name if ctx is not None else None}
    sys.stdout.write(json.dumps({**head, **obj}, sort_keys=False) + "\n")
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
