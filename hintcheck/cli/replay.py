"""`hintcheck replay FILE`: re-execute a saved trace step by step and re-judge it.

The whole file is checked before anything runs (hintcheck/trace/format.py,
hintcheck/trace/replay.py). A trace whose policy is a file runs that file
only when its SHA-256 is the one the trace recorded; `--policy FILE:Class`
(or a registry name) replaces the trace's policy on purpose, which is also
how an older trace without a recorded SHA-256, or a trace against a fixed
design, is replayed. A model loaded from a file (`--model FILE:Spec` at
check time) is held to the same rule, with `--model FILE:Spec` here.

An ITF file (the Informal Trace Format of Apalache and Quint, as `show
--format itf` writes it) replays too, on the model whose state fields are
its `vars`: the model, policy, parameters and property come from the
options, else from its `#meta` (registry names only), and each step is
the action that leads from one state to the next (trace.itf.from_itf).

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

from typing import Any

from hintcheck.cli.options import emit_json, json_option, nonempty
from hintcheck.floor.result import EXIT_OK, EXIT_VIOLATED, Verdict
from hintcheck.model.core import HintcheckError
from hintcheck.model.registry import load_spec
from hintcheck.trace.format import Trace, TraceError, read_json
from hintcheck.trace.itf import from_itf
from hintcheck.trace.render import text
from hintcheck.trace.view import explained, view_of
from hintcheck.trace.replay import model_for
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
@click.option("--property", "prop_name", callback=nonempty,
              help="An ITF trace: the property to judge it by (default: the one its #meta names).")
@json_option
def replay(file: str, policy: str | None, model_file: str | None, prop_name: str | None, as_json: bool) -> int:
    """Replay a counterexample trace (hintcheck's, or ITF) and report its verdict."""
    raw = read_json(file)
    if is_itf(raw):
        trace = itf_trace(raw, file, model_file, policy, prop_name)
        policy = model_file = None                   # the trace was built on exactly these
    elif prop_name is not None:
        raise HintcheckError("--property is for an ITF trace; a hintcheck trace names its property")
    else:
        trace = Trace.from_json(raw, file)
    outcome = run_replay(trace, policy=policy, model_file=model_file)
    used = policy if policy is not None else trace.policy
    if as_json:
        emit_json({"trace": file, "model": trace.model, "policy": used, "recorded_policy": trace.policy,
                   "params": dict(trace.params), "property": trace.property,
                   "recorded_verdict": trace.verdict.value, "verdict": outcome.verdict.value,
                   "steps": outcome.steps, "violated_at": outcome.violated_at,
                   "same_verdict": outcome.verdict is trace.verdict})
    else:
        # the recorded states are this design's unless another policy re-ran the steps as a script
        model = model_for(trace, policy, model_file)
        view = explained(model, model.property_named(trace.property), trace) if policy is None else view_of(model)
        click.echo(text(trace, outcome.violated_at, view))
        if policy is not None:
            again = ": the recorded steps re-run under it (the states shown are the recorded design's)" \
                if policy != trace.policy else ""
            click.echo(f"policy {policy} in place of the recorded {trace.policy}{again}")
        where = f" at step {outcome.violated_at}" if outcome.violated_at is not None else ""
        same = "same as recorded" if outcome.verdict is trace.verdict else f"recorded {trace.verdict.value}"
        click.echo(f"replayed {outcome.steps} steps: {trace.property} {outcome.verdict.value}{where} ({same})")
    return EXIT_VIOLATED if outcome.verdict is Verdict.VIOLATED else EXIT_OK


def is_itf(raw: Any) -> bool:
    """An ITF trace (vars and states), not a hintcheck one."""
    return isinstance(raw, dict) and "vars" in raw and "states" in raw and "format" not in raw


def itf_trace(raw: dict[str, Any], file: str, model: str | None, policy: str | None, prop: str | None) -> Trace:
    """An ITF file as a hintcheck trace: model, policy, parameters and property from the options, else from
    its #meta (registry names only: a file is run only when named on the command line)."""
    found = raw.get("#meta")
    meta: dict[str, Any] = found if isinstance(found, dict) else {}
    ref, chosen, name = model or meta.get("model"), policy or meta.get("policy"), prop or meta.get("property")
    params = meta.get("params", {})
    for what, value, flag in (("model", ref, "--model"), ("property", name, "--property")):
        if not isinstance(value, str):
            raise TraceError(f"{file}: an ITF trace that names no {what} needs {flag}")
    assert isinstance(ref, str) and isinstance(name, str)
    for what, value, flag in (("model", ref if model is None else None, "--model"),
                              ("policy", chosen if policy is None else None, "--policy")):
        if isinstance(value, str) and ":" in value:
            raise TraceError(f"{file}: its #meta names the {what} file {value}; name it with {flag} to run it")
    if not (isinstance(params, dict) and all(isinstance(v, int) for v in params.values())):
        raise TraceError(f"{file}: #meta.params is not an object of integers")
    built = load_spec(ref).build(chosen if isinstance(chosen, str) else None, params)
    built.property_named(name)
    return from_itf(raw, built, name, file, meta.get("fairness"))
