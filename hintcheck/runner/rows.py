"""The JSON row of an outcome: the data `--json` prints and the tables are drawn from.

Every row has the same fields whatever the engine; a suite entry adds
`expected`, `as_expected` and `judgement`; a sampled search adds its
example counts, seed, profile and swarm setting; a proof adds the lemmas
it used (and inferred) and, when induction failed, the counterexample to
induction.

A passing verdict whose search never fired an action that could falsify
the property carries `vacuous` (`floor.vacuity`): `{"never_fired": [...],
"why": "..."}`, else null; the verdict string itself stays as the engine
gave it, and so do the exit status and the judgement. `unfired` names the
relevant actions that never fired on a row that is not vacuous (empty for
a violation or when no claim is made), `disabled` the actions the
parameters disable, `never_fired` every action with no transition, and
`notes` the policy's notes (defaults applied for settings it did not name);
`save_error` is the line saying why a counterexample was not saved (null
when it was, or when there was none).
"""
from __future__ import annotations

from typing import Any

from hintcheck.engines import engine_named
from hintcheck.floor.vacuity import relevance, vacuity
from hintcheck.runner.run import Outcome
from hintcheck.trace.format import state_to_json

SAMPLED_FIELDS = ("examples", "found_after", "seed", "profile", "swarm")


def coverage(outcome: Outcome) -> dict[str, Any]:
    """What the actions that fired say about the verdict: `vacuous`, `unfired` and `disabled`."""
    job, result = outcome.job, outcome.result
    fired = result.stats.fired
    judged = vacuity(job.model, job.prop, fired, result.verdict)
    vacuous: dict[str, Any] | None = None
    unfired: list[str] = []
    trigger = result.stats.extra.get("vacuous")          # the liveness engine's: a trigger no state meets
    if trigger:
        vacuous = {"never_fired": [], "why": str(trigger)}
    elif judged is not None and judged.vacuous:
        vacuous = {"never_fired": list(judged.unfired), "why": judged.why}
    elif judged is not None:
        unfired = list(judged.unfired)
    disabled = list(relevance(job.model, job.prop).disabled) if fired else []
    return {"vacuous": vacuous, "unfired": unfired, "disabled": disabled}


def outcome_row(outcome: Outcome) -> dict[str, Any]:
    """The JSON row of one outcome."""
    job, result = outcome.job, outcome.result
    st = result.stats
    basis = coverage(outcome)
    vacuous = basis["vacuous"]
    row: dict[str, Any] = {
        "model": job.model.name, "policy": job.model.policy.name, "params": job.model.params,
        "property": job.prop.name, "engine": result.engine, "verdict": result.verdict.value,
        "states": st.states, "transitions": st.transitions, "depth": st.depth,
        "seconds": round(st.seconds, 3), "states_per_s": round(st.rate), "peak_rss": st.peak_rss,
        "violating": st.violating, "limit": result.limit, "symmetry": job.symmetry,
        "trace": str(outcome.trace_path) if outcome.trace_path else None,
        "trace_length": len(result.trace.steps) if result.trace else None,
        "save_error": outcome.save_error,
        "summary": result.describe() + (f"; vacuous: {vacuous['why']}" if vacuous else "")
        + (f"; assuming {st.extra['assumes']}" if "assumes" in st.extra else ""),
        **basis,
        "fired": st.fired, "never_fired": [a for a, n in st.fired.items() if n == 0],
        "notes": list(job.model.policy.notes),
        "simplifications": list(job.model.spec.simplifications),
        "vector_fallback": st.extra.get("vector_fallback"),
    }
    if job.entry is not None:
        row.update(expected=job.entry.expect.value, as_expected=outcome.met, judgement=outcome.why)
    family = engine_named(job.engine).family
    if family == "sampled":
        row.update({key: st.extra[key] for key in SAMPLED_FIELDS})
    elif family == "proof":
        row["lemmas"] = st.extra.get("lemmas", [])
        cti = st.extra.get("cti")
        if cti is not None:
            row["cti"] = {"before": state_to_json(job.model, cti.before), "step": cti.step,
                          "after": state_to_json(job.model, cti.after), "failing": list(cti.failing)}
    return row
