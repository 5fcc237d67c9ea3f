"""The HTML of `hintcheck report`: one self-contained page for a suite run.

The page holds, in order: the tally, the verdict table (one row per
entry, UNEXPECTED marked), per model the designs compared (the table of
`hintcheck compare` and its plot as inline SVG), and every counterexample
drawn as `hintcheck show --format html` draws it (`trace.html`). No
script, font or image is fetched: everything is in the one file.
"""
from __future__ import annotations

import html
import io
from typing import Any

from hintcheck.cli.compare import table_rows
from hintcheck.trace.format import Trace
from hintcheck.trace.html import page_style, trace_section
from hintcheck.trace.view import View

_STYLE = """
body { font-family: sans-serif; margin: 1.5em; color: #222; }
table.verdicts, table.designs { border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 0.9em; }
table.verdicts td, table.verdicts th, table.designs td, table.designs th {
  border: 1px solid #ccc; padding: 0.2em 0.5em; text-align: left; vertical-align: top; }
tr.unexpected td { background: #fdd; font-weight: bold; }
p.tally { font-size: 1.1em; font-weight: bold; }
p.tally.bad { color: #b00; }
figure.plot svg { max-width: 48em; height: auto; }
"""


def _cell(text: Any) -> str:
    return f"<td>{html.escape(str(text))}</td>"


def verdict_table(rows: list[dict[str, Any]], anchors: dict[int, str]) -> str:
    """The suite's rows: model, policy, params, property, expected, verdict, judgement, states, trace."""
    out = ['<table class="verdicts"><thead><tr>',
           *(f"<th>{h}</th>" for h in ("model", "policy", "params", "property", "expected", "verdict",
                                       "judgement", "states", "counterexample")),
           "</tr></thead><tbody>"]
    for n, r in enumerate(rows):
        met = r.get("as_expected")
        cls = ' class="unexpected"' if met is False else ""
        params = " ".join(f"{k}={v}" for k, v in r["params"].items())
        judged = "ok" if met else f"UNEXPECTED: {r.get('judgement', '')}" if met is False else "-"
        link = f'<a href="#{anchors[n]}">{r["trace_length"]} steps</a>' if n in anchors else ""
        out.append(f"<tr{cls}>" + "".join(_cell(c) for c in (r["model"], r["policy"], params, r["property"],
                                                               r.get("expected", "-"), r["summary"], judged,
                                                               f"{r['states']:,}"))
                   + f"<td>{link}</td></tr>")
    out.append("</tbody></table>")
    return "".join(out)


def designs_table(rows: list[dict[str, Any]]) -> str:
    header, body = table_rows(rows)
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header[:-1])      # trace files: drawn below
    lines = "".join("<tr>" + "".join(_cell(c) for c in cells[:-1]) + "</tr>" for cells in body)
    return f'<table class="designs"><thead><tr>{head}</tr></thead><tbody>{lines}</tbody></table>'


def inline_svg(figure: Any) -> str:
    """A matplotlib figure as inline SVG markup (no XML prolog)."""
    import matplotlib.pyplot as plt

    buf = io.StringIO()
    figure.savefig(buf, format="svg")
    plt.close(figure)
    text = buf.getvalue()
    return text[text.index("<svg"):]


def page(title: str, tally: str | None, bad: bool, verdicts: str, comparisons: list[tuple[str, str, str]],
         traces: list[tuple[str, Trace, View]]) -> str:
    """The whole page; `comparisons` are (model, designs table, plot svg), `traces` (anchor, trace, view)."""
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             f"<title>{html.escape(title)}</title>", f"<style>{_STYLE}{page_style()}</style></head><body>",
             f"<h1>{html.escape(title)}</h1>"]
    if tally:
        parts.append(f'<p class="tally{" bad" if bad else ""}">{html.escape(tally)}</p>')
    parts += ["<h2>Verdicts</h2>", verdicts]
    if comparisons:
        parts.append("<h2>Designs compared</h2>")
        for model, table, svg in comparisons:
            parts += [f'<section class="comparison" id="compare-{html.escape(model)}">',
                      f"<h3>{html.escape(model)}</h3>", table, f'<figure class="plot">{svg}</figure></section>']
    parts.append(f"<h2>Counterexamples ({len(traces)})</h2>")
    for anchor, trace, view in traces:
        parts.append(f'<div class="counterexample" id="{anchor}">{trace_section(trace, view, f"{anchor}-")}</div>')
    parts.append("</body></html>")
    return "\n".join(parts)
