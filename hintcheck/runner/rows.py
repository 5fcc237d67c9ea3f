"""The JSON row of an outcome: the data `--json` prints and the tables are drawn from.

Every row has the same fields whatever the engine; a suite entry adds
`expected`, `as_expected` and `judgement`; a sampled search adds its
example counts, seed, profile and swarm setting; a proof adds the lemmas
it used (and inferred) and, when induction failed, the counterexample to
induction.
"""
from __future__ import annotations

from typing import Any

from hintcheck.engines import engine_named
from hintcheck.runner.run import Outcome
from hintcheck.trace.format import state_to_json

SAMPLED_FIELDS = ("examples", "found_after", "seed", "profile", "swarm")


def outcome_row(outcome: Outcome) -> dict[str, Any]:
    """The JSON row of one outcome."""
    job, result = outcome.job, outcome.result
    st = result.stats
    row: dict[str, Any] = {
        "model": job.model.name, "policy": job.model.policy.name, "params": job.model.params,
        "property": job.prop.name, "engine": result.engine, "verdict": result.verdict.value,
        "states": st.states, "transitions": st.transitions, "depth": st.depth,
        "seconds": round(st.seconds, 3), "states_per_s": round(st.rate), "peak_rss": st.peak_rss,
        "violating": st.violating, "limit": result.limit, "symmetry": job.symmetry,
        "trace": str(outcome.trace_path) if outcome.trace_path else None,
        "trace_length": len(result.trace.steps) if result.trace else None,
        "summary": result.describe(),
        "fired": st.fired, "never_fired": [a for a, n in st.fired.items() if n == 0],
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
