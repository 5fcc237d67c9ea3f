"""How run commands report: one JSON object per result, or a table and what it rests on.

Shared by `check`, `fuzz` and `prove`, so all print the same fields, save
counterexamples the same way and exit with the same codes. Running,
judging and the rows themselves are the runner's (`hintcheck.runner`);
this module renders them.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from contextlib import AbstractContextManager
from typing import Any

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from hintcheck.cli.options import emit_json, interactive
from hintcheck.cli.progress import progress_reporter
from hintcheck.floor import Progress, Verdict
from hintcheck.runner import Job, Outcome, exit_status, outcome_row, run_jobs
from hintcheck.trace.format import Trace
from hintcheck.trace.render import text
from hintcheck.trace.view import View, explained


FORMATS = ("plain", "table", "markdown")
COLUMNS = ("model", "policy", "property", "params", "expected", "verdict", "states", "depth", "s", "trace")


def _cells(r: dict[str, Any]) -> list[str]:
    """One row's cells in `COLUMNS` order, as plain text."""
    params = " ".join(f"{k}={v}" for k, v in r["params"].items()) + (" sym" if r["symmetry"] else "")
    verdict = r["verdict"] if r["limit"] is None else f"{r['verdict']} ({r['limit']})"
    if r["vacuous"]:
        verdict += f" (vacuous: {r['vacuous']['why']})"
    if "as_expected" in r:
        verdict += "  ok" if r["as_expected"] else f"  UNEXPECTED: {r['judgement']}"
    trace = f"{r['trace_length']} steps: {r['trace']}" if r["trace"] else ""
    return [r["model"], r["policy"], r["property"], params, r.get("expected", "-"), verdict,
            f"{r['states']:,}", str(r["depth"]), f"{r['seconds']:.1f}", trace]


def _red(text: str) -> str:
    """Markup for the console: UNEXPECTED in bold red (shown as colour on a terminal only)."""
    return escape(text).replace("UNEXPECTED", "[bold red]UNEXPECTED[/bold red]")


def print_table(console: Console, rows: list[dict[str, Any]], title: str) -> None:
    """Expected against actual, one table row per result (`--format table`)."""
    table = Table(title=title)
    for col in COLUMNS:
        table.add_column(col, justify="right" if col in ("states", "depth", "s") else "left")
    for r in rows:
        table.add_row(*(_red(c) for c in _cells(r)))
    console.print(table)


def print_markdown(console: Console, rows: list[dict[str, Any]], title: str) -> None:
    """The same table in Markdown, to paste into a cover letter (`--format markdown`)."""
    console.print(f"### {escape(title)}\n")
    console.print("| " + " | ".join(COLUMNS) + " |", soft_wrap=True)
    console.print("|" + "|".join("---:" if c in ("states", "depth", "s") else "---" for c in COLUMNS) + "|")
    for r in rows:
        console.print("| " + " | ".join(escape(c.replace("|", "\\|")) for c in _cells(r)) + " |", soft_wrap=True)
    console.print()


def _varied(rows: list[dict[str, Any]]) -> dict[str, set[str]]:
    """Per model, the parameters whose values differ between its rows: the ones a line must show."""
    values: dict[str, dict[str, set[Any]]] = {}
    for r in rows:
        for k, v in r["params"].items():
            values.setdefault(r["model"], {}).setdefault(k, set()).add(v)
    return {model: {k for k, vs in params.items() if len(vs) > 1} for model, params in values.items()} \
        | {r["model"]: set() for r in rows if not r["params"]}


def print_verdicts(console: Console, rows: list[dict[str, Any]],
                   traces: list[tuple[Trace, View] | None] | None = None) -> None:
    """Each verdict in words, one line per result, with its notes.

    In a suite run each line starts with `ok` or UNEXPECTED and why. With
    `traces` (one per row, None where there is no counterexample or it is
    not shown), each counterexample is printed under its verdict with the
    view of its model (values by name, why the failing step fails);
    the saved file's full path is printed in any case.
    """
    noted = set()
    varied = _varied(rows)
    for n, r in enumerate(rows):
        shown = [f"{k}={v}" for k, v in r["params"].items() if k in varied[r["model"]]]
        point = " [" + " ".join(shown) + "]" if shown else ""
        judged = "" if "as_expected" not in r else \
            "ok  " if r["as_expected"] else f"[bold red]UNEXPECTED[/bold red] ({escape(r['judgement'])}) "
        console.print(f"{judged}{r['model']}/{r['policy']}{escape(point)} {r['property']}: {escape(r['summary'])}")
        if r["trace"]:
            console.print(f"  counterexample saved: {escape(str(Path(r['trace']).resolve()))}", soft_wrap=True)
        found = traces[n] if traces is not None else None
        if found is not None:
            trace, view = found
            for line in text(trace, violated_at=len(trace.steps), view=view).splitlines()[1:]:
                console.print(f"  {escape(line)}", soft_wrap=True)
        if r["unfired"]:
            console.print(f"  [yellow]note[/yellow]: never fired, though able to falsify {r['property']}: "
                          f"{', '.join(r['unfired'])}")
        if r["notes"] and (r["model"], r["policy"]) not in noted:
            noted.add((r["model"], r["policy"]))
            for note in r["notes"]:
                console.print(f"  [yellow]policy note[/yellow]: {escape(note)}")


def tally(rows: list[dict[str, Any]]) -> str | None:
    """`72 as expected (28 expected violations), 0 unexpected`; None when no row has an expectation."""
    judged = [r for r in rows if "as_expected" in r]
    if not judged:
        return None
    met = [r for r in judged if r["as_expected"]]
    violations = sum(1 for r in met if r["expected"] == "violated")
    return f"{len(met)} as expected ({violations} expected violations), {len(judged) - len(met)} unexpected"


def print_basis(console: Console, rows: list[dict[str, Any]]) -> None:
    """What the verdicts do not cover: the model's stated simplifications, once per model.

    (Actions a verdict does not rest on are noted with the verdict itself.)
    """
    seen = set()
    for r in rows:
        if r["model"] in seen or not r["simplifications"]:
            continue
        seen.add(r["model"])
        console.print(f"{r['model']}: not covered (stated simplifications):")
        for line in r["simplifications"]:
            console.print(f"  - {escape(line)}")


Details = Callable[[Console, list[dict[str, Any]]], None]


def report_jobs(jobs: list[Job], *, trace_dir: str, as_json: bool, title: str, suite: bool,
                details: Details = print_basis, show_traces: bool = True, fmt: str = "plain") -> int:
    """Run every job with the runner, report each result, and return the exit status.

    In suite mode the status says whether every entry met its expectation
    (0) or not (1); otherwise it is the worst verdict's (0, 1 or 3). With
    `show_traces` the text output prints each counterexample under its
    verdict. `fmt` (`FORMATS`): one line per result (plain), a table
    before them (table), or a Markdown table before them (markdown).
    """
    # a terminal's width, or $COLUMNS; else 160 columns, so that a piped table is not squeezed
    console = Console(highlight=False, width=None if interactive(as_json) or "COLUMNS" in os.environ else 160)
    rows: list[dict[str, Any]] = []
    traces: list[tuple[Trace, View] | None] = []

    def shown(outcome: Outcome) -> None:
        rows.append(outcome_row(outcome))
        found = outcome.result.trace if outcome.result.verdict is Verdict.VIOLATED else None
        traces.append(None if found is None or not show_traces or as_json else
                      (found, explained(outcome.job.model, outcome.job.prop, found)))
        if as_json:
            emit_json(rows[-1])

    def progress(job: Job) -> AbstractContextManager[Progress | None]:
        return progress_reporter(f"{job.model.label} {job.prop.name}", interactive(as_json))

    outcomes = run_jobs(jobs, trace_dir=trace_dir, on_outcome=shown, reporter=progress)
    if not as_json:
        if fmt == "table":
            print_table(console, rows, title)
        elif fmt == "markdown":
            print_markdown(console, rows, title)
        print_verdicts(console, rows, traces)
        details(console, rows)
        line = tally(rows)
        if line is not None:
            console.print(line if line.endswith(" 0 unexpected") else f"[bold red]{line}[/bold red]")
    for r in rows:       # after the verdicts, on stderr; the verdict's exit status stands
        if r["save_error"]:
            click.echo(f"hintcheck: error: {r['model']}/{r['policy']} {r['property']}: {r['save_error']}", err=True)
    return exit_status(outcomes, suite=suite)
