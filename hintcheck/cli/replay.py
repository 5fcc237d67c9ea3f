"""`hintcheck replay FILE`: re-execute a saved trace step by step and re-judge it.

Exit status: 1 when the trace still violates its property, 0 when it no
longer does (the design was fixed), 2 when the file is malformed, for
another model, or diverges (a step is unknown, disabled, or leads to a
state other than the recorded one; the first such step is named).
"""
from __future__ import annotations

import click

from hintcheck.cli.options import emit_json, json_option
from hintcheck.floor.result import exit_code
from hintcheck.trace.format import Trace
from hintcheck.trace.render import text
from hintcheck.trace.replay import replay as run_replay


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@json_option
def replay(file: str, as_json: bool) -> int:
    """Replay a counterexample trace and report its verdict."""
    trace = Trace.load(file)
    outcome = run_replay(trace)
    if as_json:
        emit_json({"trace": file, "model": trace.model, "policy": trace.policy,
                   "params": dict(trace.params), "property": trace.property,
                   "recorded_verdict": trace.verdict.value, "verdict": outcome.verdict.value,
                   "steps": outcome.steps, "violated_at": outcome.violated_at,
                   "same_verdict": outcome.verdict is trace.verdict})
    else:
        click.echo(text(trace, outcome.violated_at))
        where = f" at step {outcome.violated_at}" if outcome.violated_at is not None else ""
        same = "same as recorded" if outcome.verdict is trace.verdict else f"recorded {trace.verdict.value}"
        click.echo(f"replayed {outcome.steps} steps: {trace.property} {outcome.verdict.value}{where} ({same})")
    return exit_code([outcome.verdict])
