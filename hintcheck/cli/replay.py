"""`hintcheck replay FILE`: re-execute a saved trace step by step and re-judge it.

The whole file is checked before anything runs (hintcheck/trace/format.py,
hintcheck/trace/replay.py). A trace whose policy is a file runs that file
only when its SHA-256 is the one the trace recorded; `--policy FILE:Class`
(or a registry name) replaces the trace's policy on purpose, which is also
how an older trace without a recorded SHA-256, or a trace against a fixed
design, is replayed. A model loaded from a file (`--model FILE:Spec` at
check time) is held to the same rule, with `--model FILE:Spec` here.

Exit status: 1 when the trace still violates its property; 0 when it
replays fully and no longer violates it (the design was fixed); 2 when the
file is malformed, damaged (its steps cut), for another model, names a
policy file that is not the one it was recorded with, or diverges (a step
is unknown, disabled, or leads to a state other than the recorded one; the
first such step is named). Replay never reports "bounded" (3): a replay
either runs every step or stops with exit 2.
"""
from __future__ import annotations

import click

from hintcheck.cli.options import emit_json, json_option, nonempty
from hintcheck.floor.result import EXIT_OK, EXIT_VIOLATED, Verdict
from hintcheck.trace.format import Trace
from hintcheck.trace.render import text
from hintcheck.trace.replay import replay as run_replay


@click.command(epilog="\b\nExit status: 1 still violated, 0 replayed fully and no longer violated "
                      "(fixed),\n2 malformed, damaged, foreign, untrusted policy file, or diverges.")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--policy", metavar="FILE:Class", callback=nonempty,
              help="Replay with this policy (a file.py:Class or a registry name) instead of the "
                   "trace's own; needed for a trace whose policy file records no SHA-256 or has changed.")
@click.option("--model", "model_file", metavar="FILE:Spec", callback=nonempty,
              help="Replay on this model file instead of the one the trace names; needed when that "
                   "file has changed or records no SHA-256.")
@json_option
def replay(file: str, policy: str | None, model_file: str | None, as_json: bool) -> int:
    """Replay a counterexample trace and report its verdict."""
    trace = Trace.load(file)
    outcome = run_replay(trace, policy=policy, model_file=model_file)
    used = policy if policy is not None else trace.policy
    if as_json:
        emit_json({"trace": file, "model": trace.model, "policy": used, "recorded_policy": trace.policy,
                   "params": dict(trace.params), "property": trace.property,
                   "recorded_verdict": trace.verdict.value, "verdict": outcome.verdict.value,
                   "steps": outcome.steps, "violated_at": outcome.violated_at,
                   "same_verdict": outcome.verdict is trace.verdict})
    else:
        click.echo(text(trace, outcome.violated_at))
        if policy is not None:
            again = ": the recorded steps re-run under it (the states shown are the recorded design's)" \
                if policy != trace.policy else ""
            click.echo(f"policy {policy} in place of the recorded {trace.policy}{again}")
        where = f" at step {outcome.violated_at}" if outcome.violated_at is not None else ""
        same = "same as recorded" if outcome.verdict is trace.verdict else f"recorded {trace.verdict.value}"
        click.echo(f"replayed {outcome.steps} steps: {trace.property} {outcome.verdict.value}{where} ({same})")
    return EXIT_VIOLATED if outcome.verdict is Verdict.VIOLATED else EXIT_OK
