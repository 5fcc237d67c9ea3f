"""`hintcheck report [SUITE...] --out DIR`: a suite run as one self-contained HTML page.

Runs the suite as `hintcheck check [SUITE...]` does (the default suite
when no file is named), saves every counterexample under DIR/traces,
compares the designs the suite names for each model at the model's
default parameters (`hintcheck compare`, costs over seeded random walks,
their counterexamples under DIR/compare-traces), and writes
DIR/index.html: the tally, the verdict table, each model's comparison
with its plot, and every counterexample drawn. DIR must be new (or an
empty folder): nothing already there is overwritten.

The exit status is the suite's: 0 every entry as expected, 1 otherwise.
"""
from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path

import click

from hintcheck.cli.cost import describe_workload
from hintcheck.cli.progress import progress_reporter
from hintcheck.cli.rows import tally
from hintcheck.floor import Budget, Progress, Verdict
from hintcheck.model.core import HintcheckError
from hintcheck.runner import Job, outcome_row, run_jobs, suite_jobs, suite_status
from hintcheck.runner.compare import compare_designs, design_row
from hintcheck.runner.cost import cost_of
from hintcheck.trace.save import write_new
from hintcheck.trace.view import explained


def new_folder(path: str) -> Path:
    """The report's folder: created now, or an existing empty one; anything else is refused."""
    out = Path(path)
    if out.exists():
        if not out.is_dir():
            raise HintcheckError(f"--out {path}: exists and is not a folder")
        if any(out.iterdir()):
            raise HintcheckError(f"--out {path}: the folder is not empty; choose a new one (nothing is overwritten)")
    elif not out.parent.is_dir():
        raise HintcheckError(f"--out {path}: folder {out.parent} does not exist")
    out.mkdir(exist_ok=True)
    return out


@click.command(epilog="\b\nExit status: 0 every entry as expected, 1 some entry not, 2 bad input.")
@click.argument("suites", nargs=-1, type=click.Path(dir_okay=False))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="A new (or empty) folder for index.html and the saved counterexamples.")
@click.option("--slow", is_flag=True, help="Include entries marked slow.")
@click.option("--walks", type=click.IntRange(min=1), default=200, show_default=True,
              help="Random walks behind each design's cost figures.")
@click.option("--depth", type=click.IntRange(min=1), default=30, show_default=True, help="Steps per walk at most.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the walks.")
@click.option("--compare/--no-compare", "with_compare", default=True, show_default=True,
              help="Compare each model's designs (at its default parameters).")
def report(suites: tuple[str, ...], out_dir: str, slow: bool, walks: int, depth: int, seed: int,
           with_compare: bool) -> int:
    """Run a suite and write a self-contained HTML report: verdicts, comparisons, every counterexample."""
    from hintcheck.cli.report_page import designs_table, inline_svg, page, verdict_table

    jobs = suite_jobs(slow, files=suites)          # a bad suite is refused before the folder is made
    out = new_folder(out_dir)

    def progress(job: Job) -> AbstractContextManager[Progress | None]:
        return progress_reporter(f"{job.model.label} {job.prop.name}", False)

    outcomes = run_jobs(jobs, trace_dir=out / "traces", reporter=progress)
    rows = [outcome_row(o) for o in outcomes]
    anchors, drawn = {}, []
    for n, o in enumerate(outcomes):
        trace = o.result.trace
        if o.result.verdict is Verdict.VIOLATED and trace is not None:
            anchors[n] = f"cx-{n + 1}"
            drawn.append((anchors[n], trace, explained(o.job.model, o.job.prop, trace)))
    comparisons = []
    if with_compare:
        from hintcheck.cli.plot import draw      # matplotlib is loaded only to draw
        models: dict[str, list[str]] = {}
        for job in jobs:
            policies = models.setdefault(job.model.spec.source or job.model.name, [])
            if job.model.policy.name not in policies:
                policies.append(job.model.policy.name)
        for name, policies in models.items():
            click.echo(f"hintcheck: comparing the designs of {name}", err=True)
            designs = compare_designs(name, policies, {}, engine="auto", budget=Budget(),
                                      trace_dir=out / "compare-traces",
                                      cost=lambda m: cost_of(m, depth=depth, walks=walks, seed=seed))
            design_rows = [design_row(d) for d in designs]
            costed = next((d.cost for d in designs if d.cost is not None), None)
            title = f"{name}: costs over {describe_workload(costed)}" if costed else name
            svg = inline_svg(draw(design_rows, title)) if any(r["figures"] for r in design_rows) else ""
            comparisons.append((name, designs_table(design_rows), svg))
    line = tally(rows)
    status = suite_status(outcomes)
    title = "hintcheck report: " + (", ".join(suites) if suites else "the default suite")
    index = out / "index.html"
    try:
        written = write_new(index, page(title, line, status != 0, verdict_table(rows, anchors), comparisons,
                                        drawn).encode("utf-8"))
    except OSError as exc:
        raise HintcheckError(f"--out {out_dir}: cannot write index.html ({exc.strerror or exc})") from None
    if not written:
        raise HintcheckError(f"--out {out_dir}: index.html appeared meanwhile; nothing is overwritten")
    if line:
        click.echo(line)
    click.echo(f"report saved: {index.resolve()}")
    return status
