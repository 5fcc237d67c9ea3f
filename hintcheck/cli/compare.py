"""`hintcheck compare`: designs side by side, one row per policy.

Each policy's verdict on every property of the model (checked as
`hintcheck check --model M --policy P` checks it, counterexamples saved
under --trace-dir), the states searched, the model's cost figures over
one workload shared by every design (`hintcheck cost`), and the saved
counterexample files.

    hintcheck compare --model pseries --policy rfc --policy undo --policy lazy-undo
    hintcheck compare --model reference --csv > designs.csv
    hintcheck compare --model pseries --plot designs.svg
"""
from __future__ import annotations

import csv
import io
from typing import Any

import click

from hintcheck.cli.cost import describe_workload, workload_cost, workload_options
from hintcheck.cli.options import emit_json, json_option, nonempty, parse_params, single_params_option, \
    trace_dir_option
from hintcheck.floor import EXIT_BOUNDED, EXIT_OK, Budget, Verdict
from hintcheck.model.core import HintcheckError
from hintcheck.runner.compare import compare_designs, design_row


def _verdict_cell(p: dict[str, Any]) -> str:
    if p["verdict"] == Verdict.VIOLATED.value:
        return f"viol {p['trace_length']}"
    return "ok" if p["verdict"] == Verdict.HOLDS.value else str(p["verdict"])


def _figure_cell(f: dict[str, Any]) -> str:
    return "-" if f["mean"] is None else f"{f['mean']:.2f}/{f['worst']}"


def _names(rows: list[dict[str, Any]]) -> tuple[list[str], list[str]]:
    """The properties and the measures of the rows, in first-seen order."""
    return (list(dict.fromkeys(name for r in rows for name in r["properties"])),
            list(dict.fromkeys(f["measure"] for r in rows for f in r["figures"])))


def table_rows(rows: list[dict[str, Any]], short: bool = False) -> tuple[list[str], list[list[str]]]:
    """The comparison as a header and one list of cells per design.

    With `short` the columns are P1.., M1.. (see `legend`) and cells are
    abbreviated, so that a terminal of 80 columns holds the table; trace
    files are then listed after it.
    """
    props, measures = _names(rows)
    header = ["design", *(f"P{i}" if short else p for i, p in enumerate(props, 1)), "states",
              *(f"M{i}" if short else f"{m} (mean/worst)" for i, m in enumerate(measures, 1))]
    if not short:
        header.append("traces")
    body = []
    for r in rows:
        figs = {f["measure"]: f for f in r["figures"]}
        cells = [r["policy"], *(_verdict_cell(r["properties"][p]) if p in r["properties"] else "-" for p in props),
                 f"{r['states']:,}", *(_figure_cell(figs[m]) if m in figs else "-" for m in measures)]
        if not short:
            cells.append(" ".join(p["trace"] for p in r["properties"].values() if p["trace"]))
        body.append(cells)
    return header, body


def aligned(lines: list[list[str]]) -> list[str]:
    """Columns padded to their widest cell, the first left-aligned, the others right-aligned; never cut."""
    widths = [max(len(cells[i]) for cells in lines) for i in range(len(lines[0]))]
    return ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths))).rstrip()
            for cells in lines]


def legend(rows: list[dict[str, Any]]) -> list[str]:
    """What the short columns stand for, and the counterexample files."""
    props, measures = _names(rows)
    roles = {f["measure"]: f["role"] for r in rows for f in r["figures"]}
    lines = [f"P{i} {p}" for i, p in enumerate(props, 1)]
    lines.append("   ok: holds (exhaustive); viol N: violated, counterexample of N steps")
    lines += [f"M{i} {m}: mean/worst per sample ({roles[m] or 'figure'})" for i, m in enumerate(measures, 1)]
    traces = [f"  {r['policy']} {name}: {p['trace']}" for r in rows for name, p in r["properties"].items()
              if p["trace"]]
    return lines + (["counterexamples saved:", *traces] if traces else [])


def _blank(values: Any) -> list[Any]:
    return ["" if v is None else v for v in values]


def _csv(rows: list[dict[str, Any]]) -> str:
    """One CSV line per design: each property's verdict and states, each measure's figures, trace files."""
    props, measures = _names(rows)
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["model", "policy", *(f"{p} {k}" for p in props for k in ("verdict", "states", "trace")),
                *(f"{m} {k}" for m in measures for k in ("samples", "mean", "worst"))])
    for r in rows:
        figs = {f["measure"]: f for f in r["figures"]}
        w.writerow([r["model"], r["policy"],
                    *_blank(r["properties"].get(p, {}).get(k) for p in props for k in ("verdict", "states", "trace")),
                    *_blank(figs.get(m, {}).get(k) for m in measures for k in ("samples", "mean", "worst"))])
    return out.getvalue()


@click.command(epilog="\b\nExit status: 0 every verdict and figure exhaustive (violations are results\n"
                      "here, not failures), 3 a search or the path enumeration was bounded, 2 bad input.")
@click.option("--model", "model_name", required=True, callback=nonempty, help="Model whose designs to compare.")
@click.option("--policy", "policies", multiple=True, callback=nonempty,
              help="A design (repeatable; default: every policy of the model).")
@click.option("--property", "props", multiple=True, callback=nonempty,
              help="Only this property (repeatable; default: every property of the model).")
@single_params_option
@click.option("--max-states", type=click.IntRange(min=1), help="Stop each search after this many states.")
@workload_options
@trace_dir_option
@click.option("--csv", "as_csv", is_flag=True, help="One CSV line per design on stdout.")
@click.option("--plot", "plot", metavar="FILE.svg|png", callback=nonempty,
              help="Also draw cost against benefit per design (matplotlib) into this new file.")
@json_option
def compare(model_name: str, policies: tuple[str, ...], props: tuple[str, ...], params: tuple[str, ...],
            max_states: int | None, depth: int | None, walks: int, seed: int, all_paths: bool, max_paths: int,
            trace_dir: str, as_csv: bool, plot: str | None, as_json: bool) -> int:
    """Compare designs: verdicts, states, cost figures and counterexample files, one row per design."""
    if as_csv and as_json:
        raise HintcheckError("--csv and --json: choose one output")
    out = None
    if plot is not None:
        from hintcheck.cli.plot import plot_path     # matplotlib is loaded only to draw
        out = plot_path(plot)
    designs = compare_designs(model_name, policies, parse_params(params), engine="auto",
                              budget=Budget(max_states=max_states), trace_dir=trace_dir, props=props,
                              cost=lambda m: workload_cost(m, depth, walks, seed, all_paths, max_paths))
    rows = [design_row(d) for d in designs]
    first = designs[0]
    label = " ".join(f"{k}={v}" for k, v in first.model.params.items())
    workload = describe_workload(first.cost) if first.cost is not None else "no cost measures"
    title = f"{model_name} ({label}); costs over {workload}"
    if as_json:
        for r in rows:
            emit_json(r)
    elif as_csv:
        click.echo(_csv(rows), nl=False)
    else:
        header, body = table_rows(rows, short=True)
        click.echo(title)
        for line in aligned([header, *body]):
            click.echo(line)
        for line in legend(rows):
            click.echo(line)
    if out is not None:
        from hintcheck.cli.plot import save_plot
        save_plot(rows, title, out)
        if not as_json and not as_csv:
            click.echo(f"plot saved: {out.resolve()}")
    bounded = any(o.result.verdict is Verdict.BOUNDED for d in designs for o in d.outcomes) or \
        any(d.cost is not None and not d.cost.complete for d in designs)
    return EXIT_BOUNDED if bounded else EXIT_OK
