"""How run commands report: one JSON object per result, or a table and what it rests on.

Shared by `check`, `fuzz` and `prove`, so all print the same fields, save
counterexamples the same way and exit with the same codes.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from hintcheck.cli.jobs import Job
from hintcheck.cli.options import emit_json, interactive
from hintcheck.cli.progress import progress_reporter
from hintcheck.floor.result import EXIT_OK, EXIT_VIOLATED, Result, Stats, Verdict, exit_code
from hintcheck.suite import Entry, judge
from hintcheck.trace.format import save

Judge = Callable[[Entry, Result], tuple[bool, str]]


def record(job: Job, result: Result, trace_path: Path | None, judge_with: Judge = judge) -> dict[str, Any]:
    """The JSON row of one result; with a suite entry, whether it met the expectation."""
    st = result.stats
    row: dict[str, Any] = {
        "model": job.model.name, "policy": job.model.policy.name, "params": job.model.params,
        "property": job.prop.name, "engine": result.engine, "verdict": result.verdict.value,
        "states": st.states, "transitions": st.transitions, "depth": st.depth,
        "seconds": round(st.seconds, 3), "states_per_s": round(st.rate), "peak_rss": st.peak_rss,
        "violating": st.violating, "limit": result.limit, "symmetry": job.symmetry,
        "trace": str(trace_path) if trace_path else None,
        "trace_length": len(result.trace.steps) if result.trace else None,
        "summary": result.describe(),
        "fired": st.fired, "never_fired": [a for a, n in st.fired.items() if n == 0],
        "simplifications": list(job.model.spec.simplifications),
        "vector_fallback": st.extra.get("vector_fallback"),
    }
    if job.entry is not None:
        ok, why = judge_with(job.entry, result)
        row.update(expected=job.entry.expect.value, as_expected=ok, judgement=why)
    return row


def print_table(console: Console, rows: list[dict[str, Any]], title: str) -> None:
    """Expected against actual, one row per result, then each verdict in words."""
    table = Table(title=title)
    for col in ("model", "policy", "property", "params", "expected", "verdict", "states",
                "depth", "s", "trace"):
        table.add_column(col, justify="right" if col in ("states", "depth", "s") else "left")
    for r in rows:
        params = " ".join(f"{k}={v}" for k, v in r["params"].items()) + (" sym" if r["symmetry"] else "")
        verdict = r["verdict"] if r["limit"] is None else f"{r['verdict']} ({r['limit']})"
        if "as_expected" in r:
            verdict += "  ok" if r["as_expected"] else f"  UNEXPECTED: {r['judgement']}"
        trace = f"{r['trace_length']} steps: {r['trace']}" if r["trace"] else ""
        table.add_row(r["model"], r["policy"], r["property"], params, r.get("expected", "-"),
                      verdict, f"{r['states']:,}", str(r["depth"]), f"{r['seconds']:.1f}", trace)
    console.print(table)
    for r in rows:
        console.print(f"{r['model']}/{r['policy']} {r['property']}: {escape(r['summary'])}")


def print_basis(console: Console, rows: list[dict[str, Any]]) -> None:
    """What the verdicts rest on: actions that never fired, and the model's simplifications."""
    for r in rows:
        if r["never_fired"]:
            console.print(f"[yellow]warning[/yellow]: {r['model']}/{r['policy']} {r['property']}: "
                          f"never fired: {', '.join(r['never_fired'])} (the result may be vacuous for them)")
    seen = set()
    for r in rows:
        if r["model"] in seen or not r["simplifications"]:
            continue
        seen.add(r["model"])
        console.print(f"{r['model']}: not covered (stated simplifications):")
        for line in r["simplifications"]:
            console.print(f"  - {escape(line)}")


Run = Callable[[Job, Callable[[Stats], None] | None], Result]
Row = Callable[[Job, Result, Path | None], dict[str, Any]]
Details = Callable[[Console, list[dict[str, Any]]], None]


def run_jobs(jobs: list[Job], run: Run, make_row: Row, *, trace_dir: str, as_json: bool, title: str,
             suite: bool, details: Details = print_basis) -> int:
    """Run every job, save its counterexample, report, and return the exit status.

    In suite mode the status says whether every entry met its expectation
    (0) or not (1); otherwise it is the worst verdict's (0, 1 or 3).
    """
    console = Console(highlight=False, width=None if interactive(as_json) else 160)
    rows = []
    for job in jobs:
        with progress_reporter(f"{job.model.label} {job.prop.name}", interactive(as_json)) as report:
            result = run(job, report)
        path = save(result.trace, trace_dir) if result.trace is not None else None
        rows.append(make_row(job, result, path))
        if as_json:
            emit_json(rows[-1])
    if not as_json:
        print_table(console, rows, title)
        details(console, rows)
    if suite:
        return EXIT_OK if all(r["as_expected"] for r in rows) else EXIT_VIOLATED
    return exit_code([Verdict(r["verdict"]) for r in rows])
