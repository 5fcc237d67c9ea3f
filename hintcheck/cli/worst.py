"""`hintcheck worst`: the largest value a counter reaches, per policy, with a shortest path to it.

For cost counters kept in the state (the hotplug model's resizes per
batch), the worst case is the largest value of the field over the
reachable states (`hintcheck.runner.worst_case`: "field <= k" checked
with the explicit engine for growing k). `--where` restricts the states
considered (for example `--where kind=ADD`: add batches only).

    hintcheck worst --model hotplug --field resizes --where kind=ADD
"""
from __future__ import annotations

from typing import Any

import click

from hintcheck.cli.options import emit_json, json_option, nonempty, parse_params, single_params_option
from hintcheck.floor import EXIT_BOUNDED, EXIT_OK, Budget, Verdict
from hintcheck.model.core import FieldSpec, HintcheckError, Model
from hintcheck.runner import build_model, worst_case


def _scalar(model: Model, name: str) -> FieldSpec:
    for f in model.fields:
        if f.name == name and f.index is None:
            return f
    known = ", ".join(f.name for f in model.fields if f.index is None)
    raise HintcheckError(f"model {model.name} has no scalar field {name!r}; scalar fields: {known}")


def _conditions(model: Model, pairs: tuple[str, ...]) -> list[tuple[str, int]]:
    out = []
    for pair in pairs:
        name, sep, raw = pair.partition("=")
        if not sep:
            raise HintcheckError(f"--where {pair!r}: expected FIELD=VALUE")
        spec = _scalar(model, name.strip())
        value: Any = raw.strip()
        if value.lstrip("-").isdigit():
            value = int(value)
        try:
            out.append((spec.name, int(spec.domain.from_json(value, model.params))))
        except ValueError as exc:
            raise HintcheckError(f"--where {pair}: {exc}") from None
    return out


@click.command()
@click.option("--model", "model_name", required=True, callback=nonempty, help="Model to explore.")
@click.option("--policy", callback=nonempty, help="Policy (default: every policy of the model).")
@click.option("--field", required=True, callback=nonempty, help="Scalar state field to maximise (a cost counter).")
@click.option("--where", "where", multiple=True, metavar="FIELD=VALUE",
              help="Only states where FIELD has VALUE (repeatable; enum values by name).")
@single_params_option
@click.option("--max-states", type=click.IntRange(min=1), help="Stop each search after this many states.")
@json_option
def worst(model_name: str, policy: str | None, field: str, where: tuple[str, ...],
          params: tuple[str, ...], max_states: int | None, as_json: bool) -> int:
    """Worst case of a state counter per policy, with a shortest path that reaches it."""
    first = build_model(model_name, policy, parse_params(params))
    _scalar(first, field)
    conds = _conditions(first, where)
    policies = [policy] if policy else list(first.spec.policies)
    rows = [worst_case(build_model(model_name, p, first.params), field, conds, Budget(max_states=max_states))
            for p in policies]
    label = " ".join(f"{k}={v}" for k, v in first.params.items())
    scope = f" where {', '.join(where)}" if where else ""
    if as_json:
        for r in rows:
            emit_json({"model": model_name, "params": first.params, "field": field,
                       "where": list(where), **r})
    else:
        click.echo(f"{model_name} ({label}): worst {field}{scope}")
        for r in rows:
            shown = "unreachable" if r["worst"] is None else str(r["worst"])
            if r["verdict"] != Verdict.HOLDS.value:
                shown += f" (search {r['verdict']}: not exhaustive)"
            click.echo(f"  {r['policy']:<22} {shown:>4}   {len(r['steps'])} steps: {' '.join(r['steps'])}")
    return EXIT_OK if all(r["verdict"] == Verdict.HOLDS.value for r in rows) else EXIT_BOUNDED
