"""`hintcheck show TRACE`: a saved trace rendered for people (text, mermaid, html, dot) or for tools (itf).

The file is loaded and checked like `replay` loads it (format, version,
every field's type), but nothing is re-executed: `replay` does that. For
a trace of a built-in model the renderings name values, actors and why the
last state fails (`trace.view.view_for`); a trace of a model or policy
file is shown as recorded, without running the file.
"""
from __future__ import annotations

import json

import click

from hintcheck.trace.format import Trace
from hintcheck.trace.html import html_page
from hintcheck.trace.itf import to_itf
from hintcheck.trace.render import dot, text
from hintcheck.trace.sequence import mermaid
from hintcheck.trace.view import view_for

FORMATS = ("text", "mermaid", "html", "itf", "dot")


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="text: a log of the steps (actor, event, what changed, why it fails); mermaid: a "
                   "sequence diagram; html: one self-contained page with the diagram and the state after "
                   "each step; itf: the Informal Trace Format (Apalache ADR-015, as Quint writes it); "
                   "dot: a Graphviz digraph of the states.")
def show(file: str, fmt: str) -> int:
    """Print a saved trace as text, a Mermaid or HTML sequence diagram, ITF JSON or DOT."""
    trace = Trace.load(file)
    if fmt == "itf":
        click.echo(json.dumps(to_itf(trace), indent=1))
        return 0
    view = view_for(trace)
    if fmt == "dot":
        click.echo(dot(trace, view))
    elif fmt == "mermaid":
        click.echo(mermaid(trace, view), nl=False)
    elif fmt == "html":
        click.echo(html_page(trace, view))
    else:
        click.echo(text(trace, violated_at=len(trace.steps) if trace.loop is None else None, view=view))
    return 0
