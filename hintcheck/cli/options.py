"""Options and helpers shared by the subcommands."""
from __future__ import annotations

import json
import sys
from typing import Any

import click

from hintcheck.model.core import HintcheckError, Model, ModelSpec
from hintcheck.model.registry import load_spec


def parse_params(pairs: tuple[str, ...]) -> dict[str, int]:
    """`-p pages=3 -p rounds=2` -> {"pages": 3, "rounds": 2}."""
    out: dict[str, int] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise HintcheckError(f"parameter {pair!r}: expected NAME=VALUE")
        try:
            out[name.strip()] = int(value)
        except ValueError:
            raise HintcheckError(f"parameter {name}: {value!r} is not an integer") from None
    return out


def params_option(fn: Any) -> Any:
    return click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
                        help="Model parameter (repeatable), e.g. -p pages=3.")(fn)


def json_option(fn: Any) -> Any:
    return click.option("--json", "as_json", is_flag=True,
                        help="One JSON object per line on stdout; no progress, no tables.")(fn)


def build(model: str, policy: str | None, params: dict[str, int]) -> Model:
    spec: ModelSpec = load_spec(model)
    return spec.build(policy, params)


def emit_json(obj: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(obj, sort_keys=False) + "\n")
    sys.stdout.flush()


def interactive(as_json: bool) -> bool:
    """Progress and colour only for a person at a terminal."""
    return not as_json and sys.stderr.isatty()
